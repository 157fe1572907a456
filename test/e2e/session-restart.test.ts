import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/basic');
const UI_WAIT_MS = 20_000;
const TEST_MS = 120_000;
const TOKEN = 'session-restart-e2e-token-0123456789';

/** A supervisor's browser while the runtime restarts: still signed in, or told plainly why not. */
describe('a runtime restart, as a signed-in person sees it', () => {
  let root: string;
  let projectDir: string;
  let browser: Browser | undefined;
  let runtime: Runtime | undefined;
  let page: Page;
  let port: number;
  const errors: string[] = [];

  const start = async () => {
    runtime = await startTestRuntime({ projectDir, dataDir: join(root, 'data'), port, token: TOKEN });
    port = Number(new URL(runtime.url).port);
    return runtime;
  };
  const stop = async () => {
    await runtime?.dispose();
    runtime = undefined;
    await page.waitForSelector('[data-testid="gateway-state"]:not([data-state="open"])', { timeout: UI_WAIT_MS });
  };

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lineside-session-e2e-'));
    projectDir = join(root, 'project');
    await cp(FIXTURE, projectDir, { recursive: true });
    port = 0;
    await start();
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.goto(`${runtime!.url}/#token=${TOKEN}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await signIn(page, 'supervisor');
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    await rm(root, { recursive: true, force: true });
  }, TEST_MS);

  it(
    'reconnects after a restart on the same data folder and keeps the supervisor signed in',
    async () => {
      await stop();
      // The new connection's answer to the window's users.resume: the supervisor, signed in again.
      const resumed = new Promise<string>((resolve) => {
        page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => typeof payload === 'string' && payload.includes('"resumeToken"') && resolve(payload)));
      });
      await start();
      await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
      const reply = JSON.parse(await resumed) as { ok: boolean; result: { user: { name: string; role: string } } };
      expect(reply).toMatchObject({ ok: true, result: { user: { name: 'supervisor', role: 'supervisor' } } });
      expect(await page.getAttribute('[data-testid="user"]', 'data-role')).toBe('supervisor');
      expect(await page.$('[data-testid="login-dialog"]')).toBeNull();
    },
    TEST_MS,
  );

  it(
    'says plainly that the person was signed out, and why, when the data folder was reset',
    async () => {
      await stop();
      await rm(join(root, 'data'), { recursive: true, force: true });
      // A new data folder may still be on its first start when the window reconnects: either form says why.
      await start();
      await page.waitForSelector('[data-testid="login-signed-out"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="login-signed-out"]')).toBe('The runtime does not know this sign-in (its data folder was reset, or the session ended long ago): sign in again.');
      expect(await page.getAttribute('[data-testid="user"]', 'data-role')).toBe('');
      await page.screenshot({ path: screenshotPath('session-restart-signed-out') });
      expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|net::/.test(e))).toEqual([]);
    },
    TEST_MS,
  );
});
