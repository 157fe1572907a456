import type { Box } from '../model/geometry.ts';
import type { Guide } from '../model/snapping.ts';

/** What a gesture draws while under way (guides, marquee): kept apart so only the overlay re-renders. */
export interface GestureView {
  guides: readonly Guide[];
  marquee: Box | undefined;
}

const IDLE: GestureView = { guides: [], marquee: undefined };

export class GestureStore {
  #view: GestureView = IDLE;
  readonly #listeners = new Set<() => void>();

  get = (): GestureView => this.#view;

  set(view: Partial<GestureView>): void {
    this.#view = { ...this.#view, ...view };
    for (const l of this.#listeners) l();
  }

  clear(): void {
    if (this.#view === IDLE) return;
    this.#view = IDLE;
    for (const l of this.#listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };
}
