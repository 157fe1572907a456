import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXAMPLE_PROJECT_DIR, startRuntime } from '../../main/runtime.ts';
import { launchChromium, signIn } from '../e2e/hmi-page.ts';
import { seedTestUsers } from '../support/users.ts';
import { TestClient } from '../support/ws-client.ts';
import type { BenchGroup } from './figure.ts';

const COLUMNS = 40;
const ROWS = 25;
/** The marquee takes the first 25 columns of the first 4 rows: 100 elements. */
const SELECT = { columns: 25, rows: 4 };
const PITCH = { x: 32, y: 28 };
const SYMBOLS = [
  { symbol: 'rectangle', width: 24, height: 20 },
  { symbol: 'pump', width: 20, height: 20 },
  { symbol: 'numeric-display', width: 28, height: 20 },
  { symbol: 'tank', width: 16, height: 22 },
] as const;
const DRAG_STEPS = 120;

/** 1,000 elements in a grid, a mix of symbols, each bound to a tag of the example. */
function benchScreen(): Record<string, unknown> {
  const elements = [];
  for (let row = 0; row < ROWS; row++) {
    for (let col = 0; col < COLUMNS; col++) {
      const s = SYMBOLS[(row * COLUMNS + col) % SYMBOLS.length]!;
      elements.push({ id: `e${row}-${col}`, kind: 'symbol', symbol: s.symbol, x: col * PITCH.x + 4, y: row * PITCH.y + 4, width: s.width, height: s.height, bindings: { visible: '{Line1/Tank101/Level} >= 0' } });
    }
  }
  return { formatVersion: 1, kind: 'screen', id: 'bench-1000', name: 'Bench 1000', level: 'detail', size: { width: 1280, height: 720 }, elements };
}

/**
 * editor.drag_fps: the screen editor (Chromium, the real runtime) showing 1,000 elements, a selection
 * of 100 dragged by a scripted mouse for 120 pointer moves; frames are counted with
 * requestAnimationFrame from the first move to the release. The drag moves the selection by a CSS
 * transform, so no element re-renders until the drop (editor.drop_ms: release → document updated).
 */
export const editorBench: BenchGroup = async (report) => {
  const work = await mkdtemp(join(tmpdir(), 'lineside-editor-bench-'));
  const projectDir = join(work, 'project');
  await cp(EXAMPLE_PROJECT_DIR, projectDir, { recursive: true, filter: (source) => !source.includes('.lineside-data') });
  const started = await startRuntime({ projectDir, port: 0, dataDir: join(work, 'data'), log: () => {} });
  if (!started.ok) throw new Error(started.error.message);
  const runtime = started.value;
  await seedTestUsers(runtime);
  const browser = await launchChromium();
  try {
    const client = await (await TestClient.connect(runtime.url, runtime.token)).loginAs('engineer');
    try {
      await client.call('screens.create', { document: benchScreen() });
    } finally {
      client.socket.close();
    }
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: 20_000 });
    await signIn(page, 'engineer');
    await page.click('[data-testid="tab-editor"]');
    await page.click('[data-testid="doc:screen:bench-1000"]', { timeout: 20_000 });
    const canvas = '[data-testid="editor-canvas"]';
    await page.waitForFunction((sel) => document.querySelectorAll(`${sel} [data-element-id]`).length === 1000, canvas, { timeout: 30_000 });
    const box = (await page.locator(canvas).boundingBox())!;
    const scale = box.width / 1280;
    const at = (x: number, y: number) => ({ x: box.x + x * scale, y: box.y + y * scale });
    // Marquee from the top-left corner to just past the 100th element.
    const from = at(1, 1);
    const to = at(SELECT.columns * PITCH.x - 6, SELECT.rows * PITCH.y - 6);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    const selected = await page.$$eval(`${canvas} [data-selected]`, (n) => n.length);
    if (selected !== 100) throw new Error(`the marquee selected ${selected} elements, not 100`);

    const grab = at(4 + 10, 4 + 10);
    await page.mouse.move(grab.x, grab.y);
    await page.mouse.down();
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number; __counting: boolean; __start: number };
      w.__frames = 0;
      w.__counting = true;
      w.__start = performance.now();
      const tick = () => {
        if (!w.__counting) return;
        w.__frames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    for (let i = 1; i <= DRAG_STEPS; i++) await page.mouse.move(grab.x + i * 3, grab.y + i * 2);
    const { frames, ms } = await page.evaluate(() => {
      const w = window as unknown as { __frames: number; __counting: boolean; __start: number };
      w.__counting = false;
      return { frames: w.__frames, ms: performance.now() - w.__start };
    });
    const dropStart = Date.now();
    await page.mouse.up();
    await page.waitForFunction(
      (sel) => {
        const e = document.querySelector(`${sel} [data-element-id="e0-0"] g`);
        return e !== null && (e.getAttribute('transform') ?? '').startsWith('translate(') && !(e.getAttribute('transform') ?? '').startsWith('translate(4 ');
      },
      canvas,
      { timeout: 10_000 },
    );
    const dropMs = Date.now() - dropStart;
    const against = `1,000 elements (4 symbol types), 100 selected, ${DRAG_STEPS} pointer moves, Chromium ${browser.version()} headless, 1440×900`;
    report({ name: 'editor.drag_fps', value: Math.round((frames / (ms / 1000)) * 10) / 10, unit: 'fps', target: '>= 30', against });
    report({ name: 'editor.drop_ms', value: dropMs, unit: 'ms', against: `${against}; release until the moved document is drawn` });
  } finally {
    await browser.close();
    await runtime.dispose();
    await rm(work, { recursive: true, force: true });
  }
};
