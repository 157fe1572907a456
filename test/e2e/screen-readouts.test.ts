import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Quality } from '../../common/quality.ts';
import type { Runtime } from '../../main/runtime.ts';
import { benchDriverFactory, type BenchDriver } from '../bench/bench-driver.ts';
import { launchChromium, screenshotPath, watchedPage } from './hmi-page.ts';
import { startTestRuntime } from '../support/runtime.ts';

const UI_WAIT_MS = 10_000;
const SCREEN = 'section[aria-label="Screens"] [data-testid="screen:readouts"]';
const TAGS = ['A', 'B', 'C', 'D', 'Left', 'Right'];

const numeric = (id: string, tag: string, x: number, y: number, width: number, height: number, rotation = 0) => ({
  id,
  kind: 'symbol',
  symbol: 'numeric-display',
  x,
  y,
  width,
  height,
  rotation,
  props: { decimals: 1, units: 'bar' },
  bindings: { value: `{Line/${tag}}` },
});

/** A project whose screen has readouts on the canvas, one covered by a later element (SVG text), one turned, two side by side. */
async function project(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-readouts-'));
  await mkdir(join(dir, 'tags'));
  await mkdir(join(dir, 'screens'));
  await writeFile(join(dir, 'project.json'), JSON.stringify({ formatVersion: 1, name: 'Readouts', plant: { name: 'Readouts', timeZone: 'UTC' }, devices: [{ name: 'src', driver: 'bench' }] }));
  const tags = TAGS.map((name) => ({ path: `Line/${name}`, dataType: 'float64', decimals: 1, source: { device: 'src', address: name } }));
  await writeFile(join(dir, 'tags', 'line.json'), JSON.stringify({ tags }));
  const elements = [
    numeric('a', 'A', 20, 20, 160, 32),
    numeric('b', 'B', 20, 80, 160, 32),
    numeric('covered', 'C', 20, 140, 160, 32),
    { id: 'cover', kind: 'shape', shape: 'rect', x: 10, y: 130, width: 180, height: 52, props: {}, bindings: {} },
    numeric('turned', 'D', 260, 80, 160, 32, 90),
    // Side by side; Right's box is too narrow for a long value, which then runs over Left's text.
    { ...numeric('left', 'Left', 20, 220, 100, 32), props: { decimals: 1 } },
    { ...numeric('right', 'Right', 120, 220, 40, 32), props: { decimals: 1 } },
  ];
  const screen = { formatVersion: 1, kind: 'screen', id: 'readouts', name: 'Readouts', level: 'overview', size: { width: 500, height: 300 }, elements };
  await writeFile(join(dir, 'screens', 'readouts.json'), JSON.stringify(screen));
  return dir;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * What the readout canvas has drawn over an element (client pixels): the box round its opaque pixels
 * (null: nothing) and a checksum of them. `spread` widens the element's box to the left, for text
 * that runs out of it.
 */
function inkOver(page: Page, id: string, spread = 0): Promise<{ box: Box | null; sum: number }> {
  return page.evaluate(
    ({ screen, id, spread }) => {
      const root = document.querySelector(screen)!;
      const element = root.querySelector(`[data-testid="element:${id}"]`)!.getBoundingClientRect();
      const region = { left: element.left - spread, top: element.top, right: element.right, bottom: element.bottom };
      let box: { left: number; top: number; right: number; bottom: number } | null = null;
      let sum = 0;
      for (const canvas of root.querySelectorAll<HTMLCanvasElement>('.scr-canvas__readouts canvas')) {
        const r = canvas.getBoundingClientRect();
        const sx = canvas.width / r.width;
        const sy = canvas.height / r.height;
        const x0 = Math.max(0, Math.floor((region.left - r.left) * sx));
        const x1 = Math.min(canvas.width, Math.ceil((region.right - r.left) * sx));
        const y0 = Math.max(0, Math.floor((region.top - r.top) * sy));
        const y1 = Math.min(canvas.height, Math.ceil((region.bottom - r.top) * sy));
        if (x1 <= x0 || y1 <= y0) continue;
        const data = canvas.getContext('2d')!.getImageData(x0, y0, x1 - x0, y1 - y0).data;
        for (let y = 0; y < y1 - y0; y++) {
          for (let x = 0; x < x1 - x0; x++) {
            const alpha = data[(y * (x1 - x0) + x) * 4 + 3]!;
            sum = (sum * 31 + alpha * (x + 1) * (y + 7)) % 1_000_000_007;
            if (alpha < 128) continue;
            const cx = r.left + (x0 + x) / sx;
            const cy = r.top + (y0 + y) / sy;
            box = box ? { left: Math.min(box.left, cx), top: Math.min(box.top, cy), right: Math.max(box.right, cx + 1 / sx), bottom: Math.max(box.bottom, cy + 1 / sy) } : { left: cx, top: cy, right: cx + 1 / sx, bottom: cy + 1 / sy };
          }
        }
      }
      return { box, sum };
    },
    { screen: SCREEN, id, spread },
  );
}

/** The box SVG draws an element's value text in (client pixels), shown for the moment as SVG text. */
function svgTextBox(page: Page, id: string): Promise<Box> {
  return page.evaluate(
    ({ screen, id }) => {
      const root = document.querySelector(screen)!;
      root.classList.remove('scr-canvas--painted');
      const r = root.querySelector(`[data-testid="element:${id}"] [data-testid="value-text"]`)!.getBoundingClientRect();
      root.classList.add('scr-canvas--painted');
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    },
    { screen: SCREEN, id },
  );
}

function displayOf(page: Page, id: string): Promise<string | undefined> {
  return page.evaluate(
    ({ screen, id }) => {
      const text = document.querySelector(`${screen} [data-testid="element:${id}"] [data-testid="value-text"]`);
      return text ? getComputedStyle(text).display : undefined;
    },
    { screen: SCREEN, id },
  );
}

async function waitForText(page: Page, id: string, text: string): Promise<void> {
  await page.waitForFunction(({ sel, text }) => document.querySelector(sel)?.textContent === text, { sel: `${SCREEN} [data-testid="element:${id}"] [data-testid="value-text"]`, text }, { timeout: UI_WAIT_MS, polling: 'raf' });
}

/** Two animation frames: whatever changed has been drawn. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

function within(inner: Box, outer: Box, slack: number): boolean {
  return inner.left >= outer.left - slack && inner.right <= outer.right + slack && inner.top >= outer.top - slack && inner.bottom <= outer.bottom + slack;
}

describe('value readouts drawn on the readout canvas', () => {
  let dir: string;
  let runtime: Runtime;
  let driver: BenchDriver | undefined;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  function push(values: Record<string, number>, quality: Quality = 'Good'): void {
    const handles = new Map(driver!.items.map((item) => [item.address, item.handle]));
    const now = Date.now();
    driver!.push(Object.entries(values).map(([name, value]) => ({ handle: handles.get(name)!, value: { value, quality, sourceTime: now, serverTime: now } })));
  }

  beforeAll(async () => {
    dir = await project();
    runtime = await startTestRuntime({
      projectDir: dir,
      dataDir: join(dir, 'data'),
      port: 0,
      drivers: new Map([['bench', benchDriverFactory((d) => (driver = d))]]) as never,
      log: () => {},
    });
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: UI_WAIT_MS });
    await page.evaluate(() => (window.location.hash = '#/screens/readouts'));
    await page.waitForSelector(`${SCREEN} [data-testid="element:right"]`, { timeout: UI_WAIT_MS });
    push({ A: 12.3, B: 4.5, C: 6.7, D: 890.1, Left: 1, Right: 2 });
    await waitForText(page, 'right', '2.0');
    await settled(page);
  });

  afterAll(async () => {
    await browser?.close();
    await runtime?.dispose();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('draws the readouts nothing covers on the canvas, where and as large as SVG would, the DOM text the same', async () => {
    for (const id of ['a', 'b', 'turned']) {
      expect(await displayOf(page, id)).toBe('none');
      const ink = await inkOver(page, id);
      const svg = await svgTextBox(page, id);
      expect(ink.box, id).not.toBeNull();
      expect(within(ink.box!, svg, 2), `${id}: ink ${JSON.stringify(ink.box)} in ${JSON.stringify(svg)}`).toBe(true);
      if (id !== 'turned') {
        // Anchored at its end like the SVG text, and about as wide.
        expect(Math.abs(ink.box!.right - svg.right)).toBeLessThan(3);
        expect(ink.box!.right - ink.box!.left).toBeGreaterThan((svg.right - svg.left) * 0.7);
      } else {
        // Turned a quarter: taller than wide.
        expect(ink.box!.bottom - ink.box!.top).toBeGreaterThan((ink.box!.right - ink.box!.left) * 1.5);
      }
    }
    expect(await page.textContent(`${SCREEN} [data-testid="element:a"] [data-testid="value-text"]`)).toBe('12.3');
    await page.screenshot({ path: screenshotPath('screen-readouts'), clip: { x: 0, y: 0, width: 1440, height: 700 } });
  });

  it('leaves a readout that a later element covers to SVG, so what covers what stays as drawn', async () => {
    expect(await page.getAttribute(`${SCREEN} [data-testid="element:covered"]`, 'data-readouts')).toBeNull();
    expect(await displayOf(page, 'covered')).not.toBe('none');
    expect((await inkOver(page, 'covered')).box).toBeNull();
  });

  it('draws a new value at once, and clears the text when bad quality replaces it with the code box', async () => {
    const before = await inkOver(page, 'a');
    push({ A: 45.6 });
    await waitForText(page, 'a', '45.6');
    await settled(page);
    expect((await inkOver(page, 'a')).sum).not.toBe(before.sum);

    push({ B: 4.5 }, 'BadNoCommunication');
    await page.waitForSelector(`${SCREEN} [data-testid="element:b"][data-quality="bad"]`, { timeout: UI_WAIT_MS });
    await settled(page);
    expect(await page.$(`${SCREEN} [data-testid="element:b"] [data-testid="value-text"]`)).toBeNull();
    expect((await inkOver(page, 'b')).box).toBeNull();

    push({ B: 7.5 });
    await waitForText(page, 'b', '7.5');
    await settled(page);
    expect((await inkOver(page, 'b')).box).not.toBeNull();
  });

  it('draws again what a cleared text had run over: a neighbour comes back exactly as it was', async () => {
    const alone = await inkOver(page, 'left', 0);
    push({ Right: 8_888_888.8 });
    await waitForText(page, 'right', '8,888,888.8');
    await settled(page);
    expect((await inkOver(page, 'left', 0)).sum).not.toBe(alone.sum);
    push({ Right: 2 });
    await waitForText(page, 'right', '2.0');
    await settled(page);
    expect((await inkOver(page, 'left', 0)).sum).toBe(alone.sum);
  });

  it('follows the screen when the window is resized', async () => {
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.waitForFunction(
      (screen) => {
        const root = document.querySelector(screen)!;
        const canvas = root.querySelector('.scr-canvas__readouts canvas') as HTMLCanvasElement | null;
        return canvas !== null && Math.abs(canvas.width - root.getBoundingClientRect().width * devicePixelRatio) < 2;
      },
      SCREEN,
      { timeout: UI_WAIT_MS },
    );
    await settled(page);
    const ink = await inkOver(page, 'a');
    expect(ink.box).not.toBeNull();
    expect(within(ink.box!, await svgTextBox(page, 'a'), 2)).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('shows the SVG texts again if a canvas loses its context', async () => {
    await page.evaluate((screen) => document.querySelector(`${screen} .scr-canvas__readouts canvas`)!.dispatchEvent(new Event('contextlost')), SCREEN);
    await page.waitForFunction((screen) => !document.querySelector(screen)!.classList.contains('scr-canvas--painted'), SCREEN, { timeout: UI_WAIT_MS });
    expect(await page.$(`${SCREEN} .scr-canvas__readouts`)).toBeNull();
    expect(await displayOf(page, 'a')).not.toBe('none');
    push({ A: 78.9 });
    await waitForText(page, 'a', '78.9');
    expect(errors).toEqual([]);
  });
});
