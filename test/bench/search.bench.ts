import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RENDERER_DIR, startRuntime } from '../../main/runtime.ts';
import { launchChromium } from '../e2e/hmi-page.ts';
import { seedTestUsers } from '../support/users.ts';
import { benchDriverFactory } from './bench-driver.ts';
import type { BenchGroup } from './figure.ts';

const TAGS = 10_000;
const SCREENS = 500;
const LINES = 10;
const UNITS = 50;
/** Typed a key at a time, as an operator types; the field is cleared between them. */
const PHRASES = ['unit 42 temp', 'line7/unit3', 'filler speed', 'lne4 prs', 'overview'];
const ROUNDS = 3;
const SIGNALS = ['Temperature', 'Pressure', 'Speed', 'State', 'Level', 'Flow', 'Count', 'Setpoint', 'Current', 'Torque', 'Running', 'Fault', 'Mode', 'Hours', 'Energy', 'Vibration', 'Humidity', 'Weight', 'Position', 'Alarm'];

async function benchProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-search-bench-'));
  await mkdir(join(dir, 'tags'));
  await mkdir(join(dir, 'screens'));
  await writeFile(join(dir, 'project.json'), JSON.stringify({ formatVersion: 1, name: 'Search bench', plant: { name: 'Bench', timeZone: 'UTC' }, devices: [{ name: 'src', driver: 'bench' }] }));
  // Line{1-10}/Unit{1-50}/<20 signals>: 10,000 tags with descriptions.
  const tags = Array.from({ length: TAGS }, (_, i) => {
    const line = Math.floor(i / (UNITS * SIGNALS.length)) + 1;
    const unit = (Math.floor(i / SIGNALS.length) % UNITS) + 1;
    const signal = SIGNALS[i % SIGNALS.length]!;
    return { path: `Line${line}/Unit${unit}/${signal}`, description: `${signal} of unit ${unit} on line ${line}`, dataType: 'float64', source: { device: 'src', address: `r${i}` } };
  });
  await writeFile(join(dir, 'tags', 'bench.json'), JSON.stringify({ tags }));
  // 500 screens: an overview, a screen per line, the rest units and details, each with a few elements.
  for (let i = 0; i < SCREENS; i++) {
    const level = i === 0 ? 'overview' : i <= LINES ? 'area' : i < 300 ? 'unit' : 'detail';
    const line = ((i - 1) % LINES) + 1;
    const id = i === 0 ? 'overview' : `s${i}`;
    const name = i === 0 ? 'Plant overview' : level === 'area' ? `Line ${line}` : `${level === 'unit' ? 'Unit' : 'Detail'} ${i} of line ${line}`;
    const screen = {
      formatVersion: 2,
      kind: 'screen',
      id,
      name,
      level,
      ...(i === 0 ? {} : { parent: level === 'area' ? 'overview' : `s${line}`, area: level === 'area' ? `Line${line}` : `Line${line}/Unit${i % UNITS}` }),
      size: { width: 1280, height: 720 },
      elements: [{ id: 't', kind: 'text', x: 20, y: 20, width: 400, height: 30, props: { text: name } }],
    };
    await writeFile(join(dir, 'screens', `${id}.json`), JSON.stringify(screen));
  }
  return dir;
}

/**
 * ui.search_ms: the global search (Ctrl+K) in Chromium over 10,000 tags and 500 screens (the real
 * runtime, gateway and renderer build), each keystroke timed in the page from the keydown at the
 * search field to the first task after the animation frame that follows the results showing that
 * query (so the frame is painted). Phrases are typed a key at a time, waiting for each key's results.
 */
