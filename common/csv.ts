// The browser build (its own Buffer polyfill, no Node globals) runs in the renderer and in Node alike.
import { stringify } from 'csv-stringify/browser/esm/sync';

/**
 * The one CSV writer of every export (tags, trends, alarm history, audit trail, reports), for the
 * runtime and the renderer alike (csv-stringify's sync API is plain JavaScript, no Node or DOM).
 *
 * CSV injection: a spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return,
 * which some programs skip before looking) as a formula. Such a *text* cell gets a leading
 * apostrophe, which spreadsheets show as text and hide. Numbers stay numbers: a JavaScript number,
 * and a text that is wholly a number literal (`-5`, `+1.5`, `-2.5e-3`, as a report formats a value
 * with its decimals), is written as it is, since a spreadsheet reads it as a value and runs nothing.
 * Anything else that starts with one of those characters (`-5+cmd|...`, `=1+2`, `-`, `@SUM(A1)`) is
 * text and is neutralised.
 */
export type CsvCell = string | number | boolean | null | undefined | readonly (string | number | boolean | null)[];

const FORMULA_START = /^[=+\-@\t\r]/;
const NEUTRALISED = /^'[=+\-@\t\r]/;
const NUMBER_LITERAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A cell as it is written: text that a spreadsheet would run is prefixed with an apostrophe. */
export function neutraliseCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // An array value (an OPC UA array tag) is one cell: its elements as JSON, neutralised like any text.
  if (typeof value !== 'string') return neutraliseCell(JSON.stringify(value));
  return FORMULA_START.test(value) && !NUMBER_LITERAL.test(value) ? `'${value}` : value;
}

/** Undoes `neutraliseCell` on a text read back from one of our files (CSV imports round-trip). */
export function restoreCell(text: string): string {
  return NEUTRALISED.test(text) ? text.slice(1) : text;
}

export interface CsvOptions {
  /** A header row, written first (neutralised like any text). */
  header?: readonly string[];
  /** Record separator: CRLF (RFC 4180, the default) or LF. */
  lineEnd?: '\r\n' | '\n';
}

/**
 * Rows as CSV text: RFC 4180 quoting (also of a cell with a line break of either kind, which some
 * readers would otherwise split), every cell through `neutraliseCell`. An empty row is an empty line.
 */
export function toCsv(rows: Iterable<readonly CsvCell[]>, options: CsvOptions = {}): string {
  const records: string[][] = [];
  if (options.header) records.push(options.header.map(neutraliseCell));
  for (const row of rows) records.push(row.map(neutraliseCell));
  if (records.length === 0) return '';
  return stringify(records, { record_delimiter: options.lineEnd ?? '\r\n', quoted_match: /[\r\n]/ });
}
