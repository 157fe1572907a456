import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { openHmi, startProject } from './alarm-support.ts';
import { OVERVIEW, screenshotPath } from './hmi-page.ts';

const BASIC_PROJECT = fileURLToPath(new URL('../fixtures/projects/basic/', import.meta.url));

describe('the Overview tab of a project without screen documents', () => {
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startProject(BASIC_PROJECT);
    ({ browser, page } = await openHmi(runtime, errors, 'engineer'));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  });

  it('tells the engineer to create an overview screen in the Editor, and links there', async () => {
    const empty = await page.waitForSelector(`${OVERVIEW} [data-testid="overview-empty"]`, { timeout: 10_000 });
    expect(await empty.textContent()).toContain('Create a level 1 (overview) screen in the Editor');
    expect(await page.$(`${OVERVIEW} [data-testid="screens-display"]`)).toBeNull();
    await page.screenshot({ path: screenshotPath('overview-empty') });
    await page.click(`${OVERVIEW} [data-testid="overview-empty"] a`);
    await page.waitForSelector('section[aria-label="Screen editor"]:not([hidden])', { timeout: 10_000 });
    expect(errors).toEqual([]);
  }, 60_000);
});
