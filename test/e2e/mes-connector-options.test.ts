import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 20_000;
const SYNC = 'section[aria-label="MES/ERP sync"]';
const OPTIONS = `${SYNC} [data-testid="sync-options"]`;
const TOKEN_B = 'token-for-the-second-mes';

/**
 * An engineer moves the example's connector to another MES in the Sync view: the form comes from
 * the transport, a bad URL is refused on its field, the token is set write-only, the connector is
 * restarted with the new options and pulls from the new MES at once; operators only read.
 */
describe('connector options edited in the Sync view', () => {
  let simA: MesSim;
  let simB: MesSim;
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    simA = new MesSim();
    simB = new MesSim({ seed: false, token: TOKEN_B });
    await simB.listen();
    simB.state.putOrder({ ...simA.state.order('WO-1001')!, id: 'WO-7001' });
    runtime = await startExample({ mesBaseUrl: `${await simA.listen()}/api` });
    browser = await launchChromium();
    page = await watchedPage(browser, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    await simA?.close();
    await simB?.close();
  });

  it('refuses a bad URL on its field, then saves the new MES with its token, applied live and audited without the secret', async () => {
    const { url, token } = runtime!;
    await page.goto(`${url}/#/sync&token=${token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'engineer');
    await page.waitForSelector(`${OPTIONS}[data-connector="erp"][data-editable="true"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${OPTIONS} tr[data-field="webhookSecret"] [data-testid="secret-state"]`)).toBe('set');
    expect(await page.textContent(`${OPTIONS} tr[data-field="token"] [data-testid="secret-state"]`)).toBe('not set');
    expect(await page.content()).not.toContain('example-webhook-secret-change-me');

    await page.fill(`${OPTIONS} input[name="baseUrl"]`, 'mes.example');
    await page.click(`${OPTIONS} button:has-text("Save")`);
    await page.waitForSelector(`${OPTIONS} [data-testid="wo-feedback"][data-state="refused"]`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${OPTIONS} tr[data-field="baseUrl"][data-invalid="true"] input[aria-invalid="true"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${OPTIONS} tr[data-field="baseUrl"] .sync__option-problem`)).toBe('options.baseUrl: must be an http(s) URL');
    await page.locator(OPTIONS).scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('sync-connector-options-refused') });

    await page.fill(`${OPTIONS} input[name="baseUrl"]`, `${simB.url}/api`);
    await page.fill(`${OPTIONS} input[name="pollIntervalMs"]`, '500');
    await page.click(`${OPTIONS} tr[data-field="token"] button:has-text("Set")`);
    await page.fill(`${OPTIONS} tr[data-field="token"] input[type="password"]`, TOKEN_B);
    // The refusal was about the value saved; the edited form no longer shows it.
    await page.waitForSelector(`${OPTIONS} tr[data-field="baseUrl"][data-invalid="false"]`, { timeout: UI_WAIT_MS });
    await page.screenshot({ path: screenshotPath('sync-connector-options') });
    await page.click(`${OPTIONS} button:has-text("Save")`);
    await page.waitForSelector(`${OPTIONS} [data-testid="wo-feedback"][data-state="accepted"]`, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${OPTIONS} [data-testid="wo-feedback"]`)).toContain('the connector restarted with them');
    await page.waitForSelector(`${OPTIONS} tr[data-field="token"] [data-testid="secret-state"]:text-is("set")`, { timeout: UI_WAIT_MS });
    expect(await page.content()).not.toContain(TOKEN_B);

    // Applied live: the restarted connector pulls from the new MES with the new token.
    const client = await (await TestClient.connect(url, token)).loginAs('operator');
    try {
      await expect.poll(async () => (await client.call('workOrders.list', {})).orders.some((o) => o.key === 'erp/WO-7001'), { timeout: UI_WAIT_MS }).toBe(true);
    } finally {
      await client.close();
    }
    const written = JSON.parse(readFileSync(join(runtime!.projectDir, 'mes.json'), 'utf8')) as { connectors: Array<{ options: Record<string, unknown> }> };
    // mes.json names the secrets; their values are in the station's secrets file.
    expect(written.connectors[0]!.options).toMatchObject({ baseUrl: `${simB.url}/api`, pollIntervalMs: 500, timeoutMs: 5000, token: { secret: 'mes.erp.token' }, webhookSecret: { secret: 'mes.erp.webhookSecret' } });
    expect(readFileSync(join(runtime!.projectDir, 'mes.json'), 'utf8')).not.toContain(TOKEN_B);
    expect(runtime!.secrets.get('mes.erp.token')).toBe(TOKEN_B);
    const [entry] = runtime!.audit.search({ action: 'mes.connectors.save', limit: 1 }).records;
    expect(entry).toMatchObject({ user: 'engineer', target: 'erp' });
    expect(JSON.parse(entry!.newValue as string)).toMatchObject({ options: { baseUrl: `${simB.url}/api`, token: { set: true }, webhookSecret: { set: true } }, secretsChanged: ['token'] });
    expect(JSON.parse(entry!.oldValue as string)).toMatchObject({ options: { baseUrl: `${simA.url}/api`, pollIntervalMs: 2000 } });
    expect(JSON.stringify(entry)).not.toContain(TOKEN_B);
    expect(JSON.stringify(entry)).not.toContain(runtime!.secrets.get('mes.erp.webhookSecret'));
  }, 90_000);

  it('shows operators the options read-only, secrets as set', async () => {
    const operatorPage = await watchedPage(browser!, pageErrors);
    try {
      await operatorPage.goto(`${runtime!.url}/#/sync&token=${runtime!.token}`);
      await operatorPage.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await signIn(operatorPage, 'operator');
      await operatorPage.waitForSelector(`${OPTIONS}[data-editable="false"]`, { timeout: UI_WAIT_MS });
      expect(await operatorPage.$$eval(`${OPTIONS} input`, (inputs) => inputs.length)).toBe(0);
      expect(await operatorPage.textContent(`${OPTIONS} tr[data-field="baseUrl"]`)).toContain(`${simB.url}/api`);
      expect(await operatorPage.textContent(`${OPTIONS} tr[data-field="token"] [data-testid="secret-state"]`)).toBe('set');
    } finally {
      await operatorPage.close();
    }
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
