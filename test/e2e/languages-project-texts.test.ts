import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { ALARM_UI_PROJECT, openHmi, startProject } from './alarm-support.ts';
import { screenshotPath, signIn, watchedPage, waitForAttribute } from './hmi-page.ts';
import { chooseLanguageForMe } from './language-check.ts';
import { cutOff } from './layout-check.ts';

const UI_WAIT_MS = 15_000;
const TEST_MS = 2 * 60_000;
const ALARM = 'Line1/Tank101/Level/Hi';
const MESSAGE_DE = 'Füllstand T101 {value} {units} über {limit} {units}';
const setup = 'section[aria-label="Alarm setup"]';
const translations = (id: string) => `[data-testid="translations:${id}"]`;

/** Waits until the element's text is `text` and returns it. */
async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(([sel, want]) => document.querySelector(sel!)?.textContent?.trim() === want, [selector, text] as const, { timeout: UI_WAIT_MS });
}

// One runtime on a copy of the alarm UI project translated into German (a screen title only, at first):
// the engineer adds the German of an alarm message in the alarm setup and of a screen label in the
// editor; the operator, reading German, sees both without a reload.
describe('project texts in German: translated in the alarm setup and the editor, read by an operator in German', () => {
  let projectDir: string;
  let runtime: Runtime;
  let engineerBrowser: Browser;
  let engineer: Page;
  let operatorBrowser: Browser;
  let operator: Page;
  let plant: TestClient;
  const errors: string[] = [];

  beforeAll(async () => {
    projectDir = await mkdtemp(join(tmpdir(), 'lineside-project-texts-'));
    await cp(ALARM_UI_PROJECT, projectDir, { recursive: true });
    const project = JSON.parse(await readFile(join(projectDir, 'project.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(projectDir, 'project.json'), JSON.stringify({ ...project, languages: { default: 'en', translated: ['de'] } }));
    await mkdir(join(projectDir, 'texts'));
    await writeFile(join(projectDir, 'texts', 'de.json'), JSON.stringify({ formatVersion: 1, screens: { overview: { elements: { title: { text: 'Alarm-UI-Testanlage' } } } } }));
    runtime = await startProject(projectDir);
    plant = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('operator');
    ({ browser: engineerBrowser, page: engineer } = await openHmi(runtime, errors, 'engineer'));
    operatorBrowser = engineerBrowser;
    operator = await watchedPage(operatorBrowser, errors);
    await operator.setViewportSize({ width: 1280, height: 720 });
    await operator.goto(`${runtime.url}/#token=${runtime.token}`);
    await operator.waitForSelector('[data-testid="alarm-banner"][data-live="true"]', { timeout: UI_WAIT_MS });
    await signIn(operator, 'operator');
    await chooseLanguageForMe(operator, 'de', UI_WAIT_MS);
  }, TEST_MS);

  afterAll(async () => {
    plant?.socket.close();
    await engineerBrowser?.close();
    await runtime?.dispose();
    if (projectDir) await rm(projectDir, { recursive: true, force: true });
  }, TEST_MS);

  it(
    'the screen title from texts/de.json shows in German for the operator, in English for the engineer',
    async () => {
      await waitForText(operator, 'section[aria-label="Übersicht"] [data-testid="element:title"]', 'Alarm-UI-Testanlage');
      await waitForText(engineer, 'section[aria-label="Overview"] [data-testid="element:title"]', 'Alarm UI test plant');
    },
    TEST_MS,
  );

  it(
    'the engineer adds the German alarm message in the alarm setup; the operator in German sees it in the banner, filled with the values',
    async () => {
      await engineer.click('[data-testid="tab-alarm-definitions"]');
      await engineer.click(`${setup} [data-testid="def-row"][data-id="${ALARM}"]`);
      const box = `${setup} ${translations(`alarm|${ALARM}|message`)}`;
      await engineer.waitForSelector(box, { timeout: UI_WAIT_MS });
      expect(await engineer.textContent(`${box} .text-translations__source`)).toBe('Tank T101 level {value} {units} above {limit} {units}');
      expect(await engineer.inputValue(`${box} [data-testid="translation:de"]`)).toBe('');
      // A translation that drops a placeholder is refused by the runtime, with its reason.
      await engineer.fill(`${box} [data-testid="translation:de"]`, 'Füllstand hoch');
      await engineer.click(`${box} [data-testid="translations-save"]`);
      await waitForAttribute(engineer, `${box} [data-testid="translations-feedback"]`, 'data-state', 'refused', UI_WAIT_MS);
      expect(await engineer.textContent(`${box} [data-testid="translations-feedback"]`)).toContain('leaves out {value}, {units}, {limit}');
      await engineer.fill(`${box} [data-testid="translation:de"]`, MESSAGE_DE);
      await engineer.click(`${box} [data-testid="translations-save"]`);
      await waitForAttribute(engineer, `${box} [data-testid="translations-feedback"]`, 'data-state', 'accepted', UI_WAIT_MS);
      await engineer.screenshot({ path: screenshotPath('project-texts-alarm-setup') });
      const file = JSON.parse(await readFile(join(projectDir, 'texts', 'de.json'), 'utf8')) as { alarms: Record<string, { message: string }> };
      expect(file.alarms[ALARM]!.message).toBe(MESSAGE_DE);

      await plant.call('tags.write', { path: 'Line1/Tank101/Level', value: 95 });
      await waitForText(operator, '[data-testid="banner-text"]', 'Füllstand T101 95 % über 93 %');
      await waitForText(engineer, '[data-testid="banner-text"]', 'Tank T101 level 95 % above 93 %');
      await operator.screenshot({ path: screenshotPath('project-texts-banner-de') });
      // The summary and the alarm's help in German too (the help is not translated: English shows).
      await operator.click('[data-testid="tab-alarms"]');
      await waitForText(operator, `[data-testid="alarm-row"][data-id="${ALARM}"] .alarm-row__message`, 'Füllstand T101 95 % über 93 %');
      expect(await cutOff(operator, ['.alarm-banner'])).toEqual([]);
      // The alarm history: the journal kept the values it was raised with, so its message reads in German too.
      const raiseRow = `[data-testid="history-row"][data-kind="raise"][data-alarm="${ALARM}"] td:last-child`;
      for (const page of [operator, engineer]) await page.click('[data-testid="tab-alarm-history"]');
      await waitForText(operator, raiseRow, 'Füllstand T101 95 % über 93 %');
      await waitForText(engineer, raiseRow, 'Tank T101 level 95 % above 93 %');
      await operator.screenshot({ path: screenshotPath('project-texts-history-de') });
    },
    TEST_MS,
  );

  it(
    'the engineer translates a screen label in the editor; the operator sees it on the screen at once',
    async () => {
      const editor = 'section[aria-label="Screen editor"]';
      await engineer.click('[data-testid="tab-editor"]');
      await engineer.waitForSelector(`${editor} [data-testid="doc-list:screen"]`, { timeout: UI_WAIT_MS });
      await engineer.click(`${editor} [data-testid="doc:screen:overview"]`);
      await engineer.waitForSelector(`${editor} [data-element-id="tank"]`, { timeout: UI_WAIT_MS });
      const box = await engineer.locator(`${editor} [data-element-id="tank"]`).boundingBox();
      if (!box) throw new Error('the tank is not on the canvas');
      await engineer.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      const panel = `${editor} ${translations('screen|overview|tank.label')}`;
      await engineer.waitForSelector(panel, { timeout: UI_WAIT_MS });
      await engineer.fill(`${panel} [data-testid="translation:de"]`, 'Tank T101 (Puffer)');
      await engineer.click(`${panel} [data-testid="translations-save"]`);
      await waitForAttribute(engineer, `${panel} [data-testid="translations-feedback"]`, 'data-state', 'accepted', UI_WAIT_MS);
      await engineer.screenshot({ path: screenshotPath('project-texts-editor') });
      await operator.click('[data-testid="tab-overview"]');
      await operator.waitForFunction(() => document.querySelector('section[aria-label="Übersicht"] [data-testid="element:tank"]')?.textContent?.includes('Tank T101 (Puffer)') === true, undefined, { timeout: UI_WAIT_MS });
      await operator.screenshot({ path: screenshotPath('project-texts-screen-de') });

      // Nothing selected: the screen's own name, translated in the document inspector.
      await engineer.keyboard.press('Escape');
      const name = `${editor} ${translations('screen|overview|name')}`;
      await engineer.waitForSelector(name, { timeout: UI_WAIT_MS });
      await engineer.fill(`${name} [data-testid="translation:de"]`, 'Tanklager Übersicht');
      await engineer.click(`${name} [data-testid="translations-save"]`);
      await waitForAttribute(engineer, `${name} [data-testid="translations-feedback"]`, 'data-state', 'accepted', UI_WAIT_MS);
      await operator.waitForFunction(() => document.querySelector('[data-testid="crumb:overview"]')?.textContent?.includes('Tanklager Übersicht') === true, undefined, { timeout: UI_WAIT_MS });
      expect(JSON.parse(await readFile(join(projectDir, 'texts', 'de.json'), 'utf8'))).toMatchObject({ screens: { overview: { name: 'Tanklager Übersicht' } } });
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
