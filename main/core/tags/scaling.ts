import type { Scaling } from '../../../common/tag.ts';

/** Raw device value → engineering units. */
export function toEngineering(raw: number, s: Scaling): number {
  return s.euMin + ((raw - s.rawMin) * (s.euMax - s.euMin)) / (s.rawMax - s.rawMin);
}

/** Engineering units → raw device value: the exact inverse of toEngineering. */
export function toRaw(eu: number, s: Scaling): number {
  return s.rawMin + ((eu - s.euMin) * (s.rawMax - s.rawMin)) / (s.euMax - s.euMin);
}
