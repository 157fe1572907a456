import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlarmDefinition } from '../../common/alarms.ts';
import type { Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { ALARM_UI_PROJECT, openHmi, startProject } from './alarm-support.ts';
import { screenshotPath, waitForAttribute } from './hmi-page.ts';

const UI_WAIT_MS = 10_000;
const TEST_MS = 60_000;
const EDITOR_PROJECT = fileURLToPath(new URL('../fixtures/projects/alarm-editor/', import.meta.url));
const ID = 'Line1/Labeler/GlueTemperature/Hi';
const TAG = 'Line1/Labeler/GlueTemperature';
const editor = 'section[aria-label="Alarm setup"]';
const row = (id: string) => `${editor} [data-testid="def-row"][data-id="${id}"]`;
const field = (name: string) => `${editor} [data-testid="def-field:${name}"]`;
const feedback = `${editor} [data-testid="def-feedback"]`;

async function alarmsInFile(projectDir: string): Promise<AlarmDefinition[]> {
  return (JSON.parse(await readFile(join(projectDir, 'alarms/line.json'), 'utf8')) as { alarms: AlarmDefinition[] }).alarms;
}

// The fixture's window user is an engineer. The project is copied to a temporary folder, because
// saving writes the project's alarms/*.json.
describe('alarm setup, as an engineer uses it', () => {
  let projectDir: string;
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  let plant: TestClient;
  const errors: string[] = [];

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'lineside-alarm-editor-'));
    await cp(EDITOR_PROJECT, projectDir, { recursive: true });
    runtime = await startProject(projectDir);
    plant = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('engineer');
    ({ browser, page } = await openHmi(runtime, errors, 'engineer'));
  }, TEST_MS);

  afterAll(async () => {
    plant?.socket.close();
    await browser?.close();
    await runtime?.dispose();
    if (projectDir) await rm(projectDir, { recursive: true, force: true });
  }, TEST_MS);

  it(
    'lists every definition with its condition, and filters them',
    async () => {
      await page.click('[data-testid="tab-alarm-definitions"]');
      await page.waitForSelector(row('Line1/Tank101/Level/HiHi'), { timeout: UI_WAIT_MS });
      expect(await page.$$eval(`${editor} [data-testid="def-row"]`, (rows) => rows.length)).toBe(5);
      expect(await page.textContent(`${row('Line1/Tank101/Level/HiHi')} td:nth-child(3)`)).toBe('HiHi > 97 %');
      expect(await page.textContent(`${row('Line1/Labeler/Faulted')} td:nth-child(3)`)).toBe('= 5 (Faulted)');
      await page.fill(`${editor} [data-testid="def-filter"]`, 'tank101');
      await page.waitForSelector(row('Line1/Air/Pressure/Lo'), { state: 'detached', timeout: UI_WAIT_MS });
      expect(await page.$$eval(`${editor} [data-testid="def-row"]`, (rows) => rows.map((r) => r.getAttribute('data-id')))).toEqual(['Line1/Tank101/Level/HiHi', 'Line1/Tank101/Level/Hi']);
      await page.fill(`${editor} [data-testid="def-filter"]`, '');
      // Selecting one shows all its fields, help included.
      await page.click(row('Line1/Tank101/Level/HiHi'));
      expect(await page.inputValue(field('condition.limit'))).toBe('97');
      expect(await page.inputValue(field('help.action'))).toContain('Stop both transfer pumps');
      expect(await page.$(`${editor} [data-testid="def-read-only"]`)).toBeNull();
    },
    TEST_MS,
  );

  it(
    'refuses a HiHi limit below the Hi limit of its tag, naming the limit field; neither the file nor the running alarm changes',
    async () => {
      const before = await readFile(join(projectDir, 'alarms/line.json'), 'utf8');
      await page.fill(field('condition.limit'), '90');
      await page.click(`${editor} [data-testid="def-save"]`);
      await waitForAttribute(page, feedback, 'data-state', 'refused', UI_WAIT_MS);
      await waitForAttribute(page, `${editor} [data-field="condition.limit"]`, 'data-invalid', 'true', UI_WAIT_MS);
      const message = 'The HiHi limit (90) must be above the Hi limit (93, alarm Line1/Tank101/Level/Hi).';
      expect(await page.textContent(`${editor} [data-field="condition.limit"] [data-testid="def-field-problem"]`)).toBe(message);
      expect(await page.textContent(feedback)).toContain(message);
      await page.screenshot({ path: screenshotPath('alarm-definitions-limit-order') });
      expect(await readFile(join(projectDir, 'alarms/line.json'), 'utf8')).toBe(before);
      expect(runtime.alarms.listDefinitions().find((e) => e.definition.id === 'Line1/Tank101/Level/HiHi')?.definition.condition).toEqual({ type: 'hihi', limit: 97 });
      await page.fill(field('condition.limit'), '97');
    },
    TEST_MS,
  );

  it(
    'duplicates a definition, will not overwrite an existing id, and asks before dropping edits',
    async () => {
      await page.click(`${editor} [data-testid="def-duplicate"]`);
      await waitForAttribute(page, `${editor} [data-testid="def-editor"]`, 'data-mode', 'new', UI_WAIT_MS);
      expect(await page.inputValue(field('id'))).toBe('Line1/Tank101/Level/HiHi-copy');
      expect(await page.inputValue(field('condition.limit'))).toBe('97');
      expect(await page.inputValue(field('file'))).toBe('line');
      await page.fill(field('id'), 'Line1/Tank101/Level/Hi');
      await page.click(`${editor} [data-testid="def-save"]`);
      await waitForAttribute(page, `${editor} [data-field="id"]`, 'data-invalid', 'true', UI_WAIT_MS);
      expect(await page.textContent(feedback)).toContain('exists already');
      expect((await alarmsInFile(projectDir)).find((d) => d.id === 'Line1/Tank101/Level/Hi')?.condition).toEqual({ type: 'hi', limit: 93 });
      // Leaving unsaved edits asks first; keeping them stays put.
      await page.click(`${editor} [data-testid="def-new"]`);
      await page.waitForSelector(`${editor} [data-testid="def-discard-confirm"]`, { timeout: UI_WAIT_MS });
      await page.click(`${editor} [data-testid="def-discard-no"]`);
      expect(await page.inputValue(field('id'))).toBe('Line1/Tank101/Level/Hi');
      await page.click(`${editor} [data-testid="def-new"]`);
      await page.click(`${editor} [data-testid="def-discard-yes"]`);
      await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === '', field('id'), { timeout: UI_WAIT_MS });
    },
    TEST_MS,
  );

  it(
    'creates a Hi alarm on a memory tag: saved to the project file and applied live',
    async () => {
      await page.click(`${editor} [data-testid="def-new"]`);
      await waitForAttribute(page, `${editor} [data-testid="def-editor"]`, 'data-mode', 'new', UI_WAIT_MS);
      // The tag fields offer the project's tags.
      expect(await page.$$eval(`${editor} datalist#alarm-def-tag-paths option`, (options) => options.map((o) => o.getAttribute('value')))).toContain(TAG);
      await page.fill(field('id'), ID);
      await page.fill(field('tag'), TAG);
      await page.selectOption(field('condition.type'), 'hi');
      await page.fill(field('condition.limit'), '175');
      await page.fill(field('deadband'), '2');
      await page.selectOption(field('priority'), 'high');
      await page.fill(field('area'), 'Line1/Labeler');
      await page.fill(field('message'), 'Glue temperature {value} {units} above {limit} {units}');
      await page.fill(field('help.action'), 'Check the glue heater controller.');
      await page.click(`${editor} [data-testid="def-save"]`);
      await waitForAttribute(page, feedback, 'data-state', 'accepted', UI_WAIT_MS);
      await page.waitForSelector(row(ID), { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${row(ID)} td:nth-child(3)`)).toBe('Hi > 175 °C');

      const saved = (await alarmsInFile(projectDir)).find((d) => d.id === ID);
      expect(saved).toMatchObject({ tag: TAG, condition: { type: 'hi', limit: 175 }, priority: 'high', deadband: 2, area: 'Line1/Labeler' });

      // No restart: the plant's value above the limit raises it at once.
      expect(await page.getAttribute('[data-testid="banner-count-high"]', 'data-active')).toBe('0');
      await plant.call('tags.write', { path: TAG, value: 182 });
      await page.waitForSelector('[data-testid="banner-count-high"][data-active="1"]', { timeout: UI_WAIT_MS });
      expect(await page.textContent('[data-testid="banner-text"]')).toContain('Glue temperature 182 °C above 175 °C');
    },
    TEST_MS,
  );

  it(
    'refuses a negative deadband, outlining the field; neither the file nor the running alarm changes',
    async () => {
      const before = await readFile(join(projectDir, 'alarms/line.json'), 'utf8');
      await page.fill(field('deadband'), '-3');
      await page.click(`${editor} [data-testid="def-save"]`);
      await waitForAttribute(page, feedback, 'data-state', 'refused', UI_WAIT_MS);
      expect(await page.textContent(feedback)).toContain('deadband');
      await waitForAttribute(page, `${editor} [data-field="deadband"]`, 'data-invalid', 'true', UI_WAIT_MS);
      expect(await page.getAttribute(field('deadband'), 'aria-invalid')).toBe('true');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('def-field:deadband');
      await page.screenshot({ path: screenshotPath('alarm-definitions-refused') });
      expect(await readFile(join(projectDir, 'alarms/line.json'), 'utf8')).toBe(before);
      expect(await page.getAttribute('[data-testid="banner-count-high"]', 'data-active')).toBe('1');

      // A tag the project does not have is refused by the runtime's own check, naming the tag field.
      await page.fill(field('deadband'), '2');
      await page.fill(field('tag'), 'Line1/Labeler/NoSuchTag');
      await page.click(`${editor} [data-testid="def-save"]`);
      await waitForAttribute(page, `${editor} [data-field="tag"]`, 'data-invalid', 'true', UI_WAIT_MS);
      expect(await page.textContent(feedback)).toContain('no tag Line1/Labeler/NoSuchTag');
      expect(await readFile(join(projectDir, 'alarms/line.json'), 'utf8')).toBe(before);
      await page.click(`${editor} [data-testid="def-revert"]`);
      expect(await page.inputValue(field('tag'))).toBe(TAG);
    },
    TEST_MS,
  );

  it(
    'raises the limit above the value: the alarm returns to normal live',
    async () => {
      await page.fill(field('condition.limit'), '190');
      await page.click(`${editor} [data-testid="def-save"]`);
      await waitForAttribute(page, feedback, 'data-state', 'accepted', UI_WAIT_MS);
      expect(await page.textContent(`${row(ID)} td:nth-child(3)`)).toBe('Hi > 190 °C');
      expect((await alarmsInFile(projectDir)).find((d) => d.id === ID)?.condition).toEqual({ type: 'hi', limit: 190 });
      // Unacknowledged, it stays in the banner as returned-to-normal-unacknowledged; not active any more.
      await page.waitForSelector('[data-testid="banner-count-high"][data-active="0"]', { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('alarm-definitions') });
    },
    TEST_MS,
  );

  it(
    'deletes it after asking: gone from the list and from the file',
    async () => {
      await page.click(`${editor} [data-testid="def-delete"]`);
      await page.waitForSelector(`${editor} [data-testid="def-delete-confirm"]`, { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('alarm-definitions-delete') });
      // Keeping it changes nothing.
      await page.click(`${editor} [data-testid="def-delete-no"]`);
      expect(await page.$(row(ID))).not.toBeNull();
      await page.click(`${editor} [data-testid="def-delete"]`);
      await page.click(`${editor} [data-testid="def-delete-yes"]`);
      await page.waitForSelector(row(ID), { state: 'detached', timeout: UI_WAIT_MS });
      await waitForAttribute(page, `${editor} [data-testid="def-editor"]`, 'data-mode', 'none', UI_WAIT_MS);
      const ids = (await alarmsInFile(projectDir)).map((d) => d.id);
      expect(ids).not.toContain(ID);
      expect(ids).toHaveLength(5);
      const listed = await plant.call('alarms.definitions.list', {});
      expect(listed.map((e) => e.definition.id)).not.toContain(ID);
    },
    TEST_MS,
  );

  it('keeps alarm setup free of CSP violations and page errors', () => {
    expect(errors).toEqual([]);
  });
});

// Maintenance may not edit definitions: the runtime would refuse any edit, so the form is read-only.
describe('alarm setup, as maintenance sees it', () => {
  let runtime: Runtime;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startProject(ALARM_UI_PROJECT);
    ({ browser, page } = await openHmi(runtime, errors, 'maintenance'));
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'shows the definitions read-only, saying why',
    async () => {
      await page.click('[data-testid="tab-alarm-definitions"]');
      await page.click(row('Line1/Tank101/Level/Hi'));
      await page.waitForSelector(`${editor} [data-testid="def-read-only"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${editor} [data-testid="def-read-only"]`)).toContain('maintenance');
      expect(await page.isDisabled(field('condition.limit'))).toBe(true);
      expect(await page.isDisabled(`${editor} [data-testid="def-new"]`)).toBe(true);
      expect(await page.$(`${editor} [data-testid="def-save"]`)).toBeNull();
      await page.screenshot({ path: screenshotPath('alarm-definitions-read-only') });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
