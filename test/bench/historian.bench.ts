import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { TagDefinitionSchema } from '../../common/tag.ts';
import type { DriverChange } from '../../drivers/api.ts';
import { Historian } from '../../main/core/historian/historian.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import type { BenchGroup } from './figure.ts';
import { INGEST_TAGS, measureIngest, measurePlainInsert, measureWriteAheadRows, MIX, PER_TAG, writeMix, writeYear } from './historian-data.ts';

const YEAR_FROM = Date.UTC(2025, 0, 1);
const YEAR_TO = Date.UTC(2026, 0, 1);
const YEAR_SAMPLES = (YEAR_TO - YEAR_FROM) / 1000;
/** Days of the five-tag mix written through the recorder for bytes_per_sample (a year would take this machine many minutes). */
const MIX_DAYS = 31;
const MACHINE = `2 cores shared with other sessions, load average ${loadavg()[0]!.toFixed(1)} at the start`;

function history(extra: Record<string, unknown> = {}) {
  return { enabled: true, maxIntervalMs: 600_000, ...extra };
}

/** Bytes of the file's tables by kind (dbstat), for the breakdown. */
function bytesByKind(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const out: Record<string, number> = {};
    for (const { name, bytes } of db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all() as Array<{ name: string; bytes: number }>) {
      const kind = /^(blocks|minute|hour|raw)_/.exec(name)?.[1] ?? (name.startsWith('sqlite_autoindex_blocks') ? 'blocks' : 'catalogue');
      out[kind] = (out[kind] ?? 0) + bytes;
    }
    return out;
  } finally {
    db.close();
  }
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
    const rows = measureWriteAheadRows(dir);
    const cpu = (r: { perCpuSecond: number }) => `${Math.round(r.perCpuSecond)} per second of the thread's CPU time`;
    report({
      name: 'historian.ingest_per_s',
      value: Math.round(ingest.perSecond),
      unit: 'samples/s',
      baseline: { name: 'historian.plain_insert_per_s', value: Math.round(plain.perSecond) },
      target: '>= 1000000',
      against: `${INGEST_TAGS} tags × ${PER_TAG} samples per batch transaction through the recorder (compression off: every sample kept, straight from the sample columns into the blocks; minute+hour rollups kept current; open blocks rewritten per batch), WAL, wall time of ${ingest.samples} samples after a first batch not counted (${cpu(ingest)}); the write path of the worker run in the bench thread; ${MACHINE}`,
    });
    report({
      name: 'historian.plain_insert_per_s',
      value: Math.round(plain.perSecond),
      unit: 'samples/s',
      against: `the same samples appended in time order to one rowid table without index, 100 rows per INSERT, one transaction per batch, WAL, wall time of ${plain.samples} samples after a first batch not counted (${cpu(plain)}); ${MACHINE}`,
    });
    report({
      name: 'historian.wal_rows_insert_per_s',
      value: Math.round(rows.perSecond),
      unit: 'samples/s',
      against: `the other way to keep open blocks durable: every sample first into a (tag, t) write-ahead row table (this insert alone, before any merge into blocks), wall time (${cpu(rows)}); ${MACHINE}`,
    });

    const mixFile = join(dir, 'mix.sqlite');
    const mixStart = performance.now();
    const mixSamples = writeMix(mixFile, YEAR_FROM, MIX_DAYS);
    const mixSeconds = (performance.now() - mixStart) / 1000;
    const mixBytes = statSync(mixFile).size;
    const parts = bytesByKind(mixFile);
    const per = (b: number | undefined) => round((b ?? 0) / mixSamples, 3);
    report({
      name: 'historian.bytes_per_sample',
      value: round(mixBytes / mixSamples, 3),
      unit: 'bytes',
      target: '<= 2.0',
      against: `file size / samples of ${MIX_DAYS} days of 1 s data of ${MIX.join(', ')} (smooth level and noisy flow at 0.01 resolution, counter, on/off, state 0-5; ${mixSamples} samples) written through the recorder in 60 s batches, lossless (compression off), minute and hour rollups included: blocks ${per(parts.blocks)}, minute rollups ${per(parts.minute)}, hour rollups ${per(parts.hour)}, catalogue ${per(parts.catalogue)} bytes per sample. Not a whole year (it took ${round(mixSeconds)} s for ${MIX_DAYS} days here): every part grows linearly with time (blocks per hour, a rollup row per minute and hour), so a year has the same bytes per sample (the catalogue's few pages weigh less)`,
    });

    const file = join(dir, 'year.sqlite');
    const genStart = performance.now();
    writeYear(file, YEAR_FROM, YEAR_TO);
    const genSeconds = (performance.now() - genStart) / 1000;
    report({
      name: 'historian.bytes_per_million',
      value: Math.round(statSync(file).size / (YEAR_SAMPLES / 1e6)),
      unit: 'bytes',
      against: `file size of one year of 1 s samples of one smooth analog (${YEAR_SAMPLES} samples, 0.01 resolution) with minute and hour rollups, divided per million samples (written through the storage in hourly batches in ${round(genSeconds)} s)`,
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
      target: '<= 10',
      against: `median of 15 plot queries over ${YEAR_SAMPLES} samples (1 year of 1 s data, one tag, in blocks) at 2000 px → 1000 buckets from hour rollups, worker round trip included; ${MACHINE}`,
    });
    report({
      name: 'historian.hour_raw_ms',
      value: round(median(hours)),
      unit: 'ms',
      target: '<= 5',
      against: `median of 30 raw queries of 1 h (3600 points, decoded from the blocks of that hour) at places across that year, worker round trip included; ${MACHINE}`,
    });

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
