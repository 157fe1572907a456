import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { systemClock } from '../../common/clock.ts';
import { TagDefinitionSchema } from '../../common/tag.ts';
import type { DriverChange } from '../../drivers/api.ts';
import { ExpressionTags } from '../../main/core/tags/expression-tags.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { startRuntime } from '../../main/runtime.ts';
import type { BenchDriver } from './bench-driver.ts';
import { benchDriverFactory } from './bench-driver.ts';
import type { BenchGroup } from './figure.ts';

const EXPRESSIONS = 100_000;
const EVAL_SECONDS = 3;
const BATCH = 10_000;
const LATENCY_RATE = 10_000;
const LATENCY_SECONDS = 5;
const MAX_RATE_MS = 20;
const now = () => performance.timeOrigin + performance.now();

/** A mix of what engineers write: arithmetic over two tags, a comparison with if/then/else, min/max, a bit. */
function expressionFor(i: number, input: (j: number) => string): string {
  const a = `{${input(i)}}`;
  const b = `{${input((i + 1) % EXPRESSIONS)}}`;
  switch (i % 4) {
    case 0:
      return `${a} * 0.5 + ${b} * 0.5`;
    case 1:
      return `if ${a} > ${b} then ${a} - ${b} else 0`;
    case 2:
      return `max(${a}, ${b}, 0) - min(${a}, 10)`;
    default:
      return `bit(floor(abs(${a})), 3) ? 1 : 0`;
  }
}

/** Expression evaluations per second in the tag engine: inputs change in batches, only their readers are evaluated. */
async function evaluationRate(): Promise<{ perSecond: number; perBatch: number }> {
  const input = (j: number) => `In/T${j}`;
  const defs = [
    ...Array.from({ length: EXPRESSIONS }, (_, i) => TagDefinitionSchema.parse({ path: input(i), dataType: 'float64', source: { device: 'src', address: `r${i}` } })),
    ...Array.from({ length: EXPRESSIONS }, (_, i) => TagDefinitionSchema.parse({ path: `Calc/E${i}`, dataType: 'float64', expression: expressionFor(i, input) })),
  ];
  const engine = new TagEngine(defs, systemClock);
  const expressions = new ExpressionTags(engine, systemClock, { timerMs: 0 });
  try {
    const batch: DriverChange[] = Array.from({ length: BATCH }, () => ({ handle: 0, value: { value: 0, quality: 'Good', sourceTime: 0, serverTime: 0 } }));
    let next = 0;
    let counter = 1;
    const push = () => {
      const t = Date.now();
      // Every 7th input: a batch touches inputs spread over the whole set, and most expressions are not read.
      for (const change of batch) {
        change.handle = next;
        next = (next + 7) % EXPRESSIONS;
        change.value = { value: (counter++ % 997) - 300, quality: 'Good', sourceTime: t, serverTime: t };
      }
      engine.ingest(batch);
    };
    const warm = Date.now() + 500;
    while (Date.now() < warm) push();
    const before = expressions.stats.evaluations;
    const batchesBefore = counter;
    const start = now();
    while (now() - start < EVAL_SECONDS * 1000) push();
    const elapsed = (now() - start) / 1000;
    const evaluations = expressions.stats.evaluations - before;
    const batches = (counter - batchesBefore) / BATCH;
    return { perSecond: evaluations / elapsed, perBatch: evaluations / batches };
  } finally {
    expressions.dispose();
    engine.dispose();
  }
}

async function latencyProject(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-bench-expr-'));
  await mkdir(join(dir, 'tags'));
  await writeFile(join(dir, 'project.json'), JSON.stringify({ formatVersion: 1, name: 'Expression bench', plant: { name: 'Bench', timeZone: 'UTC' }, devices: [{ name: 'src', driver: 'bench' }] }));
  const input = (j: number) => `In/T${j}`;
  const tags = [
    ...Array.from({ length: EXPRESSIONS }, (_, i) => ({ path: input(i), dataType: 'float64', source: { device: 'src', address: `r${i}` } })),
    // The pushed value is the push time: the expression passes it on through a chain of two, so the client measures the delay.
    ...Array.from({ length: EXPRESSIONS }, (_, i) => ({ path: `Calc/E${i}`, dataType: 'float64', expression: `max({${input(i)}}, 0) * 1` })),
  ];
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

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** `npm run bench -- engine` (expression tags): evaluations per second, and input change → expression value at a WebSocket client. */
export const expressionBench: BenchGroup = async (report) => {
  const rate = await evaluationRate();
  report({
    name: 'engine.expression_evals_per_s',
    value: Math.round(rate.perSecond),
    unit: 'evaluations/s',
    target: '>= 1000000',
    against: `${EXPRESSIONS} expression tags (arithmetic, if/then/else, min/max, bit; 2 inputs each) over ${EXPRESSIONS} device tags, batches of ${BATCH} input changes ingested into the tag engine; ${round(rate.perBatch)} evaluations per batch (only the readers of changed inputs), results ingested as tag values; one thread, 2 cores shared`,
  });

  const dir = await latencyProject();
  let driver: BenchDriver | undefined;
  const started = await startRuntime({ projectDir: dir, drivers: new Map([['bench', benchDriverFactory((d) => (driver = d))]]) as never });
  if (!started.ok) throw new Error(started.error.message);
  const runtime = started.value;
  const worker = new Worker(new URL('./ws-counter-worker.ts', import.meta.url), { workerData: { url: runtime.url, token: runtime.token, maxRateMs: MAX_RATE_MS, prefix: 'Calc' } });
  try {
    await new Promise<void>((resolve) => worker.once('message', () => resolve()));
    const source = driver!;
    await sleep(500);
    await ask(worker, 'latencies');
    let next = 0;
    const start = now();
    let sent = 0;
    while (now() - start < LATENCY_SECONDS * 1000) {
      const due = Math.floor(((now() - start) / 1000) * LATENCY_RATE) - sent;
      if (due > 0) {
        const t = now();
        const changes: DriverChange[] = new Array(due);
        for (let i = 0; i < due; i++) {
          changes[i] = { handle: next, value: { value: t, quality: 'Good', sourceTime: Math.floor(t), serverTime: Math.floor(t) } };
          next = next + 1 === EXPRESSIONS ? 0 : next + 1;
        }
        source.push(changes);
        sent += due;
      }
      await sleep(1);
    }
    await sleep(200);
    const { latencies } = await ask<{ latencies: number[] }>(worker, 'latencies');
    latencies.sort((a, b) => a - b);
    const against = `${latencies.length} expression values at a ws client (worker thread, subscribed to the ${EXPRESSIONS} expression tags only) from input changes at ${LATENCY_RATE}/s over ${LATENCY_SECONDS} s, driver push → expression evaluated → arrival; coalescing window ${MAX_RATE_MS} ms; ${EXPRESSIONS} device + ${EXPRESSIONS} expression tags in the runtime`;
    report({ name: 'engine.expression_latency_p99_ms', value: round(percentile(latencies, 99)), unit: 'ms', target: '<= 25', against });
    report({ name: 'engine.expression_latency_p50_ms', value: round(percentile(latencies, 50)), unit: 'ms', against });
  } finally {
    worker.postMessage({ type: 'close' });
    await runtime.dispose();
    await rm(dir, { recursive: true, force: true });
  }
};
