import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { launchChromium, screenshotPath, signIn, waitForAttribute, watchedPage } from './hmi-page.ts';
import { chooseLanguageForMe, englishOnlyWords } from './language-check.ts';

const UI_WAIT_MS = 20_000;
const TEST_MS = 3 * 60_000;
const DEVICES = 'section.display:not([hidden])';
const NOTICES = '[data-testid="wo-notices"]';
const EDITOR = `${DEVICES} [data-testid="config-editor"]`;

/**
 * Texts the runtime makes, read by a German engineer: a work-order notice from the MES, why a device is in
 * error, and a refused form. Each comes from the runtime as a key and parameters (common/reasons.ts,
 * common/zod-problem.ts) and is said in German; none of it shows an English word of the interface.
 */
describe('texts made by the runtime, in German', () => {
  let sim: MesSim | undefined;
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let operator: TestClient | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    sim = new MesSim();
    const url = await sim.listen();
    runtime = await startExample({ mesBaseUrl: `${url}/api` });
    operator = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('operator');
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
    await page.setViewportSize({ width: 1280, height: 800 });
  }, TEST_MS);

  afterAll(async () => {
    await operator?.close();
    await browser?.close();
    await runtime?.dispose();
    await sim?.close();
  }, TEST_MS);

  /** English words of the interface in the elements `selector` finds (project data left out). */
  async function englishIn(selector: string): Promise<string[]> {
    const english = englishOnlyWords([runtime!.projectDir]);
    const texts = await page.$$eval(selector, (elements) => elements.map((el) => el.textContent ?? ''));
    return texts.flatMap((text) => text.match(/\p{L}{3,}/gu) ?? []).filter((word) => english.has(word.toLowerCase()));
  }

  it(
    'says a revision from the MES, a device that does not answer, and a refused device form in German',
    async () => {
      const { url, token } = runtime!;
      await expect.poll(async () => (await operator!.call('workOrders.list', {})).orders.length, { timeout: UI_WAIT_MS }).toBe(3);
      await operator!.call('workOrders.start', { key: 'erp/WO-1001' });
      await page.goto(`${url}/#/overview&token=${token}`);
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await signIn(page, 'engineer');
      await chooseLanguageForMe(page, 'de');

      // The work-order notice under the banner.
      const revised = await fetch(`${sim!.url}/admin/orders/WO-1001/revise`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ quantity: { value: 3000, unit: 'EA' }, parameters: { LineSpeed: 340 } }),
      });
      expect(revised.status).toBe(200);
      await page.waitForSelector(`${NOTICES} a[data-key="erp/WO-1001"][data-kind="revision"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${NOTICES} [data-testid="wo-notice-text"]`)).toBe('WO-1001: Revision 2 von MES/ERP wartet auf Annahme: Menge 2400 → 3000 Stk, LineSpeed 320 → 340, Stückliste (5 Positionen).');
      expect(await englishIn(NOTICES)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-runtime-notice') });

      // Why each device is in error, once the plant's servers are gone.
      await runtime!.stopPlant();
      await page.click('[data-testid="tab-devices"]');
      const modbusError = `${DEVICES} [data-testid="device-row:plant-modbus"] [data-testid="device-error"]`;
      const opcuaError = `${DEVICES} [data-testid="device-row:plant-opcua"] [data-testid="device-error"]`;
      await page.waitForFunction((selector) => document.querySelector(selector)?.textContent?.startsWith('keine Verbindung zu 127.0.0.1:') === true, modbusError, { timeout: UI_WAIT_MS });
      expect(await page.textContent(modbusError)).toMatch(/^keine Verbindung zu 127\.0\.0\.1:\d+: dort antwortet nichts \(Verbindung abgewiesen; ist das Gerät eingeschaltet und die Adresse richtig\?\)$/);
      await page.waitForFunction((selector) => /^der Server unter opc\.tcp:\/\/.* ist nicht erreichbar/.test(document.querySelector(selector)?.textContent ?? ''), opcuaError, { timeout: UI_WAIT_MS });
      // The runtime's own words stay English, for logs and REST clients.
      const modbus = (await operator!.call('devices.list', {})).find((d) => d.name === 'plant-modbus');
      expect(modbus?.lastError).toMatch(/^cannot connect to 127\.0\.0\.1:\d+: /);
      expect(await englishIn(`${DEVICES} [data-testid="device-error"]`)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-runtime-device-error') });

      // A refused device form: the poll interval is not a number.
      await page.click(`${DEVICES} [data-testid="device-row:plant-modbus"]`);
      await page.click(`${DEVICES} [data-testid="device-edit"]`);
      await page.waitForSelector(EDITOR, { timeout: UI_WAIT_MS });
      const config = `${EDITOR} [data-testid="def-field:config"]`;
      await page.fill(config, (await page.inputValue(config)).replace('"pollMs": 500', '"pollMs": "schnell"'));
      await page.click(`${EDITOR} [data-testid="config-save"]`);
      await waitForAttribute(page, `${EDITOR} [data-field="config"]`, 'data-invalid', 'true', UI_WAIT_MS);
      expect(await page.textContent(`${EDITOR} [data-testid="config-feedback"]`)).toBe('Abgelehnt. Abfrageintervall muss eine Zahl sein.');
      expect(await page.textContent(`${EDITOR} [data-testid="def-field-problem"]`)).toBe('pollMs: Abfrageintervall muss eine Zahl sein.');
      expect(await englishIn(`${EDITOR} [data-testid="config-feedback"], ${EDITOR} [data-testid="def-field-problem"]`)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-runtime-form-refused') });
      await page.click(`${EDITOR} [data-testid="config-close"]`);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
