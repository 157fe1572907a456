import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
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

  it('an operator records material on the running order; it waits for a mapping until an engineer adds it on the Sync view', async () => {
    const { url, token } = runtime!;
    const operator = await (await TestClient.connect(url, token)).loginAs('operator');
    try {
      await operator.call('workOrders.start', { key: 'erp/WO-1003' });
    } finally {
      await operator.close();
    }
    await page.goto(`${url}/#/work-orders`);
    await page.waitForSelector(`${WO}:not([hidden])`, { timeout: UI_WAIT_MS });
    await page.click(`${WO} tr[data-key="erp/WO-1003"] .wo__link`);
    await page.waitForSelector(`${WO} [data-testid="wo-detail"][data-key="erp/WO-1003"][data-status="Running"]`, { timeout: UI_WAIT_MS });
    const form = `${WO} form[aria-label="Record material"]`;
    // A BOM material fills in its unit; this one is not on the BOM (nor in the mapping table).
    await page.fill(`${form} input[name="material"]`, 'GLUE-HM');
    expect(await page.inputValue(`${form} input[name="unit"]`)).toBe('KGM');
    await page.fill(`${form} input[name="material"]`, 'CLEAN-01');
    await page.fill(`${form} input[name="lot"]`, 'C-88');
    await page.fill(`${form} input[name="quantity"]`, '2.5');
    await page.fill(`${form} input[name="unit"]`, 'ltr');
    await page.click(`${form} button:has-text("Record")`);
    await page.waitForSelector(`${WO} [data-testid="wo-material"] [data-testid="wo-feedback"][data-state="accepted"]`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${WO} [data-testid="wo-consumptions"] tr[data-id="WO-1003.mc1"][data-source="manual"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${WO} [data-testid="wo-consumptions"] tr[data-id="WO-1003.mc1"]`)).toContain('2.500 L');

    // A partial confirmation, then reversed (asked first); both wait behind the unmapped material in the order's stream.
    await page.click(`${WO} [data-testid="wo-detail"] button:has-text("Partial confirm")`);
    await page.click(`${WO} .wo__actions .wo__confirm button:has-text("Confirm")`);
    const confirmations = `${WO} [data-testid="wo-confirmations"]`;
    await page.waitForSelector(`${confirmations} tr[data-id="WO-1003.c1"]`, { timeout: UI_WAIT_MS });
    await page.click(`${confirmations} tr[data-id="WO-1003.c1"] button:has-text("Reverse")`);
    expect(await page.textContent(`${confirmations} .wo__confirm`)).toContain('Reverse WO-1003.c1?');
    await page.click(`${confirmations} .wo__confirm button:has-text("Confirm")`);
    await page.waitForSelector(`${confirmations} tr[data-id="WO-1003.c2"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${confirmations} tr[data-id="WO-1003.c1"]`)).toContain('partial, reversed by WO-1003.c2');
    expect(await page.textContent(`${confirmations} tr[data-id="WO-1003.c2"]`)).toContain('reverses WO-1003.c1');
    expect(await page.$$eval(`${confirmations} button:has-text("Reverse")`, (b) => b.length)).toBe(0);
    await page.screenshot({ path: screenshotPath('work-orders-material') });

    await page.goto(`${url}/#/sync`);
    await page.waitForSelector(`${SYNC} [data-testid="sync-problems"] tr[data-key="WO-1003.mc1"][data-state="blocked"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${SYNC} tr[data-key="WO-1003.mc1"] .sync__reason`)).toBe('no mapping for material CLEAN-01');
    // Operators see the tables but cannot edit them.
    await page.waitForSelector(`${SYNC} [data-testid="sync-mappings"][data-editable="false"]`, { timeout: UI_WAIT_MS });
    expect(await page.$$eval(`${SYNC} [data-testid="sync-mappings"] input`, (inputs) => inputs.length)).toBe(0);
    expect(sim.state.has('WO-1003.mc1')).toBe(false);

    const engineerPage = await watchedPage(browser!, pageErrors);
    await engineerPage.goto(`${url}/#/sync&token=${token}`);
    await engineerPage.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(engineerPage, 'engineer');
    const mappings = `${SYNC} [data-testid="sync-mappings"][data-editable="true"]`;
    await engineerPage.waitForSelector(mappings, { timeout: UI_WAIT_MS });
    const materials = `${mappings} [data-table="materials"]`;
    const rowsBefore = await engineerPage.$$eval(`${materials} tbody tr`, (rows) => rows.length);
    await engineerPage.click(`${materials} button:has-text("Add material code")`);
    const row = `${materials} tbody tr[data-row="${rowsBefore + 1}"]`;
    await engineerPage.fill(`${row} input[aria-label$="MES code"]`, '500100');
    await engineerPage.fill(`${row} input[aria-label$="plant code"]`, 'CLEAN-01');
    await engineerPage.click(`${mappings} button:has-text("Save")`);
    await engineerPage.waitForSelector(`${mappings} [data-testid="wo-feedback"][data-state="accepted"]`, { timeout: UI_WAIT_MS });
    expect(await engineerPage.textContent(`${mappings} [data-testid="wo-feedback"]`)).toContain('1 waiting message released');
    await expect.poll(() => sim.state.has('WO-1003.mc1'), { timeout: UI_WAIT_MS }).toBe(true);
    expect(sim.state.consumptions('WO-1003').find((m) => m.key === 'WO-1003.mc1')!.body).toMatchObject({ material: { code: '500100' }, lot: 'C-88', quantity: { value: 2.5, unit: 'LTR' } });
    // Then the rest of the order's stream, in order: the confirmation and its reversal.
    await expect.poll(() => sim.state.has('WO-1003.c2'), { timeout: UI_WAIT_MS }).toBe(true);
    const stream = sim.state.received.filter((m) => m.subject === 'WO-1003').map((m) => m.key);
    expect(stream.filter((k) => !k.includes('.m'))).toEqual(['WO-1003.c1', 'WO-1003.c2']);
    expect(stream[0]).toBe('WO-1003.mc1');
    expect(stream.indexOf('WO-1003.c2')).toBeGreaterThan(stream.indexOf('WO-1003.c1'));
    await page.waitForSelector(`${SYNC} [data-testid="sync-problems"] tr[data-key="WO-1003.mc1"]`, { state: 'detached', timeout: UI_WAIT_MS });
    await engineerPage.screenshot({ path: screenshotPath('sync-mappings'), fullPage: true });
    await engineerPage.close();
    expect(pageErrors).toEqual([]);
  });
});
