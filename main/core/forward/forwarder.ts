import pg from 'pg';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import type { Point } from '../historian/compression.ts';
import { SampleCopyWriter } from '../historian/postgres/copy-binary.ts';
import { PgHistoryStore, type ForwardChunk } from '../historian/postgres/pg-storage.ts';
import { Recorder, type RecorderTag, type SampleColumns } from '../historian/recorder.ts';
import type { RollupRow } from '../historian/rollup.ts';
import type { HistoryStorage, RollupLevel, StorageSize } from '../historian/storage.ts';
import { ForwardOutbox, type OutboxBatch } from './outbox.ts';

export interface ForwarderOptions {
  /** The station's name in the central database (unique per station). */
  station: string;
  /** The forward queue file, in the station's data folder (`forward.sqlite`). */
  file: string;
  /** node-postgres settings for the central historian (a connection string or fields). */
  central: pg.PoolConfig;
  tags: readonly RecorderTag[];
  /** The backlog on disk is bounded: past it the oldest waiting batches are given up. Default 2 GiB. */
  maxBacklogBytes?: number;
  /** The backlog alarm comes on at this share of the bound. Default 0.8. */
  alarmAt?: number;
  /** Points per forward transaction. Default 50,000. */
  chunkPoints?: number;
  /** Wait after a failed forward, doubled up to 30 s. Default 1,000 ms. */
  retryMs?: number;
}

export interface ForwardStatus {
  /** 'forwarding': the central historian takes what comes; 'waiting': it cannot be reached (the backlog grows); 'stopped'. */
  state: 'connecting' | 'forwarding' | 'waiting' | 'stopped';
  error: string | null;
  backlogSamples: number;
  backlogBytes: number;
  maxBacklogBytes: number;
  /** The oldest waiting point's time. */
  oldestT: number | null;
  /** On at `alarmAt` of the bound, before anything is given up. */
  backlogAlarm: boolean;
  /** Samples given up because the backlog was full, since start. */
  droppedSamples: number;
  forwardedSamples: number;
  lastForwardAt: number | null;
}

/**
 * Store-and-forward from a station to the central PostgreSQL historian. The samples the station records
 * go through the same Recorder as its SQLite historian (compression, heartbeats, minute/hour rollups),
 * whose batches are appended to a bounded queue on disk (ForwardOutbox). A drain loop sends the queue to
 * PostgreSQL oldest first, in chunks; each chunk commits together with the station's cursor, so a crash
 * anywhere forwards nothing twice and loses nothing the queue held. While the central side is down the
 * queue grows (alarm before full); afterwards it drains while new batches keep being appended behind it.
 */
export class Forwarder implements Disposable {
  private readonly emitter = new Emitter<ForwardStatus>();
  readonly onDidChangeStatus = this.emitter.event;
  readonly outbox: ForwardOutbox;
  private readonly recorder: Recorder;
  private readonly options: Required<Omit<ForwarderOptions, 'central' | 'tags'>> & Pick<ForwarderOptions, 'central'>;
  private pool: pg.Pool | undefined;
  private store: PgHistoryStore | undefined;
  private stationId = 0;
  /** Local tag id → central tag id. */
  private central = new Map<number, number>();
  /** The central provisional point per local tag id. */
  private provisional = new Map<number, Point>();
  private forwardedSeq = 0;
  private state: ForwardStatus['state'] = 'connecting';
  private error: string | null = null;
  private forwarded = 0;
  private lastForwardAt: number | null = null;
  private closed = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  private lastShown = '';
  /** Tests: fail after the central commit, before the queue forgets the chunk (as a crash there would). */
  private crashAfterCommit = false;

  private constructor(outbox: ForwardOutbox, options: ForwarderOptions) {
    this.outbox = outbox;
    this.options = {
      station: options.station,
      file: options.file,
      central: options.central,
      maxBacklogBytes: options.maxBacklogBytes ?? 2 * 1024 ** 3,
      alarmAt: options.alarmAt ?? 0.8,
      chunkPoints: options.chunkPoints ?? 50_000,
      retryMs: options.retryMs ?? 1000,
    };
    this.recorder = new Recorder(outboxStorage(outbox), options.tags, { retentionDays: 36_500, maxPendingSamples: 2_000_000 });
  }

