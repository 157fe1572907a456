import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startExample } from '../support/example.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 15_000;
const TEST_MS = 2 * 60_000;

// The browser side of the control-room shell: `?kiosk` and "New window". (The desktop shell's kiosk and
// window layout decisions are unit-tested: test/unit/electron-kiosk-policy.test.ts, electron-window-layout.test.ts.)
describe('kiosk mode and a display in a new window, in the browser', () => {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];

  async function open(path: string): Promise<Page> {
    const page = await watchedPage(browser!, errors);
    await page.goto(`${runtime!.url}/${path}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    return page;
  }

  // Whether the page holds a person leaving it (what makes the browser ask "Leave site?").
  const leaveCancelled = (page: Page) =>
    page.evaluate(() => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    });
  const kioskState = (page: Page) => page.evaluate(() => document.documentElement.dataset['kiosk'] ?? 'off');

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    '?kiosk hides the exits, goes full screen at the first touch, asks before the page is left, and only an engineer’s sign-in lets out',
    async () => {
      const page = await open(`?kiosk#token=${runtime!.token}&route=%2Falarms`);
      expect(await kioskState(page)).toBe('locked');
      // The route came along with the token, and the token left the address.
      await page.waitForSelector('[data-testid="tab-alarms"][aria-current="page"]', { timeout: UI_WAIT_MS });
      expect(page.url()).not.toContain('token=');
      expect(await page.isVisible('[data-testid="new-window"]')).toBe(false);
      expect(await page.isDisabled('[data-testid="kiosk-leave"]')).toBe(true);

      await page.click('[data-testid="plant-name"]');
      await page.waitForFunction(() => document.fullscreenElement !== null, undefined, { timeout: UI_WAIT_MS });

      // Leaving the page is asked about while locked: the page cancels the browser's beforeunload.
      expect(await leaveCancelled(page)).toBe(true);

      // An operator may not leave.
      await page.evaluate(() => document.exitFullscreen());
      await signIn(page, 'operator');
      expect(await page.isDisabled('[data-testid="kiosk-leave"]')).toBe(true);
      expect(await page.getAttribute('[data-testid="kiosk-leave"]', 'title')).toMatch(/engineer/);
      // And the page went full screen again at the next touch.
      await page.click('[data-testid="plant-name"]');
      await page.waitForFunction(() => document.fullscreenElement !== null, undefined, { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('kiosk-locked') });
      await page.close({ runBeforeUnload: false });

      // An engineer may: the exits come back, full screen ends, the page may be left without asking.
      const engineer = await open(`?kiosk#token=${runtime!.token}`);
      await engineer.click('[data-testid="plant-name"]');
      await engineer.waitForFunction(() => document.fullscreenElement !== null, undefined, { timeout: UI_WAIT_MS });
      await signIn(engineer, 'engineer');
      await engineer.click('[data-testid="kiosk-leave"]');
      await engineer.waitForFunction(() => document.documentElement.dataset['kiosk'] === 'unlocked' && document.fullscreenElement === null, undefined, { timeout: UI_WAIT_MS });
      expect(await engineer.isVisible('[data-testid="new-window"]')).toBe(true);
      expect(await leaveCancelled(engineer)).toBe(false);
      await engineer.screenshot({ path: screenshotPath('kiosk-unlocked') });

      // Back to kiosk mode by the button, and by signing out after unlocking.
      await engineer.click('[data-testid="kiosk-lock"]');
      expect(await kioskState(engineer)).toBe('locked');
      await engineer.click('[data-testid="kiosk-leave"]');
      await engineer.waitForFunction(() => document.documentElement.dataset['kiosk'] === 'unlocked', undefined, { timeout: UI_WAIT_MS });
      await engineer.click('[data-testid="switch-user"]');
      await engineer.click('[data-testid="sign-out"]');
      await engineer.waitForFunction(() => document.documentElement.dataset['kiosk'] === 'locked', undefined, { timeout: UI_WAIT_MS });
      await engineer.close({ runBeforeUnload: false });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    '"New window" opens the display shown here in another window, signed in as the same person, with the token out of its address',
    async () => {
      const page = await open(`#token=${runtime!.token}`);
      await signIn(page, 'operator');
      await page.click('[data-testid="tab-trends"]');
      await page.waitForSelector('[data-testid="tab-trends"][aria-current="page"]', { timeout: UI_WAIT_MS });
      const opened = page.context().waitForEvent('page', { timeout: UI_WAIT_MS });
      await page.click('[data-testid="new-window"]');
      const second = await opened;
      await second.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await second.waitForSelector('[data-testid="tab-trends"][aria-current="page"]', { timeout: UI_WAIT_MS });
      await second.waitForSelector('[data-testid="user"][data-role="operator"]', { timeout: UI_WAIT_MS });
      expect(second.url()).not.toContain('token=');
      expect(second.url()).toContain('#/trends');
      // Each window navigates on its own.
      await second.click('[data-testid="tab-alarms"]');
      await second.waitForSelector('[data-testid="tab-alarms"][aria-current="page"]', { timeout: UI_WAIT_MS });
      expect(await page.getAttribute('[data-testid="tab-trends"]', 'aria-current')).toBe('page');
      await second.screenshot({ path: screenshotPath('new-window-second') });
      await second.close();
      await page.close();
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
