// The worker is loaded by URL, not imported: this reference keeps it in the compiled (Electron) build.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an import would run the worker's code in this thread
/// <reference path="./historian-worker.ts" />
import { Worker } from 'node:worker_threads';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import type { HistorianStatus, HistoryFrame, HistoryResult, ParsedHistoryQuery, SizeReport } from '../../../common/history.ts';
import { QUALITY_CODES } from '../../../common/quality.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { HistorySettingsSchema, isNumericType, type TagDefinition } from '../../../common/tag.ts';
import type { TagEngine, TagSlot } from '../tags/tag-engine.ts';
import type { Clock } from '../../../common/clock.ts';
import type { HistorianMessage, HistorianRequest } from './protocol.ts';
import type { FrameData } from './queries.ts';
import type { RecorderTag, SampleColumns } from './recorder.ts';
import type { StorageSize } from './storage.ts';
import { HistorianHealth } from './historian-health.ts';

export interface HistorianOptions {
  /** The SQLite file (created when missing). */
  file: string;
  /** Project retention; tags may set their own. Default 730 days. */
  retentionDays?: number;
  /** The batch window: at most this much is lost on a kill. Default 250 ms. */
  batchMs?: number;
  /** Samples kept for retry while storage fails. Default 2,000,000. */
  maxPendingSamples?: number;
  busyTimeoutMs?: number;
}

