import type { ScreenElement } from '../../../screens/screen-schema.ts';

export type ZOrderMove = 'front' | 'back' | 'forward' | 'backward';

/** The new drawing order (later is on top); selected elements keep their order among themselves. */
export function reorder(elements: readonly ScreenElement[], ids: readonly string[], move: ZOrderMove): ScreenElement[] {
  const wanted = new Set(ids);
  const picked = elements.filter((e) => wanted.has(e.id));
  const rest = elements.filter((e) => !wanted.has(e.id));
  switch (move) {
    case 'front':
      return [...rest, ...picked];
    case 'back':
      return [...picked, ...rest];
    case 'forward': {
      // Each selected element steps over the next unselected one above it; top-down so a block moves together.
      const out = [...elements];
      for (let i = out.length - 2; i >= 0; i--) {
        if (wanted.has(out[i]!.id) && !wanted.has(out[i + 1]!.id)) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
      }
      return out;
    }
    case 'backward': {
      const out = [...elements];
      for (let i = 1; i < out.length; i++) {
        if (wanted.has(out[i]!.id) && !wanted.has(out[i - 1]!.id)) [out[i], out[i - 1]] = [out[i - 1]!, out[i]!];
      }
      return out;
    }
  }
}
