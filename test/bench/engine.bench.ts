import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { DriverChange } from '../../drivers/api.ts';
import { startRuntime } from '../../main/runtime.ts';
import type { BenchDriver } from './bench-driver.ts';
import { benchDriverFactory } from './bench-driver.ts';
import type { BenchGroup } from './figure.ts';

const TAGS = 100_000;
const MAX_RATE_MS = 20;
const THROUGHPUT_SECONDS = 5;
const LATENCY_RATE = 10_000;
const LATENCY_SECONDS = 5;
const now = () => performance.timeOrigin + performance.now();

async function benchProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-bench-'));
  await mkdir(join(dir, 'tags'));
  await writeFile(join(dir, 'project.json'), JSON.stringify({ formatVersion: 1, name: 'Engine bench', plant: { name: 'Bench', timeZone: 'UTC' }, devices: [{ name: 'src', driver: 'bench' }] }));
  const tags = Array.from({ length: TAGS }, (_, i) => ({ path: `Bench/Area${i % 100}/T${i}`, dataType: 'float64', source: { device: 'src', address: `r${i}` } }));
  await writeFile(join(dir, 'tags', 'bench.json'), JSON.stringify({ tags }));
  return dir;
}

function ask<T>(worker: Worker, type: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      worker.off('message', onMessage);
      resolve(message as T);
    };
    worker.on('message', onMessage);
    worker.postMessage({ type });
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Tag changes pushed by a driver, through the tag engine, to a client over a real WebSocket. */
export const engineBench: BenchGroup = async (report) => {
  const dir = await benchProject();
  let driver: BenchDriver | undefined;
  const started = await startRuntime({ projectDir: dir, drivers: new Map([['bench', benchDriverFactory((d) => (driver = d))]]) as never });
  if (!started.ok) throw new Error(started.error.message);
  const runtime = started.value;
  const worker = new Worker(new URL('./ws-counter-worker.ts', import.meta.url), { workerData: { url: runtime.url, token: runtime.token, maxRateMs: MAX_RATE_MS } });
  try {
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    const source = driver!;
    const batch: DriverChange[] = Array.from({ length: 2000 }, () => ({ handle: 0, value: { value: 0, quality: 'Good', sourceTime: 0, serverTime: 0 } }));

    // Throughput: push as fast as the process allows; count what the client receives.
    let next = 0;
    let counter = 1;
    const pushBatch = () => {
      const t = Date.now();
      for (const change of batch) {
        change.handle = next;
        next = next + 1 === TAGS ? 0 : next + 1;
        change.value = { value: counter++, quality: 'Good', sourceTime: t, serverTime: t };
      }
      source.push(batch);
    };
    const warmupEnd = Date.now() + 1000;
    while (Date.now() < warmupEnd) (pushBatch(), await yieldToLoop());
    const first = await ask<{ received: number; at: number }>(worker, 'count');
    const pushedBefore = counter;
    const end = Date.now() + THROUGHPUT_SECONDS * 1000;
    while (Date.now() < end) (pushBatch(), await yieldToLoop());
    const pushed = counter - pushedBefore;
    const last = await ask<{ received: number; at: number }>(worker, 'count');
    const perSecond = ((last.received - first.received) * 1000) / (last.at - first.at);
    report({
      name: 'engine.changes_per_s',
      value: Math.round(perSecond),
      unit: 'changes/s',
      target: '>= 200000',
      against: `distinct changes received by a ws client in a worker thread (JSON parsed) over a real WebSocket, ${TAGS} tags, driver pushing as fast as it can (${Math.round(pushed / THROUGHPUT_SECONDS)}/s pushed; the rest coalesced), coalescing window ${MAX_RATE_MS} ms, 2 cores`,
    });

    // Latency at a steady 10,000 changes/s: each value is the time it was pushed.
    await sleep(500);
    await ask(worker, 'latencies');
    const start = now();
    let sent = 0;
    while (now() - start < LATENCY_SECONDS * 1000) {
      const due = Math.floor(((now() - start) / 1000) * LATENCY_RATE) - sent;
      if (due > 0) {
        const t = now();
        const changes: DriverChange[] = new Array(due);
        for (let i = 0; i < due; i++) {
          changes[i] = { handle: next, value: { value: t, quality: 'Good', sourceTime: Math.floor(t), serverTime: Math.floor(t) } };
          next = next + 1 === TAGS ? 0 : next + 1;
        }
        source.push(changes);
        sent += due;
      }
      await sleep(1);
    }
    await sleep(200);
    const { latencies } = await ask<{ latencies: number[] }>(worker, 'latencies');
    latencies.sort((a, b) => a - b);
    const against = `${latencies.length} changes at ${LATENCY_RATE}/s over ${LATENCY_SECONDS} s across ${TAGS} tags, driver push → arrival at a ws client in a worker thread, coalescing window ${MAX_RATE_MS} ms`;
    report({ name: 'engine.latency_p99_ms', value: round(percentile(latencies, 99)), unit: 'ms', target: '<= 50', against });
    report({ name: 'engine.latency_p50_ms', value: round(percentile(latencies, 50)), unit: 'ms', against });
  } finally {
    worker.postMessage({ type: 'close' });
    await runtime.dispose();
    await rm(dir, { recursive: true, force: true });
  }
};

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
