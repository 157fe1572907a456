import type { HistorianStatus } from '../../../common/history.ts';
import type { StoreFailure } from '../../../common/stores.ts';
import { storeFailureOf } from '../storage/store-errors.ts';
import type { HistorySettings } from '../../../common/tag.ts';
import { gapAfterMs, SwingingDoor, type DoorSink, type Point } from './compression.ts';
import { BucketAccumulator, type RollupRow } from './rollup.ts';
import { emptySamples, LEVEL_MS, type HistoryStorage, type RollupLevel, type WriteBatch } from './storage.ts';

export interface RecorderTag {
  path: string;
  settings: HistorySettings;
  /** Numbers and booleans get rollups; strings are stored raw only. */
  numeric: boolean;
}

/** Samples of one batch window, columnar; `tag` indexes the recorder's tag list, NaN in `v` is no value. */
export interface SampleColumns {
  count: number;
  tag: Int32Array;
  t: Float64Array;
  v: Float64Array;
  q: Uint32Array;
  /** Values of string tags, by sample index. */
  text?: Record<number, string>;
}

export interface RecorderOptions {
  retentionDays: number;
  /** Samples kept for retry while storage fails; past it the oldest batches are dropped. */
  maxPendingSamples: number;
}

const RETENTION_EVERY_MS = 3_600_000;

interface TagState {
  id: number;
  door: SwingingDoor;
  /**
   * No deadband and no compression: every sample is stored as it came, straight into the batch's columns
   * (no door, no point object); `lastV`/`lastText`/`lastQ` are the last stored value for the max-interval repeat.
   */
  keepAll: boolean;
  maxIntervalMs: number;
  lastT: number;
  lastV: number;
  lastText: string | undefined;
  lastQ: number;
  sink: DoorSink;
  /** Already in this batch's list of tags to finish. */
  touched: boolean;
  rollups: Array<{ level: RollupLevel; acc: BucketAccumulator }>;
}

/**
 * The write side of the historian, in its worker: compression, rollups kept current per batch, one
 * transaction per batch, and a bounded retry queue when the storage fails (disk full, locked file).
 */
export class Recorder {
  private readonly states: TagState[];
  private readonly storage: HistoryStorage;
  private readonly options: RecorderOptions;
  private readonly retention = new Map<number, number>();
  private queue: Array<{ batch: WriteBatch; samples: number }> = [];
  private batch: WriteBatch = newBatch(0);
  private touched: TagState[] = [];
  private lastRetention = -Infinity;
  private fault: { message: string; times: number } | undefined;
  private readonly stats = { receivedSamples: 0, storedSamples: 0, droppedSamples: 0, pendingSamples: 0 };
  private state: HistorianStatus['state'] = 'ok';
  private error: string | undefined;
  private failure: StoreFailure | undefined;
  private lastWriteAt: number | undefined;
  onStatus: (status: HistorianStatus) => void = () => {};

  constructor(storage: HistoryStorage, tags: readonly RecorderTag[], options: RecorderOptions) {
    this.storage = storage;
    this.options = options;
    const ids = storage.tagIds(tags.map((t) => t.path));
    this.states = tags.map((tag, i) => {
      const id = ids[i]!;
      const gap = gapAfterMs(tag.settings);
      if (tag.settings.retentionDays !== undefined) this.retention.set(id, tag.settings.retentionDays);
      const sink: DoorSink = {
        store: (p) => (this.batch.tags.push(id), this.batch.points.push(p)),
        discard: (t) => this.batch.discard.push({ tag: id, t }),
      };
      const keepAll = tag.settings.deadband === 0 && tag.settings.compressionDeviation === 0;
      const state: TagState = { id, door: new SwingingDoor(tag.settings), keepAll, maxIntervalMs: tag.settings.maxIntervalMs, lastT: -Infinity, lastV: Number.NaN, lastText: undefined, lastQ: 0, sink, touched: false, rollups: [] };
      if (tag.numeric) {
        for (const level of ['minute', 'hour'] as const) {
          const emit = (row: RollupRow) => this.batch.rollups.push({ level, tag: id, row });
          state.rollups.push({ level, acc: new BucketAccumulator(LEVEL_MS[level], 0, gap, emit, (bucket) => storage.loadRollup(level, id, bucket)) });
        }
      }
      return state;
    });
  }

