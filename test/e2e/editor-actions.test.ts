import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.ts';
import { elementCentre, openEditor, selectedIds, startEditorExample, tid, type EditorExample } from './editor-support.ts';
import { screenshotPath } from './hmi-page.ts';

const UI_WAIT_MS = 10_000;
const TEST_MS = 60_000;
const SCREENS = 'section[aria-label="Screens"]';

interface StoredElement {
  id: string;
  actions?: unknown[];
  props?: Record<string, unknown>;
}
async function stored(projectDir: string, id: string): Promise<{ name: string; elements: StoredElement[] }> {
  return JSON.parse(await readFile(join(projectDir, 'screens', `${id}.json`), 'utf8'));
}

async function dropOnCanvas(page: Page, item: string, x: number, y: number): Promise<void> {
  const box = (await page.locator(tid('editor-canvas')).boundingBox())!;
  await page.dragAndDrop(tid(`palette:${item}`), tid('editor-canvas'), { targetPosition: { x: Math.round(x * (box.width / 1280)), y: Math.round(y * (box.height / 720)) } });
}

async function waitText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(({ sel, t }) => document.querySelector(sel)?.textContent === t, { sel: selector, t: text }, { timeout: UI_WAIT_MS });
}

const actionCount = (page: Page) => page.$$eval(`${tid('actions')} [data-testid^="action:"][data-type]`, (n) => n.length);

