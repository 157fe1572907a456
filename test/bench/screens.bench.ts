import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriverChange } from '../../drivers/api.ts';
import { DEFAULT_RENDERER_DIR, startRuntime } from '../../main/runtime.ts';
import { launchChromium } from '../e2e/hmi-page.ts';
import { seedTestUsers } from '../support/users.ts';
import { benchDriverFactory, type BenchDriver } from './bench-driver.ts';
import type { BenchGroup } from './figure.ts';

const COLUMNS = 50;
const ROWS = 40;
const ELEMENTS = COLUMNS * ROWS;
const PITCH = { x: 32, y: 25 };
const RATE_HZ = 10;
const WARMUP_MS = 3_000;
const MEASURE_MS = 10_000;
/** Elements whose text changes are timed (spread over the grid); all 2,000 change on every push. */
const SAMPLED = 50;
const now = () => performance.timeOrigin + performance.now();

async function benchProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-screens-bench-'));
  await mkdir(join(dir, 'tags'));
  await mkdir(join(dir, 'screens'));
  await writeFile(join(dir, 'project.json'), JSON.stringify({ formatVersion: 1, name: 'Screens bench', plant: { name: 'Bench', timeZone: 'UTC' }, devices: [{ name: 'src', driver: 'bench' }] }));
  const tags = Array.from({ length: ELEMENTS }, (_, i) => ({ path: `Bench/T${i}`, dataType: 'float64', decimals: 0, source: { device: 'src', address: `r${i}` } }));
  await writeFile(join(dir, 'tags', 'bench.json'), JSON.stringify({ tags }));
  const elements = Array.from({ length: ELEMENTS }, (_, i) => ({
    id: `e${i}`,
    kind: 'symbol',
    symbol: 'numeric-display',
    x: (i % COLUMNS) * PITCH.x,
    y: Math.floor(i / COLUMNS) * PITCH.y,
    width: 30,
    height: 22,
    props: { decimals: 0 },
    bindings: { value: `{Bench/T${i}}` },
  }));
  const screen = { formatVersion: 1, kind: 'screen', id: 'bench', name: 'Bench 2000', level: 'overview', size: { width: COLUMNS * PITCH.x, height: ROWS * PITCH.y }, elements };
  await writeFile(join(dir, 'screens', 'bench.json'), JSON.stringify(screen));
  return dir;
}

/**
 * screen.*: the screen runtime in Chromium (the real runtime, gateway and renderer build) showing a
 * screen of 2,000 numeric displays, each bound to its own tag; every tag changes at 10 Hz (all 2,000
 * in one push, 20,000 changes/s). Each push writes the push number as every tag's value, so a sampled
 * element's text says which push it shows. Frames are counted with requestAnimationFrame; latency is
 * from the push at the runtime (driver → engine → gateway) to the first animation frame after the
 * sampled element's text showed that push or a newer one (so it includes that frame: an upper bound on
 * "painted"; a push skipped for a newer value counts until the newer one shows); the longest
 * task comes from PerformanceObserver('longtask'), which only reports tasks over 50 ms (0 = none).
 */
