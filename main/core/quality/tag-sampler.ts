import type { Disposable } from '../../../common/emitter.ts';
import { severityOf } from '../../../common/quality.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import type { InspectionService } from './inspection-service.ts';

/** One reading every 2 s while a sample is due: a sample of 5 is full 8 s after it fell due. */
export const READING_MS = 2_000;

/** The runtime as the one who took a sample from a tag (the audit trail and the result say so). */
const byTag = (path: string) => ({ name: `tag:${path}`, role: 'runtime', station: 'runtime' });

/**
 * Samples read from tags (issue 20, item 2): a characteristic with `tag` is not typed by the
 * operator; when it is due, the runtime reads the tag's value every 2 s and records the sample once
 * it has the plan's number of values. A reading that is not Good is left out (the sample waits, and
 * turns overdue, and so an alarm, if the tag stays bad), so a result never holds a value the device
 * did not vouch for.
 */
export class TagSampler implements Disposable {
  private readonly engine: TagEngine;
  private readonly inspection: InspectionService;
  private readonly timer: ReturnType<typeof setInterval> | undefined;
  /** `order/characteristic` → readings so far. */
  private readonly readings = new Map<string, number[]>();

  constructor(engine: TagEngine, inspection: InspectionService, readingMs = READING_MS) {
    this.engine = engine;
    this.inspection = inspection;
    if (inspection.plans().some((p) => p.characteristic.tag !== undefined)) this.timer = setInterval(() => this.read(), readingMs);
  }

  /** One round: for each sample due from a tag, one reading; a full sample is recorded. */
  read(): void {
    const due = this.inspection.due(undefined).filter((d) => d.due && d.tag !== undefined);
    const keys = new Set(due.map((d) => `${d.order}/${d.characteristic}`));
    for (const key of this.readings.keys()) if (!keys.has(key)) this.readings.delete(key);
    for (const d of due) {
      const key = `${d.order}/${d.characteristic}`;
      const v = this.engine.slot(d.tag!)?.current;
      if (!v || severityOf(v.quality) !== 'good' || typeof v.value !== 'number' || !Number.isFinite(v.value)) continue;
      const values = [...(this.readings.get(key) ?? []), v.value];
      if (values.length < d.sampleSize) {
        this.readings.set(key, values);
        continue;
      }
      this.readings.delete(key);
      this.inspection.record({ order: d.order, characteristic: d.characteristic, values }, byTag(d.tag!));
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
