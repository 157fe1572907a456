import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 20_000;
const TEST_MS = 3 * 60_000;
const SCREENS = 'section[aria-label="Screens"]';
const inScreens = (selector: string) => `${SCREENS} ${selector}`;
const tid = (id: string) => `[data-testid="${id}"]`;

/**
 * Two alarms that are active as soon as their tags have values: one on the filler's state (read by the
 * filler drive and the state text, under the screen's alarm indicator for Line1/Filler), one on the line
 * speed setpoint (read by a readout and the speed bar). Critical, so the area indicator shows ours even
 * if the simulated filler faults meanwhile.
 */
const TEST_ALARMS = {
  alarms: [
    { id: 'Test/FillerState', tag: 'Line1/Filler/State', condition: { type: 'lo', limit: 1000 }, priority: 'critical', message: 'Test alarm on the filler state', area: 'Line1/Filler' },
    { id: 'Test/Setpoint', tag: 'Line1/Conveyor/SpeedSetpoint', condition: { type: 'lo', limit: 100000 }, priority: 'low', message: 'Test alarm on the line setpoint', area: 'Line1/Conveyor' },
  ],
};

async function openAs(browser: Browser, runtime: ExampleRuntime, errors: string[], role: 'operator' | 'engineer', viewport: { width: number; height: number }): Promise<Page> {
  const page = await watchedPage(browser, errors);
  await page.setViewportSize(viewport);
  await page.goto(`${runtime.url}/#token=${runtime.token}`);
  await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
  await signIn(page, role);
  return page;
}

async function shownScreen(page: Page, id: string): Promise<void> {
  await page.waitForSelector(inScreens(`[data-testid="screens-display"][data-screen="${id}"]`), { timeout: UI_WAIT_MS });
}

/** How many marks on the shown screen name each alarm message: element marks (their title) and alarm indicators (their label). */
function marksPerMessage(page: Page): Promise<Record<string, number>> {
  return page.$$eval(`${SCREENS} [data-testid^="alarm-mark:"], ${SCREENS} [data-testid^="area-alarms:"]:not([data-priority="none"])`, (marks) => {
    const counts: Record<string, number> = {};
    for (const mark of marks) {
      const text = mark.getAttribute('aria-label') ?? mark.querySelector(':scope > title')?.textContent ?? '';
      counts[text] = (counts[text] ?? 0) + 1;
    }
    return counts;
  });
}

