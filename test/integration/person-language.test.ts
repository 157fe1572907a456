import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';
import { TEST_USERS } from '../support/users.ts';
import { TestClient } from '../support/ws-client.ts';

/**
 * The person's language and theme are kept by the runtime (users.sqlite) and survive its restart; a
 * report exported by a German reader is German (PDF, XLSX) with numbers in the plant's locale, while the
 * CSV keeps its one machine-readable form.
 */
const FIXTURE = join(import.meta.dirname, '../fixtures/projects/shifts');
const TOKEN = 'person-language-token-0123456789ab';
let root: string;
let projectDir: string;
let dataDir: string;
let shiftId: string;
const clients: TestClient[] = [];
let runtime: Runtime | undefined;

function berlin(at: number, options: Intl.DateTimeFormatOptions, locale = 'en-GB'): string {
  return new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Berlin', ...options }).format(at);
}

async function signIn(role: 'supervisor' | 'operator'): Promise<TestClient> {
  const c = await TestClient.connect(runtime!.url, TOKEN);
  clients.push(c);
  return c.loginAs(role);
}

function get(path: string, token = TOKEN): Promise<Response> {
  return fetch(runtime!.url + path, { headers: { Authorization: `Bearer ${token}` } });
}

async function pdfText(body: Buffer): Promise<string> {
  const parser = new PDFParse({ data: new Uint8Array(body) });
  try {
    return (await parser.getText()).text;
  } finally {
    await parser.destroy();
  }
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'lineside-person-language-'));
  projectDir = join(root, 'project');
  dataDir = join(root, 'data');
  await cp(FIXTURE, projectDir, { recursive: true });
  const project = JSON.parse(await readFile(join(projectDir, 'project.json'), 'utf8')) as { plant: Record<string, unknown> };
  project.plant['locale'] = 'de-DE';
  // Translated into German: the shift's name and the line's count units show so in a German reader's export.
  await writeFile(join(projectDir, 'project.json'), JSON.stringify({ ...project, languages: { default: 'en', translated: ['de'] } }));
  await mkdir(join(projectDir, 'texts'));
  await writeFile(join(projectDir, 'texts', 'de.json'), JSON.stringify({ formatVersion: 1, shifts: { T: 'Tagschicht' }, lines: { Line1: { units: 'Flaschen' } } }));
  // A 15-second shift that ended before the runtime started.
  const shiftStart = Math.floor((Date.now() - 35_000) / 1000) * 1000;
  await writeFile(
    join(projectDir, 'shifts.json'),
    JSON.stringify({
      formatVersion: 1,
      shifts: [
        { name: 'T', start: berlin(shiftStart, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }), durationMinutes: 0.25 },
        { name: 'N', start: berlin(shiftStart + 15_000, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }), durationMinutes: 10 },
      ],
      lines: [{ name: 'Line1', units: 'bottles', stateTag: 'Line1/State', runningStates: [2], goodCounter: 'Line1/Good', rejectCounter: 'Line1/Reject', idealRatePerMinute: 600, reasons: { '5': { code: 'fault', text: 'Fault' } } }],
      report: { keyValues: ['Line1/Temp'] },
    }),
  );
  shiftId = `${berlin(shiftStart, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA')}/T`;
  runtime = await startTestRuntime({ projectDir, dataDir, port: 0, token: TOKEN, rendererDir: join(root, 'no-renderer') });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await runtime?.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('the person’s language and theme, kept by the runtime', () => {
  it('are saved with the account, come with every sign-in, and survive a restart of the runtime', async () => {
    const first = await signIn('supervisor');
    expect((await first.call('session.info', {})).user?.preferences).toEqual({ language: null, theme: null });
    expect(await first.call('users.preferences.save', { language: 'de' })).toEqual({ language: 'de', theme: null });
    expect(await first.call('users.preferences.save', { theme: 'night' })).toEqual({ language: 'de', theme: 'night' });
    // The connection's own session sees it at once.
    expect((await first.call('session.info', {})).user?.preferences).toEqual({ language: 'de', theme: 'night' });
    // A value the contract does not know is refused, naming the field.
    const bad = await first.request('users.preferences.save', { language: 'fr' });
    expect(bad.error).toMatchObject({ code: 'bad-request', path: 'params.language' });
    // Nobody signed in: nobody's preferences.
    const station = await TestClient.connect(runtime!.url, TOKEN);
    clients.push(station);
    expect((await station.request('users.preferences.save', { theme: 'day' })).error).toMatchObject({ code: 'unauthenticated', text: { key: 'access.signInFirst' } });

    await runtime!.dispose();
    runtime = await startTestRuntime({ projectDir, dataDir, port: 0, token: TOKEN, rendererDir: join(root, 'no-renderer') });
    const elsewhere = await TestClient.connect(runtime.url, TOKEN);
    clients.push(elsewhere);
    const login = await elsewhere.call('users.login', { name: 'supervisor', password: TEST_USERS.supervisor.password });
    expect(login.user.preferences).toEqual({ language: 'de', theme: 'night' });
    // Another person has none of their own.
    const operator = await signIn('operator');
    expect((await operator.call('session.info', {})).user?.preferences).toEqual({ language: null, theme: null });
    // null drops the person's own choice: the station's applies again.
    expect(await elsewhere.call('users.preferences.save', { theme: null })).toEqual({ language: 'de', theme: null });
    expect(await elsewhere.call('users.preferences.save', { theme: 'night' })).toEqual({ language: 'de', theme: 'night' });
  });
});