  /** Opens the queue and starts forwarding (connecting in the background: a central side that is down is a backlog, not a failure). */
  static start(options: ForwarderOptions): Forwarder {
    if (!options.station.trim()) throw new Error('forward: station must name this station');
    const forwarder = new Forwarder(ForwardOutbox.open(options.file, options.maxBacklogBytes ?? 2 * 1024 ** 3), options);
    forwarder.loop = forwarder.run();
    return forwarder;
  }

  /** One batch window of the station's samples (the historian's columns). */
  ingest(samples: SampleColumns, now: number): void {
    if (this.closed) return;
    this.recorder.ingest(samples, now);
    // While the central side is away the loop keeps its backoff; otherwise it forwards at once.
    if (this.state === 'forwarding') this.wake?.();
    this.publish();
  }

  status(): ForwardStatus {
    const o = this.outbox.status();
    const recorder = this.recorder.status();
    return {
      state: this.state,
      error: this.error ?? (recorder.state === 'retrying' ? `the forward queue cannot be written: ${recorder.error ?? ''}` : null),
      backlogSamples: o.samples + recorder.pendingSamples,
      backlogBytes: o.bytes,
      maxBacklogBytes: this.options.maxBacklogBytes,
      oldestT: o.oldestT,
      backlogAlarm: o.bytes >= this.options.alarmAt * this.options.maxBacklogBytes,
      droppedSamples: o.dropped + recorder.droppedSamples,
      forwardedSamples: this.forwarded,
      lastForwardAt: this.lastForwardAt,
    };
  }

