import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_PROJECT_DIR, type Runtime } from '../../main/runtime.ts';
import { DISPLAYS } from '../../renderer/app/route.ts';
import { startExample } from '../support/example.ts';
import { launchChromium, screenshotPath, showDisplay, SHOWN_DISPLAY, signIn, waitForOverviewScreen, watchedPage } from './hmi-page.ts';
import { chooseLanguageForMe, englishOnlyWords, interfaceWords, whereWords } from './language-check.ts';
import { contrastViolations, cutOff } from './layout-check.ts';

const UI_WAIT_MS = 15_000;
const TEST_MS = 8 * 60_000;
const READ = ['header.topbar', '.hmi__banner-slot', SHOWN_DISPLAY];

// The walk of issue 19 item 5, on one runtime and one page: the administrator (who may open every display)
// switches to German and walks every display by day and by night at 1920x1080. On each: no English word of
// the interface left, text contrast at least WCAG AA, nothing cut off, and a screenshot
// (`language-de-<theme>-<display>`). The English screenshots of both themes are taken by layout-themes.
describe('every display in German, by day and by night', () => {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];
  const english = englishOnlyWords([EXAMPLE_PROJECT_DIR]);

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'admin');
    await waitForOverviewScreen(page, 'overview');
    await chooseLanguageForMe(page, 'de');
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  for (const theme of ['day', 'night'] as const) {
    it(
      `${theme}: every display German, readable (WCAG AA) and whole`,
      async () => {
        await page.click('[data-testid="theme-switch"] summary');
        await page.click(`[data-testid="theme-user-${theme}"]`);
        await page.waitForFunction((wanted) => document.documentElement.dataset['theme'] === wanted, theme, { timeout: UI_WAIT_MS });
        const problems: string[] = [];
        let wordsRead = 0;
        for (const display of DISPLAYS) {
          await showDisplay(page, display.id, { settled: true });
          await page.screenshot({ path: screenshotPath(`language-de-${theme}-${display.id}`) });
          const words = await interfaceWords(page, READ);
          wordsRead += words.length;
          const left = [...new Set(words.filter((word) => english.has(word.toLowerCase())))];
          if (left.length > 0) problems.push(`${display.id}: English ${left.join(', ')} in ${(await whereWords(page, left, READ)).join(' | ')}`);
          for (const failure of await contrastViolations(page)) problems.push(`${display.id} contrast: ${failure}`);
          for (const failure of await cutOff(page, READ)) problems.push(`${display.id} cut off: ${failure}`);
        }
        // The check read the displays (an empty page would pass it).
        expect(wordsRead).toBeGreaterThan(DISPLAYS.length * 20);
        expect(problems).toEqual([]);
        expect(errors).toEqual([]);
      },
      TEST_MS,
    );
  }

  it(
    "at 1280x720 the administrator's tabs keep one row in German and in Arabic, closer and in smaller type, every tab whole",
    async () => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await showDisplay(page, 'overview', { settled: true });
      const rows = () =>
        page.evaluate(() => {
          const tops = [...document.querySelectorAll('.topbar__tab')].map((tab) => tab.getBoundingClientRect().top).sort((a, b) => a - b);
          // The current tab sits a pixel lower (it joins the display); a new row is a tab's height lower.
          return tops.filter((top, i) => i === 0 || top - tops[i - 1]! > 10).length;
        });
      expect(await page.locator('.topbar__tab').count()).toBe(DISPLAYS.length);
      await page.screenshot({ path: screenshotPath('language-de-1280-admin-tabs') });
      expect(await rows()).toBe(1);
      // German needs the smaller type here (English does with closer tabs only); never below 12 px.
      expect(Number(await page.getAttribute('.topbar__tabs', 'data-fit'))).toBeGreaterThanOrEqual(2);
      expect(await page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.topbar__tab')!).fontSize))).toBeGreaterThanOrEqual(12);
      expect(await cutOff(page, ['header.topbar'])).toEqual([]);
      await chooseLanguageForMe(page, 'ar');
      await page.screenshot({ path: screenshotPath('language-ar-1280-admin-tabs') });
      expect(await rows()).toBe(1);
      expect(await cutOff(page, ['header.topbar'])).toEqual([]);
      // Wide again: roomy tabs in normal type.
      await page.setViewportSize({ width: 1920, height: 1080 });
      await page.waitForFunction(() => document.querySelector('.topbar__tabs')?.getAttribute('data-fit') === '0', undefined, { timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
