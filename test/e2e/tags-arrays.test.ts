import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { TestServer } from '../fixtures/opcua/test-server.ts';
import { seedTestUsers } from '../support/users.ts';
import { launchChromium, screenshotPath } from './hmi-page.ts';
import { startTestRuntime } from '../support/runtime.ts';

// The Tags display with an OPC UA array (a list, then one row per element) and a DateTime tag (a date in
// the plant's time zone, not the browser's), and an integer without decimals.
const UI_WAIT_MS = 20_000;
const TAGS = 'section[aria-label="Tags"]';
let dir: string;
let server: TestServer;
let runtime: Runtime;
let browser: Browser | undefined;
let page: Page;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-tags-arrays-'));
  server = new TestServer({ pkiDir: join(dir, 'server') });
  await server.start();
  const projectDir = join(dir, 'project');
  await mkdir(join(projectDir, 'tags'), { recursive: true });
  await writeFile(
    join(projectDir, 'project.json'),
    JSON.stringify({
      formatVersion: 2,
      name: 'Arrays',
      plant: { name: 'Array plant', timeZone: 'America/Chicago' },
      devices: [{ name: 'plc', driver: 'opcua', config: { endpointUrl: server.endpointUrl, publishingInterval: 100, reconnectMinMs: 100, reconnectMaxMs: 400 } }],
    }),
  );
  await writeFile(
    join(projectDir, 'tags', 'line.json'),
    JSON.stringify({
      tags: [
        { path: 'Line1/Count', description: 'Good bottles', dataType: 'int32', source: { device: 'plc', address: 'ns=2;s=Line1.Count' } },
        { path: 'Line1/LastClean', description: 'Last cleaning', dataType: 'datetime', source: { device: 'plc', address: 'ns=2;s=Line1.LastClean' } },
        { path: 'Line1/Speed', description: 'Conveyor speed', dataType: 'float64', units: 'm/s', decimals: 2, source: { device: 'plc', address: 'ns=2;s=Line1.Speed' } },
        { path: 'Line1/Temps', description: 'Nozzle temperatures', dataType: 'float64', units: '°C', arrayLength: 4, source: { device: 'plc', address: 'ns=2;s=Line1.Temps' } },
      ],
    }),
  );
  // A level 1 screen with the array as a list, one element bound on its own and the date.
  await mkdir(join(projectDir, 'screens'), { recursive: true });
  const display = (id: string, y: number, value: string, label: string) => ({ id, kind: 'symbol', symbol: 'numeric-display', x: 280, y, width: 220, height: 32, props: { label, decimals: 1 }, bindings: { value } });
  await writeFile(
    join(projectDir, 'screens', 'list.json'),
    JSON.stringify({
      formatVersion: 1,
      kind: 'screen',
      id: 'list',
      name: 'Filler nozzles',
      level: 'overview',
      size: { width: 800, height: 400 },
      elements: [
        { id: 'temps', kind: 'symbol', symbol: 'value-list', x: 20, y: 20, width: 220, height: 150, props: { tag: 'Line1/Temps', label: 'Nozzle temperatures' } },
        display('third', 20, '{Line1/Temps[2]}', 'Nozzle 3'),
        display('clean', 70, '{Line1/LastClean}', 'Cleaned'),
      ],
    }),
  );
  runtime = await startTestRuntime({ projectDir, seedUsers: false });
  // Accounts exist (no first-start form over the display); viewing needs no sign-in.
  await seedTestUsers(runtime);
  browser = await launchChromium();
  // The browser in another zone than the plant: dates must follow the plant.
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, timezoneId: 'Asia/Tokyo' });
  page = await context.newPage();
  await page.goto(`${runtime.url}/#/tags&token=${runtime.token}`);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await runtime?.dispose();
  await server?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const cell = (path: string, column: number) => `${TAGS} [data-testid="tag-row:${path}"] td:nth-child(${column})`;

describe('arrays and dates in the Tags display', () => {
  it('shows an array as its list with a row per element, a date in plant time and an integer without decimals', async () => {
    await page.waitForSelector(`${TAGS}:not([hidden])`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${TAGS} [data-testid="tag-row:Line1/Temps[3]"] [data-quality="good"]`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${TAGS} [data-testid="tag-row:Line1/LastClean"] [data-quality="good"]`, { timeout: UI_WAIT_MS });
    await page.waitForSelector(`${TAGS} [data-testid="tag-row:Line1/Count"] [data-quality="good"]`, { timeout: UI_WAIT_MS });
    const rows = await page.$$eval(`${TAGS} tbody tr[data-testid]`, (trs) => trs.map((tr) => tr.getAttribute('data-testid')));
    expect(rows).toEqual(['Count', 'LastClean', 'Speed', 'Temps', 'Temps[0]', 'Temps[1]', 'Temps[2]', 'Temps[3]'].map((p) => `tag-row:Line1/${p}`));
    expect(await page.textContent(`${cell('Line1/Temps', 3)} [data-testid="value-text"]`)).toBe('21.5, 22.0, 23.5, 24.0');
    expect(await page.textContent(cell('Line1/Temps', 1))).toBe('Line1/Temps [4]');
    expect(await page.textContent(cell('Line1/Temps[2]', 1))).toBe('[2]');
    expect(await page.textContent(`${cell('Line1/Temps[2]', 3)} [data-testid="value-text"]`)).toBe('23.5');
    // 2026-07-01 12:30:05 UTC is 07:30:05 in Chicago (the plant), 21:30:05 in Tokyo (the browser).
    expect(await page.textContent(`${cell('Line1/LastClean', 3)} [data-testid="value-text"]`)).toBe('2026-07-01 07:30:05');
    expect(await page.textContent(`${cell('Line1/Count', 3)} [data-testid="value-text"]`)).toBe('42');
    expect(await page.textContent(`${cell('Line1/Speed', 3)} [data-testid="value-text"]`)).toBe('3.50');
    await page.screenshot({ path: screenshotPath('tags-arrays-dates') });
  }, 90_000);

  it('lists the array on a screen (a row per element) and binds one element and the date', async () => {
    await page.click('[data-testid="tab-overview"]');
    const list = '[data-testid="value-list:Line1/Temps"]';
    await page.waitForSelector(`${list} [data-testid="list-row:3"] [data-quality="good"]`, { timeout: UI_WAIT_MS });
    expect(await page.$$eval(`${list} [data-testid^="list-row:"] [data-testid="value-text"]`, (cells) => cells.map((c) => c.textContent))).toEqual(['21.5', '22.0', '23.5', '24.0']);
    const shown = (id: string) => page.textContent(`[data-testid="element:${id}"] [data-testid="value-text"]`);
    // Readouts are painted on a canvas; their SVG text stays in the DOM (hidden) as the truth.
    await page.waitForSelector('[data-testid="element:clean"] [data-testid="value-text"]', { state: 'attached', timeout: UI_WAIT_MS });
    expect(await shown('third')).toBe('23.5');
    expect(await shown('clean')).toBe('2026-07-01 07:30:05');
    await page.screenshot({ path: screenshotPath('screen-value-list') });
  }, 90_000);
});
