import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { AlarmJournalEntry } from '../../common/alarms.ts';
import { neutraliseCell, restoreCell, toCsv } from '../../common/csv.ts';
import type { TagInfo } from '../../common/tag.ts';
import { exportTagsCsv, parseTagsCsv } from '../../main/core/config/tag-csv.ts';
import { parseDevice, type LoadedDevice } from '../../main/core/project/project-validation.ts';
import { builtinDrivers } from '../../drivers/registry.ts';
import { reportCsv } from '../../main/core/reports/report-tables.ts';
import { journalCsv } from '../../renderer/alarms/csv.ts';
import { trendCsv } from '../../renderer/trends/export.ts';
import { makePens } from '../../renderer/trends/pens.ts';
import { frameToSamples } from '../../renderer/trends/samples.ts';

/** Cells that a spreadsheet would run as a formula (OWASP's CSV injection list). */
const FORMULAS = ['=1+2', '+SUM(A1:A2)', "-2+3+cmd|' /C calc'!A0", '@SUM(A1)', '\t=1+2', '\r=1+2', '-', '=HYPERLINK("http://x","y")'];

/** Every cell of a CSV text as a spreadsheet reads it (RFC 4180). */
function cells(csv: string): string[][] {
  return parse(csv, { relax_column_count: true, skip_empty_lines: true }) as string[][];
}

/** True when no cell of `csv` would be run by a spreadsheet. */
function noFormula(csv: string): boolean {
  return cells(csv).every((row) => row.every((cell) => !/^[=+\-@\t\r]/.test(cell) || /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cell)));
}

describe('the one CSV writer (common/csv.ts)', () => {
  it('neutralises text that starts like a formula and keeps numbers numbers', () => {
    for (const f of FORMULAS) expect(neutraliseCell(f)).toBe(`'${f}`);
    expect(neutraliseCell(-5)).toBe('-5');
    expect(neutraliseCell(-0.25)).toBe('-0.25');
    // A text that is wholly a number (a report's value with its decimals) is a value, not a formula.
    for (const n of ['-5', '-5.0', '+1.5', '-2.5e-3', '.5']) expect(neutraliseCell(n)).toBe(n);
    expect(neutraliseCell('-5 bar')).toBe("'-5 bar");
    expect(neutraliseCell(Number.NaN)).toBe('');
    expect(neutraliseCell(null)).toBe('');
    expect(neutraliseCell(true)).toBe('true');
    expect(neutraliseCell('plain text')).toBe('plain text');
    // An array tag's value is one cell of JSON, still neutralised.
    expect(neutraliseCell([1, 2.5, null])).toBe('[1,2.5,null]');
    expect(neutraliseCell(['=1+2'])).toBe('["=1+2"]');
    for (const f of FORMULAS) expect(restoreCell(neutraliseCell(f))).toBe(f);
    expect(restoreCell("'plain")).toBe("'plain");
  });

  it('quotes by RFC 4180, line breaks of either kind included', () => {
    const csv = toCsv([['a,b', 'say "hi"', 'two\nlines', 'cr\rin', 3]], { header: ['h1', 'h2', 'h3', 'h4', 'h5'] });
    expect(csv).toBe('h1,h2,h3,h4,h5\r\n"a,b","say ""hi""","two\nlines","cr\rin",3\r\n');
    expect(cells(csv)[1]).toEqual(['a,b', 'say "hi"', 'two\nlines', 'cr\rin', '3']);
  });
});

describe('every export goes through it', () => {
  it('tag CSV: formulas in descriptions and units neutralised, negative limits stay numbers, import restores them', () => {
    const drivers = builtinDrivers();
    const sim = parseDevice({ name: 'sim', driver: 'simulator', config: {} }, drivers);
    if (!sim.ok) throw new Error('fixture device invalid');
    const devices = new Map<string, LoadedDevice>([['sim', sim.value]]);
    const tag = {
      path: 'Line1/Temp',
      description: '=HYPERLINK("http://evil","click")',
      units: '@degC',
      dataType: 'float64',
      source: { device: 'sim', address: 'memory(initial=0)' },
      range: { min: -5, max: 40 },
    };
    const csv = exportTagsCsv([tag]);
    expect(noFormula(csv)).toBe(true);
    const row = cells(csv)[1]!;
    expect(row).toContain('\'=HYPERLINK("http://evil","click")');
    expect(row).toContain("'@degC");
    expect(row).toContain('-5');
    const back = parseTagsCsv(csv, devices);
    expect(back.ok && back.value[0]).toMatchObject({ description: tag.description, units: '@degC', range: { min: -5, max: 40 } });
  });

  it('trend CSV: a pen named like a formula is neutralised, negative values stay numbers', () => {
    const info: TagInfo = { path: '-T', description: '', dataType: 'float64', units: '=cmd|x', decimals: 1, writable: false, device: 'sim', history: true };
    const pens = makePens([info]);
    const samples = new Map([['-T', frameToSamples({ tag: '-T', dataType: 'float64', units: '', decimals: 1, source: 'raw', kind: 'raw', fields: { time: [1000], value: [-5], quality: ['Good'] } }, false)]]);
    const csv = trendCsv(pens, samples, 0, 5000, 'Europe/Berlin');
    expect(noFormula(csv)).toBe(true);
    expect(cells(csv)).toEqual([
      ['time (UTC)', 'plant time (Europe/Berlin)', "'-T [=cmd|x]", "'-T quality"],
      ['1970-01-01T00:00:01.000Z', '1970-01-01T01:00:01.000+01:00', '-5', 'Good'],
    ]);
  });

  it('alarm history: a formula in a comment or message is neutralised, a negative value stays a number', () => {
    const entry: AlarmJournalEntry = {
      seq: 1,
      at: 0,
      alarmId: 'T/Lo',
      tag: 'T',
      area: 'A',
      priority: 'high',
      kind: 'raise',
      state: 'unackActive',
      value: -5,
      user: '@admin',
      comment: '+cmd',
      message: '-5 is low=bad',
    };
    const csv = journalCsv([entry], () => 'plant');
    expect(noFormula(csv)).toBe(true);
    const row = cells(csv)[1]!;
    expect(row.slice(8)).toEqual(['-5', "'@admin", "'+cmd", "'-5 is low=bad"]);
  });

  it('reports: formulas neutralised in every table, formatted negative numbers stay values', () => {
    const csv = reportCsv([
      {
        title: '=title',
        columns: ['Tag', 'Min'],
        rows: [
          ['-x', '-5.0'],
          ['@y', -3],
        ],
      },
    ]);
    expect(noFormula(csv)).toBe(true);
    expect(cells(csv)).toEqual([["'=title"], ['Tag', 'Min'], ["'-x", '-5.0'], ["'@y", '-3']]);
  });
});
