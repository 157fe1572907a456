import { reasonMessage, type ReasonKey, type ReasonParams } from '../../../common/reasons.ts';
import { parse } from 'csv-parse/sync';
import { restoreCell, toCsv, type CsvCell } from '../../../common/csv.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { parseTag, type LoadedDevice } from '../project/project-validation.ts';
import type { RawEntry } from './config-candidate.ts';
import type { TagDefinition } from '../../../common/tag.ts';

/**
 * Tags as CSV, one row per tag, for bulk editing in a spreadsheet. Nested settings that have no
 * natural columns (driver options, state names, history) are JSON text in their cell.
 */
export const TAG_CSV_COLUMNS = [
  'path',
  'device',
  'address',
  'dataType',
  'description',
  'units',
  'decimals',
  'rawMin',
  'rawMax',
  'euMin',
  'euMax',
  'rangeMin',
  'rangeMax',
  'writable',
  'writeMin',
  'writeMax',
  'deadband',
  'staleAfterMs',
  'options',
  'states',
  'history',
] as const;
type Column = (typeof TAG_CSV_COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

const REQUIRED: readonly Column[] = ['path', 'device', 'address', 'dataType'];
const PAIRS = { scaling: ['rawMin', 'rawMax', 'euMin', 'euMax'], range: ['rangeMin', 'rangeMax'], writeLimits: ['writeMin', 'writeMax'] } as const;
const PAIR_KEYS: Record<string, readonly string[]> = { scaling: ['rawMin', 'rawMax', 'euMin', 'euMax'], range: ['min', 'max'], writeLimits: ['min', 'max'] };

export function exportTagsCsv(tags: readonly RawEntry[]): string {
  const rows = tags.map((raw) => {
    const source = (raw['source'] ?? {}) as RawEntry;
    const row: Record<Column, CsvCell> = Object.fromEntries(TAG_CSV_COLUMNS.map((c) => [c, ''])) as Record<Column, CsvCell>;
    row.path = text(raw['path']);
    row.device = text(source['device']);
    row.address = text(source['address']);
    for (const c of ['dataType', 'description', 'units', 'decimals', 'writable', 'deadband', 'staleAfterMs'] as const) row[c] = text(raw[c]);
    for (const [key, columns] of Object.entries(PAIRS)) {
      const value = raw[key] as RawEntry | undefined;
      if (value) columns.forEach((c, i) => (row[c] = text(value[PAIR_KEYS[key]![i]!])));
    }
    for (const c of ['states', 'history'] as const) if (raw[c] !== undefined) row[c] = JSON.stringify(raw[c]);
    if (source['options'] !== undefined) row.options = JSON.stringify(source['options']);
    return TAG_CSV_COLUMNS.map((c) => row[c]);
  });
  return toCsv(rows, { header: TAG_CSV_COLUMNS, lineEnd: '\n' });
}

/** A bad cell: the spreadsheet row (the header is row 1) and the column. */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
  /** The message as a key and parameters, for the reader's language, when there is one. */
  text?: { key: string; params: ReasonParams };
}

/** A row that reads as a tag: its spreadsheet row number, the entry, and its path. */
export interface CsvTagRow {
  row: number;
  raw: RawEntry;
  path: string;
  /** The row's tag with defaults filled in, as the project would load it. */
  def: TagDefinition;
}

/**
 * Every row checked with the project's tag schema and its device's address rules: the good rows and a
 * problem for each bad one (row, column, reason). A file that is not CSV, or whose header is wrong,
 * is refused as a whole.
 */
export function readTagsCsv(csv: string, devices: ReadonlyMap<string, LoadedDevice>): Result<{ rows: CsvTagRow[]; problems: RowProblem[] }> {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: false, skip_empty_lines: true }) as string[][];
  } catch (error) {
    return fail('bad-request', `csv: not readable as CSV: ${(error as Error).message}`, 'csv');
  }
  const [header, ...body] = records;
  if (!header) return fail('bad-request', 'csv: the file is empty (expected a header row: path,device,address,dataType,...)', 'csv');
  const columns = header.map((h) => h.trim());
  const unknown = columns.filter((c) => !(TAG_CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) return fail('bad-request', `csv: row 1: unknown column(s) ${unknown.join(', ')} (known: ${TAG_CSV_COLUMNS.join(', ')})`, 'csv');
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) return fail('bad-request', `csv: row 1: missing column(s) ${missing.join(', ')}`, 'csv');

  const problems: RowProblem[] = [];
  const rows: CsvTagRow[] = [];
  const seen = new Map<string, number>();
  body.forEach((cells, i) => {
    const rowNumber = i + 2;
    // Our own export neutralised text that starts like a formula ('=...): read back what was meant.
    const row: Row = Object.fromEntries(columns.map((c, k) => [c, restoreCell(cells[k]?.trim() ?? '')])) as Row;
    const built = rowToEntry(row);
    if (!built.ok) return problems.push({ row: rowNumber, ...built.error });
    const parsed = parseTag(built.value, devices);
    if (!parsed.ok) return problems.push({ row: rowNumber, column: columnOf(parsed.error.field), message: parsed.error.message, ...(parsed.error.text ? { text: parsed.error.text } : {}) });
    const first = seen.get(parsed.value.path);
    if (first !== undefined) return problems.push({ row: rowNumber, column: 'path', ...said('csv.alsoInRow', { path: parsed.value.path, row: first }) });
    seen.set(parsed.value.path, rowNumber);
    rows.push({ row: rowNumber, raw: built.value, path: parsed.value.path, def: parsed.value });
    return undefined;
  });
  return ok({ rows, problems });
}

