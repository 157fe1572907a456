import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { launchChromium, screenshotPath, signIn } from './hmi-page.ts';

const UI_WAIT_MS = 20_000;
const REPORTS = 'section[aria-label="Shift reports"]';

/** `2026-12-07T14:00` in Europe/Berlin (the example plant's zone), as a datetime-local input takes it. */
function berlinInput(at: number): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at).map((x) => [x.type, x.value]),
  );
  return `${p['year']}-${p['month']}-${p['day']}T${p['hour']}:${p['minute']}`;
}

async function pdfText(page: Page): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: UI_WAIT_MS }), page.click(`${REPORTS} [data-testid="export-pdf"]`)]);
  const parser = new PDFParse({ data: new Uint8Array(await readFile((await download.path())!)) });
  const text = (await parser.getText()).text;
  await parser.destroy();
  return { name: download.suggestedFilename(), text };
}

describe('a supervisor makes a report on demand, against the example plant', () => {
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('reports the current shift so far, marked provisional in the view, PDF and XLSX, and not signable', async () => {
    const client = await TestClient.connect(runtime!.url, runtime!.token);
    const current = (await client.call('shifts.list', {})).current!;
    await client.close();
    expect(current).toBeTruthy();

    await page.goto(`${runtime!.url}/#/reports&token=${runtime!.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'supervisor');
    await page.click('[data-testid="tab-reports"]');
    await page.waitForSelector(`${REPORTS}:not([hidden])`, { timeout: UI_WAIT_MS });
    // No report yet (no shift has ended since the runtime started); the current shift is offered first.
    await expect.poll(() => page.inputValue(`${REPORTS} [data-testid="report-demand-choice"]`), { timeout: UI_WAIT_MS }).toBe(current.id);
    await page.click(`${REPORTS} [data-testid="report-demand-generate"]`);
    await page.waitForSelector(`${REPORTS} [data-testid="report-demand-feedback"].feedback--accepted`, { timeout: UI_WAIT_MS });
    await expect.poll(() => page.textContent('[data-testid="report-title"]'), { timeout: UI_WAIT_MS }).toContain(`${current.shift} shift`);
    expect(await page.textContent('[data-testid="report-provisional"]')).toBe('Provisional');
    expect(await page.textContent(`${REPORTS} .report-toolbar__note`)).toContain('the shift was still running');
    expect(await page.isDisabled('[data-testid="report-sign"]')).toBe(true);
    expect(await page.textContent(`${REPORTS} [data-testid="reports-list-item"] >> nth=0`)).toContain('Provisional');
    await page.screenshot({ path: screenshotPath('report-on-demand') });

    const pdf = await pdfText(page);
    expect(pdf.name).toMatch(/-provisional\.pdf$/);
    expect(pdf.text).toContain('PROVISIONAL: the shift was still running');
    await page.waitForSelector(`${REPORTS} [data-testid="export-status"][data-state="done"]`, { timeout: UI_WAIT_MS });
    const [xlsx] = await Promise.all([page.waitForEvent('download', { timeout: UI_WAIT_MS }), page.click(`${REPORTS} [data-testid="export-xlsx"]`)]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await xlsx.path())!)) as unknown as ArrayBuffer);
    expect(String(book.worksheets[0]!.getRow(2).getCell(2).value)).toMatch(/^PROVISIONAL: the shift was still running; this report covers it up to /);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('reports a custom range in plant time: provisional until signed, and signable', async () => {
    const to = Math.floor(Date.now() / 60_000) * 60_000;
    const from = to - 30 * 60_000;
    await page.selectOption(`${REPORTS} [data-testid="report-demand-choice"]`, 'custom');
    await page.fill(`${REPORTS} [data-testid="report-demand-from"]`, berlinInput(from));
    await page.fill(`${REPORTS} [data-testid="report-demand-to"]`, berlinInput(to));
    await page.click(`${REPORTS} [data-testid="report-demand-generate"]`);
    await expect.poll(() => page.textContent('[data-testid="report-title"]'), { timeout: UI_WAIT_MS }).toContain('Custom range');
    // The list is newest start first: when the current shift began less than 30 minutes ago, its report
    // comes before the range's, so the range's entry is found by its name, not its place.
    const shown = await page.evaluate(() => [...document.querySelectorAll('[data-testid="reports-list-item"]')].map((item) => item.textContent ?? ''));
    expect(shown.filter((text) => text.includes('Custom range'))).toHaveLength(1);
    const client = await TestClient.connect(runtime!.url, runtime!.token);
    const list = await client.call('reports.list', {});
    await client.close();
    // The range is read in the plant's time zone, whatever the browser's is.
    expect(list.find((report) => report.shift === 'Custom range')).toMatchObject({ start: from, end: to, provisional: true, signature: null });
    expect(await page.textContent('[data-testid="report-provisional"]')).toBe('Provisional');
    expect(await page.isDisabled('[data-testid="report-sign"]')).toBe(false);
    const pdf = await pdfText(page);
    expect(pdf.text).toContain('PROVISIONAL: not signed');
    await page.screenshot({ path: screenshotPath('report-on-demand-range') });
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