describe('every screen reachable: the navigator, the global search, one mark per alarm', () => {
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample({ prepareProject: (dir) => writeFile(join(dir, 'alarms', 'navigator-test.json'), JSON.stringify(TEST_ALARMS)) });
    browser = await launchChromium();
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'an operator at 1280x720 finds the filler in the navigator by level and area, with the filter and with the keyboard',
    async () => {
      const page = await openAs(browser!, runtime!, errors, 'operator', { width: 1280, height: 720 });
      await page.click(tid('tab-screens'));
      await shownScreen(page, 'overview');
      const tree = inScreens(tid('screen-tree'));
      await page.waitForSelector(`${tree} ${tid('tree-screen:filler')}`, { timeout: UI_WAIT_MS });
      // Levels 1–3 of the example, the line and the filler under their areas.
      expect(await page.$$eval(`${tree} [role="treeitem"]`, (items) => items.map((i) => `${i.getAttribute('aria-level')} ${i.textContent}`))).toEqual([
        '1 ▾Level 1 · Overview1',
        '2 1Plant overview',
        '1 ▾Level 2 · Area1',
        '2 ▾Line11',
        '3 2Line 1 · Bottling',
        '1 ▾Level 3 · Unit1',
        '2 ▾Line1/Filler1',
        '3 3Filler',
      ]);
      // The mimic is whole beside the panel: the canvas is inside the viewport.
      const canvas = (await page.locator(inScreens(tid('screen:overview'))).boundingBox())!;
      expect(canvas.x + canvas.width).toBeLessThanOrEqual(1280);
      expect(canvas.y + canvas.height).toBeLessThanOrEqual(720);
      await page.screenshot({ path: screenshotPath('navigator-1280') });

      await page.fill(inScreens(tid('screen-tree-filter')), 'fill');
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, `${tree} [data-testid^="tree-screen:"]`, { timeout: UI_WAIT_MS });
      await page.click(`${tree} ${tid('tree-screen:filler')}`);
      await shownScreen(page, 'filler');
      expect(await page.getAttribute(`${tree} ${tid('tree-screen:filler')}`, 'aria-current')).toBe('page');
      expect(await page.evaluate(() => window.location.hash)).toBe('#/screens/filler');

      // Keyboard only: clear the filter, into the tree, to the first level, close it, down to the line, open it.
      await page.fill(inScreens(tid('screen-tree-filter')), '');
      await page.focus(inScreens(tid('screen-tree-filter')));
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Home');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe('level:overview');
      await page.keyboard.press('ArrowLeft');
      expect(await page.getAttribute(`${tree} ${tid('tree-level:overview')}`, 'aria-expanded')).toBe('false');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-row'))).toBe('screen:line1');
      await page.keyboard.press('Enter');
      await shownScreen(page, 'line1');

      // The panel folds away and the mimic takes the width.
      const narrow = (await page.locator(inScreens(tid('screen:line1'))).boundingBox())!.width;
      await page.click(inScreens(tid('screen-tree-toggle')));
      await page.waitForSelector(`${tree}`, { state: 'detached', timeout: UI_WAIT_MS });
      await page.waitForFunction(({ sel, before }) => (document.querySelector(sel)?.getBoundingClientRect().width ?? 0) > before + 100, { sel: inScreens(tid('screen:line1')), before: narrow }, { timeout: UI_WAIT_MS });
      await page.click(inScreens(tid('screen-tree-toggle')));
      await page.waitForSelector(tree, { timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    'an operator finds a screen, a tag and an alarm with Ctrl+K, opens them with the keyboard, and Escape closes it',
    async () => {
      const page = await openAs(browser!, runtime!, errors, 'operator', { width: 1920, height: 1080 });
      await page.click(tid('tab-alarms'));
      await page.click(tid('tab-overview'));
      await page.focus(tid('tab-overview'));
      await page.keyboard.press('Control+k');
      await page.waitForSelector(tid('global-search'), { timeout: UI_WAIT_MS });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search-input');
      await page.keyboard.type('filler');
      await page.waitForSelector(`${tid('search-results')}[data-query="filler"] ${tid('search-group:screen')}`, { timeout: UI_WAIT_MS });
      expect(await page.$$eval(`${tid('search-group:screen')} ${tid('search-hit')}`, (hits) => hits.map((h) => h.getAttribute('data-key')))).toEqual(['filler']);
      expect(await page.$$eval(`${tid('search-group:tag')} ${tid('search-hit')}`, (hits) => hits.length)).toBeGreaterThan(2);
      // The screen group comes first and its best hit is chosen.
      expect(await page.getAttribute(`${tid('search-hit')}[aria-selected="true"]`, 'data-key')).toBe('filler');
      await page.screenshot({ path: screenshotPath('search-1920') });
      await page.keyboard.press('Enter');
      await page.waitForSelector(tid('global-search'), { state: 'detached', timeout: UI_WAIT_MS });
      await shownScreen(page, 'filler');

      // A tag: the words in any order; ↓ to it, Enter opens its detail on Tags (value, quality, alarms, write), and from there its trend.
      await page.keyboard.press('Control+k');
      await page.keyboard.type('temperature bowl');
      await page.waitForSelector(`${tid('search-results')}[data-query="temperature bowl"] ${tid('search-group:tag')}`, { timeout: UI_WAIT_MS });
      const hits = await page.$$eval(tid('search-hit'), (all) => all.map((h) => `${h.getAttribute('data-kind')} ${h.getAttribute('data-key')}`));
      const tagAt = hits.indexOf('tag Line1/Filler/BowlTemperature');
      expect(tagAt).toBeGreaterThanOrEqual(0);
      for (let i = 0; i < tagAt; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.waitForSelector(`${tid('tag-detail-close')}[aria-label="Close Line1/Filler/BowlTemperature"]`, { timeout: UI_WAIT_MS });
      expect(await page.evaluate(() => window.location.hash)).toBe('#/tags');
      await page.click(tid('tag-detail-trend'));
      await page.waitForFunction(() => window.location.hash === '#/trends?pens=Line1%2FFiller%2FBowlTemperature', undefined, { timeout: UI_WAIT_MS });

      // An active alarm, found by its message; Escape closes and the focus goes back.
      await page.focus(tid('tab-trends'));
      await page.keyboard.press('Control+k');
      await page.keyboard.type('setpoint test');
      await page.waitForSelector(`${tid('search-group:alarm')} ${tid('search-hit')}[data-key="Test/Setpoint"]`, { timeout: UI_WAIT_MS });
      await page.waitForSelector(`${tid('search-group:alarm-definition')} ${tid('search-hit')}[data-key="Test/Setpoint"]`, { timeout: UI_WAIT_MS });
      await page.keyboard.press('Escape');
      await page.waitForSelector(tid('global-search'), { state: 'detached', timeout: UI_WAIT_MS });
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-trends');

      // Enter on the alarm: the summary with it selected.
      await page.keyboard.press('Control+k');
      await page.keyboard.type('setpoint test');
      await page.waitForSelector(`${tid('search-group:alarm')} ${tid('search-hit')}[data-key="Test/Setpoint"][aria-selected="true"]`, { timeout: UI_WAIT_MS });
      await page.keyboard.press('Enter');
      await page.waitForSelector('section[aria-label="Alarm summary"]:not([hidden]) [data-testid="alarm-row"][data-id="Test/Setpoint"][aria-selected="true"]', { timeout: UI_WAIT_MS });

      // The button in the frame opens the same search; a display by name.
      await page.click(tid('search-open'));
      await page.keyboard.type('alarm hist');
      await page.waitForSelector(`${tid('search-group:display')} ${tid('search-hit')}[data-key="alarm-history"]`, { timeout: UI_WAIT_MS });
      await page.click(`${tid('search-group:display')} ${tid('search-hit')}[data-key="alarm-history"]`);
      await page.waitForFunction(() => window.location.hash === '#/alarm-history', undefined, { timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    'the Filler screen shows one mark per alarm',
    async () => {
      const page = await openAs(browser!, runtime!, errors, 'operator', { width: 1920, height: 1080 });
      await page.goto(`${runtime!.url}/#/screens/filler`);
      await shownScreen(page, 'filler');
      await page.waitForSelector(inScreens('[data-testid="area-alarms:Line1/Filler"][data-priority="critical"]'), { timeout: UI_WAIT_MS });
      await page.waitForSelector(inScreens('[data-testid^="alarm-mark:"][data-priority="low"]'), { timeout: UI_WAIT_MS });
      const counts = await marksPerMessage(page);
      // Before: the filler drive, the state text and the area indicator each marked the first; the readout and the bar the second.
      expect(counts['Test alarm on the line setpoint']).toBe(1);
      expect(Object.entries(counts).filter(([text]) => text.includes('Test alarm on the filler state'))).toHaveLength(1);
      for (const [text, count] of Object.entries(counts)) expect(count, text).toBe(1);
      expect(await page.$(inScreens('[data-testid="element:drive"] [data-testid^="alarm-mark:"]'))).toBeNull();
      expect(await page.$(inScreens('[data-testid="element:state"] [data-testid^="alarm-mark:"]'))).toBeNull();
      await page.screenshot({ path: screenshotPath('filler-one-mark') });
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );

  it(
    'an engineer saves a new screen in the editor and it is in the navigator and the search at once',
    async () => {
      const page = await openAs(browser!, runtime!, errors, 'engineer', { width: 1280, height: 720 });
      // The Screens tab is open (mounted) before the screen exists.
      await page.click(tid('tab-screens'));
      await page.waitForSelector(inScreens(tid('screen-tree')), { timeout: UI_WAIT_MS });
      await page.click(tid('tab-editor'));
      const editor = 'section[aria-label="Screen editor"]';
      await page.click(`${editor} ${tid('doc-new:screen')}`);
      await page.fill(`${editor} ${tid('doc-name-input')}`, 'Palletizer');
      await page.click(`${editor} ${tid('doc-name-ok')}`);
      await page.waitForSelector(`${editor} ${tid('editor-canvas')}`, { timeout: UI_WAIT_MS });
      await page.fill(`${editor} ${tid('doc:area')}`, 'Line1/Palletizer');
      await page.keyboard.press('Enter');
      await page.click(`${editor} ${tid('save')}`);
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Saved', `${editor} ${tid('save-state')}`, { timeout: UI_WAIT_MS });
      await page.click(tid('tab-screens'));
      const tree = inScreens(tid('screen-tree'));
      await page.waitForSelector(`${tree} ${tid('tree-area:Line1/Palletizer')}`, { timeout: UI_WAIT_MS });
      const id = (await page.getAttribute(`${tree} [data-testid^="tree-screen:"]:has-text("Palletizer")`, 'data-testid'))!.slice('tree-screen:'.length);
      await page.click(`${tree} ${tid(`tree-screen:${id}`)}`);
      await shownScreen(page, id);
      await page.screenshot({ path: screenshotPath('navigator-new-screen-1280') });
      await page.keyboard.press('Control+k');
      await page.keyboard.type('pallet');
      await page.waitForSelector(`${tid('search-group:screen')} ${tid('search-hit')}[data-key="${id}"]`, { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('search-1280') });
      await page.keyboard.press('Escape');
      expect(errors).toEqual([]);
      await page.close();
    },
    TEST_MS,
  );
});
