import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { TagDefinitionSchema } from '../../common/tag.ts';
import type { DriverChange } from '../../drivers/api.ts';
import { Historian } from '../../main/core/historian/historian.ts';
import { Recorder, type SampleColumns } from '../../main/core/historian/recorder.ts';
import { BucketAccumulator, type RollupRow } from '../../main/core/historian/rollup.ts';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { LEVEL_MS, type RollupLevel } from '../../main/core/historian/storage.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import type { BenchGroup } from './figure.ts';

const INGEST_TAGS = 1000;
const PER_TAG = 50;
const INGEST_SECONDS = 4;
const YEAR_FROM = Date.UTC(2025, 0, 1);
const YEAR_TO = Date.UTC(2026, 0, 1);
const YEAR_SAMPLES = (YEAR_TO - YEAR_FROM) / 1000;
const MACHINE = '2 cores shared with other sessions';

/** The year's value at second i, computed the same way in SQL and here. */
const yearValue = (i: number) => ((i * 7919) % 1000) / 10;

function history(extra: Record<string, unknown> = {}) {
  return { enabled: true, maxIntervalMs: 600_000, ...extra };
}

function ingestBatches(count: number): SampleColumns[] {
  let t = Date.UTC(2026, 5, 1);
  return Array.from({ length: count }, (_, b) => {
    const n = INGEST_TAGS * PER_TAG;
    const c: SampleColumns = { count: n, tag: new Int32Array(n), t: new Float64Array(n), v: new Float64Array(n), q: new Uint32Array(n) };
    for (let k = 0; k < PER_TAG; k++) {
      t += 5;
      for (let tag = 0; tag < INGEST_TAGS; tag++) {
        const i = k * INGEST_TAGS + tag;
        c.tag[i] = tag;
        c.t[i] = t;
        c.v[i] = Math.sin((b * PER_TAG + k) / 30 + tag) * 50 + tag;
      }
    }
    return c;
  });
}

/** Samples/s through the historian's write path (compression off, so every sample is a row; rollups on). */
export function measureIngest(dir: string): { perSecond: number; samples: number } {
  const storage = new SqliteStorage(join(dir, 'ingest.sqlite'));
  const settings = { enabled: true, deadband: 0, compressionDeviation: 0, maxIntervalMs: 600_000 };
  const tags = Array.from({ length: INGEST_TAGS }, (_, i) => ({ path: `Bench/T${i}`, settings, numeric: true }));
  const recorder = new Recorder(storage, tags, { retentionDays: 3650, maxPendingSamples: 1e8 });
  const batches = ingestBatches(40);
  let samples = 0;
  const start = performance.now();
  for (const batch of batches) {
    recorder.ingest(batch, batch.t[batch.count - 1]!);
    samples += batch.count;
    if (performance.now() - start > INGEST_SECONDS * 1000) break;
  }
  const seconds = (performance.now() - start) / 1000;
  if (recorder.status().pendingSamples !== 0) throw new Error('ingest bench: writes pending');
  storage.close();
  return { perSecond: samples / seconds, samples };
}

