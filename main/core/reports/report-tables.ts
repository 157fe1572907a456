import { toCsv } from '../../../common/csv.ts';
import { DateTime } from 'luxon';
import { isPartialReport, isProvisionalReport, type ReportContent, type SignatureRecord } from '../../../common/reports-contract.ts';
import { reportWords, type ReportWords } from '../i18n/report-words.ts';

export interface ReportTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export function localTime(t: number, zone: string): string {
  return DateTime.fromMillis(t, { zone }).toFormat('yyyy-LL-dd HH:mm:ss ZZZZ');
}

export function minutes(ms: number): number {
  return Math.round(ms / 600) / 100;
}

/**
 * The CSV's words: one machine-readable form whatever the reader's language (the column set, field
 * names, ISO-like times and '.' decimals stay as they are, so programs that read the CSV keep working).
 */
export const MACHINE_WORDS: ReportWords = reportWords('en', 'en-GB');

/**
 * Whether the report is provisional and why, in words for every export: a report of a shift still
 * running stays provisional (it covers the shift only so far); any report is until it is signed.
 */
export function reportStatus(c: ReportContent, signature: SignatureRecord | null, words: ReportWords = MACHINE_WORDS): { provisional: boolean; text: string } {
  const { t } = words;
  if (isPartialReport(c)) return { provisional: true, text: t('status.partial', { to: localTime(c.to!, c.timeZone) }) };
  if (!isProvisionalReport(c, signature)) return { provisional: false, text: t('status.final') };
  return { provisional: true, text: t('status.unsigned') };
}

/**
 * The report as titled tables, in the order it is read, in `words`' language with numbers in its locale
 * (percentages and key values as text; counts and minutes stay numbers: the PDF formats them, a sheet
 * keeps them numbers). CSV, XLSX and the PDF's tables are all written from these, so the three exports
 * say the same thing.
 */
export function reportTables(c: ReportContent, signature: SignatureRecord | null, sha256: string, words: ReportWords = MACHINE_WORDS): ReportTable[] {
  const z = c.timeZone;
  const { t, percent } = words;
  const fixed = (v: number | null, decimals: number) => (v === null ? '—' : words.number(v, decimals));
  const shiftName = c.shift.id.startsWith('range/') && c.shift.shift === 'Custom range' ? t('values.customRange') : c.shift.shift;
  const tables: ReportTable[] = [
    {
      title: t('tables.shift'),
      columns: [t('columns.field'), t('columns.value')],
      rows: [
        [t('fields.status'), reportStatus(c, signature, words).text],
        [t('fields.plant'), c.plant],
        [t('fields.project'), c.project],
        [t('fields.shift'), shiftName],
        [t('fields.shiftId'), c.shift.id],
        [t('fields.start'), localTime(c.shift.start, z)],
        [t('fields.end'), localTime(c.shift.end, z)],
        [t('fields.coversUpTo'), localTime(c.to ?? c.shift.end, z)],
        [t('fields.plannedMin'), minutes(c.shift.plannedMs)],
        [t('fields.version'), c.version],
        [t('fields.generated'), localTime(c.generatedAt, z)],
        [t('fields.sha256'), sha256],
        [t('fields.auditHead'), c.auditHead ? t('values.auditAnchor', { seq: c.auditHead.seq, hash: c.auditHead.hash }) : t('values.notRecorded')],
        [
          t('fields.signed'),
          signature ? t('values.signature', { user: signature.user, role: signature.role, at: localTime(signature.at, z), meaning: signature.meaning, reason: signature.reason, method: signature.method }) : t('values.notSigned'),
        ],
      ],
    },
    {
      title: t('tables.production'),
      columns: [t('columns.workOrder'), t('columns.product'), t('columns.line'), t('columns.good'), t('columns.reject'), t('columns.total'), t('columns.units')],
      rows: c.production.map((p) => [p.workOrder, p.product, p.line, p.good, p.reject, p.good + p.reject, p.units]),
    },
    {
      title: t('tables.oee'),
      columns: [
        t('columns.line'),
        t('columns.oee'),
        t('columns.availability'),
        t('columns.performance'),
        t('columns.quality'),
        t('columns.plannedMin'),
        t('columns.runMin'),
        t('columns.downtimeMin'),
        t('columns.unknownMin'),
        t('columns.good'),
        t('columns.reject'),
        t('columns.idealRate'),
        t('columns.complete'),
      ],
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
        o.complete ? t('values.yes') : t('values.no'),
      ]),
    },
    {
      title: t('tables.pareto'),
      columns: [t('columns.line'), t('columns.reason'), t('columns.code'), t('columns.minutes'), t('columns.stops'), t('columns.share'), t('columns.cumulative')],
      rows: c.oee.flatMap((o) => o.pareto.map((p) => [o.line, p.reason, p.code, minutes(p.durationMs), p.count, percent(p.share), percent(p.cumulativeShare)])),
    },
    {
      title: t('tables.downtime'),
      columns: [t('columns.line'), t('columns.start'), t('columns.end'), t('columns.minutes'), t('columns.reason'), t('columns.code'), t('columns.classifiedBy')],
      rows: c.oee.flatMap((o) => o.downtime.map((d) => [o.line, localTime(d.start, z), localTime(d.end, z), minutes(d.durationMs), d.reason, d.code, d.classifiedBy ?? ''])),
    },
    {
      title: t('tables.alarms'),
      columns: [t('columns.kpi'), t('columns.value')],
      rows: [
        [t('kpis.raised'), c.alarms.totalAlarms],
        [t('kpis.averagePer10Min'), c.alarms.averagePer10Min],
        [t('kpis.peakPer10Min'), c.alarms.peakPer10Min],
        [t('kpis.flood'), percent(c.alarms.floodShare)],
        [t('kpis.acknowledgements'), c.alarms.acknowledgements],
        [t('kpis.shelveActions'), c.alarms.shelveActions],
        [t('kpis.priorities'), `${c.alarms.priorityDistribution.critical} / ${c.alarms.priorityDistribution.high} / ${c.alarms.priorityDistribution.medium} / ${c.alarms.priorityDistribution.low}`],
        [t('kpis.chattering'), c.alarms.chattering.map((a) => `${a.alarmId} (${a.count})`).join(', ') || t('values.none')],
      ],
    },
    {
      title: t('tables.worstActors'),
      columns: [t('columns.alarm'), t('columns.raised'), t('columns.share')],
      rows: c.alarms.worstActors.map((a) => [a.alarmId, a.count, percent(a.share)]),
    },
    {
      title: t('tables.logbook'),
      columns: [t('columns.time'), t('columns.user'), t('columns.role'), t('columns.line'), t('columns.comment')],
      rows: c.logbook.map((e) => [localTime(e.at, z), e.user, e.role, e.line, e.text]),
    },
    {
      title: t('tables.keyValues'),
      columns: [t('columns.tag'), t('columns.description'), t('columns.min'), t('columns.max'), t('columns.average'), t('columns.units'), t('columns.quality')],
      rows: c.keyValues.map((k) => [k.tag, k.description, fixed(k.min, k.decimals), fixed(k.max, k.decimals), fixed(k.avg, k.decimals), k.units, k.quality ?? t('values.noData')]),
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
