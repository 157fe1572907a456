import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startExample } from '../support/example.ts';
import { openHmi } from './alarm-support.ts';
import { OVERVIEW, screenshotPath, waitForAttribute, waitForOverviewScreen } from './hmi-page.ts';

// The example line's seeded simulator faults on its own (the filler, capper or labeler within a
// couple of minutes); nothing here forces it.
const PLANT_WAIT_MS = 180_000;
const UI_WAIT_MS = 10_000;
const TEST_MS = 4 * 60_000;

describe('alarms of the example plant', () => {
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample();
    ({ browser, page } = await openHmi(runtime, errors, 'operator'));
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'an alarm the plant raises reaches the banner and the summary; the operator acknowledges it with a comment; the history shows it',
    async () => {
      // The banner names the newest of the highest-priority alarms; its indicator blinks until acknowledged.
      await page.waitForSelector('[data-testid="banner-message"] [data-testid="alarm-indicator"][data-acknowledged="false"]', { timeout: PLANT_WAIT_MS });
      const message = (await page.textContent('[data-testid="banner-text"]'))!;
      // The Overview tab (the example's level 1 screen) marks the area of the alarm, blinking until acknowledged.
      await waitForOverviewScreen(page, 'overview');
      const marked = `${OVERVIEW} [data-testid^="area-alarms:"]:not([data-priority="none"])`;
      await page.waitForSelector(`${marked} [data-testid="alarm-indicator"][data-acknowledged="false"]`, { timeout: UI_WAIT_MS });
      const area = (await page.getAttribute(marked, 'data-testid'))!.slice('area-alarms:'.length);
      await page.screenshot({ path: screenshotPath('alarm-example-overview') });
      await page.click('[data-testid="banner-message"]');
      await page.waitForSelector('section[aria-label="Alarm summary"]:not([hidden]) [data-testid="alarm-row"]', { timeout: UI_WAIT_MS });
      const id = await page.$$eval('[data-testid="alarm-row"]', (rows, text) => rows.find((r) => r.textContent?.includes(text))?.getAttribute('data-id'), message);
      expect(id).toBeTruthy();
      expect(id!.startsWith(`${area}/`), `${id} is under the marked area ${area}`).toBe(true);
      const row = `[data-testid="alarm-row"][data-id="${id}"]`;
      await page.click(row);
      await page.fill('[data-testid="alarm-comment"]', 'Checked at the machine, jam cleared');
      await page.keyboard.press('Tab');
      await page.keyboard.press('F4');
      await waitForAttribute(page, '[data-testid="alarm-feedback"]', 'data-state', 'accepted', UI_WAIT_MS);
      await page.screenshot({ path: screenshotPath('alarm-example-acknowledged') });
      await page.click('[data-testid="tab-overview"]');
      // Acknowledged, the area's indicator stops blinking (or is gone, if the fault has cleared meanwhile).
      await page.waitForFunction(
        (sel) => {
          const indicator = document.querySelector(sel);
          return indicator?.getAttribute('data-priority') === 'none' || indicator?.querySelector('[data-testid="alarm-indicator"]')?.getAttribute('data-acknowledged') === 'true';
        },
        `${OVERVIEW} [data-testid="area-alarms:${area}"]`,
        { timeout: UI_WAIT_MS },
      );

      await page.click('[data-testid="tab-alarm-history"]');
      await page.fill('[data-testid="history-text"]', 'jam cleared');
      await page.click('[data-testid="history-search"]');
      const ack = `[data-testid="history-row"][data-kind="acknowledge"][data-alarm="${id}"]`;
      await page.waitForSelector(ack, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${ack} [data-testid="history-comment"]`)).toBe('Checked at the machine, jam cleared');
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