export const screensBench: BenchGroup = async (report) => {
  if (!existsSync(join(DEFAULT_RENDERER_DIR, 'index.html'))) throw new Error('screens bench: build the renderer first (npm run build:renderer)');
  const dir = await benchProject();
  let driver: BenchDriver | undefined;
  const started = await startRuntime({ projectDir: dir, dataDir: join(dir, 'data'), drivers: new Map([['bench', benchDriverFactory((d) => (driver = d))]]) as never, log: () => {} });
  if (!started.ok) throw new Error(started.error.message);
  const runtime = started.value;
  // With no user account the first-start form covers the whole display: the screen must be seen.
  await seedTestUsers(runtime);
  const browser = await launchChromium();
  let timer: ReturnType<typeof setInterval> | undefined;
  try {
    const page = await browser.newPage({ viewport: { width: 1700, height: 1100 } });
    await page.goto(`${runtime.url}/#token=${runtime.token}`);
    await page.waitForSelector('[data-testid="gateway-state"][data-state="open"]', { timeout: 20_000 });
    await page.evaluate(() => (window.location.hash = '#/screens/bench'));
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="screen:bench"] [data-testid^="element:"]').length === n, ELEMENTS, { timeout: 30_000 });

    const pushTimes = new Map<number, number>();
    let seq = 0;
    const batch: DriverChange[] = Array.from({ length: ELEMENTS }, (_, handle) => ({ handle, value: { value: 0, quality: 'Good', sourceTime: 0, serverTime: 0 } }));
    const handles = new Map(driver!.items.map((item) => [item.address, item.handle]));
    batch.forEach((change, i) => (change.handle = handles.get(`r${i}`)!));
    const push = () => {
      seq += 1;
      const t = now();
      for (const change of batch) change.value = { value: seq, quality: 'Good', sourceTime: t, serverTime: t };
      pushTimes.set(seq, t);
      driver!.push(batch);
    };
    timer = setInterval(push, 1000 / RATE_HZ);
    await page.waitForFunction(() => document.querySelector('[data-testid="element:e0"] [data-testid="value-text"]')?.textContent !== '0', undefined, { timeout: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));

    const result = await page.evaluate(
      ({ sampled, elements, measureMs }) =>
        new Promise<{ frames: number; ms: number; seen: [number, number, number][]; longest: number }>((resolve) => {
          const clock = () => performance.timeOrigin + performance.now();
          const seen: [number, number, number][] = [];
          let longest = 0;
          const longTasks = new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
          });
          longTasks.observe({ type: 'longtask' });
          const observers: MutationObserver[] = [];
          for (let k = 0; k < sampled; k++) {
            const index = Math.floor((k * elements) / sampled);
            const target = document.querySelector(`[data-testid="element:e${index}"]`)!;
            const observer = new MutationObserver(() => {
              const value = Number(target.querySelector('[data-testid="value-text"]')?.textContent?.replace(/,/g, ''));
              requestAnimationFrame(() => seen.push([k, value, clock()]));
            });
            observer.observe(target, { subtree: true, childList: true, characterData: true });
            observers.push(observer);
          }
          let frames = 0;
          const t0 = performance.now();
          const tick = () => {
            frames++;
            if (performance.now() - t0 < measureMs) requestAnimationFrame(tick);
            else {
              observers.forEach((o) => o.disconnect());
              longTasks.disconnect();
              resolve({ frames, ms: performance.now() - t0, seen, longest });
            }
          };
          requestAnimationFrame(tick);
        }),
      { sampled: SAMPLED, elements: ELEMENTS, measureMs: MEASURE_MS },
    );
    clearInterval(timer);
    timer = undefined;
    // Every push counts, also one an element skipped (coalesced into a later value): its latency
    // runs until the element first showed it or a newer value. Before an element's first sample the
    // earlier pushes are unknown, so they are left out.
    const latencies: number[] = [];
    const lastShown = new Map<number, number>();
    for (const [k, value, at] of result.seen) {
      if (!Number.isFinite(value)) continue;
      const previous = lastShown.get(k);
      if (previous !== undefined && value <= previous) continue;
      for (let pushNo = previous === undefined ? value : previous + 1; pushNo <= value; pushNo++) {
        const pushed = pushTimes.get(pushNo);
        if (pushed !== undefined) latencies.push(at - pushed);
      }
      lastShown.set(k, value);
    }
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? Number.NaN;
    const against = `${ELEMENTS} numeric displays, each bound to its own tag, all changing at ${RATE_HZ} Hz; Chromium ${browser.version()} headless, ${MEASURE_MS / 1000} s`;
    report({ name: 'screen.fps', value: Math.round((result.frames * 10_000) / result.ms) / 10, unit: 'frames/s', target: '>= 50', against });
    report({
      name: 'screen.latency_p99_ms',
      value: Math.round(p99 * 10) / 10,
      unit: 'ms',
      target: '<= 100',
      against: `${against}; ${latencies.length} pushes × ${SAMPLED} elements, to the next frame after the DOM showed that push or a newer one`,
    });
    report({ name: 'screen.longest_task_ms', value: Math.round(result.longest), unit: 'ms', target: 'no task over 50 (0 = none reported)', against });
  } finally {
    if (timer) clearInterval(timer);
    await browser.close();
    await runtime.dispose();
    await rm(dir, { recursive: true, force: true });
  }
};
