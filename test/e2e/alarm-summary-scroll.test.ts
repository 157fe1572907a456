import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { openHmi, startProject } from './alarm-support.ts';
import { screenshotPath } from './hmi-page.ts';

const ALARMS = 2000;
const LATER = 50;
const UI_WAIT_MS = 15_000;
const TEST_MS = 90_000;
const LIST = 'section[aria-label="Alarm summary"] [data-testid="alarm-list"]';

/**
 * A project of ALARMS + LATER discrete alarms (trip = 1) on memory tags, in a temp folder. Each tag
 * gets its own initial value: the simulator keeps one cell per distinct memory() address.
 */
async function manyAlarmsProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-alarm-scroll-'));
  await mkdir(join(dir, 'tags'));
  await mkdir(join(dir, 'alarms'));
  const count = ALARMS + LATER;
  await writeFile(
    join(dir, 'project.json'),
    JSON.stringify({
      formatVersion: 1,
      name: 'Many alarms',
      plant: { name: 'Many alarms', timeZone: 'UTC' },
      devices: [{ name: 'sim', driver: 'simulator', config: { tickMs: 50 } }],
    }),
  );
  const paths = Array.from({ length: count }, (_, i) => `Plant/Unit${i % 10}/Trip${String(i).padStart(4, '0')}`);
  await writeFile(join(dir, 'tags', 'trips.json'), JSON.stringify({ tags: paths.map((path, i) => ({ path, dataType: 'int16', writable: true, source: { device: 'sim', address: `memory(initial=-${i + 1})` } })) }));
  const priorities = ['critical', 'high', 'medium', 'low'];
  await writeFile(
    join(dir, 'alarms', 'trips.json'),
    JSON.stringify({ alarms: paths.map((path, i) => ({ id: path, tag: path, condition: { type: 'equals', value: 1 }, priority: priorities[i % 4], message: `Trip ${i}`, area: `Unit${i % 10}` })) }),
  );
  return dir;
}

describe('the alarm summary with thousands of alarms', () => {
  let dir: string;
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  let plant: TestClient;
  const errors: string[] = [];

  /** Trips the alarms' tags, 100 writes in flight at a time: each reply is awaited within the client's 5 s, which 2,000 at once did not always get on a loaded machine. */
  const raise = async (from: number, to: number) => {
    for (let start = from; start < to; start += 100) {
      const writes = [];
      for (let i = start; i < Math.min(to, start + 100); i++) writes.push(plant.call('tags.write', { path: `Plant/Unit${i % 10}/Trip${String(i).padStart(4, '0')}`, value: 1 }));
      await Promise.all(writes);
    }
  };
  /** Screen position of a row by alarm id (undefined when it is not in the DOM). */
  const rowTop = (id: string) => page.evaluate((rowId) => document.querySelector(`[data-testid="alarm-row"][data-id="${rowId}"]`)?.getBoundingClientRect().top, id);

  beforeAll(async () => {
    dir = await manyAlarmsProject();
    runtime = await startProject(dir);
    plant = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('operator');
    ({ browser, page } = await openHmi(runtime, errors, 'operator'));
  }, TEST_MS);

  afterAll(async () => {
    plant?.socket.close();
    await browser?.close();
    await runtime?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, TEST_MS);

  it(
    'renders only the rows in view, and keeps the scroll position and selection while newer alarms arrive above',
    async () => {
      await raise(0, ALARMS);
      await page.keyboard.press('F2');
      await page.waitForSelector(`${LIST}[data-rows="${ALARMS}"]`, { timeout: UI_WAIT_MS });
      expect(await page.$$eval('[data-testid="alarm-row"]', (rows) => rows.length)).toBeLessThan(60);

      // Scroll into the middle and select a row there.
      await page.$eval(LIST, (list) => (list.scrollTop = 36 * 900));
      // Rows for the new scroll position render on the next update: wait until the middle of the view holds some.
      await page.waitForFunction(
        () => {
          const list = document.querySelector('section[aria-label="Alarm summary"] [data-testid="alarm-list"]')!.getBoundingClientRect();
          const inView = [...document.querySelectorAll('[data-testid="alarm-row"]')].filter((row) => row.getBoundingClientRect().top > list.top + 100 && row.getBoundingClientRect().bottom < list.bottom - 100);
          return inView.length >= 3;
        },
        undefined,
        { timeout: UI_WAIT_MS },
      );
      const picked = await page.evaluate(() => {
        const list = document.querySelector('section[aria-label="Alarm summary"] [data-testid="alarm-list"]')!.getBoundingClientRect();
        const rows = [...document.querySelectorAll('[data-testid="alarm-row"]')];
        const inView = rows.filter((row) => row.getBoundingClientRect().top > list.top + 100 && row.getBoundingClientRect().bottom < list.bottom - 100);
        return inView[2]!.getAttribute('data-id')!;
      });
      await page.click(`[data-testid="alarm-row"][data-id="${picked}"]`);
      const before = (await rowTop(picked))!;
      const scrollBefore = await page.$eval(LIST, (list) => list.scrollTop);

      // Newer alarms sort above the selected one (newest first); the view must not move.
      await raise(ALARMS, ALARMS + LATER);
      await page.waitForSelector(`${LIST}[data-rows="${ALARMS + LATER}"]`, { timeout: UI_WAIT_MS });
      await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => resolve(true))));
      expect(await rowTop(picked)).toBe(before);
      expect(await page.$eval(LIST, (list) => list.scrollTop)).toBeGreaterThan(scrollBefore);
      expect(await page.getAttribute(`[data-testid="alarm-row"][data-id="${picked}"]`, 'aria-selected')).toBe('true');
      expect(await page.getAttribute('[data-testid="alarm-details"]', 'data-id')).toBe(picked);
      await page.screenshot({ path: screenshotPath('alarm-summary-scrolled') });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'keeps only a screenful of the thousands of tag rows in the DOM, and reaches the last one by scrolling',
    async () => {
      await page.click('[data-testid="tab-tags"]');
      const scroller = 'section[aria-label="Tags"] [data-testid="tags-scroll"]';
      await page.waitForSelector(`${scroller} [data-testid^="tag-row:"]`, { timeout: UI_WAIT_MS });
      const rendered = () => page.$$eval(`${scroller} [data-testid^="tag-row:"]`, (rows) => rows.length);
      expect(await rendered()).toBeLessThan(60);
      const last = `Plant/Unit9/Trip${String(ALARMS + LATER - 1).padStart(4, '0')}`;
      expect(await page.$(`[data-testid="tag-row:${last}"]`)).toBeNull();
      await page.$eval(scroller, (element) => (element.scrollTop = element.scrollHeight));
      await page.waitForSelector(`[data-testid="tag-row:${last}"]`, { timeout: UI_WAIT_MS });
      expect(await rendered()).toBeLessThan(60);
      // The spacers stand for the rows not rendered: the last row sits at the very bottom of the table.
      const gap = await page.evaluate(
        ([sel, path]) => {
          const box = document.querySelector(sel!)!.getBoundingClientRect();
          const row = document.querySelector(`[data-testid="tag-row:${path}"]`)!.getBoundingClientRect();
          return Math.abs(box.bottom - row.bottom);
        },
        [scroller, last],
      );
      expect(gap).toBeLessThan(40);
      await page.screenshot({ path: screenshotPath('tags-windowed-bottom') });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
