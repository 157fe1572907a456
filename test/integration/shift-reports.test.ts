import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../main/core/reports/report-store.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { ReportFixture, SIGNER_PASSWORD } from '../support/report-fixture.ts';

const MIN = 60_000;
// The early shift of Wednesday 14 January 2026 in Berlin (CET): 06:00–14:00 local = 05:00–13:00 UTC,
// break 10:00–10:30 local (09:00–09:30 UTC): 450 planned minutes.
const START = Date.UTC(2026, 0, 14, 5);
const at = (h: number, m = 0) => Date.UTC(2026, 0, 14, h, m);
const dir = mkdtempSync(join(tmpdir(), 'lineside-reports-'));
const clock = new ManualClock(START - 10 * MIN);
let fx: ReportFixture;

beforeAll(async () => {
  fx = await ReportFixture.open(dir, clock);
  fx.store.firstOpenedAt(clock.now());
  fx.audit.record({ user: 'eve', role: 'engineer', station: '10.0.0.9', action: 'alarms.definitions.save', target: 'BowlTempLow' });
  await fx.record(clock, START - 5 * MIN, 'Line1/Filler/State', 2);
  await fx.record(clock, START - 5 * MIN, 'Line1/Counters/Good', 1_000_000);
  await fx.record(clock, START - 5 * MIN, 'Line1/Counters/Rejected', 500);
  await fx.record(clock, START - 5 * MIN, 'Line1/Filler/BowlTemperature', 8);
  // Counters at the shift start: good 1 000 000, rejected 500.
  await fx.record(clock, at(6), 'Line1/Filler/BowlTemperature', 10);
  await fx.record(clock, at(7), 'Line1/Filler/State', 5); // fault 40 min
  fx.alarm(at(7), 'FillerFault', 'raise');
  fx.alarm(at(7, 1), 'FillerFault', 'acknowledge');
  await fx.record(clock, at(7, 20), 'Line1/Counters/Good', 1_010_000);
  fx.service.addLogbook({ name: 'anna', role: 'operator' }, 'Filler valve 3 replaced, line restarted', 'Line1');
  await fx.record(clock, at(7, 40), 'Line1/Filler/State', 2);
  fx.alarm(at(7, 40), 'FillerFault', 'clear');
  await fx.record(clock, at(8), 'Line1/Filler/BowlTemperature', 6);
  for (let i = 0; i < 3; i++) fx.alarm(at(8, 10 + i), 'BowlTempLow', 'raise');
  await fx.record(clock, at(11), 'Line1/Filler/State', 0); // stopped 20 min
  await fx.record(clock, at(11, 20), 'Line1/Filler/State', 2);
  await fx.record(clock, at(12, 59), 'Line1/Counters/Good', 1_035_100);
  await fx.record(clock, at(12, 59), 'Line1/Counters/Rejected', 1400);
  await fx.runTo(clock, at(13) + 2000);
});

