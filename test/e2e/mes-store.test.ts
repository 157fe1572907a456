import { readFile, writeFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 20_000;
const STORE = 'section[aria-label="MES/ERP sync"] [data-testid="sync-store"]';

function size(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/**
 * The Sync view shows the MES store as the runtime measured it: the file's size, the outbox and
 * inbox rows, the oldest of them, the retention from mes.json and the last compaction, which
 * appears when a compaction has run.
 */
describe('the MES store on the Sync view', () => {
  let sim: MesSim;
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    sim = new MesSim();
    runtime = await startExample({
      mesBaseUrl: `${await sim.listen()}/api`,
      prepareProject: async (dir) => {
        const file = join(dir, 'mes.json');
        const mes = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
        await writeFile(file, JSON.stringify({ ...mes, storage: { retentionDays: 14 } }, null, 2));
      },
    });
    browser = await launchChromium();
    page = await watchedPage(browser, pageErrors);
    // The smallest screen the HMI is made for.
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    await sim?.close();
  });

  it('shows the size, rows, oldest row and retention the runtime measured, and the last compaction once one ran', async () => {
    const { url, token } = runtime!;
    const mes = runtime!.mes!;
    const db = mes.store.db;
    const operator = await (await TestClient.connect(url, token)).loginAs('operator');
    try {
      // Inbox rows (the three pulled orders) and outbox rows (a partial confirmation with its backflush).
      await expect.poll(async () => (await operator.call('workOrders.list', {})).orders.length, { timeout: UI_WAIT_MS }).toBe(3);
      await operator.call('workOrders.start', { key: 'erp/WO-1001' });
      await expect.poll(async () => (await operator.call('workOrders.list', {})).orders.find((o) => o.key === 'erp/WO-1001')?.progress.good ?? 0, { timeout: UI_WAIT_MS }).toBeGreaterThan(0);
      await operator.call('workOrders.confirm', { key: 'erp/WO-1001' });
      await expect.poll(() => sim.state.completions('WO-1001').length, { timeout: UI_WAIT_MS }).toBe(1);
    } finally {
      operator.close();
    }

    await page.goto(`${url}/#/sync&token=${token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'operator');
    await page.waitForSelector(STORE, { timeout: UI_WAIT_MS });
    expect(await page.textContent(`${STORE} [data-testid="store-compaction"]`)).toBe('not run yet (first run a minute after start)');

    // A real compaction (nothing is older than 14 days): the view follows without a reload.
    const rows = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const before = { outbox: rows('outbox'), inbox: rows('inbox'), file: size(db.name) };
    const run = await mes.compact();
    expect(run).toMatchObject({ outbox: 0, inbox: 0 });
    await page.waitForSelector(`${STORE} [data-testid="store-compaction"][data-value="${run.at}"]`, { timeout: UI_WAIT_MS });
    const after = { outbox: rows('outbox'), inbox: rows('inbox'), bytes: size(db.name) + size(`${db.name}-wal`) };
    const oldest = (db.prepare('SELECT MIN(t) AS t FROM (SELECT MIN(created_at) AS t FROM outbox UNION ALL SELECT MIN(received_at) FROM inbox)').get() as { t: number }).t;

    const shown = (id: string) => page.$eval(`${STORE} [data-testid="${id}"]`, (el) => ({ value: el.getAttribute('data-value') ?? '', text: el.textContent ?? '' }));
    const outbox = await shown('store-outbox');
    expect(before.outbox).toBeGreaterThanOrEqual(5);
    expect(Number(outbox.value)).toBeGreaterThanOrEqual(before.outbox);
    expect(Number(outbox.value)).toBeLessThanOrEqual(after.outbox);
    expect(outbox.text).toBe(Number(outbox.value).toLocaleString('en-GB'));
    const inbox = await shown('store-inbox');
    expect(Number(inbox.value)).toBeGreaterThanOrEqual(before.inbox);
    expect(Number(inbox.value)).toBeLessThanOrEqual(after.inbox);
    const bytes = await shown('store-size');
    expect(Number(bytes.value)).toBeGreaterThanOrEqual(before.file);
    expect(Number(bytes.value)).toBeLessThanOrEqual(after.bytes);
    expect(bytes.text).toMatch(/^\d+(\.\d)? (KB|MB)$/);
    const oldestShown = await shown('store-oldest');
    expect(Number(oldestShown.value)).toBe(oldest);
    expect(oldestShown.text).toMatch(/^\d{2} [A-Z][a-z]{2}, \d{2}:\d{2} \(\d+ min old\)$/);
    expect(await shown('store-retention')).toEqual({ value: '14', text: '14 days' });
    expect((await shown('store-compaction')).text).toMatch(/^\d{2} [A-Z][a-z]{2}, \d{2}:\d{2}: 0 outbox and 0 inbox rows removed \(\d+ ms\)$/);
    expect(await page.textContent(`${STORE} .sync__store-note`)).toContain('once older than 14 days');

    // It fits the control-room screen.
    await page.locator(STORE).scrollIntoViewIfNeeded();
    const box = (await page.locator(STORE).boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(1280);
    expect(box.height).toBeLessThan(200);
    await page.screenshot({ path: screenshotPath('sync-store') });
    expect(pageErrors).toEqual([]);
  });
});
