import type { DataValue } from '../../common/data-value.ts';
import { drawable, plotValue, type Samples } from './samples.ts';

/** Live points kept per pen; older ones are covered by history queries. */
export const LIVE_CAP = 20_000;

/**
 * The live points of one pen since the trend opened, capped (the oldest drop first). Fed by
 * 'tags.subscribe'; a lost connection adds a gap so the line does not bridge the outage.
 */
export class LiveBuffer implements Samples {
  readonly time: number[] = [];
  readonly value: (number | null)[] = [];
  readonly quality: Samples['quality'] = [];
  readonly #cap: number;

  constructor(cap = LIVE_CAP) {
    this.#cap = cap;
  }

  add(dv: DataValue): void {
    const t = dv.serverTime;
    const last = this.time[this.time.length - 1];
    // Times are monotonic per tag; a re-sent snapshot value is not a new point.
    if (last !== undefined && t <= last) return;
    this.time.push(t);
    this.value.push(drawable(dv.quality) ? plotValue(dv.value) : null);
    this.quality.push(dv.quality);
    this.#trim();
  }

  gap(t: number): void {
    const last = this.time[this.time.length - 1];
    if (last !== undefined && t <= last) return;
    this.time.push(t);
    this.value.push(null);
    this.quality.push(null);
    this.#trim();
  }

  #trim(): void {
    const excess = this.time.length - this.#cap;
    if (excess <= 0) return;
    this.time.splice(0, excess);
    this.value.splice(0, excess);
    this.quality.splice(0, excess);
  }
}
