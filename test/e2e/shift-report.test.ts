import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { TEST_USERS } from '../support/users.ts';
import { until } from '../support/until.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 15_000;
const SHIFT_SECONDS = 15;
const REPORTS = 'section[aria-label="Shift reports"]';
const OEE = 'section[aria-label="OEE"]';

/** The plant's local wall time `ms` from now, as HH:MM:SS in Europe/Berlin. */
function berlinTime(at: number): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(at);
}

describe('a supervisor and the last shift report, against the example plant', () => {
  let runtime: ExampleRuntime | undefined;
  let sim: MesSim | undefined;
  let operator: TestClient | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sim = new MesSim();
    const mesUrl = await sim.listen();
    runtime = await startExample({
      mesBaseUrl: `${mesUrl}/api`,
      // A short shift that starts a few seconds from now, so the test sees it run and end.
      prepareProject: async (dir) => {
        const shiftsFile = join(dir, 'shifts.json');
        const shifts = JSON.parse(await readFile(shiftsFile, 'utf8')) as Record<string, unknown>;
        const shiftStart = Math.ceil((Date.now() + 8000) / 1000) * 1000;
        shifts['shifts'] = [{ name: 'E2E', start: berlinTime(shiftStart), durationMinutes: SHIFT_SECONDS / 60 }];
        await writeFile(shiftsFile, JSON.stringify(shifts, null, 2));
      },
    });
    browser = await launchChromium();
    page = await watchedPage(browser, pageErrors, { acceptDownloads: true });
  }, 60_000);

  afterAll(async () => {
    operator?.close();
    await browser?.close();
    await runtime?.dispose();
    await sim?.close();
  });

  it('runs the MES first order during the shift (so the report has a row for it)', async () => {
    operator = await (await TestClient.connect(runtime!.url, runtime!.token)).loginAs('operator');
    await expect.poll(async () => (await operator!.call('workOrders.list', {})).orders.length, { timeout: UI_WAIT_MS }).toBeGreaterThanOrEqual(3);
    // The order runs inside the E2E shift: wait until the runtime itself says that shift has begun.
    await until(async () => (await operator!.call('shifts.list', {})).current?.shift === 'E2E', 'the E2E shift to begin', 20_000);
    const started = await operator.call('workOrders.start', { key: 'erp/WO-1001' });
    expect(started.order.status).toBe('Running');
  }, 30_000);

  it('shows live OEE during the shift and takes a logbook comment', async () => {
    const { url, token } = runtime!;
    await page.goto(`${url}/#/oee&token=${token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'supervisor');
    await page.waitForSelector(`${OEE}:not([hidden])`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${OEE} [data-testid="oee-tiles-Line1"]`, { timeout: UI_WAIT_MS + 10_000 });
    await expect.poll(() => page.textContent(`${OEE} [data-testid="oee-shift"]`), { timeout: UI_WAIT_MS }).toContain('E2E shift');
    await page.fill(`${OEE} [data-testid="logbook-text"]`, 'Label roll changed on the labeler');
    await page.click(`${OEE} [data-testid="logbook-add"]`);
    await page.waitForSelector(`${OEE} [data-testid="logbook-feedback"].feedback--accepted`, { timeout: UI_WAIT_MS });
    await expect.poll(() => page.textContent(`${OEE} [data-testid="logbook-list"]`), { timeout: UI_WAIT_MS }).toContain('Label roll changed');
    // The live tiles are tags too, for screens to bind.
    expect(runtime!.engine.slot('Line1/OEE/Availability')?.current.quality).toBe('Good');
    await page.screenshot({ path: screenshotPath('oee-live'), fullPage: true });
  }, 60_000);

  it('opens the last shift report, exports PDF and XLSX, and signs it', async () => {
    await page.click('[data-testid="tab-reports"]');
    await page.waitForSelector(`${REPORTS}:not([hidden])`, { timeout: UI_WAIT_MS });
    // Made by the runtime at the shift end (no call from the page asked for it).
    await page.waitForSelector(`${REPORTS} [data-testid="reports-list-item"]`, { timeout: SHIFT_SECONDS * 1000 + 20_000 });
    await page.click(`${REPORTS} [data-testid="reports-list-item"] >> nth=0`);
    await expect.poll(() => page.textContent(`${REPORTS} [data-testid="report-title"]`), { timeout: UI_WAIT_MS }).toContain('E2E shift');
    expect(await page.textContent(`${REPORTS} [data-testid="report-logbook"]`)).toContain('Label roll changed on the labeler');
    // Production per work order: the order that ran, and what was counted before it started.
    const production = await page.textContent(`${REPORTS} [data-testid="report-production"]`);
    expect(production).toContain('WO-1001');
    expect(production).toContain('WATER-STILL-05');
    expect(production).toContain('(no work order)');
    // The audit trail's head when the report was made is anchored in it.
    expect(await page.textContent(`${REPORTS} [data-testid="report-record"]`)).toMatch(/Audit trail at generationrecord \d+, hash [0-9a-f]{64}/);
    expect(await page.$$(`${REPORTS} [data-testid="report-kpv"] tbody tr`)).toHaveLength(4);
    // Written to the report folder at shift end too, with nobody asking.
    const folder = join(runtime!.projectDir, '..', 'data', 'reports');
    expect((await readdir(folder)).filter((f) => f.startsWith('shift-report-')).length).toBe(3);

    const [pdfDownload] = await Promise.all([page.waitForEvent('download', { timeout: UI_WAIT_MS }), page.click(`${REPORTS} [data-testid="export-pdf"]`)]);
    const pdf = await readFile((await pdfDownload.path())!);
    expect(pdfDownload.suggestedFilename()).toMatch(/^shift-report-.*_E2E-v1\.pdf$/);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const text = (await parser.getText()).text;
    await parser.destroy();
    expect(text).toContain('Shift report: E2E');
    expect(text).toContain('Label roll changed on the labeler');
    await page.waitForSelector(`${REPORTS} [data-testid="export-status"][data-state="done"]`, { timeout: UI_WAIT_MS });

    const [xlsxDownload] = await Promise.all([page.waitForEvent('download', { timeout: UI_WAIT_MS }), page.click(`${REPORTS} [data-testid="export-xlsx"]`)]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await xlsxDownload.path())!)) as unknown as ArrayBuffer);
    expect(book.getWorksheet('OEE')!.getRow(2).getCell(1).value).toBe('Line1');
    expect(book.getWorksheet('Logbook')!.getRow(2).getCell(5).value).toBe('Label roll changed on the labeler');
    await page.screenshot({ path: screenshotPath('shift-report'), fullPage: false });

    await page.click(`${REPORTS} [data-testid="report-sign"]`);
    await page.waitForSelector('[data-testid="sign-dialog"]', { timeout: UI_WAIT_MS });
    expect(await page.textContent('[data-testid="sign-user"]')).toBe(TEST_USERS.supervisor.name);
    expect(await page.isDisabled('[data-testid="sign-confirm"]')).toBe(true);
    await page.fill('[data-testid="sign-reason"]', 'Shift handover, figures checked');
    expect(await page.isDisabled('[data-testid="sign-confirm"]')).toBe(true);
    await page.fill('[data-testid="sign-password"]', TEST_USERS.supervisor.password);
    await page.screenshot({ path: screenshotPath('shift-report-sign') });
    await page.click('[data-testid="sign-confirm"]');
    await page.waitForSelector(`${REPORTS} [data-testid="report-signed"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${REPORTS} [data-testid="report-signed"]`)).toContain('Signed by supervisor (supervisor)');
    expect(await page.$('[data-testid="sign-dialog"]')).toBeNull();
    const signed = runtime!.gateway && (await page.evaluate(() => document.querySelector('[data-testid="reports-list-item"]')?.textContent ?? ''));
    expect(signed).toContain('signed supervisor');
    await page.screenshot({ path: screenshotPath('shift-report-signed') });

    // A signed report is locked: a correction is a new version, unsigned, beside the signed one.
    await page.click(`${REPORTS} [data-testid="report-regenerate"]`);
    await expect
      .poll(() => page.$$eval(`${REPORTS} [data-testid="reports-list-item"]`, (items) => items.map((i) => i.textContent ?? '')), { timeout: UI_WAIT_MS })
      .toEqual([expect.stringContaining('v2'), expect.stringContaining('signed supervisor')]);
    await page.waitForSelector(`${REPORTS} [data-testid="report-sign"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${REPORTS} .report-toolbar__note`)).toBe('version 2');
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
