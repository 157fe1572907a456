import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elementCentre, openEditor, selectedIds, startEditorExample, tid, type EditorExample } from './editor-support.ts';
import { screenshotPath } from './hmi-page.ts';

const UI_WAIT_MS = 10_000;
const TEST_MS = 60_000;
const IMAGES = join(import.meta.dirname, '../fixtures/images');

type Box = { x: number; y: number; width: number; height: number };
async function box(page: Page, selector: string): Promise<Box> {
  const b = await page.locator(selector).boundingBox();
  if (!b) throw new Error(`${selector} is not shown`);
  return b;
}
const zoomOf = async (page: Page) => Number(await page.getAttribute(tid('zoom-level'), 'data-zoom'));
const geom = async (page: Page, key: 'x' | 'y' | 'width' | 'height') => Number(await page.inputValue(tid(`geom:${key}`)));
const scrollOf = (page: Page) => page.$eval(tid('editor-area'), (a) => ({ left: a.scrollLeft, top: a.scrollTop }));
const el = (id: string) => `${tid('editor-canvas')} [data-element-id="${id}"]`;

async function newScreen(page: Page, name: string): Promise<void> {
  await page.click(tid('doc-new:screen'));
  await page.fill(tid('doc-name-input'), name);
  await page.click(tid('doc-name-ok'));
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes(name) === true, tid('editor-doc-title'), { timeout: UI_WAIT_MS });
  await page.click(tid('zoom-fit'));
}

/** Drops a palette item where the document point (x, y) is drawn now, whatever the zoom and scroll. */
async function dropAtDoc(page: Page, item: string, x: number, y: number): Promise<void> {
  const zoom = await zoomOf(page);
  await page.dragAndDrop(tid(`palette:${item}`), tid('editor-canvas'), { targetPosition: { x: Math.round(x * zoom), y: Math.round(y * zoom) } });
}

/** Scrolls the canvas area so the element sits in its middle (as an engineer would, with the scrollbars). */
async function centreInArea(page: Page, id: string): Promise<void> {
  await page.$eval(
    tid('editor-area'),
    (area, sel) => {
      const r = document.querySelector(sel)!.getBoundingClientRect();
      const a = area.getBoundingClientRect();
      area.scrollLeft += r.left + r.width / 2 - (a.left + area.clientWidth / 2);
      area.scrollTop += r.top + r.height / 2 - (a.top + area.clientHeight / 2);
    },
    el(id),
  );
}

async function drag(page: Page, from: { x: number; y: number }, dx: number, dy: number, steps = 10): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(from.x + (dx * i) / steps, from.y + (dy * i) / steps);
  await page.mouse.up();
}

