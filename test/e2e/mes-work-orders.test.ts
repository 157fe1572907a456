import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 20_000;
const WO = 'section[aria-label="Work orders"]';
const SYNC = 'section[aria-label="MES/ERP sync"]';

describe('work orders from the MES on the HMI', () => {
  let sim: MesSim;
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sim = new MesSim();
    const url = await sim.listen();
    runtime = await startExample({ mesBaseUrl: `${url}/api` });
    browser = await launchChromium();
    page = await watchedPage(browser, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    await sim?.close();
  });

  it('shows the queue, starts an order with its line speed read back, counts it live, and its confirmation arrives at the MES', async () => {
    const { url, token } = runtime!;
    await page.goto(`${url}/#/work-orders&token=${token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'operator');
    await page.waitForSelector(`${WO}:not([hidden])`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${WO} [data-testid="wo-queue"] tr[data-key="erp/WO-1001"][data-status="Released"]`, { timeout: UI_WAIT_MS });
    expect(await page.$$eval(`${WO} [data-testid="wo-queue"] tbody tr[data-key]`, (rows) => rows.length)).toBe(3);
    await page.screenshot({ path: screenshotPath('work-orders-queue') });

    await page.click(`${WO} tr[data-key="erp/WO-1001"] .wo__link`);
    await page.click(`${WO} [data-testid="wo-detail"] button:has-text("Start")`);
    expect(await page.textContent(`${WO} .wo__confirm`)).toContain('Writes LineSpeed = 320 to the line and reads it back first');
    await page.click(`${WO} .wo__confirm button:has-text("Confirm")`);
    await page.waitForSelector(`${WO} [data-testid="wo-feedback"][data-state="accepted"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${WO} [data-testid="wo-feedback"]`)).toContain('read back LineSpeed = 320');
    await page.waitForSelector(`${WO} [data-testid="wo-detail"][data-status="Running"]`, { timeout: UI_WAIT_MS });

    const good = () => page.$eval(`${WO} [data-testid="wo-good"]`, (el) => Number((el.textContent ?? '').replace(/[^0-9]/g, '')));
    await expect.poll(good, { timeout: UI_WAIT_MS }).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath('work-orders-running') });

    await page.click(`${WO} [data-testid="wo-detail"] button:has-text("Complete")`);
    await page.click(`${WO} .wo__confirm button:has-text("Confirm")`);
    await page.waitForSelector(`${WO} [data-testid="wo-detail"][data-status="Completed"]`, { timeout: UI_WAIT_MS });
    await expect.poll(() => sim.state.completions('WO-1001').length, { timeout: UI_WAIT_MS }).toBe(1);
    const arrived = sim.state.completions('WO-1001')[0]!;
    expect(arrived.body['final']).toBe(true);
    expect((arrived.body['good'] as { value: number }).value).toBeGreaterThan(0);

    await page.goto(`${url}/#/sync`);
    await page.waitForSelector(`${SYNC}:not([hidden])`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${SYNC} [data-testid="sync-connectors"] tr[data-id="erp"][data-health="ok"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${SYNC} [data-testid="sync-connectors"] tr[data-id="erp"] [data-testid="sync-pending"]`)).toBe('0');
    await page.screenshot({ path: screenshotPath('sync-status') });
    expect(pageErrors).toEqual([]);
  });
});