// An engineer gives a button a click action in the editor; an operator's display follows saves made elsewhere.
describe('editor: element actions, and screens changed elsewhere', () => {
  let runtime: EditorExample;
  let browser: Browser;
  let page: Page;
  let other: TestClient;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startEditorExample('engineer');
    ({ browser, page } = await openEditor(runtime, errors));
    other = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('engineer');
  }, TEST_MS);

  afterAll(async () => {
    await other?.close();
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'adds a navigate action with the screen picker, and a write whose missing tag is named on the field',
    async () => {
      await page.click(tid('doc-new:screen'));
      await page.fill(tid('doc-name-input'), 'Actions test');
      await page.click(tid('doc-name-ok'));
      await page.waitForSelector(tid('editor-canvas'), { timeout: UI_WAIT_MS });
      await dropOnCanvas(page, 'symbol:button', 300, 300);
      await page.waitForSelector(`${tid('editor-canvas')} [data-element-id="button-1"]`, { timeout: UI_WAIT_MS });
      expect(await selectedIds(page)).toEqual(['button-1']);
      expect(await actionCount(page)).toBe(0);
      await page.selectOption(tid('action-add-type'), 'navigate');
      await page.click(tid('action-add'));
      await page.waitForSelector(tid('action:0:screen'), { timeout: UI_WAIT_MS });
      // The picker offers the project's screens by name.
      const offered = await page.$$eval(`${tid('action:0:screen')} option`, (o) => o.map((x) => (x as HTMLOptionElement).value));
      expect(offered).toEqual(expect.arrayContaining(['overview', 'line1', 'filler', 'actions-test']));
      await page.selectOption(tid('action:0:screen'), 'filler');
      await page.selectOption(tid('action-add-type'), 'write');
      await page.click(tid('action-add'));
      await page.waitForSelector(tid('action:1:tag'), { timeout: UI_WAIT_MS });
      expect(await page.textContent(`${tid('action:1')} .editor-field__error`)).toBe('required: the tag to write');
      expect(await page.getAttribute(tid('action:1'), 'data-state')).toBe('error');
      await page.click(tid('save'));
      await page.waitForSelector(tid('save-problems'), { timeout: UI_WAIT_MS });
      expect(await page.textContent(tid('save-problems'))).toContain('elements[0].actions[1].tag');
      await page.fill(tid('action:1:tag'), 'Line1/TransferPump1/Running');
      await page.press(tid('action:1:tag'), 'Enter');
      await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-state') === 'ok', tid('action:1'), { timeout: UI_WAIT_MS });
      expect(await page.isChecked(tid('action:1:confirm'))).toBe(true);
      await page.locator(tid('actions')).scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath('editor-actions-inspector') });
    },
    TEST_MS,
  );

  it(
    'removes an action as one undo step, then saves the navigate action',
    async () => {
      await page.click(tid('action:1:remove'));
      expect(await actionCount(page)).toBe(1);
      await page.keyboard.press('Control+z');
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, `${tid('actions')} [data-testid^="action:"][data-type]`, { timeout: UI_WAIT_MS });
      expect(await page.inputValue(tid('action:1:tag'))).toBe('Line1/TransferPump1/Running');
      await page.keyboard.press('Control+Shift+z');
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, `${tid('actions')} [data-testid^="action:"][data-type]`, { timeout: UI_WAIT_MS });
      await page.click(tid('save'));
      await waitText(page, tid('save-state'), 'Saved');
      expect((await stored(runtime.projectDir, 'actions-test')).elements[0]!.actions).toEqual([{ type: 'navigate', screen: 'filler' }]);
    },
    TEST_MS,
  );

  it(
    'in run mode, clicking the button lands on the target screen (the Screens display picked up the new screen by itself)',
    async () => {
      await page.click('[data-testid="tab-screens"]');
      await page.evaluate(() => (window.location.hash = '#/screens/actions-test'));
      await page.waitForSelector(`${SCREENS} [data-testid="screens-display"][data-screen="actions-test"]`, { timeout: UI_WAIT_MS });
      await page.click(`${SCREENS} [data-testid="element:button-1"]`);
      await page.waitForSelector(`${SCREENS} [data-testid="screens-display"][data-screen="filler"]`, { timeout: UI_WAIT_MS });
      await page.click(`${SCREENS} [data-testid="screen-back"]`);
      await page.waitForSelector(`${SCREENS} [data-testid="screens-display"][data-screen="actions-test"]`, { timeout: UI_WAIT_MS });
    },
    TEST_MS,
  );

  it(
    'an operator watching the screen sees a version saved elsewhere without doing anything',
    async () => {
      const got = await other.call('screens.get', { id: 'actions-test' });
      const doc = got.document as { elements: StoredElement[] };
      doc.elements[0]!.props = { ...doc.elements[0]!.props, label: 'To filler' };
      await other.call('screens.save', { document: got.document, baseRevision: got.summary.revision });
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('To filler') === true, `${SCREENS} [data-testid="element:button-1"]`, { timeout: UI_WAIT_MS });
    },
    TEST_MS,
  );

  it(
    'the editor reloads a document saved elsewhere when it has no changes, and offers the conflict choices at once when it has',
    async () => {
      await page.click('[data-testid="tab-editor"]');
      await page.waitForSelector(tid('editor-canvas'), { timeout: UI_WAIT_MS });
      // No local changes: the label saved by the other client is simply there.
      await page.mouse.click(...(Object.values(await elementCentre(page, 'button-1')) as [number, number]));
      await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement | null)?.value === 'To filler', tid('prop:label'), { timeout: UI_WAIT_MS });
      expect(await page.$(tid('save-conflict'))).toBeNull();
      // A local change, then another save elsewhere: told now, not at the next save.
      await page.keyboard.press('ArrowRight');
      await waitText(page, tid('save-state'), 'Unsaved changes');
      const got = await other.call('screens.get', { id: 'actions-test' });
      await other.call('screens.save', { document: { ...got.document, name: 'Actions (theirs)' }, baseRevision: got.summary.revision });
      await page.waitForSelector(`${tid('save-conflict')}[data-elsewhere="saved"]`, { timeout: UI_WAIT_MS });
      expect(await page.textContent(tid('save-conflict'))).toContain('saved elsewhere while you have unsaved changes');
      await page.screenshot({ path: screenshotPath('editor-changed-elsewhere') });
      await page.click(tid('conflict-reload'));
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Actions (theirs)') === true, tid('editor-doc-title'), { timeout: UI_WAIT_MS });
      await waitText(page, tid('save-state'), 'No changes');
      expect(await page.$(tid('save-conflict'))).toBeNull();
      // Our own save is not mistaken for someone else's.
      await page.mouse.click(...(Object.values(await elementCentre(page, 'button-1')) as [number, number]));
      await page.keyboard.press('ArrowDown');
      await page.click(tid('save'));
      await waitText(page, tid('save-state'), 'Saved');
      expect(await page.$(tid('save-conflict'))).toBeNull();
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
