import { AlarmDefinitionSchema, type AlarmDefinition } from '../../../common/alarms.ts';
import type { Clock } from '../../../common/clock.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { Characteristic } from '../../../common/inspection.ts';
import { TagDefinitionSchema, type TagDefinition } from '../../../common/tag.ts';
import type { DriverChange } from '../../../drivers/api.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import type { InspectionService } from './inspection-service.ts';
import { RULE_IDS, RULE_TEXT } from './spc-rules.ts';

/** The source device of the quality tags: the runtime computes them, no driver serves them. */
export const QUALITY_DEVICE = 'lineside-quality';
/** The alarms' class: their area in every alarm list, so a filter shows the quality alarms alone. */
export const QUALITY_AREA = 'Quality';
const TICK_MS = 15_000;

/** What the alarm engine offers for alarms the runtime defines itself. */
export interface RuntimeAlarms {
  upsert(def: AlarmDefinition): void;
}

export interface QualityAlarmsDeps {
  engine: TagEngine;
  alarms: RuntimeAlarms;
  inspection: InspectionService;
  /** The MES lines (work centres). */
  lines(): readonly string[];
  clock: Clock;
}

const segment = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** `Quality/<line>/<characteristic>/Overdue` and `…/Spc`: the tag and alarm ids. */
export function qualityPaths(line: string, characteristic: string): { overdue: string; spc: string } {
  const base = `Quality/${segment(line)}/${segment(characteristic)}`;
  return { overdue: `${base}/Overdue`, spc: `${base}/Spc` };
}

/** The SPC tag's states: 0 none, then each rule by its number in `RULE_IDS` (1-based). */
const SPC_STATES: Record<string, string> = Object.fromEntries([['0', 'no signal'], ...RULE_IDS.map((r, i) => [String(i + 1), `${r.startsWith('we') ? 'Western Electric' : 'Nelson'} ${r.replace(/\D/g, '')}: ${RULE_TEXT[r]}`])]);

/**
 * Inspection alarms through the alarm engine (issue 20, items 2 and 3), in their own class (area
 * `Quality`): per line and characteristic of the plans, a sample overdue (low priority, clears when
 * the sample is taken) and an SPC signal (medium, latched: it stays until acknowledged), each on a
 * tag the runtime computes, so they are journaled, annunciated, shelved and counted like any alarm.
 * The overdue state is checked every 15 s and after each result; the signal after each result, from
 * the chart of the characteristic's last samples (the rule broken at the newest point).
 */
export class QualityAlarms implements Disposable {
  private readonly deps: QualityAlarmsDeps;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly recorded: Disposable;
  /** Line → characteristic id → name: every characteristic a line may check. */
  private readonly watched = new Map<string, Map<string, Characteristic>>();
  private disposed = false;

  constructor(deps: QualityAlarmsDeps) {
    this.deps = deps;
    const all = deps.inspection.plans().map((p) => p.characteristic);
    for (const line of deps.lines()) {
      const chars = new Map<string, Characteristic>();
      for (const c of all) if (!chars.has(c.id)) chars.set(c.id, c);
      this.watched.set(line, chars);
      for (const c of chars.values()) {
        const paths = qualityPaths(line, c.id);
        for (const tag of qualityTags(line, c, paths)) if (!deps.engine.slot(tag.path)) deps.engine.addTag(tag);
        for (const def of qualityAlarmDefinitions(line, c, paths)) deps.alarms.upsert(def);
      }
    }
    this.checkOverdue();
    for (const line of this.watched.keys()) this.signalFromLast(line);
    this.recorded = deps.inspection.onDidRecord((r) => {
      this.checkOverdue();
      this.signal(r.line, r.product, r.characteristic);
    });
    this.timer = setInterval(() => this.checkOverdue(), TICK_MS);
  }

