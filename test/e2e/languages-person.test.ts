import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startExample } from '../support/example.ts';
import { TEST_USERS } from '../support/users.ts';
import { launchChromium, screenshotPath, signIn, waitForAttribute, watchedPage } from './hmi-page.ts';
import { chooseLanguageForMe } from './language-check.ts';
import { cutOff, overfullBars } from './layout-check.ts';

const UI_WAIT_MS = 15_000;
const TEST_MS = 4 * 60_000;
/** The display shown, whatever its label's language (hmi-page.ts's helpers find the Overview by its English name). */
const OVERVIEW = 'section.display:not([hidden])';
const overviewElement = (path: string) => `${OVERVIEW} [data-testid="element:${path}"]`;
const waitForOverviewScreen = (page: Page, id: string) => page.waitForSelector(`${OVERVIEW} [data-testid="screens-display"][data-screen="${id}"]`, { timeout: UI_WAIT_MS });
const FRAME = ['header.topbar', '.hmi__banner-slot'];
const BARS = ['header.topbar', '.topbar__tabs', '.alarm-banner', '.hmi__banner-slot'];
const PENS = ['Line1/Tank101/Level', 'Line1/Conveyor/Speed', 'Line1/Conveyor/State'];

// Two stations (two browser contexts: their own storage) on one runtime. The person's German and night
// theme are kept by the runtime, so they come along to the second station; the station's own default stays.
describe('the person’s language and theme follow them to another station; refusals in their language', () => {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];

  async function station(): Promise<Page> {
    const page = await watchedPage(browser!, errors);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${runtime!.url}/#token=${runtime!.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    return page;
  }

  async function shown(page: Page): Promise<{ lang: string; theme: string | undefined }> {
    return page.evaluate(() => ({ lang: document.documentElement.lang, theme: document.documentElement.dataset['theme'] }));
  }

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'maintenance chooses German and night on one station; signing in on another brings them along, signing out gives that station’s own back',
    async () => {
      const first = await station();
      await signIn(first, 'maintenance');
      await chooseLanguageForMe(first, 'de', UI_WAIT_MS);
      await first.click('[data-testid="theme-switch"] > summary');
      await first.click('[data-testid="theme-user-night"]');
      await first.waitForFunction(() => document.documentElement.dataset['theme'] === 'night', undefined, { timeout: UI_WAIT_MS });
      // Kept with the account, not in this browser: the station's storage holds no personal choice.
      expect(await first.evaluate(() => Object.keys(localStorage).filter((key) => key.includes('.user.')))).toEqual([]);
      // The runtime has it before the other station asks (the save is a call; wait for its answer).
      await expect.poll(() => runtime!.users.sessionUser(TEST_USERS.maintenance.name)?.preferences, { timeout: UI_WAIT_MS }).toEqual({ language: 'de', theme: 'night' });

      const second = await station();
      expect(await shown(second)).toEqual({ lang: 'en', theme: 'day' });
      await signIn(second, 'maintenance');
      await second.waitForFunction(() => document.documentElement.lang === 'de' && document.documentElement.dataset['theme'] === 'night', undefined, { timeout: UI_WAIT_MS });
      expect(await second.textContent('[data-testid="tab-alarms"]')).toBe('Alarme');
      await second.screenshot({ path: screenshotPath('language-de-night-second-station') });

      // A control maintenance may not use says why in German (the reason is built in code: ui/texts.ts).
      await waitForOverviewScreen(second, 'overview');
      await second.click(overviewElement('to-line'));
      await waitForOverviewScreen(second, 'line1');
      await second.click(overviewElement('p101'));
      await second.waitForSelector(`${OVERVIEW} [data-testid="faceplate:pump-faceplate"]`, { timeout: UI_WAIT_MS });
      const start = overviewElement('fp/start');
      await waitForAttribute(second, start, 'aria-disabled', 'true', UI_WAIT_MS);
      expect(await second.getAttribute(start, 'data-blocked')).toBe('Braucht die Berechtigung ‚Variablenwerte schreiben‘ – angemeldet als maintenance.');
      await second.screenshot({ path: screenshotPath('language-de-night-not-allowed') });

      // Signing out: this station's own default (English, day) again.
      await second.click('[data-testid="switch-user"]');
      await second.click('[data-testid="sign-out"]');
      await second.waitForFunction(() => document.documentElement.lang === 'en' && document.documentElement.dataset['theme'] === 'day', undefined, { timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'a refusal from the runtime is shown in German: a wrong password at sign-in',
    async () => {
      const page = await station();
      await page.click('[data-testid="language-switch"] > summary');
      await page.click('[data-testid="language-station-de"]');
      await page.waitForFunction(() => document.documentElement.lang === 'de', undefined, { timeout: UI_WAIT_MS });
      await page.click('[data-testid="sign-in"]');
      await page.fill('[data-testid="login-name"]', TEST_USERS.operator.name);
      await page.fill('[data-testid="login-password"]', 'not-the-password');
      await page.click('[data-testid="login-submit"]');
      await page.waitForSelector('[data-testid="login-error"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="login-error"]')).toBe('Benutzername oder Passwort falsch');
      await page.screenshot({ path: screenshotPath('language-de-refusal-sign-in') });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'by night the frame at 1280x720 and at 4K, and the trend pens’ swatches in their night colours, readable on the dark ground',
    async () => {
      const page = await station();
      await page.click('[data-testid="theme-switch"] > summary');
      await page.click('[data-testid="theme-station-night"]');
      await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'night', undefined, { timeout: UI_WAIT_MS });
      await signIn(page, 'operator');
      for (const size of [
        { width: 1280, height: 720 },
        { width: 3840, height: 2160 },
      ]) {
        await page.setViewportSize(size);
        await waitForOverviewScreen(page, 'overview');
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        await page.screenshot({ path: screenshotPath(`theme-night-frame-${size.width}x${size.height}`) });
        expect([...(await overfullBars(page, BARS)), ...(await cutOff(page, FRAME))], `${size.width}x${size.height}`).toEqual([]);
      }

      await page.setViewportSize({ width: 1280, height: 720 });
      await page.evaluate((hash) => (window.location.hash = hash), `#/trends?pens=${PENS.map(encodeURIComponent).join(',')}`);
      await page.waitForSelector('[data-testid="tab-trends"][aria-current="page"]', { timeout: UI_WAIT_MS });
      await page.waitForFunction((count) => document.querySelectorAll('.trend__swatch').length === count, PENS.length, { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('theme-night-trend-pens-1280x720') });
      const swatches = await page.$$eval('.trend__swatch', (elements) => {
        const rgb = (colour: string) => (colour.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
        const luminance = ([r, g, b]: number[]) => {
          const channel = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
          return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
        };
        return elements.map((element) => {
          let ground: Element | null = element.parentElement;
          while (ground && (rgb(getComputedStyle(ground).backgroundColor)[3] ?? 1) === 0) ground = ground.parentElement;
          const [a, b] = [luminance(rgb(getComputedStyle(element).backgroundColor)), luminance(rgb(getComputedStyle(ground ?? document.body).backgroundColor))];
          return { colour: getComputedStyle(element).backgroundColor, contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
        });
      });
      expect(swatches).toHaveLength(PENS.length);
      // The night colours of the first three pens (echarts.ts NIGHT_PENS), not the day's dark ones.
      expect(swatches.map((s) => s.colour)).toEqual(['rgb(143, 176, 224)', 'rgb(134, 188, 168)', 'rgb(205, 169, 130)']);
      // WCAG 1.4.11: a graphical object that identifies something has 3:1 against what is next to it.
      for (const swatch of swatches) expect(swatch.contrast, swatch.colour).toBeGreaterThanOrEqual(3);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