  /** Resolves once the queue is empty (or the forwarder stops), for shutdown and tests. */
  async drained(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.outbox.status().batches > 0 && !this.closed) {
      if (Date.now() > deadline) return false;
      await new Promise<void>((resolve) => {
        const done = () => (clearTimeout(timer), sub.dispose(), resolve());
        const sub = this.emitter.event(done);
        const timer = setTimeout(done, 200);
      });
    }
    return this.outbox.status().batches === 0;
  }

  /** Tries the central side now instead of at the end of the current backoff (after an outage is known to be over). */
  retryNow(): void {
    this.wake?.();
  }

  /** Tests: the next chunk commits centrally, then the forwarder fails before forgetting it locally. */
  injectCrashAfterCommit(): void {
    this.crashAfterCommit = true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    await this.loop;
    await this.pool?.end().catch(() => undefined);
    this.outbox.close();
    this.state = 'stopped';
    this.publish();
    this.emitter.dispose();
  }

  dispose(): void {
    void this.close();
  }

  private async run(): Promise<void> {
    let delay = this.options.retryMs;
    while (!this.closed) {
      try {
        if (!this.store) await this.connect();
        const sent = await this.forwardOnce();
        delay = this.options.retryMs;
        if (sent === 0) await this.sleep(1000);
      } catch (error) {
        if (this.closed) break;
        this.setState('waiting', describe(error, this.options.central));
        await this.disconnect();
        await this.sleep(delay);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  }

  private async connect(): Promise<void> {
    this.setState('connecting', this.error);
    const pool = new pg.Pool({ max: 2, connectionTimeoutMillis: 5000, ...this.options.central });
    // A server that goes away mid-idle: the pool reports it here; the next query fails and the loop reconnects.
    pool.on('error', () => undefined);
    this.pool = pool;
    const store = await PgHistoryStore.open(pool);
    const station = await store.station(this.options.station);
    const paths = this.outbox.paths();
    const localIds = [...paths.keys()];
    const centralIds = await store.tagIds(station.id, [...paths.values()]);
    this.central = new Map(localIds.map((id, i) => [id, centralIds[i]!]));
    const byCentral = new Map(centralIds.map((id, i) => [id, localIds[i]!]));
    const prov = await store.loadProvisional(centralIds);
    this.provisional = new Map([...prov].map(([id, p]) => [byCentral.get(id)!, p]));
    this.stationId = station.id;
    this.forwardedSeq = station.epoch === this.outbox.epoch ? station.forwardedSeq : 0;
    // What the central side committed before a crash here: forget it now.
    if (this.forwardedSeq > 0) this.outbox.remove(this.forwardedSeq);
    this.store = store;
    this.setState('forwarding', null);
  }

  private async disconnect(): Promise<void> {
    this.store = undefined;
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end().catch(() => undefined);
  }

  /** One chunk, oldest first. Returns the points sent. */
  private async forwardOnce(): Promise<number> {
    const batches = this.outbox.read(this.forwardedSeq, this.options.chunkPoints);
    if (batches.length === 0) return 0;
    const { chunk, provisional } = this.chunkOf(batches);
    const result = await this.store!.writeChunk(this.stationId, chunk);
    if (this.crashAfterCommit) {
      this.crashAfterCommit = false;
      throw new Error('injected crash after the central commit');
    }
    this.forwardedSeq = chunk.seq;
    this.provisional = provisional;
    this.outbox.remove(chunk.seq);
    if (result === 'written') {
      this.forwarded += chunk.rows;
      this.lastForwardAt = Date.now();
    }
    this.publish();
    return chunk.rows;
  }

  private chunkOf(batches: OutboxBatch[]): { chunk: ForwardChunk; provisional: Map<number, Point> } {
    const copy = new SampleCopyWriter(Math.max(1 << 16, this.options.chunkPoints * 48));
    const provisional = new Map(this.provisional);
    const touched = new Set<number>();
    const rollups = new Map<string, { level: RollupLevel; tag: number; row: RollupRow }>();
    let tMin = Infinity;
    let tMax = -Infinity;
    for (const b of batches) {
      for (const { tag, t } of b.discard) {
        if (provisional.get(tag)?.t === t) (provisional.delete(tag), touched.add(tag));
      }
      for (let i = 0; i < b.t.length; i++) {
        const local = b.tags[i]!;
        const tag = this.central.get(local);
        if (tag === undefined) continue;
        const t = b.t[i]!;
        const raw = b.v[i]!;
        copy.add(tag, t, b.text[i] ?? (Number.isNaN(raw) ? null : raw), b.q[i]!);
        if (t < tMin) tMin = t;
        if (t > tMax) tMax = t;
        const pending = provisional.get(local);
        if (pending && pending.t <= t) (provisional.delete(local), touched.add(local));
      }
      for (const { tag, point } of b.provisional) (provisional.set(tag, point), touched.add(tag));
      for (const r of b.rollups) rollups.set(`${r.level} ${r.tag} ${r.row.bucket}`, r);
    }
    const provisionalSet: ForwardChunk['provisionalSet'] = [];
    const provisionalDelete: number[] = [];
    for (const local of touched) {
      const tag = this.central.get(local);
      if (tag === undefined) continue;
      const p = provisional.get(local);
      if (p) provisionalSet.push({ tag, point: p });
      else provisionalDelete.push(tag);
    }
    const central: ForwardChunk['rollups'] = [];
    for (const r of rollups.values()) {
      const tag = this.central.get(r.tag);
      if (tag !== undefined) central.push({ level: r.level, tag, row: r.row });
    }
    const rows = copy.rows;
    return {
      chunk: { epoch: this.outbox.epoch, seq: batches[batches.length - 1]!.seq, copy: copy.finish(), rows, tMin, tMax, provisionalSet, provisionalDelete, rollups: central },
      provisional,
    };
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private setState(state: ForwardStatus['state'], error: string | null): void {
    this.state = state;
    this.error = error;
    this.publish();
  }

  private publish(): void {
    const s = this.status();
    const key = `${s.state} ${s.error} ${s.backlogAlarm} ${s.backlogSamples} ${s.droppedSamples} ${s.forwardedSamples}`;
    if (key === this.lastShown) return;
    this.lastShown = key;
    this.emitter.fire(s);
  }
}

/** The recorder's storage: every batch goes to the queue; nothing is read back but the open rollup buckets. */
function outboxStorage(outbox: ForwardOutbox): HistoryStorage {
  const notRead = () => {
    throw new Error('the forward queue is not read by queries');
  };
  return {
    tagIds: (paths) => outbox.tagIds(paths),
    write: (batch) => outbox.append(batch),
    loadRollup: (level, tag, bucket) => outbox.loadRollup(level, tag, bucket),
    readRaw: notRead,
    pointBefore: notRead,
    pointAtOrAfter: notRead,
    readRollups: notRead,
    applyRetention: () => [],
    size: (): StorageSize => ({ totalBytes: outbox.status().bytes, freeBytes: 0, partitions: [], tagRows: [] }),
    close: () => outbox.close(),
  };
}

/** "central history at 127.0.0.1:5432 cannot be reached: connect ECONNREFUSED" */
function describe(error: unknown, central: pg.PoolConfig): string {
  const e = error as Error & { code?: string };
  const where = central.connectionString ? new URL(central.connectionString).host : `${central.host ?? 'localhost'}:${central.port ?? 5432}`;
  return `central history at ${where}: ${e.message || e.code || String(error)}`;
}