  /** Takes one batch window of samples and writes it (with heartbeats and rollups) in one transaction. */
  ingest(samples: SampleColumns, now: number): void {
    // Room for every sample and one max-interval repeat per tag.
    const batch = (this.batch = newBatch(samples.count + this.states.length));
    const text = samples.text;
    const run = batch.samples;
    const states = this.states;
    this.stats.receivedSamples += samples.count;
    for (let i = 0; i < samples.count; i++) {
      const state = states[samples.tag[i]!];
      if (!state) {
        this.stats.receivedSamples--;
        continue;
      }
      const raw = samples.v[i]!;
      const q = samples.q[i]!;
      let t = samples.t[i]!;
      if (t <= state.lastT) t = state.lastT + 1;
      state.lastT = t;
      const str = text?.[i];
      if (state.keepAll) {
        const v = str === undefined ? raw : Number.NaN;
        const n = run.count++;
        run.tag[n] = state.id;
        run.t[n] = t;
        run.v[n] = v;
        run.q[n] = q;
        if (str !== undefined) (run.text ??= {})[n] = str;
        state.lastV = v;
        state.lastText = str;
        state.lastQ = q;
        this.recordSample(state, t, v, q);
        continue;
      }
      const p: Point = { t, v: str ?? (Number.isNaN(raw) ? null : raw), q };
      state.door.add(p, state.sink);
      this.record(state, p);
    }
    for (const state of states) {
      if (state.keepAll) {
        // Silence in storage always means "not recorded": the value is repeated once per max interval.
        if (state.lastT === -Infinity || now - state.lastT < state.maxIntervalMs) continue;
        const n = run.count++;
        run.tag[n] = state.id;
        run.t[n] = now;
        run.v[n] = state.lastV;
        run.q[n] = state.lastQ;
        if (state.lastText !== undefined) (run.text ??= {})[n] = state.lastText;
        state.lastT = now;
        this.recordSample(state, now, state.lastV, state.lastQ);
        continue;
      }
      const repeat = state.door.tick(now, state.sink);
      if (repeat) {
        state.lastT = repeat.t;
        this.record(state, repeat);
      }
    }
    for (const state of this.touched) {
      if (!state.keepAll) {
        const provisional = state.door.provisional();
        if (provisional) batch.provisional!.push({ tag: state.id, point: provisional });
      }
      for (const { level, acc } of state.rollups) {
        const open = acc.open();
        if (open) batch.rollups.push({ level, tag: state.id, row: open });
      }
    }
    for (const state of this.touched) state.touched = false;
    this.touched = [];
    if (batch.points.length > 0 || run.count > 0 || batch.discard.length > 0 || batch.provisional!.length > 0 || batch.rollups.length > 0) this.enqueue(batch);
    this.writeQueue(now);
    this.trimQueue();
    if (now - this.lastRetention >= RETENTION_EVERY_MS && this.queue.length === 0) {
      try {
        this.applyRetention(now);
      } catch {
        // Dropping partitions failed (disk full: deleting writes too); it runs again in an hour.
      }
    }
  }

  applyRetention(now: number): string[] {
    this.lastRetention = now;
    return this.storage.applyRetention(now, this.options.retentionDays, this.retention);
  }

  /** Makes the next `times` writes fail with `message` (tests of the retry path). */
  injectFault(message: string, times: number): void {
    this.fault = { message, times };
  }

  status(): HistorianStatus {
    const status: HistorianStatus = { state: this.state, ...this.stats };
    if (this.error !== undefined) status.error = this.error;
    if (this.failure !== undefined) status.failure = this.failure;
    if (this.lastWriteAt !== undefined) status.lastWriteAt = this.lastWriteAt;
    return status;
  }

  /** Rollups take every received point (not only the stored ones), so they are exact. */
  private record(state: TagState, p: Point): void {
    if (!state.touched) {
      state.touched = true;
      this.touched.push(state);
    }
    for (const { acc } of state.rollups) acc.add(p);
  }

  /** record() of a sample kept as it came: `v` NaN for no value or a string. */
  private recordSample(state: TagState, t: number, v: number, q: number): void {
    if (!state.touched) {
      state.touched = true;
      this.touched.push(state);
    }
    const rollups = state.rollups;
    for (let k = 0; k < rollups.length; k++) rollups[k]!.acc.addSample(t, v, q);
  }

  private enqueue(batch: WriteBatch): void {
    const samples = batch.points.length + batch.samples.count + (batch.provisional?.length ?? 0);
    this.queue.push({ batch, samples });
    this.stats.pendingSamples += samples;
  }

  /** Keeps what waits for a retry within the bound, dropping the oldest batches (and counting them). */
  private trimQueue(): void {
    while (this.stats.pendingSamples > this.options.maxPendingSamples && this.queue.length > 1) {
      const dropped = this.queue.shift()!;
      this.stats.pendingSamples -= dropped.samples;
      this.stats.droppedSamples += dropped.samples;
    }
  }

  private writeQueue(now: number): void {
    while (this.queue.length > 0) {
      const head = this.queue[0]!;
      try {
        if (this.fault && this.fault.times > 0) {
          this.fault.times--;
          throw new Error(this.fault.message);
        }
        this.storage.write(head.batch);
      } catch (error) {
        this.setState('retrying', (error as Error).message, storeFailureOf(error));
        return;
      }
      this.queue.shift();
      this.stats.pendingSamples -= head.samples;
      this.stats.storedSamples += head.samples;
      this.lastWriteAt = now;
    }
    this.setState('ok', undefined, undefined);
  }

  private setState(state: HistorianStatus['state'], error: string | undefined, failure: StoreFailure | undefined): void {
    if (state === this.state && error === this.error) return;
    this.state = state;
    this.error = error;
    this.failure = failure;
    this.onStatus(this.status());
  }
}

function newBatch(capacity: number): WriteBatch {
  return { tags: [], points: [], samples: emptySamples(capacity), discard: [], provisional: [], rollups: [] };
}
