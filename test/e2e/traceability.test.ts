import type { Browser, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { EXAMPLE_PROJECT_DIR } from '../../main/runtime.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { until } from '../support/until.ts';
import { TestClient } from '../support/ws-client.ts';
import { englishOnlyWords, interfaceWords } from './language-check.ts';
import { cutOff } from './layout-check.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 20_000;
const TEST_MS = 180_000;
const TRACE = 'section[aria-label="Traceability"]';
const TRACE_DE = 'section[aria-label="Rückverfolgung"]';

/**
 * The example plant with the MES simulator: an operator sets the lots in use at Line1 (some through
 * the runtime, one on the display), runs WO-1001 and confirms it; then on the Traceability display
 * traces the output lot backward and the preform lot forward, makes the recall list and exports it,
 * and reads the display in German and in the night theme. REST gives the same recall as CSV and PDF.
 */
describe('traceability on the HMI', () => {
  let sim: MesSim;
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let client: TestClient;
  let outputLot: string;
  const errors: string[] = [];

  beforeAll(async () => {
    sim = new MesSim();
    const url = await sim.listen();
    runtime = await startExample({ mesBaseUrl: `${url}/api`, mesDispatch: { baseDelayMs: 50, maxDelayMs: 400 } });
    client = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('operator');
    await until(async () => (await client.call('workOrders.list', {})).orders.length >= 3, 'the example orders', UI_WAIT_MS);
    for (const [material, lot] of [
      ['PET-05', 'PET-2611-A'],
      ['WATER-TREATED', 'WTR-0001'],
      ['LABEL-05', 'LBL-77'],
    ] as const)
      await client.call('lots.setLineInput', { line: 'Line1', material, lot });
    await client.call('workOrders.start', { key: 'erp/WO-1001' });
    browser = await launchChromium();
    page = await watchedPage(browser, errors, { acceptDownloads: true });
  }, TEST_MS);

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await runtime?.dispose();
    await sim?.close();
  }, TEST_MS);

  it(
    'the operator sees the material without a lot, sets it, and the confirmation names the lots',
    async () => {
      const { url, token } = runtime!;
      await page.goto(`${url}/#/traceability&token=${token}`);
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await signIn(page, 'operator');
      await page.waitForSelector(`${TRACE}:not([hidden])`, { timeout: UI_WAIT_MS });
      // The example's still water has an inspection plan: the fill volume (5 values) is due at order start.
      const fill = `${TRACE} [data-testid="samples-due"] tr[data-characteristic="FILL"]`;
      await page.waitForSelector(`${fill}[data-due="true"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${TRACE} [data-testid="samples-due"] tr[data-characteristic="CAP"]`)).toContain('Next at 500 good units');
      for (const [i, v] of ['500.2', '499.8', '500.1', '499.9', '500.4'].entries()) await page.fill(`${fill} input[aria-label="Fill volume, value ${i + 1}"]`, v);
      await page.screenshot({ path: screenshotPath('traceability-sample-due') });
      await page.click(`${fill} button:has-text("Record")`);
      await page.waitForSelector(`${TRACE} [data-testid="samples-due-feedback"][data-state="accepted"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${TRACE} [data-testid="samples-due-feedback"]`)).toMatch(/Fill volume recorded for lot Line1-\d{6}-\d{3} at \d\d:\d\d/);
      await page.waitForSelector(`${fill}[data-due="false"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(fill)).toContain('Next at');
      const stored = await client.call('quality.chart', { product: 'WATER-STILL-05', characteristic: 'FILL' }).catch((e: Error) => e.message);
      expect(stored).toBe('quality.chart: bad-request: Fill volume has 1 sample(s); a chart needs at least 2');
      // The running order needs closures (CAP-28) and glue (GLUE-HM); no lot is set for them.
      await page.waitForSelector(`${TRACE} [data-testid="line-inputs"] tr[data-material="CAP-28"][data-missing="true"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${TRACE} [data-testid="line-inputs-missing"]`)).toContain('2 materials of the running order have no lot');
      await page.screenshot({ path: screenshotPath('traceability-missing-lot') });
      await page.fill(`${TRACE} input[aria-label="New lot for CAP-28"]`, 'CAP-2611-B');
      await page.click(`${TRACE} tr[data-material="CAP-28"] button:has-text("Set")`);
      await page.waitForSelector(`${TRACE} [data-testid="line-inputs-feedback"][data-state="accepted"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${TRACE} [data-testid="line-inputs-feedback"]`)).toContain('CAP-28 at Line1 now uses lot CAP-2611-B');
      await page.waitForSelector(`${TRACE} tr[data-material="CAP-28"][data-missing="false"]`, { timeout: UI_WAIT_MS });

      await until(async () => ((await client.call('workOrders.list', {})).orders.find((o) => o.key === 'erp/WO-1001')?.progress.good ?? 0) > 0, 'bottles counted (the example line may be in a fault for a while)', 90_000);
      const confirmed = await client.call('workOrders.confirm', { key: 'erp/WO-1001' });
      expect(confirmed.completion.lots).toHaveLength(1);
      outputLot = confirmed.completion.lots[0]!;
      expect(outputLot).toMatch(/^Line1-\d{6}-\d{3}$/);
      const lots = Object.fromEntries(confirmed.consumptions.map((c) => [c.material.code, c.lot ?? null]));
      expect(lots).toMatchObject({ 'PET-05': 'PET-2611-A', 'CAP-28': 'CAP-2611-B', 'WATER-TREATED': 'WTR-0001', 'LABEL-05': 'LBL-77' });
      // The REST connector took the lots to the MES simulator.
      await until(() => sim.state.completions('WO-1001').length === 1, 'the confirmation at the MES', UI_WAIT_MS);
      expect(sim.state.completions('WO-1001')[0]!.body['lots']).toEqual([outputLot]);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'traces the output lot backward and the preform lot forward as a tree, and exports the recall list',
    async () => {
      await page.fill(`${TRACE} [data-testid="lot-search"]`, outputLot);
      await page.click(`${TRACE} .trace__direction input[value="backward"]`);
      await page.click(`${TRACE} .trace__search button[type="submit"]`);
      await page.waitForSelector(`${TRACE} [data-testid="lot-tree"] li[data-lot="PET-2611-A"][data-depth="1"]`, { timeout: UI_WAIT_MS });
      const backward = await page.$$eval(`${TRACE} [data-testid="lot-tree"] li[data-depth="1"]`, (items) => items.map((li) => li.getAttribute('data-lot')).sort());
      expect(backward).toEqual(['CAP-2611-B', 'LBL-77', 'PET-2611-A', 'WTR-0001']);
      expect(await page.textContent(`${TRACE} [data-testid="trace-summary"]`)).toBe('5 lots over 1 level');
      await page.screenshot({ path: screenshotPath('traceability-backward') });

      await page.fill(`${TRACE} [data-testid="lot-search"]`, 'PET-2611-A');
      await page.click(`${TRACE} .trace__direction input[value="forward"]`);
      await page.click(`${TRACE} .trace__search button[type="submit"]`);
      await page.waitForSelector(`${TRACE} [data-testid="lot-tree"] li[data-lot="${outputLot}"][data-depth="1"]`, { timeout: UI_WAIT_MS });
      await page.click(`${TRACE} .trace__actions button`);
      await page.waitForSelector(`${TRACE} [data-testid="recall-table"] tr[data-lot="${outputLot}"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${TRACE} [data-testid="recall-count"]`)).toBe('1 output lot reached');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${TRACE} [data-testid="recall-panel"] button:has-text("Export CSV")`)]);
      expect(download.suggestedFilename()).toBe('recall-PET-2611-A.csv');
      const csv = await readFile((await download.path())!, 'utf8');
      const [heading, row] = csv.trim().split(/\r?\n/);
      expect(heading).toBe('Lot,Material,Level,Work order,Line,Shift,Opened,Closed,Good units,Confirmed to ERP');
      expect(row).toMatch(new RegExp(`^${outputLot},WATER-STILL-05,1,erp/WO-1001,Line1,`));
      await page.screenshot({ path: screenshotPath('traceability-recall') });

      // REST: the same list as CSV and PDF, the trace as JSON (the station token reads).
      const { url, token } = runtime!;
      const headers = { Authorization: `Bearer ${token}` };
      const restCsv = await fetch(`${url}/api/v1/lots/PET-2611-A/recall/csv`, { headers });
      expect(restCsv.status).toBe(200);
      expect(await restCsv.text()).toContain(`${outputLot},WATER-STILL-05,1,erp/WO-1001,Line1,`);
      const pdf = await fetch(`${url}/api/v1/lots/PET-2611-A/recall/pdf`, { headers });
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      const trace = (await (await fetch(`${url}/api/v1/lots/${outputLot}/trace?direction=backward`, { headers })).json()) as { lots: Array<{ id: string; depth: number }> };
      expect(trace.lots.find((l) => l.id === 'PET-2611-A')?.depth).toBe(1);
      const missing = await fetch(`${url}/api/v1/lots/NOPE-1/trace?direction=forward`, { headers });
      expect(missing.status).toBe(404);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'in German and in the night theme: no English word left, nothing cut off',
    async () => {
      await page.click('[data-testid="language-switch"] > summary');
      await page.click('[data-testid="language-user-de"]');
      await page.waitForFunction(() => document.documentElement.lang === 'de', undefined, { timeout: UI_WAIT_MS });
      await page.waitForSelector(`${TRACE_DE}:not([hidden])`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${TRACE_DE} .display__title`)).toBe('Rückverfolgung');
      expect(await page.textContent(`${TRACE_DE} [data-testid="recall-count"]`)).toBe('1 Fertigcharge erreicht');
      const english = englishOnlyWords([EXAMPLE_PROJECT_DIR]);
      const words = await interfaceWords(page, [TRACE_DE]);
      expect(words.length).toBeGreaterThan(40);
      expect(words.filter((w) => english.has(w.toLowerCase()))).toEqual([]);
      expect(await cutOff(page, [TRACE_DE])).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-traceability') });
      await page.click('[data-testid="theme-switch"] summary');
      await page.click('[data-testid="theme-station-night"]');
      await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'night', undefined, { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('language-de-traceability-night') });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
