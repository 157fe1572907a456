import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';
import { startTestRuntime } from '../support/runtime.ts';

const BASIC_PROJECT = fileURLToPath(new URL('../fixtures/projects/basic/', import.meta.url));
const UI_WAIT_MS = 10_000;

describe('the status bar warns while the station is served on the network without TLS', () => {
  let dataDir: string;
  let runtime: Runtime;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lineside-transport-e2e-'));
    // Every address of this machine, in clear (as `npm run serve -- --host 0.0.0.0 --no-tls`); the browser still comes over loopback.
    runtime = await startTestRuntime({ projectDir: BASIC_PROJECT, host: '0.0.0.0', port: 0, dataDir });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows "Not encrypted" in the status bar, with the reason on hover', async () => {
    const page = await watchedPage(browser, errors);
    await page.goto(`${runtime.url.replace('0.0.0.0', '127.0.0.1')}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'operator');
    const warning = await page.waitForSelector('[data-testid="transport-warning"]', { timeout: UI_WAIT_MS });
    expect(await warning.textContent()).toBe('Not encrypted');
    expect(await warning.getAttribute('title')).toBe('Not encrypted: served on 0.0.0.0 without TLS: passwords and the access token cross the network in clear (start with --tls or --tls-cert/--tls-key)');
    await page.screenshot({ path: screenshotPath('status-bar-not-encrypted') });
    await page.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
