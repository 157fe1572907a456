import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startExample } from '../support/example.ts';
import { launchChromium, screenshotPath, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 15_000;
const DISPLAY = 'section[aria-label="Devices"]';

describe('the Devices display, against the example project', () => {
  let runtime: Runtime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample();
    browser = await launchChromium();
    page = await watchedPage(browser, pageErrors);
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('lists the devices connected with live counters; a device shows its tags with values', async () => {
    const { url, token } = runtime!;
    const names = runtime!.devices.list().map((d) => d.name);
    expect(names.length).toBeGreaterThan(0);
    await page.goto(`${url}/#/devices&token=${token}`);
    await page.waitForSelector(`${DISPLAY}:not([hidden])`, { timeout: UI_WAIT_MS });
    await expect.poll(() => page.getAttribute('[data-testid="tab-devices"]', 'aria-current'), { timeout: UI_WAIT_MS }).toBe('page');

    // Every device connected, with request counters that grow while we watch.
    for (const name of names) {
      await page.waitForSelector(`${DISPLAY} [data-testid="device-row:${name}"][data-status="ok"]`, { timeout: UI_WAIT_MS });
    }
    const requests = (name: string) => page.$eval(`${DISPLAY} [data-testid="device-row:${name}"] [data-testid="device-requests"]`, (cell) => Number((cell.textContent ?? '').replace(/,/g, '')));
    const total = async () => (await Promise.all(names.map(requests))).reduce((sum, n) => sum + n, 0);
    // Polled devices count every poll; subscribed ones (OPC UA) count requests, not notifications.
    const before = await total();
    await expect.poll(total, { timeout: UI_WAIT_MS }).toBeGreaterThan(before);
    for (const name of names) {
      expect(await requests(name), name).toBeGreaterThan(0);
      const rtt = await page.textContent(`${DISPLAY} [data-testid="device-row:${name}"] [data-testid="device-rtt"]`);
      expect(rtt, name).toMatch(/^\d+(\.\d)? ms$/);
      expect(await page.textContent(`${DISPLAY} [data-testid="device-row:${name}"] [data-testid="device-status"]`)).toBe('Connected');
    }
    // At rest nothing is marked abnormal.
    expect(await page.$$(`${DISPLAY} [data-abnormal]`)).toHaveLength(0);

    // The device feeding the most tags: its tags with live, good values.
    const busiest = runtime!.devices.list().sort((a, b) => b.tagCount - a.tagCount)[0]!;
    await page.click(`${DISPLAY} [data-testid="device-row:${busiest.name}"]`);
    await page.waitForSelector(`${DISPLAY} [data-testid="device-detail"][data-device="${busiest.name}"]`, { timeout: UI_WAIT_MS });
    const rows = `${DISPLAY} [data-testid="device-tags"] tbody tr`;
    await expect.poll(() => page.$$eval(rows, (found) => found.length), { timeout: UI_WAIT_MS }).toBe(busiest.tagCount);
    const tagPaths = runtime!.engine
      .all()
      .filter((s) => s.def.source.device === busiest.name)
      .map((s) => s.def.path);
    const goodValues = () => page.$$eval(`${DISPLAY} [data-testid="device-tags"] [data-quality="good"] [data-testid="value-text"]`, (found) => found.filter((e) => (e.textContent ?? '') !== '').length);
    await expect.poll(goodValues, { timeout: UI_WAIT_MS }).toBeGreaterThan(tagPaths.length / 2);
    const firstPath = tagPaths.sort()[0]!;
    expect(await page.textContent(`${DISPLAY} [data-testid="tag-row:${firstPath}"] .tags__quality`)).toBe('Good');
    await page.screenshot({ path: screenshotPath('devices') });
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it("browses an OPC UA device's address space; picking works, importing is for engineers", async () => {
    const opcua = runtime!.devices.list().find((d) => d.driver === 'opcua');
    if (!opcua) return;
    await page.click(`${DISPLAY} [data-testid="device-row:${opcua.name}"]`);
    const panel = `${DISPLAY} [data-testid="browse-panel"]`;
    await page.waitForSelector(`${panel} tbody tr[aria-level="1"]`, { timeout: UI_WAIT_MS });
    // Open the plant's folders (not the server's own) level by level until there are variables to pick.
    const loaded = () => page.waitForFunction((sel) => !(document.querySelector(sel)?.textContent ?? '').includes('Loading…'), panel, { timeout: UI_WAIT_MS });
    const folders = await page.$$eval(`${panel} tbody tr[aria-level="1"][aria-expanded]`, (found) => found.map((row) => row.getAttribute('data-testid')).filter((id) => id !== 'node:Server' && id !== 'node:Aliases'));
    const picks = () => page.$$(`${panel} [data-testid="pick"]`);
    for (const folder of folders) {
      await page.click(`${panel} tr[aria-level="1"][data-testid="${folder}"] [data-testid="toggle"]`);
      await loaded();
      for (let depth = 2; depth < 6 && (await picks()).length === 0; depth++) {
        const sub = await page.$(`${panel} tbody tr[aria-level="${depth}"][aria-expanded="false"] [data-testid="toggle"]`);
        if (!sub) break;
        await sub.click();
        await loaded();
      }
      if ((await picks()).length > 0) break;
    }
    const found = await picks();
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const pick of found.slice(0, 2)) await pick.check();
    expect(await page.textContent(`${panel} [data-testid="picked-count"]`)).toBe(`${Math.min(2, found.length)} picked`);
    // The example runs as an operator: browsing yes, importing (a configuration change) no.
    expect(await page.isDisabled(`${panel} [data-testid="import-tags"]`)).toBe(true);
    expect(await page.textContent(`${panel}`)).toContain('Read-only: importing needs the permission tags.configure');
    await page.screenshot({ path: screenshotPath('devices-browse') });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
