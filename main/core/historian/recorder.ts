import type { HistorianStatus } from '../../../common/history.ts';
import type { StoreFailure } from '../../../common/stores.ts';
import { storeFailureOf } from '../storage/store-errors.ts';
import type { HistorySettings } from '../../../common/tag.ts';
import { gapAfterMs, SwingingDoor, type DoorSink, type Point } from './compression.ts';
import { BucketAccumulator, type RollupRow } from './rollup.ts';
import { LEVEL_MS, type HistoryStorage, type RollupLevel, type WriteBatch } from './storage.ts';

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
  lastT: number;
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
  private batch: WriteBatch = newBatch();
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
      const state: TagState = { id, door: new SwingingDoor(tag.settings), lastT: -Infinity, sink, touched: false, rollups: [] };
      if (tag.numeric) {
        for (const level of ['minute', 'hour'] as const) {
          const emit = (row: RollupRow) => this.batch.rollups.push({ level, tag: id, row: { ...row } });
          state.rollups.push({ level, acc: new BucketAccumulator(LEVEL_MS[level], 0, gap, emit, (bucket) => storage.loadRollup(level, id, bucket)) });
        }
      }
      return state;
    });
  }

  /** Takes one batch window of samples and writes it (with heartbeats and rollups) in one transaction. */
  ingest(samples: SampleColumns, now: number): void {
    const { batch } = this;
    const text = samples.text;
    for (let i = 0; i < samples.count; i++) {
      const state = this.states[samples.tag[i]!];
      if (!state) continue;
      const raw = samples.v[i]!;
      let t = samples.t[i]!;
      if (t <= state.lastT) t = state.lastT + 1;
      state.lastT = t;
      const p: Point = { t, v: text?.[i] ?? (Number.isNaN(raw) ? null : raw), q: samples.q[i]! };
      this.stats.receivedSamples++;
      state.door.add(p, state.sink);
      this.record(state, p);
    }
    for (const state of this.states) {
      const repeat = state.door.tick(now, state.sink);
      if (repeat) {
        state.lastT = repeat.t;
        this.record(state, repeat);
      }
    }
    for (const state of this.touched) {
      const provisional = state.door.provisional();
      if (provisional) batch.provisional!.push({ tag: state.id, point: provisional });
      for (const { level, acc } of state.rollups) {
        const open = acc.open();
        if (open) batch.rollups.push({ level, tag: state.id, row: { ...open } });
      }
    }
    for (const state of this.touched) state.touched = false;
    this.touched = [];
    this.batch = newBatch();
    if (batch.points.length > 0 || batch.discard.length > 0 || batch.provisional!.length > 0 || batch.rollups.length > 0) this.enqueue(batch);
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

  private enqueue(batch: WriteBatch): void {
    const samples = batch.points.length + (batch.provisional?.length ?? 0);
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

function newBatch(): WriteBatch {
  return { tags: [], points: [], discard: [], provisional: [], rollups: [] };
}