  /** Sets each line's overdue tags from the due-list now. */
  checkOverdue(): void {
    const now = this.deps.clock.now();
    const due = this.deps.inspection.due(undefined);
    const changes: DriverChange[] = [];
    for (const [line, chars] of this.watched) {
      for (const id of chars.keys()) {
        const slot = this.deps.engine.slot(qualityPaths(line, id).overdue);
        const overdue = due.some((d) => d.line === line && d.characteristic === id && d.overdue);
        if (slot && (slot.current.value !== overdue || slot.current.quality !== 'Good')) changes.push({ handle: slot.id, value: { value: overdue, quality: 'Good', sourceTime: now, serverTime: now } });
      }
    }
    if (changes.length > 0) this.deps.engine.ingest(changes);
  }

  /** The rule broken at the newest point of the characteristic's chart (0: none) goes to the line's SPC tag. */
  signal(line: string, product: string, characteristic: string): void {
    const slot = this.deps.engine.slot(qualityPaths(line, characteristic).spc);
    if (!slot) return;
    const chart = this.deps.inspection.chart({ product, characteristic, limit: 200, baseline: 25 });
    let rule = 0;
    if (chart.ok) {
      const last = chart.value.points.length - 1;
      const hit = chart.value.violations.filter((v) => v.index === last).map((v) => RULE_IDS.indexOf(v.rule as (typeof RULE_IDS)[number]) + 1);
      if (hit.length > 0) rule = Math.min(...hit.filter((n) => n > 0));
    }
    const now = this.deps.clock.now();
    this.deps.engine.ingest([{ handle: slot.id, value: { value: Number.isFinite(rule) ? rule : 0, quality: 'Good', sourceTime: now, serverTime: now } }]);
  }

  /** At start: each characteristic's signal from the newest result taken on the line. */
  private signalFromLast(line: string): void {
    for (const id of this.watched.get(line)?.keys() ?? []) {
      const last = this.deps.inspection.latest(line, id);
      if (last) this.signal(line, last.product, id);
      else {
        const slot = this.deps.engine.slot(qualityPaths(line, id).spc);
        const now = this.deps.clock.now();
        if (slot) this.deps.engine.ingest([{ handle: slot.id, value: { value: 0, quality: 'Good', sourceTime: now, serverTime: now } }]);
      }
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearInterval(this.timer);
    this.recorded.dispose();
  }
}

function qualityTags(line: string, c: Characteristic, paths: { overdue: string; spc: string }): TagDefinition[] {
  return [
    TagDefinitionSchema.parse({ path: paths.overdue, description: `${c.name} on ${line}: a sample is overdue`, dataType: 'bool', source: { device: QUALITY_DEVICE, address: paths.overdue } }),
    TagDefinitionSchema.parse({ path: paths.spc, description: `${c.name} on ${line}: the SPC rule broken at the newest sample (0: none)`, dataType: 'int32', source: { device: QUALITY_DEVICE, address: paths.spc }, states: SPC_STATES }),
  ];
}

function qualityAlarmDefinitions(line: string, c: Characteristic, paths: { overdue: string; spc: string }): AlarmDefinition[] {
  const help = (cause: string, action: string) => ({ cause, consequence: 'Product may leave the line without the inspection the plan asks for.', action });
  return [
    AlarmDefinitionSchema.parse({
      id: paths.overdue,
      tag: paths.overdue,
      condition: { type: 'equals', value: true },
      priority: 'low',
      message: `${c.name} on ${line}: inspection sample overdue`,
      area: QUALITY_AREA,
      group: `Quality/${segment(line)}`,
      help: help('The sample of the inspection plan was not taken in time.', 'Take the sample and record it on the Traceability display (Samples due).'),
    }),
    AlarmDefinitionSchema.parse({
      id: paths.spc,
      tag: paths.spc,
      condition: { type: 'hi', limit: 0 },
      priority: 'medium',
      message: `${c.name} on ${line}: SPC signal, {state}`,
      area: QUALITY_AREA,
      group: `Quality/${segment(line)}`,
      latched: true,
      help: help('The newest sample breaks a run rule of the control chart: the process may have shifted.', 'Look at the SPC chart of the characteristic, find the cause, and raise a non-conformance if product is affected.'),
    }),
  ];
}