export const searchBench: BenchGroup = async (report) => {
  if (!existsSync(join(DEFAULT_RENDERER_DIR, 'index.html'))) throw new Error('search bench: build the renderer first (npm run build:renderer)');
  const dir = await benchProject();
  const started = await startRuntime({ projectDir: dir, dataDir: join(dir, 'data'), drivers: new Map([['bench', benchDriverFactory(() => {})]]) as never, log: () => {} });
  if (!started.ok) throw new Error(started.error.message);
  const runtime = started.value;
  await seedTestUsers(runtime);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: 30_000 });
    await page.waitForSelector('section[aria-label="Overview"] [data-testid="screens-display"]', { timeout: 120_000 });
    await page.keyboard.press('Control+k');
    await page.waitForSelector('[data-testid="search-input"]', { timeout: 10_000 });
    // Every source in: all tags and all screens found.
    await page.keyboard.type('line');
    await page.waitForFunction(
      ({ tags, screens }) => {
        const count = (kind: string) => document.querySelector(`[data-testid="search-group:${kind}"] .search-group__count`)?.textContent ?? '';
        return count('tag').endsWith(` of ${tags}`) && count('screen').endsWith(` of ${screens - 1}`);
      },
      { tags: TAGS, screens: SCREENS },
      { timeout: 60_000 },
    );
    type Timing = { seq: number; pending: { seq: number; t0: number } | undefined; shown: string; times: number[] };
    await page.evaluate(() => {
      const state: Timing = { seq: 0, pending: undefined, shown: document.querySelector('[data-testid="search-results"]')?.getAttribute('data-query') ?? '', times: [] };
      (window as unknown as { __search: Timing }).__search = state;
      // A keydown in the field starts a timing; the next change of the results' query ends it after the frame that shows it.
      document.addEventListener(
        'keydown',
        (event) => {
          if ((event.target as HTMLElement | null)?.dataset['testid'] === 'search-input') state.pending = { seq: state.seq++, t0: performance.now() };
        },
        true,
      );
      const painted = new MessageChannel();
      painted.port1.onmessage = (event: MessageEvent<{ seq: number; t0: number }>) => (state.times[event.data.seq] = performance.now() - event.data.t0);
      new MutationObserver(() => {
        const query = document.querySelector('[data-testid="search-results"]')?.getAttribute('data-query') ?? '';
        if (query === state.shown) return;
        state.shown = query;
        const pending = state.pending;
        state.pending = undefined;
        if (pending) requestAnimationFrame(() => painted.port2.postMessage(pending));
      }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-query'] });
    });
    const input = page.locator('[data-testid="search-input"]');
    const seqs: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const phrase of PHRASES) {
        await input.fill('');
        await page.waitForFunction(() => document.querySelector('[data-testid="search-results"]')?.getAttribute('data-query') === '');
        for (const key of phrase) {
          // Clearing the field may send keys of its own: time the keydown this press makes.
          const seq = await page.evaluate(() => (window as unknown as { __search: Timing }).__search.seq);
          await page.keyboard.press(key === ' ' ? 'Space' : key);
          await page
            .waitForFunction((n) => (window as unknown as { __search: Timing }).__search.times[n] !== undefined, seq, { timeout: 10_000 })
            .catch(async (error: unknown) => {
              const state = await page.evaluate(() => JSON.stringify({ ...(window as unknown as { __search: Timing }).__search, q: document.querySelector('[data-testid="search-results"]')?.getAttribute('data-query') }));
              throw new Error(`search bench: no timing for "${key}" of "${phrase}": ${state}`, { cause: error });
            });
          seqs.push(seq);
        }
      }
    }
    const all = await page.evaluate(() => (window as unknown as { __search: Timing }).__search.times);
    const times = seqs.map((seq) => all[seq]!).sort((a, b) => a - b);
    const typed = times.length;
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))]!;
    const against = `${TAGS} tags, ${SCREENS} screens, 20 displays; ${typed} keystrokes of ${PHRASES.length} phrases × ${ROUNDS}, keydown to the results painted; Chromium ${browser.version()} headless`;
    report({ name: 'ui.search_ms', value: Math.round(at(0.95) * 10) / 10, unit: 'ms', target: '<= 50', against: `${against}; 95th percentile` });
    report({ name: 'ui.search_p50_ms', value: Math.round(at(0.5) * 10) / 10, unit: 'ms', against: `${against}; median` });
    report({ name: 'ui.search_max_ms', value: Math.round(times[times.length - 1]! * 10) / 10, unit: 'ms', against: `${against}; slowest` });
  } finally {
    await browser.close();
    await runtime.dispose();
    await rm(dir, { recursive: true, force: true });
  }
};