/** The same rows inserted with plain batched transactions into the same kind of table: the limit here. */
export function measurePlainInsert(dir: string): number {
  const db = new Database(join(dir, 'plain.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE raw (tag INTEGER NOT NULL, t INTEGER NOT NULL, v, q INTEGER NOT NULL, PRIMARY KEY (tag, t)) WITHOUT ROWID');
  const insert = db.prepare('INSERT OR REPLACE INTO raw (tag, t, v, q) VALUES (?, ?, ?, ?)');
  const write = db.transaction((c: SampleColumns) => {
    for (let i = 0; i < c.count; i++) insert.run(c.tag[i]!, c.t[i]!, c.v[i]!, c.q[i]!);
  });
  const batches = ingestBatches(40);
  let samples = 0;
  const start = performance.now();
  for (const batch of batches) {
    write(batch);
    samples += batch.count;
    if (performance.now() - start > INGEST_SECONDS * 1000) break;
  }
  const perSecond = samples / ((performance.now() - start) / 1000);
  db.close();
  return perSecond;
}

/** A year of 1 s samples for one tag, bulk-inserted in SQL into the storage's own partitions, rollups built from the same values. */
function generateYear(file: string): number {
  const storage = new SqliteStorage(file);
  const id = storage.tagIds(['Year/Value'])[0]!;
  const rollups: Array<{ level: RollupLevel; tag: number; row: RollupRow }> = [];
  // One stored point per month creates the partitions through the storage itself.
  const months = Array.from({ length: 12 }, (_, m) => Date.UTC(2025, m, 1));
  storage.write({ tags: months.map(() => id), points: months.map((t) => ({ t, v: yearValue((t - YEAR_FROM) / 1000), q: 0 })), discard: [], rollups: [] });
  const db = storage.db;
  for (const [m, from] of months.entries()) {
    const to = months[m + 1] ?? YEAR_TO;
    const name = `raw_2025${String(m + 1).padStart(2, '0')}`;
    const first = (from - YEAR_FROM) / 1000;
    const count = (to - from) / 1000;
    db.prepare(`INSERT OR REPLACE INTO ${name} (tag, t, v, q) WITH RECURSIVE s(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM s WHERE i < ?) SELECT ?, ? + i * 1000, ((i * 7919) % 1000) / 10.0, 0 FROM s`).run(
      first,
      first + count - 1,
      id,
      YEAR_FROM,
    );
    db.prepare('UPDATE partitions SET rows = ? WHERE name = ?').run(count, name);
  }
  db.prepare('UPDATE tags SET rows = ? WHERE id = ?').run(YEAR_SAMPLES, id);
  for (const level of ['minute', 'hour'] as const) {
    const acc = new BucketAccumulator(LEVEL_MS[level], 0, 1_000_000, (row) => rollups.push({ level, tag: id, row }));
    for (let i = 0; i < YEAR_SAMPLES; i++) acc.add({ t: YEAR_FROM + i * 1000, v: yearValue(i), q: 0 });
    acc.finish();
  }
  for (let i = 0; i < rollups.length; i += 50_000) storage.write({ tags: [], points: [], discard: [], rollups: rollups.slice(i, i + 50_000) });
  db.pragma('wal_checkpoint(TRUNCATE)');
  storage.close();
  return YEAR_SAMPLES;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

export const historianBench: BenchGroup = async (report) => {
  const dir = mkdtempSync(join(tmpdir(), 'lineside-historian-bench-'));
  let historian: Historian | undefined;
  let engine: TagEngine | undefined;
  try {
    const plain = measurePlainInsert(dir);
    const ingest = measureIngest(dir);
    report({
      name: 'historian.ingest_per_s',
      value: Math.round(ingest.perSecond),
      unit: 'samples/s',
      baseline: { name: 'historian.plain_insert_per_s', value: Math.round(plain) },
      target: '>= 300000 and >= 50% of plain insert',
      against: `${INGEST_TAGS} tags × ${PER_TAG} samples per batch transaction, compression off (every sample a row), minute+hour rollups kept current, WAL; write path of the worker run in the bench thread; ${MACHINE}`,
    });
    report({ name: 'historian.plain_insert_per_s', value: Math.round(plain), unit: 'samples/s', against: `the same rows, plain better-sqlite3 batched INSERT into one WITHOUT ROWID (tag, t) table, WAL; ${MACHINE}` });

    const file = join(dir, 'year.sqlite');
    const genStart = performance.now();
    generateYear(file);
    const genSeconds = (performance.now() - genStart) / 1000;
    const bytes = statSync(file).size;
    report({
      name: 'historian.bytes_per_million',
      value: Math.round(bytes / (YEAR_SAMPLES / 1e6)),
      unit: 'bytes',
      against: `file size of one year of 1 s samples of one tag (${YEAR_SAMPLES} rows) with minute and hour rollups, divided per million samples (generated in ${round(genSeconds)} s)`,
    });

    const clock = { now: () => Date.now() };
    const defs = [
      TagDefinitionSchema.parse({ path: 'Year/Value', dataType: 'float64', source: { device: 'd', address: 'y' }, history: history() }),
      ...Array.from({ length: INGEST_TAGS }, (_, i) => TagDefinitionSchema.parse({ path: `Live/T${i}`, dataType: 'float64', source: { device: 'd', address: `r${i}` }, history: history() })),
    ];
    engine = new TagEngine(defs, clock);
    const started = await Historian.start(engine, clock, { file, retentionDays: 36_500 });
    if (!started.ok) throw new Error(started.error.message);
    historian = started.value;
    const h = historian;
    const plotYear = async () => {
      const t = performance.now();
      const result = await h.query({ kind: 'plot', tags: ['Year/Value'], from: YEAR_FROM, to: YEAR_TO, pixels: 2000 });
      if (!result.ok || result.value.frames[0]!.fields.time.length !== 1000) throw new Error(`year plot: ${JSON.stringify(result).slice(0, 200)}`);
      return performance.now() - t;
    };
    const hourRaw = async (k: number) => {
      const from = YEAR_FROM + (k % 8000) * 3_600_000;
      const t = performance.now();
      const result = await h.query({ kind: 'raw', tags: ['Year/Value'], from, to: from + 3_600_000, limit: 100_000 });
      if (!result.ok || result.value.frames[0]!.fields.time.length !== 3600) throw new Error(`hour raw: ${JSON.stringify(result).slice(0, 200)}`);
      return performance.now() - t;
    };
    await plotYear();
    await hourRaw(0);
    const plots: number[] = [];
    const hours: number[] = [];
    for (let k = 0; k < 15; k++) plots.push(await plotYear());
    for (let k = 0; k < 30; k++) hours.push(await hourRaw(k * 263));
    report({
      name: 'historian.year_plot_ms',
      value: round(median(plots)),
      unit: 'ms',
      target: '<= 50',
      against: `median of 15 plot queries over ${YEAR_SAMPLES} samples (1 year of 1 s data, one tag) at 2000 px → 1000 buckets from hour rollups, worker round trip included; ${MACHINE}`,
    });
    report({ name: 'historian.hour_raw_ms', value: round(median(hours)), unit: 'ms', target: '<= 10', against: `median of 30 raw queries of 1 h (3600 points) at places across that year, worker round trip included; ${MACHINE}` });

    // The serving thread while a year query and full-rate ingest run: its event-loop delay.
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    const changes: DriverChange[] = Array.from({ length: INGEST_TAGS }, (_, i) => ({ handle: i + 1, value: { value: 0, quality: 'Good', sourceTime: 0, serverTime: 0 } }));
    let pushed = 0;
    let querying = true;
    const queries = (async () => {
      let n = 0;
      while (querying) (await plotYear(), await hourRaw(n++), n);
      return n;
    })();
    // Full rate: as many changes per second as the write path sustained above.
    const rate = ingest.perSecond;
    histogram.enable();
    const begin = performance.now();
    let k = 0;
    while (performance.now() - begin < 5000) {
      while (pushed + changes.length <= ((performance.now() - begin) / 1000) * rate) {
        const t = Date.now();
        for (const c of changes) c.value = { value: Math.sin(k / 10 + c.handle), quality: 'Good', sourceTime: t, serverTime: t };
        engine.ingest(changes);
        pushed += changes.length;
        k++;
        await yieldToLoop();
      }
      await sleep(1);
    }
    histogram.disable();
    querying = false;
    const queryCount = await queries;
    await historian.flush();
    const status = historian.status();
    report({
      name: 'historian.loop_delay_p99_ms',
      value: round(histogram.percentile(99) / 1e6),
      unit: 'ms',
      target: '<= 20',
      against: `event-loop delay of the serving thread over 5 s while it pushed ${Math.round(pushed / 5)} changes/s of ${INGEST_TAGS} tags into the engine → historian worker (${status.storedSamples} stored, ${status.droppedSamples} dropped) and ran ${queryCount} year plot + 1 h raw query pairs; ${MACHINE}`,
    });
  } finally {
    await historian?.close();
    engine?.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
};