describe('a report exported by a German reader', () => {
  it('is German in PDF and XLSX with the plant’s number format; the CSV keeps its machine form', async () => {
    const supervisor = await signIn('supervisor');
    expect((await supervisor.call('session.info', {})).user?.preferences.language).toBe('de');
    const summary = await supervisor.call('reports.generate', { shiftId });

    // No language asked for: the person's own (German).
    const pdf = await supervisor.call('reports.export', { id: summary.id, format: 'pdf' });
    expect(pdf.fileName).toMatch(/-de\.pdf$/);
    const text = await pdfText(Buffer.from(await (await get(pdf.url)).arrayBuffer()));
    for (const words of ['VORLÄUFIG: nicht unterschrieben', 'Schichtbericht: Tagschicht,', 'Linie', 'Verfügbarkeit', 'Geplante Produktionszeit (min)', '0,25', 'Stillstands-Pareto', 'Audit-Trail bei Erstellung']) {
      expect(text).toContain(words);
    }
    expect(text).not.toContain('Shift report');
    expect(text).not.toContain('Availability');

    const xlsx = await supervisor.call('reports.export', { id: summary.id, format: 'xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await (await get(xlsx.url)).arrayBuffer()) as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Schicht', 'Produktion', 'OEE', 'Stillstands-Pareto', 'Stillstände', 'Alarm-Kennzahlen', 'Häufigste Alarme', 'Schichtbuch', 'Wichtige Prozesswerte']);
    const shift = book.getWorksheet('Schicht')!;
    expect(shift.getRow(1).values).toEqual([undefined, 'Feld', 'Wert']);
    const planned = shift.getRows(2, shift.rowCount - 1)!.find((row) => row.getCell(1).value === 'Geplante Produktionszeit (min)')!;
    // A number stays a number in a sheet (the reader's spreadsheet shows it in its locale).
    expect(planned.getCell(2).value).toBe(0.25);
    expect(
      shift
        .getRows(2, shift.rowCount - 1)!
        .find((row) => row.getCell(1).value === 'Schicht')!
        .getCell(2).value,
    ).toBe('Tagschicht');
    const production = book.getWorksheet('Produktion')!;
    expect(production.getRow(2).getCell(7).value).toBe('Flaschen');

    // The CSV is the same for every reader: English column set and field names, '.' decimals.
    const csv = await supervisor.call('reports.export', { id: summary.id, format: 'csv' });
    expect(csv.fileName).toMatch(/\d\.csv$/);
    const csvText = await (await get(csv.url)).text();
    expect(csvText).toContain(`Shift id,${shiftId}`);
    expect(csvText).toContain('Planned production time (min),0.25');
    expect(csvText).toContain('Status,PROVISIONAL: not signed');
    // …and the project's texts as its files write them.
    expect(csvText).toContain('Shift,T\r\n');
    expect(csvText).not.toContain('Tagschicht');

    // Asked for English: English, numbers still in the plant's locale.
    const english = await supervisor.call('reports.export', { id: summary.id, format: 'pdf', language: 'en' });
    const englishText = await pdfText(Buffer.from(await (await get(english.url)).arrayBuffer()));
    expect(englishText).toContain('Shift report: T,');
    expect(englishText).not.toContain('Tagschicht');
    expect(englishText).toContain('Planned production time (min)');
    expect(englishText).toContain('0,25');
  });

  it('REST takes the language as a query parameter', async () => {
    const made = runtime!.users.createToken({ name: 'admin', role: 'admin', station: 'test' }, { name: 'archive', scopes: ['view', 'reports.export'] });
    if (!made.ok) throw new Error(made.error.message);
    const list = (await (await get('/api/v1/reports')).json()) as Array<{ id: number }>;
    const german = await get(`/api/v1/reports/${list[0]!.id}/export/pdf?language=de`, made.value.token);
    expect(german.status).toBe(200);
    expect(await pdfText(Buffer.from(await german.arrayBuffer()))).toContain('Schichtbericht: Tagschicht,');
    const unknown = await get(`/api/v1/reports/${list[0]!.id}/export/pdf?language=xx`, made.value.token);
    expect(unknown.status).toBe(400);
  });
});
