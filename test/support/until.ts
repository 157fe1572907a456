import type { Disposable } from '../../common/emitter.ts';

/** What a probe gives while the awaited state has not come: anything falsy but a value. */
type NotYet = undefined | null | false;

/** How often `until` asks again: often enough for a test to go on at once, rare enough to cost nothing. */
const POLL_EVERY_MS = 20;

/**
 * Polls `probe` until it gives a value (anything but undefined, null or false) and returns that value;
 * rejects after `timeoutMs` with an error naming `what`. For state that announces no event (a file
 * on disk, a simulator's record, a row in another process's store). Where the state comes with an
 * event, wait on the event instead (`untilEvent`).
 */
export async function until<T>(probe: () => T | NotYet | Promise<T | NotYet>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${timeoutMs} ms)`);
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
}

/**
 * Resolves when `check` holds: checked now and after every event that `listen` reports (it returns
 * how to stop listening). Rejects after `timeoutMs` with an error naming `what`; stops listening
 * either way.
 */
export function untilEvent(listen: (wake: () => void) => Disposable, check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listening.dispose();
      reject(new Error(`no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listening = listen(() => {
      if (!check()) return;
      clearTimeout(timer);
      listening.dispose();
      resolve();
    });
  });
}

/** A tag engine, or anything else that reports each batch of changed tags to its sinks. */
export interface SinkSource {
  addSink(sink: () => void): Disposable;
}

/** Resolves when `check` holds, checked after every batch of tag changes the engine takes in. */
export function untilTags(engine: SinkSource, check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return untilEvent((wake) => engine.addSink(wake), check, what, timeoutMs);
}
