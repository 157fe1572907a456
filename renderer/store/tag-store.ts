import type { TagChange } from '../../common/contract.ts';
import type { DataValue } from '../../common/data-value.ts';
import type { Quality } from '../../common/quality.ts';
import type { TagInfo } from '../../common/tag.ts';
import type { GatewayClient } from '../client/gateway-client.ts';
import { openTagFeed } from '../client/tag-feed.ts';

/** What a component needs to show one tag. Replaced (never mutated) on every change. */
export interface TagState {
  readonly path: string;
  readonly info: TagInfo | undefined;
  readonly value: DataValue;
}

type Schedule = (flush: () => void) => () => void;

/**
 * Notified once per animation frame when its tag changed. It may return what drawing its change is
 * expected to cost beyond its own script, in µs (the screens' estimates: live-text.ts `DRAW_COST_US`);
 * the frame's budget counts it.
 */
export type TagListener = () => number | void;

/**
 * Work per animation frame: the listeners' measured time plus the drawing cost they report. Drawing
 * comes after the listeners (canvas readouts in a microtask, SVG and React renders in the frame's
 * lifecycle), so it cannot be timed here; listeners estimate it. Measured on the screens bench
 * (2,000 readouts, all changing at 10 Hz): a readout costs ~6 µs of listener script and ~8 µs more
 * to draw on the readout canvas (raster included), 40-60 µs as SVG text. With 12 ms a push of canvas
 * readouts spreads over about three frames at 60 fps (p99 latency ~70-95 ms; budgets of 10 and 14 ms
 * did no better, 4 ms took four frames and ~90-130 ms, 8 ms counting listener time alone made frames
 * too long); SVG text readouts get about 180 per frame, which kept that screen at 50-58 fps where a
 * budget counting listener time alone gave 30 fps and tasks over 50 ms.
 */
const FRAME_BUDGET_MS = 12;

const animationFrame: Schedule = (flush) => {
  const handle = requestAnimationFrame(flush);
  return () => cancelAnimationFrame(handle);
};

/**
 * The live tag database of this window, outside React: TagInfo and the latest DataValue per path,
 * fed by one all-tags subscription. Listeners are per path and notified once per animation frame
 * with whatever changed since the last one. While the gateway is unreachable every value reads as
 * BadNoCommunication, so no stale number is ever drawn as live.
 */
export class TagStore {
  readonly #client: GatewayClient;
  readonly #schedule: Schedule;
  readonly #budgetMs: number;
  readonly #infos = new Map<string, TagInfo>();
  readonly #values = new Map<string, DataValue>();
  readonly #states = new Map<string, TagState>();
  readonly #listeners = new Map<string, Set<TagListener>>();
  readonly #listListeners = new Set<() => void>();
  readonly #dirty = new Set<string>();
  #listDirty = false;
  #cancelFlush: (() => void) | undefined;
  #paths: readonly string[] = [];
  #live = false;
  readonly #disposers: (() => void)[] = [];
  #stopFeed: () => void;

