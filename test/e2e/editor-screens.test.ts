import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/ws-client.ts';
import { canvasIds, elementCentre, openEditor, selectedIds, startEditorExample, tid, type EditorExample } from './editor-support.ts';
import { launchChromium, screenshotPath, signIn, watchedPage } from './hmi-page.ts';

const UI_WAIT_MS = 10_000;
const TEST_MS = 60_000;
const LEVEL = 'Line1/Tank101/Level';
const RUNNING = 'Line1/TransferPump1/Running';

async function storedScreen(projectDir: string, id: string): Promise<{ elements: { id: string; x: number; bindings: Record<string, string> }[]; name: string }> {
  return JSON.parse(await readFile(join(projectDir, 'screens', `${id}.json`), 'utf8'));
}

async function dropOnCanvas(page: Page, item: string, x: number, y: number): Promise<void> {
  const canvas = page.locator(tid('editor-canvas'));
  const box = (await canvas.boundingBox())!;
  await page.dragAndDrop(tid(`palette:${item}`), tid('editor-canvas'), { targetPosition: { x: Math.round(x * (box.width / 1280)), y: Math.round(y * (box.height / 720)) } });
}

async function waitSaved(page: Page): Promise<void> {
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Saved', tid('save-state'), { timeout: UI_WAIT_MS });
}

