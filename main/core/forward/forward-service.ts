import { join } from 'node:path';
import type { Clock } from '../../../common/clock.ts';
import type { Disposable } from '../../../common/emitter.ts';
import { QUALITY_CODES } from '../../../common/quality.ts';
import type { Result } from '../../../common/result.ts';
import type { Value } from '../../../common/data-value.ts';
import { HistorySettingsSchema } from '../../../common/tag.ts';
import type { RecorderTag, SampleColumns } from '../historian/recorder.ts';
import type { TagEngine, TagSlot } from '../tags/tag-engine.ts';
import type { ForwardFile } from './forward-config.ts';
import { Forwarder, type ForwardStatus } from './forwarder.ts';

/** How often the collected samples go to the forwarder's recorder (its batch window). */
const BATCH_MS = 1000;

export interface ForwardServiceOptions {
  engine: TagEngine;
  clock: Clock;
  file: ForwardFile;
  dataDir: string;
  /** Writes the backlog's fill (percent) into forward.json's backlogTag (a memory tag). */
  writeMemory?: (path: string, value: Value) => Result<void>;
  log?: (line: string) => void;
}

/**
 * The runtime's side of store-and-forward: takes every exact change of the tags the station records
 * (history on) from the tag engine, hands them to the Forwarder once a second, and shows the backlog
 * in forward.json's backlog tag, so the project's own limit alarm on it warns before the queue is full.
 */
export class ForwardService implements Disposable {
  readonly forwarder: Forwarder;
  private readonly engine: TagEngine;
  private readonly clock: Clock;
  private readonly index: Int32Array;
  private buffer: Array<{ tag: number; t: number; v: number; q: number; text?: string }> = [];
  private readonly sink: Disposable;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly statusSub: Disposable;
  private lastPercent = -1;
  private closing: Promise<void> | undefined;

  private constructor(options: ForwardServiceOptions) {
    const { engine, clock, file } = options;
    this.engine = engine;
    this.clock = clock;
    this.index = new Int32Array(engine.size).fill(-1);
    const tags: RecorderTag[] = [];
    for (const slot of engine.all()) {
      // As the station's historian records them: array tags element by element.
      if (!slot.def.history?.enabled || slot.elements) continue;
      this.index[slot.id] = tags.length;
      tags.push({ path: slot.def.path, settings: slot.def.history ?? HistorySettingsSchema.parse({}), numeric: slot.def.dataType !== 'string' });
    }
    this.forwarder = Forwarder.start({
      station: file.station,
      file: join(options.dataDir, 'forward.sqlite'),
      central: {
        host: file.central.host,
        port: file.central.port,
        database: file.central.database,
        user: file.central.user,
        ...(file.central.tls ? { ssl: { rejectUnauthorized: true, servername: file.central.host } } : {}),
      },
      tags,
      maxBacklogBytes: file.maxBacklogMB * 1024 * 1024,
      alarmAt: file.alarmAt,
    });
    const log = options.log ?? (() => {});
    let lastState = '';
    this.statusSub = this.forwarder.onDidChangeStatus((s) => {
      if (s.state !== lastState) log(`forward to the central history: ${s.state}${s.error ? ` (${s.error})` : ''}`);
      lastState = s.state;
      this.showBacklog(s, file.backlogTag, options.writeMemory);
    });
    this.showBacklog(this.forwarder.status(), file.backlogTag, options.writeMemory);
    this.sink = engine.addSink((changed) => this.record(changed));
    this.timer = setInterval(() => this.send(), BATCH_MS);
  }

  static start(options: ForwardServiceOptions): ForwardService {
    return new ForwardService(options);
  }

  status(): ForwardStatus {
    return this.forwarder.status();
  }

  /** Hands over what was collected and stops the forwarder (what it has not sent stays queued on disk). */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      clearInterval(this.timer);
      this.sink.dispose();
      this.send();
      this.statusSub.dispose();
      await this.forwarder.close();
    })());
  }

  dispose(): void {
    void this.close();
  }

  private showBacklog(s: ForwardStatus, path: string | undefined, write: ForwardServiceOptions['writeMemory']): void {
    if (!path || !write) return;
    const percent = Math.round((1000 * s.backlogBytes) / s.maxBacklogBytes) / 10;
    if (percent === this.lastPercent) return;
    this.lastPercent = percent;
    write(path, percent);
  }

  private record(changed: readonly TagSlot[]): void {
    for (const slot of changed) {
      const at = this.index[slot.id] ?? -1;
      if (at < 0) continue;
      const { value, quality, serverTime } = slot.current;
      const v = typeof value === 'number' ? value : typeof value === 'boolean' ? (value ? 1 : 0) : Number.NaN;
      this.buffer.push(typeof value === 'string' ? { tag: at, t: serverTime, v, q: QUALITY_CODES[quality], text: value } : { tag: at, t: serverTime, v, q: QUALITY_CODES[quality] });
    }
  }

  private send(): void {
    const taken = this.buffer;
    this.buffer = [];
    const n = taken.length;
    const c: SampleColumns = { count: n, tag: new Int32Array(n), t: new Float64Array(n), v: new Float64Array(n), q: new Uint32Array(n) };
    for (let i = 0; i < n; i++) {
      const s = taken[i]!;
      c.tag[i] = s.tag;
      c.t[i] = s.t;
      c.v[i] = s.v;
      c.q[i] = s.q;
      if (s.text !== undefined) (c.text ??= {})[i] = s.text;
    }
    this.forwarder.ingest(c, this.clock.now());
  }
}
