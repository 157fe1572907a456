import { readFile, writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { HistoryQuerySchema } from '../../common/history.ts';
import { PRESETS } from '../../renderer/trends/time-range.ts';
import { startExample } from '../support/example.ts';
import { until } from '../support/until.ts';
import { launchChromium, OVERVIEW, overviewElement, screenshotPath, watchedPage, signIn, waitForOverviewScreen } from './hmi-page.ts';

const UI_WAIT_MS = 15_000;
const TEST_MS = 3 * 60_000;
const LEVEL = 'Line1/Tank101/Level';
const SPEED = 'Line1/Conveyor/Speed';
const STATE = 'Line1/Conveyor/State';
const TREND = '[data-testid="trend-display"]';

async function attr(page: Page, name: string): Promise<number> {
  return Number(await page.getAttribute(TREND, name));
}

async function addPen(page: Page, path: string): Promise<void> {
  await page.fill('[data-testid="trend-tag-filter"]', path);
  await page.click(`[data-testid="trend-add:${path}"]`);
  await page.waitForSelector(`[data-testid="trend-pen:${path}"]`, { timeout: UI_WAIT_MS });
}

/** Waits until the trend has loaded and drawn a live point stamped after `t`: what is drawn is current. */
async function drawnAfter(page: Page, t: number): Promise<void> {
  await page.waitForFunction(
    ({ sel, after }) => {
      const element = document.querySelector(sel);
      return element?.getAttribute('data-loading') === 'false' && Number(element.getAttribute('data-newest')) > after;
    },
    { sel: TREND, after: t },
    { timeout: UI_WAIT_MS },
  );
}

/** Resolves when the historian holds a good point of `path` at least `ageMs` old. */
async function historyOlderThan(runtime: Runtime, path: string, ageMs: number): Promise<void> {
  await until(
    async () => {
      const result = await runtime.historian.query(HistoryQuerySchema.parse({ kind: 'raw', tags: [path], from: 0, to: Date.now() - ageMs }));
      return result.ok && result.value.frames[0]!.fields.quality.some((q) => q !== null);
    },
    `history of ${path} older than ${ageMs} ms`,
    UI_WAIT_MS,
  );
}

describe('trends in a browser, against the example project', () => {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
    page = await watchedPage(browser, pageErrors, { acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'adds pens from the tag browser and draws live data that moves',
    async () => {
      const { url, token } = runtime!;
      await page.goto(`${url}/#token=${token}`);
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await signIn(page, 'operator');
      await page.click('a[href="#/trends"]');
      await page.waitForSelector(`${TREND}`, { state: 'visible', timeout: UI_WAIT_MS });
      await addPen(page, LEVEL);
      await addPen(page, SPEED);
      await addPen(page, STATE);
      expect(await page.getAttribute('[data-testid="trend-chart"]', 'data-pens')).toBe('3');
      expect(await page.getAttribute(TREND, 'data-live')).toBe('true');

      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-points')) > 0, TREND, { timeout: UI_WAIT_MS });
      const before = await attr(page, 'data-points');
      await page.waitForFunction(({ sel, n }) => Number(document.querySelector(sel)?.getAttribute('data-points')) > n + 5, { sel: TREND, n: before }, { timeout: 30_000 });
      // The readout shows every pen with units and quality.
      const readout = await page.textContent(`[data-testid="trend-pen:${LEVEL}"]`);
      expect(readout).toMatch(/%/);
      await page.screenshot({ path: screenshotPath('trend-live') });
    },
    TEST_MS,
  );

  it(
    'shows history recorded before the page opened, and a cursor readout',
    async () => {
      // Once the historian holds points older than the 4 s the check below asks for, reload: the live
      // buffers start empty, so what is older is history.
      await historyOlderThan(runtime!, LEVEL, 5_000);
      await page.reload();
      const opened = Date.now();
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await page.goto(page.url().replace(/#.*$/, `#/trends?pens=${encodeURIComponent(LEVEL)},${encodeURIComponent(SPEED)},${encodeURIComponent(STATE)}`));
      // History (not the live buffers, empty after the reload) reaches back before the page opened.
      await page.waitForFunction(
        ({ sel, t }) => {
          const element = document.querySelector(sel);
          const oldest = Number(element?.getAttribute('data-history-oldest'));
          return Number(element?.getAttribute('data-history-points')) > 0 && Number.isFinite(oldest) && oldest < t - 4_000;
        },
        { sel: TREND, t: opened },
        { timeout: UI_WAIT_MS },
      );
      await page.click('[data-testid="trend-preset-15m"]');
      await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-span') === String(15 * 60_000), TREND);
      const box = (await page.locator('[data-testid="trend-chart"]').boundingBox())!;
      await page.mouse.move(box.x + box.width - 120, box.y + box.height / 2);
      await expect.poll(() => page.textContent('[data-testid="trend-cursor-time"]'), { timeout: UI_WAIT_MS }).toMatch(/^Cursor/);
      await page.screenshot({ path: screenshotPath('trend-history-cursor') });
    },
    TEST_MS,
  );

  it(
    'zooms with the toolbar and the mouse wheel, and pans back out of live mode',
    async () => {
      await page.click('[data-testid="trend-zoom-in"]');
      await expect.poll(() => attr(page, 'data-span')).toBe(7.5 * 60_000);
      const box = (await page.locator('[data-testid="trend-chart"]').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, -400);
      await expect.poll(() => attr(page, 'data-span'), { timeout: UI_WAIT_MS }).toBeLessThan(7.5 * 60_000);
      await page.click('[data-testid="trend-pan-back"]');
      await expect.poll(() => page.getAttribute(TREND, 'data-live')).toBe('false');
      // Dragging the chart to the right goes back in time.
      const fromBeforeDrag = await attr(page, 'data-from');
      const spanBeforeDrag = await attr(page, 'data-span');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 200, box.y + box.height / 2, { steps: 8 });
      await page.mouse.up();
      await expect.poll(() => attr(page, 'data-from'), { timeout: UI_WAIT_MS }).toBeLessThan(fromBeforeDrag - spanBeforeDrag * 0.1);
      // A custom range: the last 10 minutes up to 2 minutes ago (datetime-local is minute-precise, local time).
      const local = (t: number) => new Date(t - new Date(t).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
      const end = Math.floor((Date.now() - 120_000) / 60_000) * 60_000;
      await page.click('[data-testid="trend-custom"]');
      await page.fill('[data-testid="trend-custom-from"]', local(end - 600_000));
      await page.fill('[data-testid="trend-custom-to"]', local(end));
      await page.click('.trend__custom button[type="submit"]');
      await expect.poll(() => attr(page, 'data-span')).toBe(600_000);
      expect(await attr(page, 'data-from')).toBe(end - 600_000);
      await page.click('[data-testid="trend-live"]');
      await expect.poll(() => page.getAttribute(TREND, 'data-live')).toBe('true');
      // Zoomed in while live, the right edge stays at now: a look at the last minute in detail.
      for (let i = 0; i < 3; i++) await page.click('[data-testid="trend-zoom-in"]');
      await expect.poll(() => page.getAttribute(TREND, 'data-live')).toBe('true');
      await drawnAfter(page, Date.now());
      await page.screenshot({ path: screenshotPath('trend-zoomed') });
      await page.click('[data-testid="trend-preset-15m"]');
    },
    TEST_MS,
  );

  it(
    'shows each preset as its span ending now, also after panning back, and draws the healthy pens at every preset without COMM',
    async () => {
      for (const preset of PRESETS) {
        // Panned back out of live mode first: the preset must still end now (a 7 d view showed an empty chart).
        await page.click('[data-testid="trend-pan-back"]');
        await expect.poll(() => page.getAttribute(TREND, 'data-live')).toBe('false');
        const clicked = Date.now();
        await page.click(`[data-testid="trend-preset-${preset.id}"]`);
        await expect.poll(() => attr(page, 'data-span'), { timeout: UI_WAIT_MS }).toBe(preset.span);
        expect(await page.getAttribute(TREND, 'data-live')).toBe('true');
        expect((await attr(page, 'data-from')) + preset.span).toBeGreaterThanOrEqual(clicked);
        expect(await page.getAttribute(`[data-testid="trend-preset-${preset.id}"]`, 'aria-pressed')).toBe('true');
        // History queried at this preset's resolution has landed, and a current live point is drawn.
        await page.waitForFunction(({ sel, span }) => document.querySelector(sel)?.getAttribute('data-loaded-span') === String(span), { sel: TREND, span: preset.span }, { timeout: UI_WAIT_MS });
        await drawnAfter(page, Date.now());
        // History is drawn (at 7 d the start-up "not connected" sample marked the one bucket holding all of it bad, blanking it).
        expect(await attr(page, 'data-history-points'), preset.id).toBeGreaterThan(0);
        // Only the start-up second or two may be drawn bad, at the finest presets; never a coarse bucket.
        expect(await attr(page, 'data-bad-ms'), preset.id).toBeLessThan(30_000);
        for (const path of [LEVEL, SPEED, STATE]) expect(await page.getAttribute(`[data-testid="trend-pen:${path}"]`, 'data-severity'), `${path} at ${preset.id}`).toBe('good');
        if (preset.id === '7d') {
          // The control-room minimum size: toolbar, chart and pen table must fit.
          await page.setViewportSize({ width: 1280, height: 720 });
          await page.screenshot({ path: screenshotPath('trend-7d-after-pan') });
          await page.setViewportSize({ width: 1440, height: 900 });
        }
      }
      // An active preset stays readable under the pointer (it turned white with white text): WCAG AA contrast.
      await page.hover('[data-testid="trend-preset-7d"]');
      const contrast = await page.$eval('[data-testid="trend-preset-7d"]', (button) => {
        const style = getComputedStyle(button);
        const luminance = (css: string) => {
          const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
            const v = Number(c) / 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
        };
        const [a, b] = [luminance(style.backgroundColor), luminance(style.color)].sort((x, y) => y - x);
        return (a! + 0.05) / (b! + 0.05);
      });
      expect(contrast).toBeGreaterThanOrEqual(4.5);
      await page.click('[data-testid="trend-preset-15m"]');
      await expect.poll(() => attr(page, 'data-span')).toBe(15 * 60_000);
    },
    TEST_MS,
  );

  it(
    'exports what is shown as CSV and the chart as PNG',
    async () => {
      const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="trend-export-csv"]')]);
      expect(csv.suggestedFilename()).toMatch(/^trend-.*\.csv$/);
      const text = await readFile((await csv.path())!, 'utf8');
      const lines = text.trim().split('\n');
      // The example plant is in Europe/Berlin (examples/bottling-line/project.json).
      expect(lines[0]).toBe(`time (UTC),plant time (Europe/Berlin),${LEVEL} [%],${LEVEL} quality,${SPEED} [bpm],${SPEED} quality,${STATE},${STATE} quality`);
      expect(lines.length).toBeGreaterThan(10);
      const goodRow = lines.slice(1).find((line) => /^\d{4}-\d\d-\d\dT[^,]+Z,\d{4}-\d\d-\d\dT[\d:.]+[+-]\d\d:\d\d,[\d.]+,Good,/.test(line));
      expect(goodRow).toBeDefined();
      // Both time columns name the same instant.
      const [utc, plant] = goodRow!.split(',');
      expect(Date.parse(plant!)).toBe(Date.parse(utc!));

      const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="trend-export-png"]')]);
      const bytes = await readFile((await png.path())!);
      expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
      expect(bytes.length).toBeGreaterThan(5_000);
      await writeFile(screenshotPath('trend-export'), bytes);
    },
    TEST_MS,
  );

  it(
    'saves a view by name in the runtime and opens it again after a reload',
    async () => {
      await page.fill('[data-testid="trend-view-name"]', 'Tank and conveyor');
      await page.click('[data-testid="trend-view-save"]');
      await expect.poll(() => page.textContent('[data-testid="trend-view-message"]')).toContain('Saved');

      // A fresh page on the trends display without pens (the hash of the previous link would bring them back).
      await page.goto(page.url().replace(/#.*$/, '#/trends'));
      await page.reload();
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      await page.waitForSelector(`${TREND}`, { state: 'visible', timeout: UI_WAIT_MS });
      expect(await page.getAttribute('[data-testid="trend-chart"]', 'data-pens')).toBe('0');
      await expect.poll(() => page.$$eval('[data-testid="trend-view-select"] option', (o) => o.map((x) => x.textContent)), { timeout: UI_WAIT_MS }).toContain('Tank and conveyor');
      await page.selectOption('[data-testid="trend-view-select"]', 'Tank and conveyor');
      await page.waitForSelector(`[data-testid="trend-pen:${STATE}"]`, { timeout: UI_WAIT_MS });
      expect(await page.getAttribute('[data-testid="trend-chart"]', 'data-pens')).toBe('3');
      expect(await attr(page, 'data-span')).toBe(15 * 60_000);
      await drawnAfter(page, Date.now());
      await page.screenshot({ path: screenshotPath('trend-saved-view') });
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'shows sparklines on the overview that open the full trend of their tag',
    async () => {
      await page.goto(page.url().replace(/#.*$/, '#/overview'));
      await waitForOverviewScreen(page, 'overview');
      const spark = `${OVERVIEW} [data-testid="sparkline:${LEVEL}"]`;
      await page.waitForFunction((sel) => (document.querySelector(`${sel} .sparkline__line`)?.getAttribute('d') ?? '').length > 10, spark, { timeout: UI_WAIT_MS });
      const panel = (await (await page.$(overviewElement('trend-panel')))!.boundingBox())!;
      await page.screenshot({ path: screenshotPath('trend-overview-sparklines'), clip: panel });
      await page.click(spark);
      await page.waitForSelector(`${TREND}`, { state: 'visible', timeout: UI_WAIT_MS });
      await page.waitForSelector(`[data-testid="trend-pen:${LEVEL}"]`, { timeout: UI_WAIT_MS });
      expect(await page.getAttribute('[data-testid="trend-chart"]', 'data-pens')).toBe('1');
      expect(await page.getAttribute(TREND, 'data-live')).toBe('true');
      expect(pageErrors).toEqual([]);
    },
    TEST_MS,
  );
});