/**
 * Every row as a tag entry, each checked with the project's tag schema and its device's address rules.
 * All rows are checked before anything is returned; any bad row refuses the whole file, naming each.
 */
export function parseTagsCsv(csv: string, devices: ReadonlyMap<string, LoadedDevice>): Result<RawEntry[]> {
  const read = readTagsCsv(csv, devices);
  if (!read.ok) return read;
  const { rows, problems } = read.value;
  if (problems.length > 0) {
    const lines = problems.map((p) => `row ${p.row}, column ${p.column}: ${p.message}`);
    return fail('bad-request', `csv: ${problems.length} bad row(s), nothing imported:\n${lines.join('\n')}`, 'csv');
  }
  return ok(rows.map((r) => r.raw));
}

/** A refused cell's reason: the English sentence and its key. */
function said(key: ReasonKey, params: ReasonParams = {}): { message: string; text: { key: string; params: ReasonParams } } {
  return { message: reasonMessage(key, params), text: { key, params } };
}

function rowToEntry(row: Row): Result<RawEntry, Omit<RowProblem, 'row'>> {
  const raw: RawEntry = {};
  const bad = (column: string, key: ReasonKey, params: ReasonParams = {}) => ({ ok: false as const, error: { column, ...said(key, params) } });
  if (row.path) raw['path'] = row.path;
  if (row.description) raw['description'] = row.description;
  if (row.dataType) raw['dataType'] = row.dataType;
  const source: RawEntry = {};
  if (row.device) source['device'] = row.device;
  if (row.address) source['address'] = row.address;
  if (row.options) {
    const options = json(row.options);
    if (options === undefined || typeof options !== 'object' || options === null || Array.isArray(options)) return bad('options', 'csv.notJsonObject');
    source['options'] = options;
  }
  raw['source'] = source;
  if (row.units) raw['units'] = row.units;
  for (const c of ['decimals', 'deadband', 'staleAfterMs'] as const) {
    if (!row[c]) continue;
    const n = Number(row[c]);
    if (!Number.isFinite(n)) return bad(c, 'csv.notNumber', { value: row[c] });
    raw[c] = n;
  }
  for (const [key, cols] of Object.entries(PAIRS)) {
    if (!cols.some((c) => row[c])) continue;
    const value: RawEntry = {};
    for (const [i, c] of cols.entries()) {
      const n = Number(row[c]);
      if (!row[c] || !Number.isFinite(n)) return row[c] ? bad(c, 'csv.notNumber', { value: row[c] }) : bad(c, 'csv.allOrNone', { columns: cols.join(', ') });
      value[PAIR_KEYS[key]![i]!] = n;
    }
    raw[key] = value;
  }
  if (row.writable) {
    const w = row.writable.toLowerCase();
    if (!['true', 'false', 'yes', 'no', '1', '0'].includes(w)) return bad('writable', 'csv.notBoolean', { value: row.writable });
    raw['writable'] = w === 'true' || w === 'yes' || w === '1';
  }
  for (const c of ['states', 'history'] as const) {
    if (!row[c]) continue;
    const value = json(row[c]);
    if (value === undefined) return bad(c, 'csv.notJson');
    raw[c] = value;
  }
  return ok(raw);
}

/** The CSV column a tag field lives in (`scaling.rawMax` → rawMax, `source.options.type` → options). */
function columnOf(field: string | undefined): string {
  if (!field) return 'path';
  const [head, sub] = field.split('.');
  if (head === 'source') return sub === 'device' ? 'device' : sub === 'address' ? 'address' : 'options';
  if (head === 'scaling') return sub && (PAIRS.scaling as readonly string[]).includes(sub) ? sub : 'rawMin';
  if (head === 'range') return sub === 'max' ? 'rangeMax' : 'rangeMin';
  if (head === 'writeLimits') return sub === 'max' ? 'writeMax' : 'writeMin';
  return head ?? 'path';
}

function json(textValue: string): unknown {
  try {
    return JSON.parse(textValue) as unknown;
  } catch {
    return undefined;
  }
}

/** A cell: numbers stay numbers (a negative limit is a value, not a formula), anything else is text. */
function text(value: unknown): CsvCell {
  if (value === undefined || value === null) return '';
  return typeof value === 'number' || typeof value === 'boolean' ? value : String(value);
}