const WORKER_URL = new URL(`./historian-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
/** Samples buffered here or posted and not yet taken by the worker; past it (a stalled worker) new ones are counted as dropped. */
const MAX_BUFFER = 4_000_000;

/**
 * The historian as the serving thread sees it: takes every exact change of tags with history on from
 * the tag engine, hands them to its worker once per batch window, and forwards queries. All SQLite
 * work happens in the worker.
 */
export class Historian implements Disposable {
  private readonly statusEmitter = new Emitter<HistorianStatus>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  private readonly worker: Worker;
  private readonly clock: Clock;
  private readonly defs: TagDefinition[] = [];
  /** Engine tag id → index in `defs`, or -1. */
  private readonly index: Int32Array;
  private readonly byPath = new Map<string, number>();
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private nextId = 1;
  private buffer: SampleColumns;
  private sink: Disposable | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private current: HistorianStatus = { state: 'starting', pendingSamples: 0, droppedSamples: 0, storedSamples: 0, receivedSamples: 0 };
  private bufferDropped = 0;
  /** Samples posted to the worker and not yet taken. */
  private inFlight = 0;
  private closing: Promise<void> | undefined;
  private readonly retentionDays: number;

  /** history.sqlite's health for the stores' status (failing while writes retry). */
  readonly health: HistorianHealth;

  private constructor(engine: TagEngine, clock: Clock, retentionDays: number, file: string) {
    this.clock = clock;
    this.health = new HistorianHealth(file);
    this.retentionDays = retentionDays;
    this.index = new Int32Array(engine.size).fill(-1);
    for (const slot of engine.all()) {
      // An array tag is recorded element by element (its elements are slots of their own).
      if (!slot.def.history?.enabled || slot.elements) continue;
      this.index[slot.id] = this.defs.length;
      this.byPath.set(slot.def.path, this.defs.length);
      this.defs.push(slot.def);
    }
    this.buffer = newColumns(1024);
    this.worker = new Worker(WORKER_URL);
    this.worker.on('message', (message: HistorianMessage) => this.onMessage(message));
    this.worker.on('error', (error) => this.stopped(`historian worker failed: ${error.message}`));
    this.worker.on('exit', () => this.stopped(this.current.error));
  }

  /** Opens the store in a worker and starts recording the engine's tags with history on. */
  static async start(engine: TagEngine, clock: Clock, options: HistorianOptions): Promise<Result<Historian>> {
    const historian = new Historian(engine, clock, options.retentionDays ?? 730, options.file);
    const tags: RecorderTag[] = historian.defs.map((def) => ({
      path: def.path,
      settings: def.history ?? HistorySettingsSchema.parse({}),
      numeric: def.dataType !== 'string',
    }));
    const opened = await historian.request({
      type: 'open',
      id: 0,
      file: options.file,
      tags,
      retentionDays: historian.retentionDays,
      maxPendingSamples: options.maxPendingSamples ?? 2_000_000,
      busyTimeoutMs: options.busyTimeoutMs ?? 100,
    });
    if (!opened.ok) {
      await historian.close();
      // The store helper's refusals name the file and how to restore it already.
      return fail('config-error', opened.error.code === 'config-error' ? opened.error.message : `cannot open the history file ${options.file}: ${opened.error.message}`);
    }
    historian.setStatus(opened.value as HistorianStatus);
    // The whole file's quick_check runs in the worker now, while the runtime starts (it takes seconds per GB).
    void historian.request({ type: 'check', id: 0 });
    historian.sink = engine.addSink((changed) => historian.record(changed));
    historian.timer = setInterval(() => historian.sendBatch(), options.batchMs ?? 250);
    return ok(historian);
  }

  status(): HistorianStatus {
    const status = { ...this.current };
    status.droppedSamples += this.bufferDropped;
    return status;
  }

  async query(query: ParsedHistoryQuery): Promise<Result<HistoryResult>> {
    const step: boolean[] = [];
    for (const [i, path] of query.tags.entries()) {
      const at = this.byPath.get(path);
      if (at === undefined) return fail('not-found', `no tag ${path} with history (unknown tag, or history.enabled is not set)`, `tags[${i}]`);
      const def = this.defs[at]!;
      if (def.dataType === 'string' && (query.kind === 'aggregate' || query.kind === 'plot')) {
        return fail('bad-request', `${path} is a string tag: ask for raw or interpolated values, not ${query.kind}`, `tags[${i}]`);
      }
      step.push(!isNumericType(def.dataType) || def.states !== undefined);
    }
    const reply = await this.request({ type: 'query', id: 0, query, step, now: this.clock.now() });
    if (!reply.ok) return reply;
    return ok({ frames: (reply.value as FrameData[]).map((f) => this.decorate(f)) });
  }

  async sizeReport(): Promise<Result<SizeReport>> {
    const reply = await this.request({ type: 'sizeReport', id: 0 });
    if (!reply.ok) return reply;
    const size = reply.value as StorageSize;
    return ok({ totalBytes: size.totalBytes, freeBytes: size.freeBytes, retentionDays: this.retentionDays, partitions: size.partitions, tags: size.tagRows });
  }

  /** Writes what is buffered now; resolves once the worker has tried to store it. */
  async flush(): Promise<void> {
    const reply = await this.request({ type: 'flush', id: 0, samples: this.takeBuffer(), now: this.clock.now() });
    if (reply.ok && reply.value) this.setStatus(reply.value as HistorianStatus);
  }

  /** Runs retention now (it also runs hourly). Returns the dropped partitions. */
  async applyRetention(): Promise<Result<string[]>> {
    return (await this.request({ type: 'retention', id: 0, now: this.clock.now() })) as Result<string[]>;
  }

  /** Makes the next `times` storage writes fail (for tests of the retry path). */
  async injectFault(message: string, times: number): Promise<void> {
    await this.request({ type: 'injectFault', id: 0, message, times });
  }

  /** Stops recording and writes everything received so far (shutdown: before the drivers stop). */
  async drain(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sink?.dispose();
    this.sink = undefined;
    if (this.current.state !== 'stopped') await this.flush();
  }

  /** Drains, closes the database and ends the worker. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      await this.drain();
      if (this.current.state !== 'stopped') await this.request({ type: 'close', id: 0 });
      await this.worker.terminate();
      this.stopped(undefined);
      this.statusEmitter.dispose();
      this.health.dispose();
    })());
  }

  dispose(): void {
    void this.close();
  }

  private record(changed: readonly TagSlot[]): void {
    for (let i = 0; i < changed.length; i++) {
      const slot = changed[i]!;
      // Tags added while running have no index: they are recorded from the next start.
      const at = this.index[slot.id] ?? -1;
      if (at < 0) continue;
      let b = this.buffer;
      if (b.count + this.inFlight >= MAX_BUFFER) {
        this.bufferDropped++;
        continue;
      }
      if (b.count === b.tag.length) b = this.buffer = grow(b);
      const n = b.count++;
      const { value, quality, serverTime } = slot.current;
      b.tag[n] = at;
      b.t[n] = serverTime;
      b.q[n] = QUALITY_CODES[quality];
      if (typeof value === 'number') b.v[n] = value;
      else if (typeof value === 'boolean') b.v[n] = value ? 1 : 0;
      else {
        b.v[n] = Number.NaN;
        if (typeof value === 'string') (b.text ??= {})[n] = value;
      }
    }
  }

  private sendBatch(): void {
    if (this.current.state === 'stopped') return;
    const samples = this.takeBuffer();
    this.inFlight += samples.count;
    const message: HistorianRequest = { type: 'ingest', samples, now: this.clock.now() };
    this.worker.postMessage(message, [samples.tag.buffer, samples.t.buffer, samples.v.buffer, samples.q.buffer] as ArrayBuffer[]);
  }

  private takeBuffer(): SampleColumns {
    const b = this.buffer;
    const n = b.count;
    const out: SampleColumns = { count: n, tag: b.tag.slice(0, n), t: b.t.slice(0, n), v: b.v.slice(0, n), q: b.q.slice(0, n) };
    if (b.text) out.text = b.text;
    b.count = 0;
    delete b.text;
    return out;
  }

  private request(request: HistorianRequest & { id: number }): Promise<Result<unknown>> {
    if (this.current.state === 'stopped') return Promise.resolve(fail('shutting-down', 'the historian is stopped'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...request, id });
    });
  }

  private onMessage(message: HistorianMessage): void {
    if (message.type === 'status') return this.setStatus(message.status);
    if (message.type === 'ingested') {
      this.inFlight -= message.samples;
      return;
    }
    const resolve = this.pending.get(message.id);
    this.pending.delete(message.id);
    resolve?.(message.result);
  }

  private setStatus(status: HistorianStatus): void {
    this.current = status;
    const shown = this.status();
    this.health.update(shown);
    this.statusEmitter.fire(shown);
  }

  private stopped(error: string | undefined): void {
    if (this.current.state === 'stopped') return;
    const status: HistorianStatus = { ...this.current, state: 'stopped' };
    if (error === undefined) delete status.error;
    else status.error = error;
    this.setStatus(status);
    for (const resolve of this.pending.values()) resolve(fail('shutting-down', 'the historian stopped'));
    this.pending.clear();
  }

  private decorate(frame: FrameData): HistoryFrame {
    const def = this.defs[this.byPath.get(frame.tag)!]!;
    const out: HistoryFrame = { ...frame, dataType: def.dataType, units: def.units, decimals: def.decimals };
    if (def.range) out.range = def.range;
    if (def.states) out.states = def.states;
    if (def.dataType === 'bool' && frame.fields.value) {
      out.fields = { ...frame.fields, value: frame.fields.value.map((v) => (typeof v === 'number' ? v !== 0 : v)) };
    }
    return out;
  }
}

function newColumns(capacity: number): SampleColumns {
  return { count: 0, tag: new Int32Array(capacity), t: new Float64Array(capacity), v: new Float64Array(capacity), q: new Uint32Array(capacity) };
}

function grow(b: SampleColumns): SampleColumns {
  const next = newColumns(b.tag.length * 2);
  next.tag.set(b.tag);
  next.t.set(b.t);
  next.v.set(b.v);
  next.q.set(b.q);
  next.count = b.count;
  if (b.text) next.text = b.text;
  return next;
}