afterAll(async () => {
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a shift report from real history and journal files', () => {
  let id = 0;

  it('generates the ended shift once, with hand-computed OEE', async () => {
    const made = await fx.service.catchUp();
    // The night before ended after the store was first opened (04:50 UTC), so it is reported too.
    expect(made.map((r) => r.shiftId)).toEqual(['2026-01-13/Night', '2026-01-14/Early']);
    expect(await fx.service.catchUp()).toEqual([]);
    id = made[1]!.id;
    const report = fx.service.get(id);
    if (!report.ok) throw new Error(report.error.message);
    const c = report.value.content;
    const oee = c.oee[0]!;
    expect(oee.plannedMs).toBe(450 * MIN);
    // The historian stores a change 1 ms after the value it replaces: a few ms either way.
    expect(Math.abs(oee.runMs - 390 * MIN)).toBeLessThan(10);
    expect(oee.good).toBe(35_100);
    expect(oee.reject).toBe(900);
    expect(oee.availability).toBeCloseTo(390 / 450, 6);
    expect(oee.performance).toBeCloseTo((0.6 * 36_000) / (390 * 60), 6);
    expect(oee.quality).toBeCloseTo(0.975, 9);
    expect(oee.oee).toBeCloseTo(0.78, 6);
    expect(oee.pareto.map((p) => [p.code, Math.round(p.durationMs / MIN)])).toEqual([
      ['fault', 40],
      ['stopped', 20],
    ]);
    // The audit trail's head at generation is anchored in the report (and so under its signature).
    expect(c.auditHead).toEqual(fx.audit.head());
    expect(c.auditHead?.seq).toBe(1);
    expect(c.production).toEqual([{ workOrder: '(whole shift)', product: '', line: 'Line1', good: 35_100, reject: 900, units: 'bottles' }]);
    expect(c.alarms.totalAlarms).toBe(4);
    expect(c.alarms.worstActors[0]).toEqual({ alarmId: 'BowlTempLow', count: 3, share: 0.75 });
    expect(c.logbook.map((e) => [e.user, e.text])).toEqual([['anna', 'Filler valve 3 replaced, line restarted']]);
    const temp = c.keyValues[0]!;
    expect([temp.min, temp.max]).toEqual([6, 10]);
    // Time-weighted, each value held until the next: 1 h at 8, 2 h at 10, 5 h at 6.
    expect(temp.avg).toBeCloseTo((8 * 60 + 10 * 120 + 6 * 300) / 480, 3);
    expect(report.value.contentSha256).toBe(sha256Hex(fx.store.contentText(id)!));
    // The shift-end files are in the folder.
    expect(
      readdirSync(join(dir, 'reports'))
        .filter((f) => f.includes('Early'))
        .sort(),
    ).toEqual(['shift-report-2026-01-14_Early-v1.csv', 'shift-report-2026-01-14_Early-v1.pdf', 'shift-report-2026-01-14_Early-v1.xlsx']);
  });

  it('exports a PDF whose text says what the report says', async () => {
    const progress: number[] = [];
    const file = await fx.service.export(id, 'pdf', (done) => progress.push(done));
    if (!file.ok) throw new Error(file.error.message);
    expect(file.value.body.subarray(0, 5).toString()).toBe('%PDF-');
    // The charts are vector paths: the file holds no raster image.
    expect(file.value.body.toString('latin1')).not.toMatch(/\/Subtype\s*\/Image/);
    const parser = new PDFParse({ data: new Uint8Array(file.value.body) });
    const text = (await parser.getText()).text;
    await parser.destroy();
    for (const words of [
      'Shift report: Early, 2026-01-14',
      'Line1: OEE 78.0 %',
      '86.7 %',
      '92.3 %',
      '97.5 %',
      'Filler fault',
      'Filler valve 3 replaced, line restarted',
      'BowlTempLow',
      'Line1/Filler/BowlTemperature',
      '35100',
      'Audit trail at generation',
    ]) {
      expect(text).toContain(words);
    }
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
  });

  it('exports CSV and XLSX that parse back to the same figures', async () => {
    const csv = await fx.service.export(id, 'csv');
    if (!csv.ok) throw new Error(csv.error.message);
    const lines = csv.value.body
      .toString('utf8')
      .replace(/^\ufeff/, '')
      .split('\r\n');
    const oeeHeader = lines.indexOf('OEE') + 1;
    expect(lines[oeeHeader]!.split(',').slice(0, 5)).toEqual(['Line', 'OEE', 'Availability', 'Performance', 'Quality']);
    expect(lines[oeeHeader + 1]!.split(',').slice(0, 5)).toEqual(['Line1', '78.0 %', '86.7 %', '92.3 %', '97.5 %']);
    expect(lines).toContain('Line1,Filler fault,fault,40,1,66.7 %,66.7 %');
    expect(lines).toContain(`Audit trail at generation,"record 1, hash ${fx.audit.head()!.hash}"`);

    const xlsx = await fx.service.export(id, 'xlsx');
    if (!xlsx.ok) throw new Error(xlsx.error.message);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.value.body as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Shift', 'Production', 'OEE', 'Downtime Pareto', 'Downtime events', 'Alarm KPIs', 'Worst actors', 'Logbook', 'Key process values']);
    const production = book.getWorksheet('Production')!;
    expect(production.getRow(2).values).toEqual([undefined, '(whole shift)', '', 'Line1', 35_100, 900, 36_000, 'bottles']);
    expect(book.getWorksheet('Logbook')!.getRow(2).getCell(5).value).toBe('Filler valve 3 replaced, line restarted');
  });

  it('signs once over the exact content; a signed report is locked and regenerating adds a version', async () => {
    const refused = await fx.service.sign({ name: 'sam', role: 'supervisor' }, id, { meaning: 'Approved', reason: 'End of shift', password: 'not-my-password' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const noReason = await fx.service.sign({ name: 'sam', role: 'supervisor' }, id, { meaning: 'Approved', reason: '  ', password: SIGNER_PASSWORD });
    expect(noReason).toMatchObject({ ok: false, error: { path: 'reason' } });
    const signed = await fx.service.sign({ name: 'sam', role: 'supervisor' }, id, { meaning: 'Reviewed and approved', reason: 'Shift handover', password: SIGNER_PASSWORD });
    if (!signed.ok) throw new Error(signed.error.message);
    expect(signed.value.signature).toMatchObject({ user: 'sam', role: 'supervisor', meaning: 'Reviewed and approved', reason: 'Shift handover', method: 'password', contentSha256: sha256Hex(fx.store.contentText(id)!) });
    const again = await fx.service.sign({ name: 'sam', role: 'supervisor' }, id, { meaning: 'Approved', reason: 'again', password: SIGNER_PASSWORD });
    expect(again).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const v2 = await fx.service.generate({ name: 'sam', role: 'supervisor' }, '2026-01-14/Early');
    if (!v2.ok) throw new Error(v2.error.message);
    expect(v2.value.version).toBe(2);
    expect(v2.value.signature).toBeNull();
    expect(fx.service.get(id).ok && (fx.service.get(id) as { value: { signature: unknown } }).value.signature).toMatchObject({ user: 'sam' });
    const pdf = await fx.service.export(id, 'pdf');
    const parser = new PDFParse({ data: new Uint8Array(pdf.ok ? pdf.value.body : Buffer.alloc(0)) });
    expect((await parser.getText()).text).toContain('sam (supervisor)');
    await parser.destroy();
    // A shift that has not started has nothing to report.
    expect(await fx.service.generate({ name: 'sam', role: 'supervisor' }, '2026-01-14/Night')).toMatchObject({ ok: false, error: { path: 'shiftId', message: expect.stringContaining('has not started') } });
  });
});

describe('reports on demand (a supervisor does not wait for the shift to end)', () => {
  const sam = { name: 'sam', role: 'supervisor' };

  it('reports the running shift so far: provisional in the view, CSV, PDF and XLSX, not signable; the scheduled report is still made at its end', async () => {
    // The late shift runs 13:00–21:00 UTC; an hour into it.
    await fx.runTo(clock, at(14));
    const made = await fx.service.generate(sam, { shiftId: '2026-01-14/Late' });
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value).toMatchObject({ shiftId: '2026-01-14/Late', provisional: true, to: at(14), end: at(21), signature: null });
    const report = fx.service.get(made.value.id);
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.content.to).toBe(at(14));
    expect(report.value.content.oee[0]!.plannedMs).toBe(60 * MIN);

    const sign = await fx.service.sign(sam, made.value.id, { meaning: 'Approved', reason: 'Handover', password: SIGNER_PASSWORD });
    expect(sign).toMatchObject({ ok: false, error: { code: 'bad-request', path: 'id', message: expect.stringContaining('stays provisional') } });

    const csv = await fx.service.export(made.value.id, 'csv');
    if (!csv.ok) throw new Error(csv.error.message);
    expect(csv.value.fileName).toMatch(/-provisional\.csv$/);
    expect(csv.value.body.toString('utf8')).toContain('PROVISIONAL: the shift was still running; this report covers it up to 2026-01-14 15:00:00 GMT+1');
    const pdf = await fx.service.export(made.value.id, 'pdf');
    const parser = new PDFParse({ data: new Uint8Array(pdf.ok ? pdf.value.body : Buffer.alloc(0)) });
    const text = (await parser.getText()).text;
    await parser.destroy();
    expect(text).toContain('PROVISIONAL: the shift was still running');
    expect(text.indexOf('PROVISIONAL')).toBeLessThan(text.indexOf('Shift report: Late'));
    const xlsx = await fx.service.export(made.value.id, 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((xlsx.ok ? xlsx.value.body : Buffer.alloc(0)) as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.getRow(2).values).toEqual([undefined, 'Status', 'PROVISIONAL: the shift was still running; this report covers it up to 2026-01-14 15:00:00 GMT+1']);

    // The shift-end report is made all the same, complete, and may be signed.
    expect(await fx.service.catchUp()).toEqual([]);
    await fx.runTo(clock, at(21) + 2000);
    const scheduled = (await fx.service.catchUp()).find((r) => r.shiftId === '2026-01-14/Late');
    expect(scheduled).toMatchObject({ version: 2, provisional: true, to: at(21) });
    const signed = await fx.service.sign(sam, scheduled!.id, { meaning: 'Approved', reason: 'Handover', password: SIGNER_PASSWORD });
    expect(signed).toMatchObject({ ok: true, value: { provisional: false } });
    const final = await fx.service.export(scheduled!.id, 'csv');
    expect(final.ok && final.value.body.toString('utf8')).toContain('Final: signed');
  });

  it('reports a custom range, refusing one that reaches into the future or spans more than 31 days', async () => {
    const made = await fx.service.generate(sam, { from: at(7), to: at(8) });
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value).toMatchObject({ shift: 'Custom range', start: at(7), end: at(8), provisional: true });
    const report = fx.service.get(made.value.id);
    expect(report.ok && report.value.content).toMatchObject({ kind: 'range', to: at(8) });
    // All of a range is planned time (a range has no breaks).
    expect(report.ok && report.value.content.oee[0]!.plannedMs).toBe(60 * MIN);
    expect(await fx.service.generate(sam, { from: clock.now() - 60 * MIN, to: clock.now() + 60 * MIN })).toMatchObject({ ok: false, error: { path: 'to', message: expect.stringContaining('future') } });
    expect(await fx.service.generate(sam, { from: clock.now() - 40 * 86_400_000, to: clock.now() })).toMatchObject({ ok: false, error: { path: 'from', message: expect.stringContaining('at most 31') } });
  });
});
