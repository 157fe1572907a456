import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_PROJECT_DIR, type Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { ALARM_UI_PROJECT, openHmi, startProject } from './alarm-support.ts';
import { screenshotPath, showDisplay, switchUser } from './hmi-page.ts';
import { chooseLanguageForMe, englishOnlyWords, interfaceWords } from './language-check.ts';
import { cutOff, overfullBars } from './layout-check.ts';

const UI_WAIT_MS = 10_000;
const TEST_MS = 3 * 60_000;
const SHOWN = 'main.hmi__display > section.display:not([hidden])';
const FRAME = ['header.topbar', '.hmi__banner-slot'];
const BARS = ['header.topbar', '.topbar__tabs', '.alarm-banner', '.hmi__banner-slot'];
const HIHI = 'Line1/Tank101/Level/HiHi';
const row = (id: string) => `[data-testid="alarm-row"][data-id="${id}"]`;
const BASIC_PROJECT = fileURLToPath(new URL('../fixtures/projects/basic/', import.meta.url));

/**
 * English words of the interface left under `roots` (project data skipped); at least `atLeast` words read, so
 * the check saw the display. Role names are names (`operator`, `admin`), inside translated sentences too;
 * `names`: other words that are names here (a folder of the project).
 */
async function englishLeft(page: Page, roots: readonly string[], atLeast = 10, names: readonly string[] = []): Promise<string[]> {
  const english = englishOnlyWords([EXAMPLE_PROJECT_DIR, ALARM_UI_PROJECT, BASIC_PROJECT]);
  for (const name of names) english.delete(name);
  const words = await interfaceWords(page, roots);
  expect(words.length, `words read under ${roots.join(', ')}`).toBeGreaterThanOrEqual(atLeast);
  return words.filter((word) => english.has(word.toLowerCase()));
}

/** Nothing of the frame or of `roots` cut off at the window's size. */
async function layoutProblems(page: Page, roots: readonly string[] = [SHOWN]): Promise<string[]> {
  return [...(await overfullBars(page, BARS)), ...(await cutOff(page, [...FRAME, ...roots]))];
}

