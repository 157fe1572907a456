import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { launchChromium, screenshotPath, waitForAttribute, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 15_000;
const TEST_MS = 2 * 60_000;
const SCREENS = 'section[aria-label="Screens"]';
const el = (path: string) => `${SCREENS} [data-testid="element:${path}"]`;

/** The example project's screens, drawn from their documents, as an operator uses them. */
describe('screens from documents, against the example plant', () => {
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  async function waitForScreen(id: string): Promise<void> {
    await page.waitForSelector(`${SCREENS} [data-testid="screens-display"][data-screen="${id}"]`, { timeout: UI_WAIT_MS });
  }

  it(
    'opens the level 1 overview with live KPIs, alarms by area and key trends',
    async () => {
      await page.goto(`${runtime!.url}/#token=${runtime!.token}`);
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await page.click('[data-testid="tab-screens"]');
      await waitForScreen('overview');
      await waitForAttribute(page, el('good'), 'data-quality', 'good', UI_WAIT_MS);
      const first = Number((await page.textContent(`${el('good')} [data-testid="value-text"]`))!.replace(/,/g, ''));
      await page.waitForFunction(({ sel, before }) => Number(document.querySelector(sel)?.textContent?.replace(/,/g, '') ?? 'NaN') > before, { sel: `${el('good')} [data-testid="value-text"]`, before: first }, { timeout: 100_000 });
      expect(await page.textContent(`${el('reject-rate')}`)).toMatch(/^Reject rate \d+\.\d\d %$/);
      expect(await page.$$eval(`${SCREENS} [data-testid^="area-alarms:"]`, (found) => found.length)).toBe(7);
      expect(await page.$$eval(`${SCREENS} [data-testid^="sparkline:"]`, (found) => found.length)).toBe(4);
      expect(await page.$$eval(`${SCREENS} [data-quality="good"] [data-testid="quality-marker"]`, (found) => found.length)).toBe(0);
      expect(await page.textContent(`${SCREENS} [data-testid="screen-breadcrumbs"]`)).toBe('1Plant overview');
      await page.screenshot({ path: screenshotPath('screens-overview') });
    },
    TEST_MS,
  );

  it(
    'goes to the line and the filler in two clicks, with breadcrumbs, back and forward',
    async () => {
      await page.click(el('to-line'));
      await waitForScreen('line1');
      await waitForAttribute(page, el('tank'), 'data-quality', 'good', UI_WAIT_MS);
      expect(await page.textContent(`${SCREENS} [data-testid="screen-breadcrumbs"]`)).toBe('1Plant overview2Line 1 · Bottling');
      await page.screenshot({ path: screenshotPath('screens-line') });

      await page.click(el('filler'));
      await waitForScreen('filler');
      await waitForAttribute(page, el('state'), 'data-quality', 'good', UI_WAIT_MS);
      expect(await page.textContent(`${SCREENS} [data-testid="screen-breadcrumbs"]`)).toBe('1Plant overview2Line 1 · Bottling3Filler');
      await page.screenshot({ path: screenshotPath('screens-filler') });

      await page.click(`${SCREENS} [data-testid="screen-back"]`);
      await waitForScreen('line1');
      await page.click(`${SCREENS} [data-testid="screen-forward"]`);
      await waitForScreen('filler');
      await page.click(`${SCREENS} [data-testid="crumb:overview"]`);
      await waitForScreen('overview');
      expect(await page.isDisabled(`${SCREENS} [data-testid="screen-forward"]`)).toBe(true);
    },
    TEST_MS,
  );

  it(
    'opens a pump faceplate beside the pump, below the alarm banner, with its parameters filled in',
    async () => {
      await page.click(el('to-line'));
      await waitForScreen('line1');
      await page.click(el('p101'));
      const faceplate = await page.waitForSelector(`${SCREENS} [data-testid="faceplate:pump-faceplate"]`, { timeout: UI_WAIT_MS });
      await waitForAttribute(page, `${SCREENS} [data-testid="element:fp/speed"]`, 'data-quality', 'good', UI_WAIT_MS);
      expect(await faceplate.getAttribute('aria-label')).toBe('Pump · P101');
      expect(['Running', 'Stopped']).toContain(await page.getAttribute(`${SCREENS} [data-testid="element:fp/state"] [data-state]`, 'data-state'));
      const box = (await faceplate.boundingBox())!;
      const pump = (await page.$(el('p101')))!;
      const pumpBox = (await pump.boundingBox())!;
      const banner = (await page.$('.hmi__banner-slot'))!;
      const bannerBox = (await banner.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(bannerBox.y + bannerBox.height);
      // Beside the pump, not over it.
      expect(box.x >= pumpBox.x + pumpBox.width || box.x + box.width <= pumpBox.x).toBe(true);
      await page.screenshot({ path: screenshotPath('screens-faceplate') });
      await page.keyboard.press('Escape');
      await page.waitForSelector(`${SCREENS} [data-testid="faceplate:pump-faceplate"]`, { state: 'detached', timeout: UI_WAIT_MS });
    },
    TEST_MS,
  );

  it(
    'marks every symbol bound to the plant bad (COMM) while the devices are down, and recovers',
    async () => {
      await runtime!.stopPlant();
      for (const id of ['tank', 'p101', 'level', 'xv101', 'conveyor']) {
        await waitForAttribute(page, el(id), 'data-quality', 'bad', 60_000);
        expect(await page.$(`${el(id)} [data-testid="quality-marker"]`), id).not.toBeNull();
      }
      expect(await page.$(`${el('level')} [data-testid="value-text"]`)).toBeNull();
      expect(await page.textContent(`${el('level')} [data-testid="quality-marker"]`)).toBe('COMM');
      expect(await page.getAttribute(`${el('p101')} [data-look]`, 'data-look')).toBe('bad');
      await page.screenshot({ path: screenshotPath('screens-devices-down') });
      await runtime!.startPlant();
      await waitForAttribute(page, el('level'), 'data-quality', 'good', 60_000);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
