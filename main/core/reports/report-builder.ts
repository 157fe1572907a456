import type { AlarmKpis } from '../../../common/alarms.ts';
import type { KeyValue, OeeResult, ReportContent, ShiftInstance } from '../../../common/reports-contract.ts';
import { ok, type Result } from '../../../common/result.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import type { HistoryReader } from '../oee/history-reader.ts';
import { computeOee, type Classification } from '../oee/oee-calc.ts';
import type { LineDefinition } from '../shifts/production-schema.ts';
import type { ProductionSource } from './production-source.ts';
import type { LogbookEntry } from '../../../common/reports-contract.ts';

export interface ReportInputs {
  plant: string;
  project: string;
  timeZone: string;
  lines: readonly LineDefinition[];
  keyValues: readonly TagDefinition[];
  operatorPositions: number;
  history: HistoryReader;
  production: ProductionSource;
  alarmKpis(query: { from: number; to: number; operatorPositions: number }): AlarmKpis;
  logbook(from: number, to: number): LogbookEntry[];
  classifications(line: string, from: number, to: number): Classification[];
  /** The audit trail's last record (seq and hash), anchored in each report; undefined while it is empty. */
  auditHead?(): { seq: number; hash: string } | undefined;
}

/** OEE of every line over a shift up to `until`, from the state and counter history. */
export async function lineOee(inputs: Pick<ReportInputs, 'lines' | 'history' | 'classifications'>, shift: ShiftInstance, until: number): Promise<Result<OeeResult[]>> {
  const to = Math.max(shift.start + 1, Math.min(shift.end, until));
  const out: OeeResult[] = [];
  for (const line of inputs.lines) {
    const states = await inputs.history.series(line.stateTag, shift.start, to);
    if (!states.ok) return states;
    const good = await inputs.history.series(line.goodCounter, shift.start, to, { integer: true });
    if (!good.ok) return good;
    const reject = await inputs.history.series(line.rejectCounter, shift.start, to, { integer: true });
    if (!reject.ok) return reject;
    out.push(
      computeOee({
        line,
        shift,
        until: to,
        states: states.value,
        good: good.value,
        reject: reject.value,
        classifications: inputs.classifications(line.name, shift.start, shift.end),
      }),
    );
  }
  return ok(out);
}

/** Everything a shift report says, gathered from the history, the alarm journal, the logbook and production. */
export async function buildReportContent(inputs: ReportInputs, shift: ShiftInstance, now: number): Promise<Result<Omit<ReportContent, 'version'>>> {
  const oee = await lineOee(inputs, shift, now);
  if (!oee.ok) return oee;
  const production = await inputs.production.production(shift, now);
  if (!production.ok) return production;
  const head = inputs.auditHead?.();
  // A shift still running is reported so far: nothing after now is read or claimed.
  const to = Math.max(shift.start + 1, Math.min(shift.end, now));
  const kpis = inputs.alarmKpis({ from: shift.start, to, operatorPositions: inputs.operatorPositions });
  const keyValues: KeyValue[] = [];
  for (const def of inputs.keyValues) {
    const stats = await inputs.history.stats(def.path, shift.start, to);
    if (!stats.ok) return stats;
    keyValues.push({ tag: def.path, description: def.description, units: def.units, decimals: def.decimals, ...stats.value });
  }
  return ok({
    plant: inputs.plant,
    project: inputs.project,
    timeZone: inputs.timeZone,
    shift,
    generatedAt: now,
    to,
    ...(shift.id.startsWith('range/') ? { kind: 'range' as const } : {}),
    production: production.value,
    oee: oee.value,
    alarms: {
      totalAlarms: kpis.totalAlarms,
      averagePer10Min: kpis.averagePer10Min,
      peakPer10Min: kpis.peakPer10Min,
      floodShare: kpis.floodShare,
      acknowledgements: kpis.acknowledgements,
      shelveActions: kpis.shelveActions,
      priorityDistribution: kpis.priorityDistribution,
      worstActors: kpis.mostFrequent,
      chattering: kpis.chattering,
    },
    logbook: inputs.logbook(shift.start, to),
    keyValues,
    ...(head ? { auditHead: head } : {}),
  });
}
