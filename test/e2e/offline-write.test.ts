import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinDrivers } from '../../drivers/registry.ts';
import type { Runtime } from '../../main/runtime.ts';
import { pumpDriveFactory } from '../support/pump-driver.ts';
import { startTestRuntime } from '../support/runtime.ts';
import { launchChromium, screenshotPath, signIn, waitForAttribute, watchedPage } from './hmi-page.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/screens-pump');
const UI_WAIT_MS = 15_000;
const TEST_MS = 90_000;
const SCREENS = 'section[aria-label="Screens"]';
const FEEDBACK = `${SCREENS} [data-testid="write-feedback"]`;

/** An operator presses Start while the runtime is stopped: refused at once, saying why, never "Writing…" for 10 s. */
describe('an operator write while the link to the runtime is down', () => {
  let root: string;
  let browser: Browser | undefined;
  let runtime: Runtime | undefined;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lineside-offline-write-'));
    browser = await launchChromium();
    const projectDir = join(root, 'project');
    await cp(FIXTURE, projectDir, { recursive: true });
    const drivers = new Map(builtinDrivers());
    drivers.set('test-pump', pumpDriveFactory());
    runtime = await startTestRuntime({ projectDir, dataDir: join(root, 'data'), port: 0, drivers });
    page = await watchedPage(browser, errors);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'operator');
    await page.click('[data-testid="tab-screens"]');
    await page.waitForSelector(`${SCREENS} [data-testid="screens-display"][data-screen="area"]`, { timeout: UI_WAIT_MS });
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    await rm(root, { recursive: true, force: true });
  }, TEST_MS);

  it(
    'asks "Start P1?" (the object and action, not the tag path), and refuses at once while the runtime is stopped',
    async () => {
      await waitForAttribute(page, `${SCREENS} [data-testid="element:p1"] [data-look]`, 'data-look', 'off', UI_WAIT_MS);
      await page.click(`${SCREENS} [data-testid="element:p1"]`);
      await page.waitForSelector(`${SCREENS} [data-testid="faceplate:pump-command"]`, { timeout: UI_WAIT_MS });
      await page.click(`${SCREENS} [data-testid="element:fp/start"]`);
      await page.waitForSelector(`${SCREENS} [data-testid="write-confirmation"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SCREENS} [data-testid="write-question"]`)).toBe('Start P1?');

      // The runtime stops: the page sees the link go down.
      await runtime!.dispose();
      runtime = undefined;
      await page.waitForSelector('[data-testid="gateway-state"]:not([data-state="open"])', { timeout: UI_WAIT_MS });

      const pressed = Date.now();
      await page.keyboard.press('Enter');
      await waitForAttribute(page, FEEDBACK, 'data-state', 'refused', UI_WAIT_MS);
      // At once: well under the 10 s call timeout the write used to wait on.
      expect(Date.now() - pressed).toBeLessThan(3_000);
      expect(await page.textContent(FEEDBACK)).toBe('Not sent: Start. No connection to the runtime — the value was not written.');
      await page.screenshot({ path: screenshotPath('offline-write-refused') });
      // Only the page's own reconnect attempts may have logged; nothing else went wrong.
      expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|net::/.test(e))).toEqual([]);
    },
    TEST_MS,
  );
});