  /** `budgetMs`: work per flush, listener time plus reported drawing (default: a slice of a frame with animation frames, unlimited otherwise). */
  constructor(client: GatewayClient, schedule: Schedule = animationFrame, budgetMs = schedule === animationFrame ? FRAME_BUDGET_MS : Infinity) {
    this.#client = client;
    this.#schedule = schedule;
    this.#budgetMs = budgetMs;
    this.#stopFeed = this.#openFeed();
    this.#disposers.push(
      () => this.#stopFeed(),
      // Tags added or deleted in the configuration: the all-tags subscription is fixed at subscribe time, so renew it.
      client.on('config.changed', (change) => {
        for (const path of change.removed) this.#values.delete(path);
        this.#stopFeed();
        this.#stopFeed = this.#openFeed();
        this.#loadInfos();
      }),
      client.onDidChangeState((state) => {
        if (state === 'open') this.#loadInfos();
        else this.#setLive(false);
      }),
    );
    if (client.state === 'open') this.#loadInfos();
  }

  /** The current state of one tag; the same object until that tag changes. */
  get = (path: string): TagState => {
    let state = this.#states.get(path);
    if (!state) {
      state = { path, info: this.#infos.get(path), value: this.#shownValue(path) };
      this.#states.set(path, state);
    }
    return state;
  };

  subscribe(path: string, listener: TagListener): () => void {
    let set = this.#listeners.get(path);
    if (!set) this.#listeners.set(path, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(path);
    };
  }

  /** Every known tag path, sorted; the same array until the tags (or their infos) change. */
  paths = (): readonly string[] => this.#paths;

  subscribePaths = (listener: () => void): (() => void) => {
    this.#listListeners.add(listener);
    return () => this.#listListeners.delete(listener);
  };

  dispose(): void {
    for (const dispose of this.#disposers.splice(0)) dispose();
    this.#cancelFlush?.();
    this.#cancelFlush = undefined;
    this.#listeners.clear();
    this.#listListeners.clear();
  }

  #openFeed(): () => void {
    return openTagFeed(
      this.#client,
      {},
      {
        snapshot: (paths, values) => this.#onSnapshot(paths, values),
        changes: (paths, changes) => this.#onChanges(paths, changes),
        lost: () => this.#setLive(false),
      },
    );
  }

  #loadInfos(): void {
    this.#client.call('tags.list', {}).then(
      (infos) => {
        this.#infos.clear();
        for (const info of infos) this.#infos.set(info.path, info);
        // A new array even when the set of paths is the same: filters over descriptions must rerun.
        this.#updatePaths(true);
        for (const path of new Set([...this.#states.keys(), ...this.#infos.keys()])) this.#changed(path);
      },
      (error: unknown) => console.warn('tags.list failed', error),
    );
  }

  #onSnapshot(paths: readonly string[], values: readonly DataValue[]): void {
    this.#live = true;
    paths.forEach((path, index) => {
      const value = values[index];
      if (value) this.#values.set(path, value);
    });
    this.#updatePaths();
    for (const path of new Set([...this.#states.keys(), ...paths])) this.#changed(path);
  }

  #onChanges(paths: readonly string[], changes: readonly TagChange[]): void {
    for (const [index, value, quality, sourceTime, serverTime] of changes) {
      const path = paths[index];
      if (path === undefined) continue;
      this.#values.set(path, { value, quality, sourceTime, serverTime });
      this.#changed(path);
    }
  }

  #setLive(live: boolean): void {
    if (this.#live === live) return;
    this.#live = live;
    for (const path of this.#states.keys()) this.#changed(path);
  }

  #shownValue(path: string): DataValue {
    const value = this.#values.get(path);
    const now = Date.now();
    if (!this.#live) return notLive(value, 'BadNoCommunication', now);
    return value ?? notLive(undefined, 'BadWaitingForInitialData', now);
  }

  #changed(path: string): void {
    this.#states.set(path, { path, info: this.#infos.get(path), value: this.#shownValue(path) });
    this.#dirty.add(path);
    this.#requestFlush();
  }

  #updatePaths(force = false): void {
    const all = [...new Set([...this.#infos.keys(), ...this.#values.keys()])].sort();
    if (!force && all.length === this.#paths.length && all.every((path, i) => path === this.#paths[i])) return;
    this.#paths = all;
    this.#listDirty = true;
    this.#requestFlush();
  }

  #requestFlush(): void {
    this.#cancelFlush ??= this.#schedule(() => this.#flush());
  }

  /**
   * Notifies the listeners of changed paths, oldest change first, until the frame's budget (their
   * time and the drawing they report) is spent;
   * the rest go on in the next frame. A path that changes again meanwhile is still notified once
   * with its latest state, so a burst larger than a frame shows up over a few frames instead of
   * blocking input and painting.
   */
  #flush(): void {
    this.#cancelFlush = undefined;
    const started = performance.now();
    if (this.#listDirty) {
      this.#listDirty = false;
      for (const listener of [...this.#listListeners]) listener();
    }
    let count = 0;
    /** Drawing the listeners reported, in µs. */
    let drawing = 0;
    // A snapshot: a path re-dirtied by a listener waits for the next frame instead of looping here.
    for (const path of [...this.#dirty]) {
      this.#dirty.delete(path);
      const set = this.#listeners.get(path);
      // A copy, as a listener may (un)subscribe; most paths have one listener.
      if (set?.size === 1) drawing += set.values().next().value!() ?? 0;
      else if (set) for (const listener of [...set]) drawing += listener() ?? 0;
      // Reading the clock costs too: check it every few paths.
      if (++count % 32 === 0 && performance.now() - started + drawing / 1000 > this.#budgetMs) break;
    }
    if (this.#dirty.size > 0) this.#requestFlush();
  }
}

/** The last value kept for reference (times), but with a quality that says it is not live. */
function notLive(value: DataValue | undefined, quality: Quality, now: number): DataValue {
  return { value: value?.value ?? null, quality, sourceTime: value?.sourceTime ?? now, serverTime: value?.serverTime ?? now };
}
