import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Runtime } from '../../main/runtime.ts';
import type { RoleName } from '../../common/permissions.ts';
import { launchChromium, signIn, watchedPage } from './hmi-page.ts';
import { startTestRuntime } from '../support/runtime.ts';

export const ALARM_UI_PROJECT = fileURLToPath(new URL('../fixtures/projects/alarm-ui/', import.meta.url));

/** A fixture project on a free port with its own empty data folder (and the seeded test users), removed on dispose. */
export async function startProject(projectDir: string): Promise<Runtime> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lineside-alarm-e2e-'));
  const runtime = await startTestRuntime({ projectDir, port: 0, dataDir }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`the project did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  return {
    ...runtime,
    url: runtime.url,
    token: runtime.token,
    projectName: runtime.projectName,
    dispose: async () => {
      await runtime.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Chromium with a page that records page errors, console errors and CSP violations into `errors`, signed in as `role`. */
export async function openHmi(runtime: Runtime, errors: string[], role: RoleName): Promise<{ browser: Browser; page: Page }> {
  const browser = await launchChromium();
  const page = await watchedPage(browser, errors, { acceptDownloads: true });
  await page.goto(`${runtime.url}/#token=${runtime.token}`);
  await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: 10_000 });
  await page.waitForSelector('[data-testid="alarm-banner"][data-live="true"]', { timeout: 10_000 });
  await signIn(page, role);
  return { browser, page };
}