// An engineer builds a screen from nothing in the example project, the way a new user would.
describe('screen editor, as an engineer uses it', () => {
  let runtime: EditorExample;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startEditorExample('engineer');
    ({ browser, page } = await openEditor(runtime, errors));
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'creates a screen and places a tank and a pump from the palette',
    async () => {
      await page.click(tid('doc-new:screen'));
      await page.fill(tid('doc-name-input'), 'Tank area');
      await page.click(tid('doc-name-ok'));
      await page.waitForSelector(tid('editor-canvas'), { timeout: UI_WAIT_MS });
      expect(await page.textContent(tid('editor-doc-title'))).toContain('Tank area');
      expect(await page.$(tid('editor-read-only'))).toBeNull();
      await dropOnCanvas(page, 'symbol:tank', 300, 300);
      await page.waitForSelector(tid('palette:symbol:pump'));
      await dropOnCanvas(page, 'symbol:pump', 600, 340);
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, `${tid('editor-canvas')} [data-element-id]`, { timeout: UI_WAIT_MS });
      expect(await canvasIds(page)).toEqual(['tank-1', 'pump-1']);
      expect(await selectedIds(page)).toEqual(['pump-1']);
      expect(await page.textContent(tid('inspector-title'))).toContain('Pump');
    },
    TEST_MS,
  );

  it(
    'binds the tank level with autocomplete and shows the live value before saving',
    async () => {
      await page.mouse.click(...(Object.values(await elementCentre(page, 'tank-1')) as [number, number]));
      expect(await selectedIds(page)).toEqual(['tank-1']);
      // Generated from the tank's props schema: its fields are there with their defaults.
      expect(await page.inputValue(tid('prop:max'))).toBe('100');
      await page.fill(tid('prop:units'), '%');
      await page.press(tid('prop:units'), 'Enter');
      await page.click(tid('binding-input:level'));
      await page.keyboard.type('{Line1/Tank101/Le');
      await page.waitForSelector(`${tid('binding-suggestions:level')} >> text=${LEVEL}`, { timeout: UI_WAIT_MS });
      await page.click(`${tid('binding-suggestions:level')} >> text=${LEVEL}`);
      expect(await page.inputValue(tid('binding-input:level'))).toBe(`{${LEVEL}}`);
      await page.click(tid('binding-apply:level'));
      await page.waitForFunction((sel) => /Now: \d/.test(document.querySelector(sel)?.textContent ?? ''), tid('binding-preview:level'), { timeout: UI_WAIT_MS });
      expect(await page.getAttribute(tid('binding-preview:level'), 'data-quality')).toBe('good');
      await page.screenshot({ path: screenshotPath('editor-binding') });
    },
    TEST_MS,
  );

  it(
    'shows a syntax error at its position and never writes an invalid screen',
    async () => {
      await page.mouse.click(...(Object.values(await elementCentre(page, 'pump-1')) as [number, number]));
      await page.fill(tid('binding-input:running'), `{${RUNNING}} &&`);
      await page.waitForSelector(tid('binding-error:running'), { timeout: UI_WAIT_MS });
      expect(await page.textContent(tid('binding-error:running'))).toMatch(/line 1, column 3\d/);
      await page.click(tid('binding-apply:running'));
      await page.click(tid('save'));
      await page.waitForSelector(tid('save-problems'), { timeout: UI_WAIT_MS });
      expect(await page.textContent(tid('save-problems'))).toContain('bindings.running');
      // Created empty: nothing of this edit reached the file.
      expect((await storedScreen(runtime.projectDir, 'tank-area')).elements).toEqual([]);
      await page.fill(tid('binding-input:running'), `{${RUNNING}}`);
      await page.click(tid('binding-apply:running'));
      await page.click(tid('save'));
      await waitSaved(page);
      const saved = await storedScreen(runtime.projectDir, 'tank-area');
      expect(saved.elements.map((e) => [e.id, e.bindings])).toEqual([
        ['tank-1', { level: `{${LEVEL}}` }],
        ['pump-1', { running: `{${RUNNING}}` }],
      ]);
    },
    TEST_MS,
  );

  it(
    'switches to run mode and shows live values',
    async () => {
      await page.click(tid('mode-run'));
      const tank = `${tid('editor-run-canvas')} [data-testid="element:tank-1"]`;
      await page.waitForSelector(`${tank}[data-quality="good"]`, { timeout: UI_WAIT_MS });
      await page.waitForFunction((sel) => /^\d+(\.\d)? %$/.test(document.querySelector(`${sel} .scr-value`)?.textContent ?? ''), tank, { timeout: UI_WAIT_MS });
      const pump = `${tid('editor-run-canvas')} [data-testid="element:pump-1"]`;
      await page.waitForSelector(`${pump}[data-quality="good"]`, { timeout: UI_WAIT_MS });
      expect(['on', 'off']).toContain(await page.getAttribute(`${pump} [data-look]`, 'data-look'));
      await page.screenshot({ path: screenshotPath('editor-run') });
      await page.click(tid('mode-design'));
      await page.waitForSelector(tid('editor-canvas'));
    },
    TEST_MS,
  );

  it(
    'moves by dragging as one undo step; undo and redo from the keyboard',
    async () => {
      const before = await elementCentre(page, 'tank-1');
      await page.mouse.move(before.x, before.y);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) await page.mouse.move(before.x + i * 8, before.y + i * 3);
      // While dragging it already follows the pointer (by a transform; the document changes on release).
      expect((await elementCentre(page, 'tank-1')).x - before.x).toBeGreaterThan(60);
      expect(await page.textContent(tid('save-state'))).toBe('Saved');
      await page.mouse.up();
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Unsaved changes', tid('save-state'), { timeout: UI_WAIT_MS });
      const after = await elementCentre(page, 'tank-1');
      expect(after.x - before.x).toBeGreaterThan(60);
      await page.keyboard.press('Control+z');
      await page.waitForFunction(
        ({ sel, x }) => Math.abs(document.querySelector(sel)!.getBoundingClientRect().x + document.querySelector(sel)!.getBoundingClientRect().width / 2 - x) < 1,
        { sel: tid('editor-canvas') + ' [data-element-id="tank-1"]', x: before.x },
        { timeout: UI_WAIT_MS },
      );
      await page.keyboard.press('Control+Shift+z');
      await page.waitForFunction(({ sel, x }) => document.querySelector(sel)!.getBoundingClientRect().x > x, { sel: tid('editor-canvas') + ' [data-element-id="tank-1"]', x: before.x }, { timeout: UI_WAIT_MS });
      // Duplicate, delete, and undo both.
      await page.keyboard.press('Control+d');
      await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 3, `${tid('editor-canvas')} [data-element-id]`, { timeout: UI_WAIT_MS });
      expect(await selectedIds(page)).toEqual(['tank-2']);
      await page.keyboard.press('Delete');
      await page.keyboard.press('Delete');
      expect(await canvasIds(page)).toEqual(['tank-1', 'pump-1']);
      await page.keyboard.press('Control+z');
      expect(await canvasIds(page)).toEqual(['tank-1', 'pump-1', 'tank-2']);
      await page.keyboard.press('Control+y');
      expect(await canvasIds(page)).toEqual(['tank-1', 'pump-1']);
      // Marquee both, group, ungroup.
      const canvas = (await page.locator(tid('editor-canvas')).boundingBox())!;
      await page.mouse.move(canvas.x + 4, canvas.y + 4);
      await page.mouse.down();
      await page.mouse.move(canvas.x + canvas.width - 4, canvas.y + canvas.height - 4, { steps: 4 });
      await page.mouse.up();
      expect(await selectedIds(page)).toEqual(['tank-1', 'pump-1']);
      await page.screenshot({ path: screenshotPath('editor-selection') });
      await page.keyboard.press('Control+g');
      expect(await canvasIds(page)).toEqual(['group-1']);
      await page.keyboard.press('Control+Shift+g');
      expect(await canvasIds(page)).toEqual(['tank-1', 'pump-1']);
      await page.click(tid('save'));
      await waitSaved(page);
    },
    TEST_MS,
  );

  it(
    'snaps to another element with a guide, resizes from a handle and rotates in 15° steps with shift',
    async () => {
      await page.keyboard.press('Escape');
      const tank = await elementCentre(page, 'tank-1');
      const pump = await elementCentre(page, 'pump-1');
      await page.mouse.move(pump.x, pump.y);
      await page.mouse.down();
      await page.mouse.move(tank.x + 2, pump.y + 60, { steps: 8 });
      await page.waitForSelector(tid('snap-guide'), { state: 'attached', timeout: UI_WAIT_MS });
      await page.mouse.up();
      expect(await page.$(tid('snap-guide'))).toBeNull();
      expect(Math.abs((await elementCentre(page, 'pump-1')).x - tank.x)).toBeLessThan(1);
      await page.keyboard.press('Control+z');

      await page.mouse.click(tank.x, tank.y);
      const width = Number(await page.inputValue(tid('geom:width')));
      const se = (await page.locator(tid('handle-se')).boundingBox())!;
      await page.mouse.move(se.x + se.width / 2, se.y + se.height / 2);
      await page.mouse.down();
      await page.mouse.move(se.x + se.width / 2 + 30, se.y + se.height / 2 + 30, { steps: 5 });
      await page.mouse.up();
      expect(Number(await page.inputValue(tid('geom:width')))).toBeGreaterThan(width + 20);

      const knob = (await page.locator(tid('rotate-handle')).boundingBox())!;
      const centre = await elementCentre(page, 'tank-1');
      await page.keyboard.down('Shift');
      await page.mouse.move(knob.x + knob.width / 2, knob.y + knob.height / 2);
      await page.mouse.down();
      await page.mouse.move(centre.x + 90, centre.y - 47, { steps: 6 });
      await page.mouse.up();
      await page.keyboard.up('Shift');
      const rotation = Number(await page.inputValue(tid('geom:rotation')));
      expect(rotation).not.toBe(0);
      expect(rotation % 15).toBe(0);
      await page.screenshot({ path: screenshotPath('editor-rotated') });
      // Both steps undo one at a time.
      await page.keyboard.press('Control+z');
      await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement).value === '0', tid('geom:rotation'), { timeout: UI_WAIT_MS });
      await page.keyboard.press('Control+z');
      await page.waitForFunction(({ sel, w }) => (document.querySelector(sel) as HTMLInputElement).value === String(w), { sel: tid('geom:width'), w: width }, { timeout: UI_WAIT_MS });
    },
    TEST_MS,
  );

  it(
    'opens a template of the project like a screen',
    async () => {
      const template = await page.$$eval(`${tid('doc-list:template')} [data-testid^="doc:template:"]`, (n) => n.map((e) => e.getAttribute('data-testid')!));
      expect(template.length).toBeGreaterThan(0);
      // Unsaved edits are not dropped without asking.
      await page.keyboard.press('ArrowRight');
      await page.click(tid(template[0]!));
      await page.waitForSelector(tid('discard-confirm'), { timeout: UI_WAIT_MS });
      await page.click(tid('discard-cancel'));
      expect(await page.textContent(tid('editor-doc-title'))).toContain('Tank area');
      await page.keyboard.press('Control+z');
      expect(await page.textContent(tid('save-state'))).not.toBe('Unsaved changes');
      await page.click(tid(template[0]!));
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('template') ?? false, tid('editor-doc-title'), { timeout: UI_WAIT_MS });
      expect((await canvasIds(page)).length).toBeGreaterThan(0);
      expect(await page.$(tid('doc:level'))).toBeNull();
      // Its declared parameters are edited in the inspector, undoable like everything else.
      const count = () => page.$$eval(`${tid('template-params')} [data-testid^="template-param:"]`, (n) => n.length);
      const before = await count();
      await page.click(tid('template-param-add'));
      expect(await count()).toBe(before + 1);
      await page.keyboard.press('Control+z');
      expect(await count()).toBe(before);
      await page.screenshot({ path: screenshotPath('editor-template') });
      await page.click(tid('doc:screen:tank-area'));
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('Tank area') ?? false, tid('editor-doc-title'), { timeout: UI_WAIT_MS });
    },
    TEST_MS,
  );

  it(
    'saves a binding to a tag that does not exist, and flags it',
    async () => {
      await page.mouse.click(...(Object.values(await elementCentre(page, 'pump-1')) as [number, number]));
      await page.fill(tid('binding-input:fault'), '{Line1/TransferPump1/NoSuchTag}');
      await page.waitForSelector(tid('binding-unknown:fault'), { timeout: UI_WAIT_MS });
      await page.click(tid('binding-apply:fault'));
      await page.click(tid('save'));
      await waitSaved(page);
      await page.waitForSelector(tid('save-warnings'), { timeout: UI_WAIT_MS });
      expect(await page.textContent(tid('save-warnings'))).toContain('NoSuchTag');
      expect((await storedScreen(runtime.projectDir, 'tank-area')).elements[1]!.bindings['fault']).toBe('{Line1/TransferPump1/NoSuchTag}');
    },
    TEST_MS,
  );

  it(
    'refuses to overwrite a screen saved elsewhere in between, and keeps mine as a copy',
    async () => {
      // My edit first, then someone else's save: the editor is told at once (screens.changed) ...
      await page.keyboard.press('Escape');
      await page.fill(tid('doc:name'), 'Tank area (mine)');
      await page.press(tid('doc:name'), 'Enter');
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Unsaved changes', tid('save-state'), { timeout: UI_WAIT_MS });
      const other = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('engineer');
      try {
        const stored = await other.call('screens.get', { id: 'tank-area' });
        await other.call('screens.save', { document: { ...stored.document, name: 'Tank area (theirs)' }, baseRevision: stored.summary.revision });
      } finally {
        other.socket.close();
      }
      await page.waitForSelector(`${tid('save-conflict')}[data-elsewhere="saved"]`, { timeout: UI_WAIT_MS });
      // ... and saving anyway is refused: theirs is never overwritten.
      await page.click(tid('save'));
      await page.waitForSelector(`${tid('save-conflict')}:not([data-elsewhere])`, { timeout: UI_WAIT_MS });
      expect((await storedScreen(runtime.projectDir, 'tank-area')).name).toBe('Tank area (theirs)');
      await page.screenshot({ path: screenshotPath('editor-conflict') });
      await page.click(tid('conflict-copy'));
      await page.waitForSelector(tid('doc:screen:tank-area-copy'), { timeout: UI_WAIT_MS });
      await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-current') === 'true', tid('doc:screen:tank-area-copy'), { timeout: UI_WAIT_MS });
      const copy = await storedScreen(runtime.projectDir, 'tank-area-copy');
      expect(copy.name).toBe('Tank area (mine) (copy)');
      expect(copy.elements.map((e) => e.id)).toEqual(['tank-1', 'pump-1']);
      expect((await storedScreen(runtime.projectDir, 'tank-area')).name).toBe('Tank area (theirs)');
    },
    TEST_MS,
  );

  it(
    'renames, duplicates and deletes screens, asking before deleting',
    async () => {
      await page.click(tid('doc-rename:screen'));
      await page.fill(tid('doc-name-input'), 'Tank area draft');
      await page.click(tid('doc-name-ok'));
      await page.waitForSelector(tid('doc:screen:tank-area-draft'), { timeout: UI_WAIT_MS });
      await page.click(tid('doc-duplicate:screen'));
      await page.waitForSelector(tid('doc:screen:tank-area-draft-copy'), { timeout: UI_WAIT_MS });
      await page.click(tid('doc-delete:screen'));
      await page.waitForSelector(tid('doc-delete-confirm'));
      await page.click(`${tid('doc-delete-confirm')} >> text=Keep it`);
      expect(await page.$(tid('doc:screen:tank-area-draft'))).not.toBeNull();
      await page.click(tid('doc-delete:screen'));
      await page.click(tid('doc-delete-ok'));
      await page.waitForSelector(tid('doc:screen:tank-area-draft'), { state: 'detached', timeout: UI_WAIT_MS });
      expect(await page.$(tid('doc:screen:tank-area-draft-copy'))).not.toBeNull();
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});

describe('screen editor, for an operator', () => {
  let runtime: EditorExample;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    runtime = await startEditorExample('operator');
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: 30_000 });
    await signIn(page, runtime.role);
  }, TEST_MS);

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
  }, TEST_MS);

  it(
    'has no Editor tab, and the editor URL says which permission it needs instead of opening it',
    async () => {
      expect(await page.$(tid('tab-editor'))).toBeNull();
      await page.evaluate(() => (window.location.hash = '#/editor'));
      const panel = 'section[aria-label="Screen editor"] [data-testid="not-available"]';
      await page.waitForSelector(panel, { timeout: UI_WAIT_MS });
      expect(await page.textContent(panel)).toContain('operator (operator) does not have the permission ‘Edit screens’');
      expect(await page.$(tid('doc-new:screen'))).toBeNull();
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
