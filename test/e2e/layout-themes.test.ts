import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISPLAYS } from '../../renderer/app/route.ts';
import type { Runtime } from '../../main/runtime.ts';
import { startExample } from '../support/example.ts';
import { launchChromium, screenshotPath, showDisplay, signIn, waitForOverviewScreen, watchedPage } from './hmi-page.ts';
import { contrastViolations, cutOff, overfullBars, svgTextContrast } from './layout-check.ts';

const UI_WAIT_MS = 15_000;
const TEST_MS = 6 * 60_000;
const SIZES = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
  { width: 3840, height: 2160 },
] as const;
const SHOWN = 'main.hmi__display > section.display:not([hidden])';
const FRAME = ['header.topbar', '.hmi__banner-slot'];
const BARS = ['header.topbar', '.topbar__tabs', '.alarm-banner', '.hmi__banner-slot'];

// A sequence on one runtime and one page, signed in as admin (who may open every display): every
// display at the three control-room sizes, then both themes.
describe('layouts from 1280x720 to 4K and the day and night themes, on every display', () => {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'admin');
    await waitForOverviewScreen(page, 'overview');
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  for (const size of SIZES) {
    it(
      `at ${size.width}x${size.height} nothing in the frame or on a display is cut off`,
      async () => {
        await page.setViewportSize(size);
        const problems: string[] = [];
        for (const display of DISPLAYS) {
          await showDisplay(page, display.id);
          await page.screenshot({ path: screenshotPath(`layout-${size.width}x${size.height}-${display.id}`) });
          for (const problem of [...(await overfullBars(page, BARS)), ...(await cutOff(page, [...FRAME, SHOWN]))]) problems.push(`${display.id}: ${problem}`);
          // The display tabs stay one row: a second row would take the mimic's height at 720.
          const rows = await page.evaluate(() => {
            const tops = [...document.querySelectorAll('.topbar__tab')].map((tab) => tab.getBoundingClientRect().top).sort((a, b) => a - b);
            // The current tab sits a pixel lower (it joins the display); a new row is a tab's height lower.
            return tops.filter((top, i) => i === 0 || top - tops[i - 1]! > 10).length;
          });
          if (rows !== 1) problems.push(`${display.id}: the display tabs take ${rows} rows`);
        }
        // The alarm detail panel, with an alarm selected (the example line faults now and then; when one is up).
        await showDisplay(page, 'alarms');
        if ((await page.$('[data-testid="alarm-row"]')) !== null) {
          await page.click('[data-testid="alarm-row"]');
          await page.waitForSelector('[data-testid="alarm-details"]', { timeout: UI_WAIT_MS });
          await page.screenshot({ path: screenshotPath(`layout-${size.width}x${size.height}-alarm-details`) });
          for (const problem of await cutOff(page, [...FRAME, SHOWN])) problems.push(`alarm details: ${problem}`);
        }
        expect(problems).toEqual([]);
        expect(errors).toEqual([]);
      },
      TEST_MS,
    );
  }

  it(
    'at 1280x720 the alarm detail panel of a selected alarm is not cut off',
    async () => {
      await page.setViewportSize(SIZES[0]);
      await showDisplay(page, 'alarms');
      // The example's filler faults on its own within the first minute or two (seeded simulator).
      await page.waitForSelector('[data-testid="alarm-row"]', { timeout: 100_000 });
      await page.click('[data-testid="alarm-row"]');
      await page.waitForSelector('[data-testid="alarm-details"]', { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('layout-1280x720-alarm-details-selected') });
      expect(await cutOff(page, [...FRAME, SHOWN])).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'the frame scales with the screen: at 4K its text and tabs are twice the size they are at 1920x1080',
    async () => {
      const measure = () => page.evaluate(() => ({ font: parseFloat(getComputedStyle(document.querySelector('[data-testid="tab-alarms"]')!).fontSize), height: document.querySelector('header.topbar')!.getBoundingClientRect().height }));
      await page.setViewportSize(SIZES[1]);
      await showDisplay(page, 'overview');
      const hd = await measure();
      await page.setViewportSize(SIZES[2]);
      await showDisplay(page, 'overview');
      const uhd = await measure();
      expect(uhd.font).toBeCloseTo(hd.font * 2, 0);
      expect(uhd.height).toBeGreaterThan(hd.height * 1.8);
      // The tab-group labels are horizontal text at the body's size or near it, not 10 px sideways.
      const label = await page.evaluate(() => {
        const el = document.querySelector('.topbar__group-name')!;
        const style = getComputedStyle(el);
        return { writing: style.writingMode, size: parseFloat(style.fontSize), body: parseFloat(getComputedStyle(document.documentElement).fontSize) };
      });
      expect(label.writing).toBe('horizontal-tb');
      expect(label.size).toBeGreaterThanOrEqual(label.body * 0.78);
    },
    TEST_MS,
  );

  it(
    'the night theme is switched from the frame at once, remembered, and every display meets WCAG AA contrast in both themes',
    async () => {
      await page.setViewportSize(SIZES[1]);
      const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await showDisplay(page, 'overview');
      const day = await background();
      await page.click('[data-testid="theme-switch"] summary');
      await page.click('[data-testid="theme-station-night"]');
      await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'night', undefined, { timeout: UI_WAIT_MS });
      const night = await background();
      expect(night).not.toBe(day);
      // Dark grey, not black and not coloured.
      const [r, g, b] = night.match(/\d+/g)!.map(Number);
      expect(r).toBe(g);
      expect(g).toBe(b);
      expect(r).toBeGreaterThan(20);
      expect(r).toBeLessThan(60);
      await page.reload();
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('night');

      // The check finds a grey-on-grey text when there is one (so an empty list means something).
      await page.evaluate(() => {
        const probe = document.createElement('p');
        probe.id = 'contrast-probe';
        probe.textContent = 'grey on grey';
        probe.style.cssText = 'position:fixed;left:0;bottom:0;margin:0;color:#777;background:#888;font-size:14px;z-index:99';
        document.body.append(probe);
      });
      expect((await contrastViolations(page)).join('\n')).toContain('#contrast-probe');
      await page.evaluate(() => document.getElementById('contrast-probe')?.remove());

      const failures: string[] = [];
      for (const theme of ['night', 'day'] as const) {
        if (theme === 'day') {
          await page.click('[data-testid="theme-switch"] summary');
          await page.click('[data-testid="theme-station-day"]');
          await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'day', undefined, { timeout: UI_WAIT_MS });
        }
        for (const display of DISPLAYS) {
          await showDisplay(page, display.id);
          await page.screenshot({ path: screenshotPath(`theme-${theme}-${display.id}`) });
          for (const failure of await contrastViolations(page)) failures.push(`${theme} ${display.id}: ${failure}`);
          for (const failure of await svgTextContrast(page, SHOWN)) failures.push(`${theme} ${display.id} (SVG): ${failure}`);
        }
        // The editor with a screen open, and a dialog, follow the theme too.
        await showDisplay(page, 'editor');
        await page.click('[data-testid="doc:screen:filler"]');
        await page.waitForSelector('[data-testid="editor-canvas"]', { timeout: UI_WAIT_MS });
        await page.click('[data-testid="editor-canvas"]', { position: { x: 5, y: 5 } });
        await page.screenshot({ path: screenshotPath(`theme-${theme}-editor-open`) });
        for (const failure of await contrastViolations(page)) failures.push(`${theme} editor with a screen open: ${failure}`);
        for (const failure of await svgTextContrast(page, SHOWN)) failures.push(`${theme} editor with a screen open (SVG): ${failure}`);
        await page.click('[data-testid="switch-user"]');
        await page.waitForSelector('[data-testid="sign-out"]', { timeout: UI_WAIT_MS });
        await page.screenshot({ path: screenshotPath(`theme-${theme}-dialog`) });
        for (const failure of await contrastViolations(page)) failures.push(`${theme} sign-in dialog: ${failure}`);
        await page.keyboard.press('Escape');
        await page.waitForSelector('[data-testid="sign-out"]', { state: 'detached', timeout: UI_WAIT_MS });
      }
      expect(failures).toEqual([]);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
