import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startExample } from '../support/example.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';
import { chooseLanguageForMe, englishOnlyWords, interfaceWords } from './language-check.ts';
import { cutOff, overfullBars } from './layout-check.ts';

const UI_WAIT_MS = 15_000;
const TEST_MS = 4 * 60_000;
const FRAME = ['header.topbar', '.hmi__banner-slot'];
const BARS = ['header.topbar', '.topbar__tabs', '.alarm-banner', '.hmi__banner-slot'];

// A sequence on one runtime and one page: the operator switches to German, then to Arabic; signing out
// brings back the station's language.
describe('the interface in German and in Arabic, switched by the person at once', () => {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'operator');
    // Set once: a reload would lose it, so it proves the language changes in the page as it is.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'German for the operator: the frame and the alarm banner in German, no English word of the interface left, without a reload',
    async () => {
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      expect(await page.textContent('[data-testid="tab-alarms"]')).toBe('Alarms');
      await chooseLanguageForMe(page, 'de');
      expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect(await page.textContent('[data-testid="tab-alarms"]')).toBe('Alarme');
      expect(await page.textContent('[data-testid="tab-overview"]')).toBe('Übersicht');
      expect(await page.textContent('.topbar__group-name')).toBe('Bedienen');
      expect(await page.textContent('[data-testid="switch-user"]')).toBe('Wechseln');
      expect(await page.getAttribute('[data-testid="alarm-banner"]', 'aria-label')).toBe('Alarmzeile');
      expect(await page.getAttribute('[data-testid="banner-counts"]', 'title')).toBe('Alarmübersicht öffnen (F2)');
      expect(await page.textContent('[data-testid="alarm-mute"]')).toBe('Ton aus');
      expect(await page.getAttribute('section.display:not([hidden])', 'aria-label')).toBe('Übersicht');
      // The clock's date in German (weekday and month), still in the plant's zone.
      expect(await page.textContent('.topbar__clock-date')).toMatch(/^(Mo|Di|Mi|Do|Fr|Sa|So)\.?, /);
      await page.screenshot({ path: screenshotPath('language-de-frame') });

      const english = englishOnlyWords();
      const words = await interfaceWords(page, FRAME);
      // The check reads the frame and knows the English words (else it would pass on nothing).
      expect(words.length).toBeGreaterThan(30);
      // (Not "alarms": the German "des Alarms" is the same word.)
      expect(['overview', 'switch', 'mute'].every((w) => english.has(w))).toBe(true);
      expect(words.filter((word) => english.has(word.toLowerCase()))).toEqual([]);

      // The sign-in dialog (quick switch) in German too.
      await page.click('[data-testid="switch-user"]');
      await page.waitForSelector('[data-testid="login-dialog"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="sign-out"]')).toBe('Abmelden');
      expect(await page.textContent('[data-testid="login-submit"]')).toBe('Anmelden');
      await page.screenshot({ path: screenshotPath('language-de-sign-in') });
      await page.click('[data-testid="login-cancel"]');
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'Arabic: the frame lays out right to left at 1280x720, nothing cut off, tabs on one row; untranslated keys show in English',
    async () => {
      await chooseLanguageForMe(page, 'ar');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await page.textContent('[data-testid="tab-alarms"]')).toBe('الإنذارات');
      // Right to left: the plant's name at the right edge, the clock at the left, the first tab group right of the last.
      const layout = await page.evaluate(() => {
        const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
        const groups = [...document.querySelectorAll('.topbar__group')].map((g) => g.getBoundingClientRect());
        return {
          width: document.documentElement.clientWidth,
          plant: box('[data-testid="plant-name"]'),
          clock: box('[data-testid="clock"]'),
          first: groups[0]!,
          last: groups.at(-1)!,
          counts: box('[data-testid="banner-counts"]'),
          sound: box('[data-testid="alarm-sound"]'),
        };
      });
      expect(layout.plant.right).toBeGreaterThan(layout.width - 40);
      expect(layout.clock.left).toBeLessThan(40);
      expect(layout.first.left).toBeGreaterThan(layout.last.right - 1);
      expect(layout.counts.left).toBeGreaterThan(layout.sound.right);
      await page.screenshot({ path: screenshotPath('language-ar-frame') });
      expect([...(await overfullBars(page, BARS)), ...(await cutOff(page, FRAME))]).toEqual([]);
      const rows = await page.evaluate(() => {
        const tops = [...document.querySelectorAll('.topbar__tab')].map((tab) => tab.getBoundingClientRect().top).sort((a, b) => a - b);
        return tops.filter((top, i) => i === 0 || top - tops[i - 1]! > 10).length;
      });
      expect(rows).toBe(1);
      // The language menu opens inside the window in right-to-left too.
      await page.click('[data-testid="language-switch"] > summary');
      await page.screenshot({ path: screenshotPath('language-ar-menu') });
      expect(await cutOff(page, ['.language-switch'])).toEqual([]);
      await page.click('[data-testid="language-switch"] > summary');
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'signing out brings back the station’s language (English here); the operator’s Arabic comes back with them',
    async () => {
      await page.click('[data-testid="switch-user"]');
      await page.click('[data-testid="sign-out"]');
      await page.waitForFunction(() => document.documentElement.lang === 'en' && document.documentElement.dir === 'ltr', undefined, { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="sign-in"]')).toBe('Sign in');
      await signIn(page, 'operator');
      await page.waitForFunction(() => document.documentElement.lang === 'ar', undefined, { timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