describe('editor canvas: zoom and pan, images from files, template parameters as tag paths', () => {
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
    'zooms to 200 %, and a drag there moves the element by the pointer travel in document px',
    async () => {
      await newScreen(page, 'Zoom test');
      await dropAtDoc(page, 'symbol:rectangle', 400, 300);
      await page.waitForSelector(el('rectangle-1'), { timeout: UI_WAIT_MS });
      const x0 = await geom(page, 'x');
      const y0 = await geom(page, 'y');
      await page.click(tid('zoom-100'));
      for (let i = 0; i < 3; i++) await page.click(tid('zoom-in'));
      expect(await page.textContent(tid('zoom-level'))).toBe('200 %');
      expect((await box(page, tid('editor-canvas'))).width).toBeCloseTo(2560, 0);
      await centreInArea(page, 'rectangle-1');
      const drawn = await box(page, el('rectangle-1'));
      // Drawn twice as wide (plus its stroke).
      expect(Math.abs(drawn.width - (await geom(page, 'width')) * 2)).toBeLessThanOrEqual(4);
      // Handles keep their size on screen whatever the zoom.
      expect((await box(page, `${tid('handle-se')} .editor-handle`)).width).toBeLessThan(16);
      await drag(page, await elementCentre(page, 'rectangle-1'), 100, 60);
      await page.waitForFunction(({ sel, x }) => Number((document.querySelector(sel) as HTMLInputElement).value) === x, { sel: tid('geom:x'), x: x0 + 50 }, { timeout: UI_WAIT_MS });
      expect(await geom(page, 'y')).toBe(y0 + 30);
      // Nudging is in document px at any zoom.
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(({ sel, x }) => Number((document.querySelector(sel) as HTMLInputElement).value) === x, { sel: tid('geom:x'), x: x0 + 51 }, { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('editor-zoom-200') });
    },
    TEST_MS,
  );

  it(
    'at 200 % the marquee selects and a palette drop lands where it is dropped',
    async () => {
      await page.keyboard.press('Escape');
      expect(await selectedIds(page)).toEqual([]);
      const r = await box(page, el('rectangle-1'));
      await drag(page, { x: r.x - 24, y: r.y - 24 }, r.width + 48, r.height + 48);
      expect(await selectedIds(page)).toEqual(['rectangle-1']);
      // Drop where the area's centre is: the new element is centred on that document point.
      const area = await box(page, tid('editor-area'));
      const canvas = await box(page, tid('editor-canvas'));
      const at = { x: area.x + area.width / 2 - canvas.x, y: area.y + area.height / 2 - canvas.y };
      await page.dragAndDrop(tid('palette:symbol:ellipse'), tid('editor-canvas'), { targetPosition: at });
      await page.waitForSelector(el('ellipse-1'), { timeout: UI_WAIT_MS });
      const centreX = (await geom(page, 'x')) + (await geom(page, 'width')) / 2;
      const centreY = (await geom(page, 'y')) + (await geom(page, 'height')) / 2;
      expect(Math.abs(centreX - at.x / 2)).toBeLessThanOrEqual(10);
      expect(Math.abs(centreY - at.y / 2)).toBeLessThanOrEqual(10);
    },
    TEST_MS,
  );

  it(
    'Ctrl+wheel zooms about the pointer; space+drag and middle-drag pan without touching the document',
    async () => {
      const area = await box(page, tid('editor-area'));
      const pointer = { x: area.x + area.width / 2, y: area.y + area.height / 2 };
      const before = await box(page, tid('editor-canvas'));
      const docUnder = { x: (pointer.x - before.x) / 2, y: (pointer.y - before.y) / 2 };
      await page.mouse.move(pointer.x, pointer.y);
      await page.keyboard.down('Control');
      await page.mouse.wheel(0, -100);
      await page.keyboard.up('Control');
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === '240 %', tid('zoom-level'), { timeout: UI_WAIT_MS });
      const after = await box(page, tid('editor-canvas'));
      const zoom = await zoomOf(page);
      expect(Math.abs((pointer.x - after.x) / zoom - docUnder.x)).toBeLessThan(2);
      expect(Math.abs((pointer.y - after.y) / zoom - docUnder.y)).toBeLessThan(2);

      const selection = await selectedIds(page);
      const saveState = await page.textContent(tid('save-state'));
      const s0 = await scrollOf(page);
      expect(s0.left).toBeGreaterThan(150);
      await page.keyboard.down('Space');
      await drag(page, pointer, 120, 0, 6);
      await page.keyboard.up('Space');
      const s1 = await scrollOf(page);
      expect(s1.left).toBeCloseTo(s0.left - 120, -1);
      await page.mouse.move(pointer.x, pointer.y);
      await page.mouse.down({ button: 'middle' });
      for (let i = 1; i <= 6; i++) await page.mouse.move(pointer.x - i * 10, pointer.y - i * 5);
      await page.mouse.up({ button: 'middle' });
      const s2 = await scrollOf(page);
      expect(s2.left).toBeCloseTo(s1.left + 60, -1);
      expect(await selectedIds(page)).toEqual(selection);
      expect(await page.textContent(tid('save-state'))).toBe(saveState);
      // Fit brings the whole screen back into view.
      await page.click(tid('zoom-fit'));
      const fitted = await box(page, tid('editor-canvas'));
      expect(fitted.width).toBeLessThanOrEqual(area.width);
      expect(fitted.height).toBeLessThanOrEqual(area.height);
    },
    TEST_MS,
  );

  it(
    'loads an image file into an image element, refusing files too big or not images',
    async () => {
      await dropAtDoc(page, 'symbol:image', 900, 500);
      await page.waitForSelector(el('image-1'), { timeout: UI_WAIT_MS });
      await page.setInputFiles(tid('image-file'), join(IMAGES, 'valve-photo.png'));
      await page.waitForSelector(tid('image-file-ok'), { timeout: UI_WAIT_MS });
      expect(await page.textContent(tid('image-file-ok'))).toBe('valve-photo.png: PNG, 1 KiB');
      expect(await page.getAttribute(`${el('image-1')} image`, 'href')).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
      await page.setInputFiles(tid('image-file'), { name: 'huge.png', mimeType: 'image/png', buffer: Buffer.alloc(600 * 1024) });
      await page.waitForSelector(tid('image-file-error'), { timeout: UI_WAIT_MS });
      expect(await page.textContent(tid('image-file-error'))).toBe('“huge.png” is 600 KiB; an image may be at most 512 KiB (make it smaller or export it at a lower resolution)');
      await page.setInputFiles(tid('image-file'), { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('shift notes, not a picture') });
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('not a PNG, JPEG or SVG image') === true, tid('image-file-error'), { timeout: UI_WAIT_MS });
      // Refused files changed nothing.
      expect(await page.getAttribute(`${el('image-1')} image`, 'href')).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
      await page.setInputFiles(tid('image-file'), join(IMAGES, 'pump-drawing.svg'));
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.includes('2 unsafe parts removed') === true, tid('image-file-ok'), { timeout: UI_WAIT_MS });
      await page.screenshot({ path: screenshotPath('editor-image-inspector') });
      await page.click(tid('save'));
      await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === 'Saved', tid('save-state'), { timeout: UI_WAIT_MS });
      const saved = JSON.parse(await readFile(join(runtime.projectDir, 'screens', 'zoom-test.json'), 'utf8')) as { elements: { id: string; props?: { src?: string } }[] };
      const src = saved.elements.find((e) => e.id === 'image-1')?.props?.src ?? '';
      expect(src.startsWith('data:image/svg+xml;base64,')).toBe(true);
      const svg = Buffer.from(src.slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8');
      expect(svg).toContain('<circle');
      expect(svg).not.toMatch(/script|onclick|alert/);
    },
    TEST_MS,
  );

  it(
    'dropping a picture file on the canvas makes an image element of its size',
    async () => {
      const png = (await readFile(join(IMAGES, 'valve-photo.png'))).toString('base64');
      const canvas = await box(page, tid('editor-canvas'));
      const zoom = await zoomOf(page);
      await page.evaluate(
        ({ data, x, y }) => {
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], 'valve-photo.png', { type: 'image/png' }));
          const target = document.querySelector('section[aria-label="Screen editor"] [data-testid="editor-canvas"]')!;
          target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, clientX: x, clientY: y, bubbles: true, cancelable: true }));
          target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, clientX: x, clientY: y, bubbles: true, cancelable: true }));
        },
        { data: png, x: canvas.x + 300 * zoom, y: canvas.y + 200 * zoom },
      );
      await page.waitForSelector(el('image-2'), { timeout: UI_WAIT_MS });
      expect([await geom(page, 'x'), await geom(page, 'y'), await geom(page, 'width'), await geom(page, 'height')]).toEqual([220, 160, 160, 80]);
      expect(await page.getAttribute(`${el('image-2')} image`, 'href')).toMatch(/^data:image\/png;base64,/);
    },
    TEST_MS,
  );

  it(
    "a template instance whose parameter is a tag folder reads that folder's tags in run mode",
    async () => {
      await newScreen(page, 'Pump params');
      await dropAtDoc(page, 'template:pump-tile', 300, 300);
      await page.waitForSelector(el('pump-tile-1'), { timeout: UI_WAIT_MS });
      await page.fill(tid('param:pump'), 'Line1/TransferPump2');
      await page.press(tid('param:pump'), 'Enter');
      await page.click(tid('mode-run'));
      const speed = `${tid('editor-run-canvas')} [data-testid="element:pump-tile-1/speed"]`;
      await page.waitForSelector(`${speed}[data-quality="good"]`, { timeout: UI_WAIT_MS });
      await page.waitForSelector(`${tid('editor-run-canvas')} [data-testid="element:pump-tile-1/pump"][data-quality="good"]`, { timeout: UI_WAIT_MS });
      // A folder the project lacks: the same children read nothing and say so.
      await page.click(tid('mode-design'));
      await page.mouse.click(...(Object.values(await elementCentre(page, 'pump-tile-1')) as [number, number]));
      await page.fill(tid('param:pump'), 'Line1/NoSuchPump');
      await page.press(tid('param:pump'), 'Enter');
      await page.click(tid('mode-run'));
      await page.waitForFunction(
        (sel) => {
          const q = document.querySelector(sel)?.getAttribute('data-quality');
          return q !== null && q !== undefined && q !== 'good';
        },
        speed,
        { timeout: UI_WAIT_MS },
      );
      await page.click(tid('mode-design'));
      expect(errors).toEqual([]);
    },
    TEST_MS,
  );
});
