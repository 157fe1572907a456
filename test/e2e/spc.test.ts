import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { until } from '../support/until.ts';
import { TestClient } from '../support/ws-client.ts';
import { cutOff } from './layout-check.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 20_000;
const TEST_MS = 180_000;
const SPC = 'section[aria-label="Control chart"]';

// Fill volume samples of 5 (ml): normal around 500 with σ 0.6 (seeded, so every run draws the same), the last one 3 ml high.
const random = seededRandom(20);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const sample = (mean: number) => Array.from({ length: 5 }, () => Math.round((mean + 0.6 * normal()) * 10) / 10);

/**
 * The example plant with the MES simulator: 25 fill-volume samples of the running still-water order
 * are recorded, the last one 3 ml high. The SPC view of the Traceability display draws the X̄-R chart
 * with its limits from the baseline and marks the shifted sample (rule 1) with the warning triangle,
 * lists it, shows capability; by day and by night.
 */
describe('SPC chart on the HMI', () => {
  let sim: MesSim;
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let client: TestClient;
  const errors: string[] = [];

  beforeAll(async () => {
    sim = new MesSim();
    const url = await sim.listen();
    runtime = await startExample({ mesBaseUrl: `${url}/api`, mesDispatch: { baseDelayMs: 50, maxDelayMs: 400 } });
    client = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('operator');
    await until(async () => (await client.call('workOrders.list', {})).orders.length >= 3, 'the example orders', UI_WAIT_MS);
    await client.call('workOrders.start', { key: 'erp/WO-1001' });
    for (let i = 0; i < 24; i++) await client.call('quality.record', { order: 'erp/WO-1001', characteristic: 'FILL', values: sample(500) });
    await client.call('quality.record', { order: 'erp/WO-1001', characteristic: 'FILL', values: sample(503) });
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
  }, TEST_MS);

  afterAll(async () => {
    client?.close();
    await browser?.close();
    await runtime?.dispose();
    await sim?.close();
  }, TEST_MS);

  it(
    'draws the X̄-R chart with the shifted sample marked, lists the violation and the capability',
    async () => {
      const { url, token } = runtime!;
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${url}/#/traceability?view=spc&token=${token}`);
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await signIn(page, 'operator');
      const chart = `${SPC} [data-testid="spc-chart"]`;
      await page.waitForSelector(`${chart}[data-kind="xbar-r"][data-points="25"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SPC} [data-testid="spc-summary"]`)).toContain('Control limits from samples 1–25');
      const rules = await page.$$eval(`${SPC} [data-testid="spc-signals"] tr[data-rule]`, (rows) => rows.map((r) => `${r.getAttribute('data-rule')}:${r.querySelector('td')?.textContent}`));
      expect(rules).toContain('nelson1:25');
      // No in-control sample is beyond its limits (seeded data).
      expect(rules.filter((r) => r.startsWith('nelson1:'))).toEqual(['nelson1:25']);
      expect(await page.textContent(`${SPC} [data-testid="spc-signals"]`)).toContain('Nelson 1: one point beyond 3σ');
      expect(await page.textContent(`${SPC} [data-testid="spc-capability"]`)).toContain('All samples');
      // The signal is an alarm of the class Quality, in the alarm summary like any other.
      const spcAlarm = await until(async () => (await client.call('alarms.list', { filter: { areas: ['Quality'] } })).alarms.find((a) => a.id === 'Quality/Line1/FILL/Spc' && a.active), 'the SPC alarm', UI_WAIT_MS);
      expect(spcAlarm).toMatchObject({ priority: 'medium', latched: true, message: 'Fill volume on Line1: SPC signal, Nelson 1: one point beyond 3σ' });
      // The canvas: the one signal colour appears (the warning triangle), and it is drawn only once per marked point.
      await until(
        () =>
          page.$eval(`${chart} canvas`, (canvas) => {
            const c = canvas as HTMLCanvasElement;
            const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 0; i < data.length; i += 4) if (data[i]! > 220 && data[i + 1]! > 160 && data[i + 1]! < 190 && data[i + 2]! < 30) n++;
            return n > 20;
          }),
        'the warning triangle drawn on the chart',
        UI_WAIT_MS,
      );
      expect(await cutOff(page, [SPC])).toEqual([]);
      await page.screenshot({ path: screenshotPath('spc-xbar-r') });
      // X̄-S of the same samples.
      await page.selectOption(`${SPC} [data-testid="spc-kind"]`, 'xbar-s');
      await page.waitForSelector(`${chart}[data-kind="xbar-s"]`, { timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'the p chart of the attribute check, and the night theme',
    async () => {
      for (const pass of [true, true, false, true]) await client.call('quality.record', { order: 'erp/WO-1001', characteristic: 'CAP', values: [], pass, ...(pass ? {} : { defect: 'LOOSE' }) });
      await page.selectOption(`${SPC} [data-testid="spc-characteristic"]`, 'WATER-STILL-05|CAP');
      await page.waitForSelector(`${SPC} [data-testid="spc-chart"][data-kind="p"][data-points="4"]`, { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('spc-p') });
      await page.selectOption(`${SPC} [data-testid="spc-characteristic"]`, 'WATER-STILL-05|FILL');
      await page.waitForSelector(`${SPC} [data-testid="spc-chart"][data-points="25"]`, { timeout: UI_WAIT_MS });
      await page.click('[data-testid="theme-switch"] summary');
      await page.click('[data-testid="theme-station-night"]');
      await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'night', undefined, { timeout: UI_WAIT_MS });
      await page.waitForSelector(`${SPC} [data-testid="spc-chart"] canvas`, { timeout: UI_WAIT_MS });
      // The chart's ground follows the theme: dark grey by night.
      await until(
        () =>
          page.$eval(`${SPC} [data-testid="spc-chart"] canvas`, (canvas) => {
            const c = canvas as HTMLCanvasElement;
            const [r] = c.getContext('2d')!.getImageData(4, 4, 1, 1).data;
            return r! < 80;
          }),
        'the chart redrawn in the night colours',
        UI_WAIT_MS,
      );
      await page.screenshot({ path: screenshotPath('spc-xbar-r-night') });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
