import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { until } from '../support/until.ts';
import { TestClient } from '../support/ws-client.ts';
import { openHmi, startProject } from './alarm-support.ts';
import { screenshotPath, waitForAttribute } from './hmi-page.ts';

const CALC_PROJECT = fileURLToPath(new URL('../fixtures/projects/calc/', import.meta.url));
const TEST_MS = 120_000;
const UI_WAIT_MS = 10_000;
const RULES = 'section[aria-label="Event rules"]';
const at = (testId: string) => `${RULES} [data-testid="${testId}"]`;

/**
 * An engineer adds an event rule in the Rules view: the condition is checked as it is typed (the error
 * at its column, then the value it gives now), a write to a read-only tag is refused at its field, and
 * the saved rule runs when its condition turns true: the tag is written and the run shows in the list.
 */
describe('an engineer adds an event rule in the app and sees it run', () => {
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  let plant: TestClient;
  let workDir: string;
  const errors: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'lineside-rules-e2e-'));
    await cp(CALC_PROJECT, join(workDir, 'project'), { recursive: true });
    runtime = await startProject(join(workDir, 'project'));
    plant = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('engineer');
    ({ browser, page } = await openHmi(runtime, errors, 'engineer'));
  }, TEST_MS);

  afterAll(async () => {
    await plant?.close();
    await browser?.close();
    await runtime?.dispose();
    await rm(workDir, { recursive: true, force: true });
  }, TEST_MS);

  it(
    'types the condition with a live check, is refused at the field, saves, and sees the rule write the tag',
    async () => {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.evaluate(() => (window.location.hash = '#/rules'));
      await page.waitForSelector(`${RULES}:not([hidden]) [data-testid="rules-display"]`, { timeout: UI_WAIT_MS });
      await page.click(at('rule-new'));
      await page.fill(`${RULES} [data-testid="def-field:id"]`, 'high-flow');
      await page.fill(`${RULES} [data-testid="def-field:description"]`, 'Note a high flow');

      // Checked as it is typed: the error at its column, then the value now with the live tags.
      await page.fill(at('rule-when-input'), '{Line1/TotalFlow} >');
      const error = await page.waitForSelector(at('rule-when-error'), { timeout: UI_WAIT_MS });
      expect(await error.textContent()).toContain('at line 1, column 20');
      await page.fill(at('rule-when-input'), '{Line1/TotalFlow} > 20');
      await waitForAttribute(page, at('rule-when'), 'data-state', 'ok', UI_WAIT_MS);
      await until(async () => ((await page.textContent(at('rule-when-preview')))?.includes('Now: false') ? true : undefined), 'the condition’s value now');

      // A write to a read-only tag: refused by the runtime, the field marked with its reason.
      await page.fill(`${RULES} [data-testid="def-field:actions[0].tag"]`, 'Line1/TotalFlow');
      await page.fill(`${RULES} [data-testid="def-field:actions[0].value"]`, '1');
      await page.click(at('rule-save'));
      await waitForAttribute(page, at('rule-feedback'), 'data-state', 'refused', UI_WAIT_MS);
      expect(await page.textContent(`${RULES} [data-field="actions[0].tag"] [data-testid="def-field-problem"]`)).toContain('Line1/TotalFlow is read-only');
      await page.screenshot({ path: screenshotPath('rules-refused') });

      await page.fill(`${RULES} [data-testid="def-field:actions[0].tag"]`, 'Line1/Note');
      await page.fill(`${RULES} [data-testid="def-field:actions[0].value"]`, 'flow high');
      await page.click(at('rule-save'));
      await page.waitForSelector(at('rule-detail'), { timeout: UI_WAIT_MS });
      expect(JSON.parse(await readFile(join(workDir, 'project', 'rules.json'), 'utf8'))).toMatchObject({ rules: [{ id: 'high-flow', when: '{Line1/TotalFlow} > 20', actions: [{ kind: 'write', tag: 'Line1/Note', value: 'flow high' }] }] });
      await waitForAttribute(page, at('rule-condition:high-flow'), 'data-condition', 'false', UI_WAIT_MS);

      // The plant's flow rises: the rule runs, the tag is written, the list and the run log say so.
      await plant.call('tags.write', { path: 'Line1/Flow1', value: 20 });
      await waitForAttribute(page, at('rule-last:high-flow'), 'data-result', 'ok', UI_WAIT_MS);
      expect(runtime.engine.slot('Line1/Note')?.current.value).toBe('flow high');
      await page.waitForSelector(`${RULES} [data-testid="rule-runs"] tr[data-result="ok"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${RULES} [data-testid="rule-runs"]`)).toContain('write "flow high" to Line1/Note');
      await page.screenshot({ path: screenshotPath('rules-view') });

      // Switched off at run time: it shows so, and the runtime keeps it off.
      await page.click(at('rule-enabled:high-flow'));
      await waitForAttribute(page, at('rule-row:high-flow'), 'data-enabled', 'false', UI_WAIT_MS);
      expect((await plant.call('rules.list', {}))[0]?.enabled).toBe(false);
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
