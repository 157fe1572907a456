import type { Value } from '../../../common/data-value.ts';
import type { WriteTarget } from '../../../drivers/api.ts';
import { ok, type Result } from '../../../common/result.ts';
import { INTEGER_RANGES } from '../../../common/tag.ts';
import { toRaw } from './scaling.ts';
import type { TagEngine } from './tag-engine.ts';
import type { Clock } from '../../../common/clock.ts';
import type { AuditSink } from '../audit/audit-trail.ts';
import { checkWriteValue } from './value-checks.ts';
import { failWith } from '../../../common/reasons.ts';

export interface WriteRoute {
  /** `target`: the rest of the tag's source (options, data type), so the write lands at the tag's own place. */
  write(device: string, address: string, raw: Value, target: WriteTarget): Promise<Result<void>>;
}

/** Who writes, for the audit trail. */
export interface WriteActor {
  name: string;
  role: string;
  station: string;
}

export interface WriteAccepted {
  path: string;
  value: Value;
  acceptedAt: number;
}

/**
 * Writes in engineering units: checks the tag is writable, the value's type and limits, reverses the
 * scaling, and hands the raw value to the owning device. The tag's value changes only when the device
 * reports it back: the screen never shows a commanded value as the actual one.
 */
export class TagWriter {
  private accepting = true;
  private readonly engine: TagEngine;
  private readonly route: WriteRoute;
  private readonly clock: Clock;
  private readonly audit: AuditSink | undefined;
  readonly stats = { accepted: 0, refused: 0 };

  /** With an audit sink, every accepted write is recorded with its old and new value. */
  constructor(engine: TagEngine, route: WriteRoute, clock: Clock, audit?: AuditSink) {
    this.engine = engine;
    this.route = route;
    this.clock = clock;
    this.audit = audit;
  }

  /** First step of shutdown: every later write is refused. */
  refuseWrites(): void {
    this.accepting = false;
  }

  async write(path: string, value: number | boolean | string, by?: WriteActor): Promise<Result<WriteAccepted>> {
    const before = this.engine.slot(path)?.current;
    const result = await this.tryWrite(path, value);
    if (result.ok) this.stats.accepted++;
    else this.stats.refused++;
    if (result.ok && this.audit) {
      this.audit.record({
        user: by?.name ?? 'system',
        role: by?.role ?? '',
        station: by?.station ?? 'runtime',
        action: 'tags.write',
        target: path,
        oldValue: before ? { value: before.value, quality: before.quality } : undefined,
        newValue: value,
      });
    }
    return result;
  }

  private async tryWrite(path: string, value: number | boolean | string): Promise<Result<WriteAccepted>> {
    if (!this.accepting) return failWith('shutting-down', 'write.shuttingDown');
    const slot = this.engine.slot(path);
    if (!slot) return failWith('not-found', 'write.unknownTag', { path });
    const tag = slot.def;
    if (!tag.writable) return failWith('not-writable', 'write.readOnly', { path });
    const checked = checkWriteValue(value, tag);
    if (!checked.ok) return checked;
    let raw: Value = value;
    if (typeof value === 'number' && tag.scaling) {
      raw = toRaw(value, tag.scaling);
      // Devices hold integers in integer registers: don't hand them 1500.0000000002.
      raw = Math.abs(raw - Math.round(raw)) < 1e-9 ? Math.round(raw) : raw;
      if (INTEGER_RANGES[tag.dataType]) raw = Math.round(raw);
    }
    const target: WriteTarget = tag.source.options ? { options: tag.source.options, dataType: tag.dataType } : { dataType: tag.dataType };
    const written = await this.route.write(tag.source.device, tag.source.address, raw, target);
    if (!written.ok) return written;
    return ok({ path, value, acceptedAt: this.clock.now() });
  }
}
