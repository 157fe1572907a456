import { toCsv } from '../../../common/csv.ts';
import { DateTime } from 'luxon';
import { isPartialReport, isProvisionalReport, type ReportContent, type SignatureRecord } from '../../../common/reports-contract.ts';

export interface ReportTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export function localTime(t: number, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toFormat('yyyy-LL-dd HH:mm:ss ZZZZ');
}

export function percent(v: number | null): string {
  return v === null ? '—' : `${(v * 100).toFixed(1)} %`;
}

export function minutes(ms: number): number {
  return Math.round(ms / 600) / 100;
}

function fixed(v: number | null, decimals: number): string {
  return v === null ? '—' : v.toFixed(decimals);
}

/**
 * Whether the report is provisional and why, in words for every export: a report of a shift still
 * running stays provisional (it covers the shift only so far); any report is until it is signed.
 */
export function reportStatus(c: ReportContent, signature: SignatureRecord | null): { provisional: boolean; text: string } {
  if (isPartialReport(c)) return { provisional: true, text: `PROVISIONAL: the shift was still running; this report covers it up to ${localTime(c.to!, c.timeZone)}` };
  if (!isProvisionalReport(c, signature)) return { provisional: false, text: 'Final: signed' };
  return { provisional: true, text: 'PROVISIONAL: not signed' };
}

/**
 * The report as titled tables, in the order it is read. CSV, XLSX and the PDF's tables are all
 * written from these, so the three exports say the same thing.
 */
export function reportTables(c: ReportContent, signature: SignatureRecord | null, sha256: string): ReportTable[] {
  const z = c.timeZone;
  const tables: ReportTable[] = [
    {
      title: 'Shift',
      columns: ['Field', 'Value'],
      rows: [
        ['Status', reportStatus(c, signature).text],
        ['Plant', c.plant],
        ['Project', c.project],
        ['Shift', c.shift.shift],
        ['Shift id', c.shift.id],
        ['Start', localTime(c.shift.start, z)],
        ['End', localTime(c.shift.end, z)],
        ['Covers up to', localTime(c.to ?? c.shift.end, z)],
        ['Planned production time (min)', minutes(c.shift.plannedMs)],
        ['Report version', c.version],
        ['Generated', localTime(c.generatedAt, z)],
        ['Content SHA-256', sha256],
        ['Audit trail at generation', c.auditHead ? `record ${c.auditHead.seq}, hash ${c.auditHead.hash}` : 'not recorded'],
        ['Signed', signature ? `${signature.user} (${signature.role}), ${localTime(signature.at, z)}: ${signature.meaning} — ${signature.reason} [${signature.method}]` : 'not signed'],
      ],
    },
    {
      title: 'Production',
      columns: ['Work order', 'Product', 'Line', 'Good', 'Reject', 'Total', 'Units'],
      rows: c.production.map((p) => [p.workOrder, p.product, p.line, p.good, p.reject, p.good + p.reject, p.units]),
    },
    {
      title: 'OEE',
      columns: ['Line', 'OEE', 'Availability', 'Performance', 'Quality', 'Planned (min)', 'Run (min)', 'Downtime (min)', 'Unknown (min)', 'Good', 'Reject', 'Ideal rate (/min)', 'Complete data'],
      rows: c.oee.map((o) => [
        o.line,
        percent(o.oee),
        percent(o.availability),
        percent(o.performance),
        percent(o.quality),
        minutes(o.plannedMs),
        minutes(o.runMs),
        minutes(o.downtimeMs),
        // Reports from before unknown time was counted apart had it in the downtime ("No data").
        o.unknownMs === undefined ? '' : minutes(o.unknownMs),
        o.good,
        o.reject,
        o.idealRatePerMinute,
        o.complete ? 'yes' : 'no',
      ]),
    },
    {
      title: 'Downtime Pareto',
      columns: ['Line', 'Reason', 'Code', 'Minutes', 'Stops', 'Share', 'Cumulative'],
      rows: c.oee.flatMap((o) => o.pareto.map((p) => [o.line, p.reason, p.code, minutes(p.durationMs), p.count, percent(p.share), percent(p.cumulativeShare)])),
    },
    {
      title: 'Downtime events',
      columns: ['Line', 'Start', 'End', 'Minutes', 'Reason', 'Code', 'Classified by'],
      rows: c.oee.flatMap((o) => o.downtime.map((d) => [o.line, localTime(d.start, z), localTime(d.end, z), minutes(d.durationMs), d.reason, d.code, d.classifiedBy ?? ''])),
    },
    {
      title: 'Alarm KPIs',
      columns: ['KPI', 'Value'],
      rows: [
        ['Alarms raised', c.alarms.totalAlarms],
        ['Average per 10 min', c.alarms.averagePer10Min],
        ['Peak per 10 min', c.alarms.peakPer10Min],
        ['Time in flood', percent(c.alarms.floodShare)],
        ['Acknowledgements', c.alarms.acknowledgements],
        ['Shelve actions', c.alarms.shelveActions],
        ['Critical / high / medium / low', `${c.alarms.priorityDistribution.critical} / ${c.alarms.priorityDistribution.high} / ${c.alarms.priorityDistribution.medium} / ${c.alarms.priorityDistribution.low}`],
        ['Chattering alarms', c.alarms.chattering.map((a) => `${a.alarmId} (${a.count})`).join(', ') || 'none'],
      ],
    },
    {
      title: 'Worst actors',
      columns: ['Alarm', 'Raised', 'Share'],
      rows: c.alarms.worstActors.map((a) => [a.alarmId, a.count, percent(a.share)]),
    },
    {
      title: 'Logbook',
      columns: ['Time', 'User', 'Role', 'Line', 'Comment'],
      rows: c.logbook.map((e) => [localTime(e.at, z), e.user, e.role, e.line, e.text]),
    },
    {
      title: 'Key process values',
      columns: ['Tag', 'Description', 'Min', 'Max', 'Average', 'Units', 'Quality'],
      rows: c.keyValues.map((k) => [k.tag, k.description, fixed(k.min, k.decimals), fixed(k.max, k.decimals), fixed(k.avg, k.decimals), k.units, k.quality ?? 'no data']),
    },
  ];
  return tables;
}

/** RFC 4180 CSV: one block per table (title row, header row, rows), blank line between blocks. */
export function reportCsv(tables: readonly ReportTable[]): string {
  const rows: (readonly (string | number)[])[] = [];
  for (const t of tables) rows.push([t.title], t.columns, ...t.rows, []);
  return toCsv(rows);
}
