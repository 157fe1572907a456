import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 20_000;
const WO = 'section[aria-label="Work orders"]';
const NOTICES = '[data-testid="wo-notices"]';

/**
 * The operator's view of an order the MES revises and then cancels while it runs on the example
 * plant: the banner says so on every display, the Work Orders view shows what changed, the operator
 * accepts the revision (its line speed written and read back) and acknowledges the cancel.
 */
describe('a running order revised and cancelled at the MES, on the HMI', () => {
  let sim: MesSim;
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let operator: TestClient;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sim = new MesSim();
    const url = await sim.listen();
    runtime = await startExample({ mesBaseUrl: `${url}/api` });
    operator = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('operator');
    browser = await launchChromium();
    page = await watchedPage(browser, pageErrors);
  });

  afterAll(async () => {
    await operator?.close();
    await browser?.close();
    await runtime?.dispose();
    await sim?.close();
  });

  const admin = (path: string, body: unknown = {}) => fetch(`${sim.url}/admin/orders/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);

  it('shows a revision of the running order on the banner and the order, and the operator accepts it', async () => {
    const { url, token } = runtime!;
    await expect.poll(async () => (await operator.call('workOrders.list', {})).orders.length, { timeout: UI_WAIT_MS }).toBe(3);
    await operator.call('workOrders.start', { key: 'erp/WO-1001' });
    await page.goto(`${url}/#/overview&token=${token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'operator');

    expect(await admin('WO-1001/revise', { quantity: { value: 3000, unit: 'EA' }, parameters: { LineSpeed: 340 } })).toBe(200);
    // On whatever display is shown: the banner under the alarm banner.
    await page.waitForSelector(`${NOTICES} a[data-key="erp/WO-1001"][data-kind="revision"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${NOTICES} [data-testid="wo-notice-text"]`)).toBe('WO-1001 revision 2 from MES/ERP waits for acceptance: quantity 2400 → 3000 pcs, LineSpeed 320 → 340, bill of materials (5 lines).');
    await page.screenshot({ path: screenshotPath('work-orders-revision-banner') });

    await page.click(`${NOTICES} a[data-key="erp/WO-1001"]`);
    await page.waitForSelector(`${WO}:not([hidden]) [data-testid="wo-detail"][data-key="erp/WO-1001"] [data-testid="wo-revision"][data-revision="2"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${WO} [data-testid="wo-revision"] tr[data-field="parameters.LineSpeed"]`)).toBe('LineSpeed320340');
    expect(await page.textContent(`${WO} [data-testid="wo-queue"] tr[data-key="erp/WO-1001"]`)).toContain('revision waiting');
    await page.screenshot({ path: screenshotPath('work-orders-revision') });

    await page.click(`${WO} [data-testid="wo-revision"] button:has-text("Accept revision 2")`);
    expect(await page.textContent(`${WO} [data-testid="wo-revision"] .wo__confirm`)).toContain('Writes LineSpeed = 340 to the line and reads it back first');
    await page.click(`${WO} [data-testid="wo-revision"] .wo__confirm button:has-text("Confirm")`);
    await page.waitForSelector(`${WO} [data-testid="wo-feedback"][data-state="accepted"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${WO} [data-testid="wo-feedback"]`)).toContain('read back LineSpeed = 340');
    await page.waitForSelector(`${WO} [data-testid="wo-detail"][data-key="erp/WO-1001"] [data-testid="wo-revision"]`, { state: 'detached', timeout: UI_WAIT_MS });
    await page.waitForSelector(NOTICES, { state: 'detached', timeout: UI_WAIT_MS });
    expect(await page.textContent(`${WO} [data-testid="wo-detail"] h2`)).toContain('rev 2');
    expect((await operator.call('tags.read', { paths: ['Line1/Conveyor/SpeedSetpoint'] }))[0]!.value).toBe(340);
  }, 90_000);

  it('shows a cancel of the running order: the line held, what was made confirmed as the final partial, until the operator acknowledges', async () => {
    await expect.poll(async () => (await operator.call('workOrders.list', {})).orders.find((o) => o.key === 'erp/WO-1001')!.progress.good, { timeout: UI_WAIT_MS }).toBeGreaterThan(0);
    expect(await admin('WO-1001/cancel')).toBe(200);
    await page.waitForSelector(`${NOTICES} a[data-key="erp/WO-1001"][data-kind="cancelled"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${NOTICES} [data-testid="wo-notice-text"]`)).toMatch(
      /^WO-1001 was cancelled by MES\/ERP while on the line: the line is held; \d+ good and \d+ rejected pcs in all confirmed, the last as final partial WO-1001\.c1\. Acknowledge it on Work orders\.$/,
    );
    const cancel = `${WO} [data-testid="wo-detail"][data-key="erp/WO-1001"][data-status="Held"] [data-testid="wo-cancel"][data-state="confirmed"]`;
    await page.waitForSelector(cancel, { timeout: UI_WAIT_MS });
    expect(await page.textContent(cancel)).toContain('Cancelled by MES/ERP while running (erp, status Cancelled, revision 3)');
    expect(await page.textContent(cancel)).toContain('WO-1001.c1, is the final partial (confirmed by the runtime, as this line is configured)');
    // The order's own commands are closed: the cancel closes it out.
    expect(await page.isDisabled(`${WO} [data-testid="wo-detail"] .wo__actions button:has-text("Resume")`)).toBe(true);
    expect(await page.isDisabled(`${WO} [data-testid="wo-detail"] .wo__actions button:has-text("Complete")`)).toBe(true);
    await page.waitForSelector(`${WO} [data-testid="wo-confirmations"] tr[data-id="WO-1001.c1"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${WO} [data-testid="wo-confirmations"] tr[data-id="WO-1001.c1"]`)).toContain('final partial (cancelled)');
    await page.screenshot({ path: screenshotPath('work-orders-cancelled-running') });

    await expect.poll(() => sim.state.completions('WO-1001').map((m) => [m.body['final'], m.body['cancelled']]), { timeout: UI_WAIT_MS }).toEqual([[true, true]]);
    // Only a supervisor decides on cancels held for a decision.
    await expect(operator.call('workOrders.decideCancel', { key: 'erp/WO-1001' })).rejects.toThrow(/forbidden/);

    await page.click(`${cancel} button:has-text("Acknowledge")`);
    await page.waitForSelector(`${WO} [data-testid="wo-detail"][data-key="erp/WO-1001"][data-status="Cancelled"]`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(NOTICES, { state: 'detached', timeout: UI_WAIT_MS });
    expect(await page.textContent(`${WO} [data-testid="wo-cancel"]`)).toContain('Acknowledged by');
    await page.screenshot({ path: screenshotPath('work-orders-cancel-acknowledged') });
    const audited = runtime!.audit.search({ action: 'workOrders.', text: 'WO-1001', limit: 20 }).records.map((r) => [r.user, r.action]);
    expect(audited).toEqual(
      expect.arrayContaining([
        ['MES erp', 'workOrders.cancel.received'],
        ['lineside', 'workOrders.cancel.confirm'],
        ['operator', 'workOrders.cancel.acknowledge'],
      ]),
    );
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
