import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { mountSmallDisk } from '../support/small-disk.ts';
import { launchChromium, screenshotPath, signIn, waitForOverviewScreen, watchedPage } from './hmi-page.ts';

/** The storage banner, on the example whose data folder is a small tmpfs the test fills. */
const mounted = await mountSmallDisk(64);
const disk = mounted.disk;
if (!disk) console.log(`store-banner: ${mounted.disk ? '' : mounted.why}; the banner needs a real full disk, skipped`);

describe.skipIf(!disk)('the storage banner (a tmpfs data folder the test fills)', () => {
  let runtime: ExampleRuntime | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startExample({ dataDir: join(disk!.dir, 'data') });
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    await disk?.dispose();
  });

  it('names each failing store, why and since when, says what still works, and goes away by itself when space returns', async () => {
    await page.goto(`${runtime!.url}/#token=${runtime!.token}`);
    await waitForOverviewScreen(page, 'overview');
    expect(await page.locator('[data-testid="store-banner"]').count()).toBe(0);
    await disk!.fill();
    await page.waitForSelector('[data-testid="store-banner-historian"][data-reason="disk-full"]', { timeout: 15_000 });
    // Signing in is recorded: the audit trail cannot write it, holds it, and says so.
    await signIn(page, 'operator');
    await page.waitForSelector('[data-testid="store-banner-audit"]', { timeout: 15_000 });
    const audit = await page.textContent('[data-testid="store-banner-audit"]');
    expect(audit).toContain('Audit trail cannot be written: disk full');
    expect(audit).toContain('writes and changes are refused until it can record them');
    expect(await page.textContent('[data-testid="store-banner-historian"]')).toMatch(/History cannot be written: disk full.*live values and alarms continue; [\d,]+ samples wait to be recorded.*since \d\d:\d\d:\d\d/);
    // The alarm banner stays where it is, above it.
    const alarmBox = (await page.locator('[data-testid="alarm-banner"]').boundingBox())!;
    const storeBox = (await page.locator('[data-testid="store-banner"]').boundingBox())!;
    expect(storeBox.y).toBeGreaterThanOrEqual(alarmBox.y + alarmBox.height - 1);
    expect(storeBox.x + storeBox.width).toBeLessThanOrEqual(1280);
    await page.screenshot({ path: screenshotPath('store-banner-disk-full') });
    await disk!.free();
    await page.waitForSelector('[data-testid="store-banner"]', { state: 'detached', timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('store-banner-recovered') });
    expect(errors).toEqual([]);
  }, 90_000);
});
