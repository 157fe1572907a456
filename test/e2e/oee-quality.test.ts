import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { launchChromium, overviewElement, screenshotPath, signIn, waitForAttribute, waitForOverviewScreen } from './hmi-page.ts';

// The live OEE is recomputed every 5 s; the links drop within 2 s of the plant stopping; a loaded machine is slow.
const OEE_WAIT_MS = 40_000;
const UI_WAIT_MS = 15_000;
const OEE = 'section[aria-label="OEE"]';
// The OEE panel and the reject rate of the example's level 1 screen (screens/examples/bottling-overview.ts).
const OVERVIEW_DERIVED = ['oee', 'oee-availability', 'oee-performance', 'oee-quality', 'oee-downtime', 'reject-rate'];

describe('a supervisor sees derived values as not live while the PLC links are down (example plant)', () => {
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('hatches the overview OEE and reject rate and the OEE tiles, saying how old they are, and shows them live again when the links are back', async () => {
    const { url, token } = runtime!;
    await page.goto(`${url}/#token=${token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'supervisor');
    await waitForOverviewScreen(page, 'overview');
    for (const id of OVERVIEW_DERIVED) await waitForAttribute(page, overviewElement(id), 'data-quality', 'good', OEE_WAIT_MS);

    await runtime!.stopPlant();
    const stoppedAt = Date.now();
    for (const id of OVERVIEW_DERIVED) await waitForAttribute(page, overviewElement(id), 'data-quality', 'bad', OEE_WAIT_MS);
    expect(await page.textContent(`${overviewElement('oee')} [data-testid="quality-marker"]`)).toBe('COMM');
    // The reject rate (an expression over the two counters) says how old its inputs are.
    const asOf = Number(await page.getAttribute(overviewElement('reject-rate'), 'data-as-of'));
    expect(asOf).toBeGreaterThan(stoppedAt - 10 * 60_000);
    expect(asOf).toBeLessThanOrEqual(stoppedAt);
    // Its number is struck through beside the code box, not shown as live.
    expect(await page.getAttribute(`${overviewElement('reject-rate')} text`, 'data-text-quality')).toBe('bad');
    // The unknown time is shown apart from the downtime, and it is known: it stays a plain number.
    expect(await page.getAttribute(overviewElement('oee-unknown'), 'data-quality')).toBe('good');
    await page.screenshot({ path: screenshotPath('oee-overview-links-down') });

    // The OEE display: every tile hatched with the code, no number, and the age said in words.
    await page.click('a[href="#/oee"]');
    await page.waitForSelector(`${OEE}:not([hidden])`, { timeout: UI_WAIT_MS });
    await waitForAttribute(page, `${OEE} [data-testid="oee-tiles-Line1"]`, 'data-quality', 'bad', OEE_WAIT_MS);
    for (const tile of ['oee', 'availability', 'performance', 'quality']) {
      const selector = `${OEE} [data-testid="oee-${tile}"]`;
      expect(await page.textContent(`${selector} [data-testid="quality-marker"]`), tile).toBe('COMM');
      expect(await page.$(`${selector} .value__number`), `${tile} shows no number`).toBeNull();
    }
    expect(await page.textContent(`${OEE} [data-testid="oee-inputs"]`)).toMatch(/not live/);
    await page.screenshot({ path: screenshotPath('oee-tiles-links-down') });

    await runtime!.startPlant();
    await waitForAttribute(page, `${OEE} [data-testid="oee-tiles-Line1"]`, 'data-quality', 'good', OEE_WAIT_MS);
    expect(await page.$(`${OEE} [data-testid="oee-inputs"]`)).toBeNull();
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
