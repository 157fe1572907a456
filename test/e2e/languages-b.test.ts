import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';
import { chooseLanguageForMe, englishOnlyWords, interfaceWords } from './language-check.ts';
import { cutOff } from './layout-check.ts';

const UI_WAIT_MS = 20_000;
const TEST_MS = 4 * 60_000;
/** The display shown (its dialogs are inside it). */
const SHOWN = 'section.display:not([hidden])';

// Devices, MES sync, OEE, shift reports and work orders in German, as the roles that use them see them, on
// one runtime (the example plant and a simulated MES) and one page: no English word of the interface left,
// nothing cut off at 1280x720 (German is longer), a screenshot of each (test-results/e2e/language-de-*.png).
describe('devices, sync, OEE, reports and work orders in German', () => {
  let sim: MesSim;
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];
  const english = englishOnlyWords();

  beforeAll(async () => {
    sim = new MesSim();
    const url = await sim.listen();
    runtime = await startExample({ mesBaseUrl: `${url}/api` });
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    await sim?.close();
  }, TEST_MS);

  /** Signs in as `role` and chooses German for them (the person's language, not the station's). */
  async function signInGerman(role: 'engineer' | 'supervisor' | 'operator'): Promise<void> {
    await signIn(page, role);
    if ((await page.evaluate(() => document.documentElement.lang)) !== 'de') {
      await chooseLanguageForMe(page, 'de', UI_WAIT_MS);
    }
  }

  async function show(display: string, heading: string): Promise<void> {
    await page.evaluate((hash) => (window.location.hash = hash), `#/${display}`);
    await page.waitForFunction((text) => document.querySelector('section.display:not([hidden]) h1')?.textContent === text, heading, { timeout: UI_WAIT_MS });
  }

  /** The English words of the interface left in what is shown, and what is cut off; then a screenshot. */
  async function check(name: string, roots: readonly string[] = [SHOWN]): Promise<void> {
    await page.screenshot({ path: screenshotPath(`language-de-${name}`) });
    const words = await interfaceWords(page, roots);
    expect(words.length, name).toBeGreaterThan(5);
    expect(
      words.filter((word) => english.has(word.toLowerCase())),
      name,
    ).toEqual([]);
    expect(await cutOff(page, roots), name).toEqual([]);
  }

  async function nightTheme(on: boolean): Promise<void> {
    const theme = on ? 'night' : 'day';
    await page.click('[data-testid="theme-switch"] summary');
    await page.click(`[data-testid="theme-station-${theme}"]`);
    await page.waitForFunction((t) => document.documentElement.dataset['theme'] === t, theme, { timeout: UI_WAIT_MS });
  }

  it(
    'the engineer: Devices with the OPC UA device (certificates, browse), the device and tag forms, a CSV import preview, and MES sync',
    async () => {
      await signInGerman('engineer');
      await show('devices', 'Geräte');
      await page.waitForSelector(`${SHOWN} [data-testid="device-row:plant-opcua"][data-status="ok"]`, { timeout: UI_WAIT_MS });
      await page.waitForSelector(`${SHOWN} [data-testid="device-row:plant-modbus"][data-status="ok"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SHOWN} [data-testid="device-row:plant-opcua"] [data-testid="device-status"]`)).toBe('Verbunden');
      expect(await page.textContent(`${SHOWN} [data-testid="device-add"]`)).toBe('Gerät hinzufügen');
      await check('devices');

      // The OPC UA device: its tags, server certificates, Lineside's certificate and its address space.
      await page.click(`${SHOWN} [data-testid="device-row:plant-opcua"]`);
      await page.waitForSelector(`${SHOWN} [data-testid="certificates-panel"]`, { timeout: UI_WAIT_MS });
      await page.waitForSelector(`${SHOWN} [data-testid="browse-panel"] [data-testid="node:Objects"], ${SHOWN} [data-testid="browse-panel"] tr.devices__node`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SHOWN} [data-testid="certificates-panel"] h2`)).toBe('Serverzertifikate');
      expect(await page.textContent(`${SHOWN} [data-testid="import-tags"]`)).toBe('Als Tags importieren');
      // The device's tag table (renderer/ui's TagTable: tag paths, descriptions, quality words) and the browsed
      // node names (the server's, also in the rows' labels) are not this display's words: the rest is checked.
      await check('devices-opcua', [
        `${SHOWN} .devices__toolbar`,
        `${SHOWN} .devices__list`,
        `${SHOWN} [data-testid="config-bar"]`,
        `${SHOWN} [data-testid="device-tags"] > h2`,
        `${SHOWN} [data-testid="certificates-panel"]`,
        `${SHOWN} [data-testid="own-certificate-panel"]`,
        `${SHOWN} [data-testid="browse-panel"] > :not(.devices__scroll)`,
        `${SHOWN} [data-testid="browse-panel"] thead`,
      ]);

      // The device form (the OPC UA driver's secrets included) and the tag form.
      await page.click(`${SHOWN} [data-testid="device-edit"]`);
      await page.waitForSelector(`${SHOWN} [data-testid="device-form"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SHOWN} [data-testid="config-editor"] h2`)).toContain('Gerät bearbeiten');
      await check('device-form', [`${SHOWN} [data-testid="config-editor"]`]);
      await page.click(`${SHOWN} [data-testid="config-close"]`);
      await page.click(`${SHOWN} [data-testid="tag-add"]`);
      await page.waitForSelector(`${SHOWN} [data-testid="tag-form"]`, { timeout: UI_WAIT_MS });
      await check('tag-form', [`${SHOWN} [data-testid="config-editor"]`]);
      await page.click(`${SHOWN} [data-testid="config-close"]`);

      // A CSV import checked before it applies: one row refused, named by row and column.
      const csv = ['path,device,address,dataType,units', 'Line9/Check/Level,plant-modbus,hr:11,uint16,%', 'Line9/Check/Flow,plant-modbus,hr:nowhere,uint16,'].join('\n');
      await page.setInputFiles(`${SHOWN} [data-testid="csv-file"]`, { name: 'pruefung.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      const preview = `${SHOWN} [data-testid="csv-preview"]`;
      await page.waitForSelector(`${preview}[data-refused="1"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${preview} [data-testid="csv-preview-counts"]`)).toBe('1 hinzuzufügen, 0 zu ändern, 0 unverändert, 1 abgelehnt.');
      expect(await page.textContent(`${preview} [data-testid="csv-preview-refused"] li`)).toMatch(/^Zeile 3, Spalte address: /);
      // The reason of a refused row is the runtime's (in English until the runtime's texts are translated): left out of the check.
      await check('devices-csv-preview', [`${SHOWN} .devices__toolbar > :not([data-testid="csv-transfer"])`, `${preview} > :not(.config-csv__lists)`, `${preview} h4`]);
      await page.click(`${preview} [data-testid="csv-cancel"]`);

      // MES sync: connectors, the store, messages, mappings and the connector's options; then in the night theme.
      await show('sync', 'MES/ERP-Abgleich');
      await page.waitForSelector(`${SHOWN} [data-testid="sync-connectors"] tr[data-id]`, { timeout: UI_WAIT_MS });
      await page.waitForSelector(`${SHOWN} [data-testid="sync-options"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SHOWN} [data-testid="sync-mappings"] h2`)).toBe('Zuordnungen');
      await check('sync');
      await nightTheme(true);
      await check('sync-night');
      await nightTheme(false);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'the supervisor: OEE, a report made now with its sign-off dialog, and work orders with an order’s detail (night theme too)',
    async () => {
      await page.click('[data-testid="switch-user"]');
      await page.click('[data-testid="sign-out"]');
      await signInGerman('supervisor');

      await show('oee', 'OEE');
      await page.waitForSelector(`${SHOWN} .oee-tiles`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SHOWN} [data-testid^="oee-tiles-"] [data-testid="oee-availability"] .oee-tile__label`)).toBe('Verfügbarkeit');
      await check('oee');

      await show('reports', 'Schichtberichte');
      await page.selectOption(`${SHOWN} [data-testid="report-demand-choice"]`, 'custom');
      await page.click(`${SHOWN} [data-testid="report-demand-generate"]`);
      await page.waitForSelector(`${SHOWN} [data-testid="report-view"]`, { timeout: UI_WAIT_MS });
      await page.waitForSelector(`${SHOWN} [data-testid="report-demand-feedback"][data-state="accepted"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SHOWN} [data-testid="report-demand-feedback"]`)).toBe('Bericht erstellt. Er ist vorläufig, bis er unterschrieben ist.');
      expect(await page.textContent(`${SHOWN} [data-testid="report-provisional"]`)).toBe('Vorläufig');
      // The report's content made by the runtime (downtime reasons such as "No data", "Custom range") is data, not interface.
      await check('reports');
      await page.click(`${SHOWN} [data-testid="report-sign"]`);
      await page.waitForSelector(`${SHOWN} [data-testid="sign-dialog"]`, { timeout: UI_WAIT_MS });
      expect(await page.$$eval(`${SHOWN} [data-testid="sign-meaning"] option`, (options) => options.map((o) => o.textContent))).toEqual(['Geprüft und freigegeben', 'Geprüft mit Anmerkungen', 'Geprüft, nicht freigegeben']);
      await check('report-sign', [`${SHOWN} [data-testid="sign-dialog"]`]);
      await page.click(`${SHOWN} [data-testid="sign-cancel"]`);

      await show('work-orders', 'Aufträge');
      await page.waitForSelector(`${SHOWN} [data-testid="wo-queue"] tbody tr[data-key]`, { timeout: UI_WAIT_MS });
      await page.click(`${SHOWN} [data-testid="wo-queue"] tbody tr[data-key] .wo__link`);
      await page.waitForSelector(`${SHOWN} [data-testid="wo-detail"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SHOWN} [data-testid="wo-queue"] th:first-child`)).toBe('Auftrag');
      await check('work-orders');
      await nightTheme(true);
      await check('work-orders-night');
      await nightTheme(false);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'the operator: starting an order asks in German what it writes to the line',
    async () => {
      await page.click('[data-testid="switch-user"]');
      await page.click('[data-testid="sign-out"]');
      await signInGerman('operator');
      await show('work-orders', 'Aufträge');
      await page.click(`${SHOWN} tr[data-key="erp/WO-1001"] .wo__link`);
      await page.click(`${SHOWN} [data-testid="wo-detail"] button:has-text("Starten")`);
      await page.waitForSelector(`${SHOWN} .wo__confirm`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SHOWN} .wo__confirm p`)).toBe('WO-1001 starten? Schreibt LineSpeed = 320 auf die Linie und liest es zur Prüfung zurück.');
      await check('work-orders-start');
      await page.click(`${SHOWN} .wo__confirm button:has-text("Abbrechen")`);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