// One runtime on the alarm fixture (alarms raised by writing the watched tags, as the plant would), one
// window at the smallest control-room size (German words are longer), signed in as each role that uses a
// display: each person chooses German for themselves.
describe('the alarm, tags, search, users and audit displays in German, at 1280x720', () => {
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  let plant: TestClient;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startProject(ALARM_UI_PROJECT);
    plant = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('operator');
    ({ browser, page } = await openHmi(runtime, errors, 'operator'));
    await page.setViewportSize({ width: 1280, height: 720 });
    await plant.call('tags.write', { path: 'Line1/Tank101/Level', value: 98.5 });
    await plant.call('tags.write', { path: 'Line1/Air/Pressure', value: 4.2 });
    await page.waitForSelector('[data-testid="banner-count-critical"][data-active="1"]', { timeout: UI_WAIT_MS });
  }, TEST_MS);

  afterAll(async () => {
    plant?.socket.close();
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'the operator: overview, alarm summary with details and actions, acknowledged in German; history, KPIs, tags and a tag detail, the search',
    async () => {
      await chooseLanguageForMe(page, 'de');
      await showDisplay(page, 'overview');
      await page.screenshot({ path: screenshotPath('language-de-overview') });

      await showDisplay(page, 'alarms');
      await page.waitForSelector(row(HIHI), { timeout: UI_WAIT_MS });
      await page.click(row(HIHI));
      await page.waitForSelector(`[data-testid="alarm-details"][data-id="${HIHI}"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SHOWN} h1`)).toBe('Alarmübersicht');
      expect(await page.textContent(`${row(HIHI)} .alarm-row__state`)).toBe('Unquittiert');
      expect(await page.textContent('[data-testid="ack-selected"]')).toBe('Auswahl quittieren (1)');
      expect(await page.textContent('[data-testid="summary-count"]')).toMatch(/^\d+ angezeigt · \d+ unquittiert$/);
      expect(await englishLeft(page, [SHOWN], 60)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-alarms') });
      expect(await layoutProblems(page)).toEqual([]);
      await page.fill('[data-testid="alarm-comment"]', 'Pumpe von Hand gestoppt');
      await page.click('[data-testid="ack-selected"]');
      await page.waitForFunction(() => document.querySelector('[data-testid="alarm-feedback"]')?.textContent?.includes('1 Alarm quittiert.'), undefined, { timeout: UI_WAIT_MS });

      await showDisplay(page, 'alarm-history');
      await page.waitForSelector('[data-testid="history-row"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="history-status"]')).toMatch(/^Einträge 1–\d+ von \d+, neueste zuerst/);
      expect(await page.$$eval('[data-testid="history-row"][data-kind="acknowledge"] td:nth-child(3)', (cells) => cells.map((c) => c.textContent))).toContain('Quittiert');
      expect(await englishLeft(page, [SHOWN], 30)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-alarm-history') });
      expect(await layoutProblems(page)).toEqual([]);

      await showDisplay(page, 'alarm-kpis');
      await page.waitForSelector('[data-testid="kpi-body"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="kpi-total"]')).toContain('Gekommene Alarme');
      expect(await englishLeft(page, [SHOWN], 30)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-alarm-kpis') });
      expect(await layoutProblems(page)).toEqual([]);

      await showDisplay(page, 'tags');
      const level = 'Line1/Tank101/Level';
      await page.fill('[data-testid="tags-filter"]', 'Line1/Tank101');
      await page.waitForSelector(`[data-testid="tag-row:${level}"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="tags-count"]')).toMatch(/^\d+ von \d+ Variablen$/);
      await page.click(`[data-testid="tag-row:${level}"]`);
      const detail = `[data-testid="tag-detail"][data-path="${level}"]`;
      await page.waitForSelector(detail, { timeout: UI_WAIT_MS });
      const text = (await page.textContent(detail)) ?? '';
      for (const part of ['Quellzeit', 'Serverzeit', 'Letzte Stunde', 'Alarme', 'In Trends öffnen', 'Aktiv, quittiert']) expect(text).toContain(part);
      expect(await englishLeft(page, [SHOWN], 30)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-tag-detail') });
      expect(await layoutProblems(page)).toEqual([]);
      await page.keyboard.press('Escape');

      // The search (Ctrl+K): group titles, counts and keys in German, and displays found by their German names.
      await page.keyboard.press('Control+k');
      await page.waitForSelector('[data-testid="global-search"]', { timeout: UI_WAIT_MS });
      await page.fill('[data-testid="search-input"]', 'alarm');
      await page.waitForSelector('[data-testid="search-results"][data-query="alarm"] [data-testid="search-group:display"]', { timeout: UI_WAIT_MS });
      expect(await page.$$eval('[data-testid="search-group:display"] .search-hit__title', (hits) => hits.map((h) => h.textContent))).toEqual(expect.arrayContaining(['Alarmhistorie', 'Alarmeinstellung']));
      await page.fill('[data-testid="search-input"]', 'tank101');
      await page.waitForSelector('[data-testid="search-results"][data-query="tank101"] [data-testid="search-group:alarm-definition"]', { timeout: UI_WAIT_MS });
      const groups = await page.$$eval('.search-group__title', (titles) => titles.map((t) => t.firstChild?.textContent));
      expect(groups).toEqual(expect.arrayContaining(['Variablen', 'Aktive Alarme', 'Alarmdefinitionen']));
      expect(await englishLeft(page, ['[data-testid="global-search"]'], 10)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-search') });
      expect(await cutOff(page, ['[data-testid="global-search"]'])).toEqual([]);
      await page.keyboard.press('Escape');
      await page.waitForSelector('[data-testid="global-search"]', { state: 'detached', timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'maintenance shelves an alarm in German (durations, reason, feedback), and sees the summary in the night theme',
    async () => {
      await switchUser(page, 'maintenance');
      await chooseLanguageForMe(page, 'de');
      await showDisplay(page, 'alarms');
      const hi = 'Line1/Tank101/Level/Hi';
      await page.waitForSelector(row(hi), { timeout: UI_WAIT_MS });
      await page.click(row(hi));
      expect(await page.$$eval('[data-testid="shelve-duration"] option', (options) => options.map((o) => o.textContent))).toEqual(['15 min', '1 Stunde', '4 Stunden', '8 Stunden (Schicht)', '24 Stunden']);
      await page.selectOption('[data-testid="shelve-duration"]', { label: '8 Stunden (Schicht)' });
      await page.fill('[data-testid="shelve-reason"]', 'Sensor wird getauscht');
      await page.click('[data-testid="shelve"]');
      await page.waitForFunction(() => document.querySelector('[data-testid="alarm-feedback"]')?.textContent?.includes('Zurückgestellt.'), undefined, { timeout: UI_WAIT_MS });
      await page.selectOption('[data-testid="filter-state"]', 'shelved');
      await page.waitForSelector(`${row(hi)}[data-state="shelved"]`, { timeout: UI_WAIT_MS });
      await page.click(row(hi));
      expect(await page.textContent('[data-testid="unshelve"]')).toBe('Zurückstellung aufheben');
      expect(await page.textContent('[data-testid="alarm-banner"]')).toContain('Zurückgestellt 1');
      expect(await englishLeft(page, [SHOWN], 60)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-alarms-shelved') });
      expect(await layoutProblems(page)).toEqual([]);

      await page.click('[data-testid="theme-switch"] summary');
      await page.click('[data-testid="theme-station-night"]');
      await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'night', undefined, { timeout: UI_WAIT_MS });
      await page.keyboard.press('Escape');
      await page.screenshot({ path: screenshotPath('language-de-night-alarms') });
      await showDisplay(page, 'alarm-kpis');
      await page.waitForSelector('[data-testid="kpi-body"]', { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('language-de-night-alarm-kpis') });
      await page.click('[data-testid="theme-switch"] summary');
      await page.click('[data-testid="theme-station-day"]');
      await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'day', undefined, { timeout: UI_WAIT_MS });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'the engineer: alarm setup, a definition in its form, a new alarm, the delete question, in German',
    async () => {
      await switchUser(page, 'engineer');
      await chooseLanguageForMe(page, 'de');
      await showDisplay(page, 'alarm-definitions');
      await page.waitForSelector(`[data-testid="def-row"][data-id="${HIHI}"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="def-count"]')).toMatch(/^\d+ von \d+ Definitionen$/);
      await page.click(`[data-testid="def-row"][data-id="${HIHI}"]`);
      await page.waitForSelector('[data-testid="def-form"]', { timeout: UI_WAIT_MS });
      expect(await page.$$eval('.def-section__title', (titles) => titles.map((t) => t.textContent))).toEqual(['Alarm', 'Bedingung', 'Meldung', 'Planmäßige Unterdrückung', 'Hilfe für den Bediener']);
      expect(await englishLeft(page, [SHOWN], 80)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-alarm-setup') });
      expect(await layoutProblems(page)).toEqual([]);
      await page.click('[data-testid="def-delete"]');
      await page.waitForSelector('[data-testid="def-delete-confirm"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="def-delete-confirm"]')).toContain('löschen? Die Definition wird aus der Projektdatei entfernt');
      expect(await englishLeft(page, ['[data-testid="def-delete-confirm"]'], 5)).toEqual([]);
      await page.click('[data-testid="def-delete-no"]');

      await page.click('[data-testid="def-new"]');
      await page.waitForSelector('[data-testid="def-editor"][data-mode="new"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="def-title"]')).toBe('Neuer Alarm');
      // The file field's hint is the project file's path, alarms/<file>.json.
      expect(await englishLeft(page, [SHOWN], 80, ['alarms'])).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-alarm-setup-new') });
      expect(await layoutProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'the administrator: Users (accounts, roles, tokens, own password) and the audit trail with its chain verified, in German; Users in the night theme',
    async () => {
      await switchUser(page, 'admin');
      await chooseLanguageForMe(page, 'de');
      await showDisplay(page, 'users');
      await page.waitForSelector('[data-testid="users-table"] [data-testid^="user-row:"]', { timeout: UI_WAIT_MS });
      await page.waitForSelector('[data-testid="roles-matrix"] input', { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${SHOWN} h1`)).toBe('Benutzer');
      expect(await englishLeft(page, [SHOWN], 80)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-users'), fullPage: true });
      expect(await layoutProblems(page)).toEqual([]);

      await showDisplay(page, 'audit');
      await page.waitForSelector('[data-testid^="audit-row:"]', { timeout: UI_WAIT_MS });
      await page.click('[data-testid="audit-verify"]');
      await page.waitForSelector('[data-testid="audit-verification"][data-ok="true"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="audit-verification"]')).toMatch(/^Unversehrt: \d+ Einträge, jeder mit dem vorigen verkettet\.$/);
      expect(await englishLeft(page, [SHOWN], 20)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-audit') });
      expect(await layoutProblems(page)).toEqual([]);

      await page.click('[data-testid="theme-switch"] summary');
      await page.click('[data-testid="theme-station-night"]');
      await page.waitForFunction(() => document.documentElement.dataset['theme'] === 'night', undefined, { timeout: UI_WAIT_MS });
      await page.keyboard.press('Escape');
      await showDisplay(page, 'users');
      await page.screenshot({ path: screenshotPath('language-de-night-users') });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});

describe('the overview of a project without screens, in German', () => {
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startProject(BASIC_PROJECT);
    ({ browser, page } = await openHmi(runtime, errors, 'engineer'));
    await page.setViewportSize({ width: 1280, height: 720 });
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'tells the engineer in German to create an overview screen in the Editor',
    async () => {
      await chooseLanguageForMe(page, 'de');
      const empty = await page.waitForSelector(`${SHOWN} [data-testid="overview-empty"]`, { timeout: UI_WAIT_MS });
      expect(await empty.textContent()).toContain('Legen Sie im Editor ein Bild der Ebene 1 (Übersicht) an.');
      expect(await englishLeft(page, [SHOWN], 10)).toEqual([]);
      await page.screenshot({ path: screenshotPath('language-de-overview-empty') });
      expect(await layoutProblems(page)).toEqual([]);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
