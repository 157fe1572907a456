import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { QUALITY_CODES } from '../../common/quality.ts';
import { HistorySettingsSchema, type HistorySettings } from '../../common/tag.ts';
import { gapAfterMs } from '../../main/core/historian/compression.ts';
import { aggregateRaw, runQuery, type QueryTag } from '../../main/core/historian/queries.ts';
import { Recorder, type SampleColumns } from '../../main/core/historian/recorder.ts';
import type { RollupRow } from '../../main/core/historian/rollup.ts';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { LEVEL_MS } from '../../main/core/historian/storage.ts';

const GOOD = QUALITY_CODES.Good;
const BAD = QUALITY_CODES.BadNotConnected;
const T0 = Date.UTC(2026, 0, 31, 22, 0, 0);
const dir = mkdtempSync(join(tmpdir(), 'lineside-historian-'));
const open: Array<{ close(): void }> = [];
let fileNo = 0;

afterEach(() => {
  for (const o of open.splice(0)) o.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Sample {
  tag: number;
  t: number;
  v: number | null;
  q: number;
}

function columns(samples: Sample[]): SampleColumns {
  const n = samples.length;
  const c: SampleColumns = { count: n, tag: new Int32Array(n), t: new Float64Array(n), v: new Float64Array(n), q: new Uint32Array(n) };
  samples.forEach((s, i) => ((c.tag[i] = s.tag), (c.t[i] = s.t), (c.v[i] = s.v ?? Number.NaN), (c.q[i] = s.q)));
  return c;
}

function settings(fields: Partial<HistorySettings> = {}): HistorySettings {
  return HistorySettingsSchema.parse({ enabled: true, maxIntervalMs: 60_000, ...fields });
}

function openStore(file = join(dir, `h${fileNo++}.sqlite`)): { storage: SqliteStorage; file: string } {
  const storage = new SqliteStorage(file);
  open.push(storage);
  return { storage, file };
}

function queryTag(storage: SqliteStorage, path: string, s: HistorySettings): QueryTag {
  return { path, id: storage.tagIds([path])[0]!, gapMs: gapAfterMs(s), step: false };
}

/** Irregular samples (0.1–20 s apart) with a stretch of bad quality; deterministic. */
function irregular(tag: number, from: number, count: number): Sample[] {
  let x = 12345;
  const random = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  let t = from;
  return Array.from({ length: count }, (_, i) => {
    t += 100 + Math.floor(random() * 20_000);
    const bad = i % 400 > 380;
    return { tag, t, v: bad ? null : 50 + Math.sin(i / 30) * 40 + random(), q: bad ? BAD : GOOD };
  });
}

/** Feeds samples in batch windows of `windowMs`, the way the worker receives them. */
function feed(recorder: Recorder, samples: Sample[], windowMs = 250): void {
  let batch: Sample[] = [];
  let end = (samples[0]?.t ?? 0) + windowMs;
  for (const s of samples) {
    if (s.t >= end) {
      recorder.ingest(columns(batch), end);
      batch = [];
      end = s.t - (s.t % windowMs) + windowMs;
    }
    batch.push(s);
  }
  recorder.ingest(columns(batch), end);
}

function expectRowsEqual(actual: RollupRow[], expected: RollupRow[]): void {
  expect(actual.map((r) => r.bucket)).toEqual(expected.map((r) => r.bucket));
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect({ ...a, sumTw: 0 }, new Date(a.bucket).toISOString()).toEqual({ ...e, sumTw: 0 });
    expect(a.sumTw).toBeCloseTo(e.sumTw, 6);
  });
}

describe('historian storage on a real SQLite file', () => {
  it('keeps minute and hour rollups equal to aggregates of the raw points, across batches and a restart', () => {
    const s = settings();
    const { storage, file } = openStore();
    const first = new Recorder(storage, [{ path: 'A/Flow', settings: s, numeric: true }], { retentionDays: 3650, maxPendingSamples: 1e6 });
    const samples = irregular(0, T0, 1500);
    feed(first, samples.slice(0, 900));
    storage.close();
    // Restart after a silence longer than the gap: the open buckets are picked up from the file.
    const { storage: reopened } = openStore(file);
    const second = new Recorder(reopened, [{ path: 'A/Flow', settings: s, numeric: true }], { retentionDays: 3650, maxPendingSamples: 1e6 });
    const resume = samples[899]!.t + gapAfterMs(s) + 5000;
    feed(
      second,
      samples.slice(900).map((p, i) => ({ ...p, t: resume + i * 3000 })),
    );
    expect(second.status()).toMatchObject({ state: 'ok', pendingSamples: 0 });

    const tag = queryTag(reopened, 'A/Flow', s);
    const to = resume + 600 * 3000 + LEVEL_MS.hour;
    for (const level of ['minute', 'hour'] as const) {
      const width = LEVEL_MS[level];
      const from = T0 - (T0 % width);
      const fromRaw = aggregateRaw(reopened, tag, from, to, width);
      if (!fromRaw.ok) throw new Error(fromRaw.error.message);
      const stored = reopened.readRollups(level, tag.id, from, to);
      expect(stored.length).toBeGreaterThan(level === 'minute' ? 100 : 2);
      expectRowsEqual(
        stored,
        fromRaw.value.filter((r) => r.count > 0 || r.goodMs > 0 || r.nBad > 0),
      );
    }
    // Minute rollups answer aggregates; they cover the month boundary (two minute partitions).
    const names = reopened.size().partitions.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['blocks_202601', 'blocks_202602', 'minute_202601', 'minute_202602', 'hour_2026']));
  });

  it('marks gaps and bad quality explicitly in raw, aggregate and plot frames', () => {
    const s = settings({ maxIntervalMs: 10_000 });
    const { storage } = openStore();
    const recorder = new Recorder(storage, [{ path: 'A/Level', settings: s, numeric: true }], { retentionDays: 3650, maxPendingSamples: 1e6 });
    const t = (sec: number) => T0 + sec * 1000;
    // 0–60 s good every second, 60–90 s not connected, silence (historian down) 90–300 s, good again 300–360 s.
    const samples: Sample[] = [];
    for (let i = 0; i < 60; i++) samples.push({ tag: 0, t: t(i), v: i, q: GOOD });
    samples.push({ tag: 0, t: t(60), v: null, q: BAD });
    for (let i = 300; i < 360; i++) samples.push({ tag: 0, t: t(i), v: i, q: GOOD });
    feed(recorder, samples.slice(0, 61), 1000);
    recorder.ingest(columns([]), t(70));
    recorder.ingest(columns([]), t(80));
    recorder.ingest(columns([]), t(90));
    feed(recorder, samples.slice(61), 1000);
    const tag = queryTag(storage, 'A/Level', s);

    const raw = runQuery(storage, { kind: 'raw', tags: ['A/Level'], from: t(50), to: t(320), limit: 1000 }, tag);
    if (!raw.ok) throw new Error(raw.error.message);
    const { time, value, quality } = raw.value.fields;
    const at = (sec: number) => time.indexOf(t(sec));
    expect(quality[at(60)]).toBe('BadNotConnected');
    expect(value![at(60)]).toBe(null);
    // Repeats of the bad value every max interval, then nothing: a gap row right after the last point.
    const gapRow = quality.indexOf(null);
    expect(time[gapRow]).toBeGreaterThan(t(60));
    expect(time[gapRow]).toBeLessThan(t(300));
    expect(time[gapRow + 1]).toBe(t(300));

    const plot = runQuery(storage, { kind: 'plot', tags: ['A/Level'], from: t(0), to: t(360), pixels: 24 }, tag);
    if (!plot.ok) throw new Error(plot.error.message);
    expect(plot.value.bucketMs).toBe(30_000);
    expect(plot.value.fields.quality).toEqual(['Good', 'Good', 'BadNotConnected', 'BadNotConnected', null, null, null, null, null, null, 'Good', 'Good']);
    expect(plot.value.fields.max!.slice(0, 3)).toEqual([29, 59, null]);

    const agg = runQuery(storage, { kind: 'aggregate', tags: ['A/Level'], from: t(0), to: t(360), intervalMs: 60_000 }, tag);
    if (!agg.ok) throw new Error(agg.error.message);
    expect(agg.value.source).toBe('minute');
    expect(agg.value.fields.count).toEqual([60, 0, 0, 0, 0, 60]);
    expect(agg.value.fields.quality).toEqual(['Good', 'BadNotConnected', null, null, null, 'Good']);
    expect(agg.value.fields.avg![0]).toBeCloseTo(29.5, 6);
  });

  it('draws a healthy tag at coarse resolution though a start-up sample was not connected (the 7 d trend showed COMM)', () => {
    const s = settings({ maxIntervalMs: 10_000 });
    const { storage } = openStore();
    const recorder = new Recorder(storage, [{ path: 'A/Speed', settings: s, numeric: true }], { retentionDays: 3650, maxPendingSamples: 1e6 });
    const t = (sec: number) => T0 + sec * 1000;
    // Not connected for the first second of the runtime, then good every second for 30 minutes.
    const samples: Sample[] = [{ tag: 0, t: t(0), v: null, q: BAD }];
    for (let i = 1; i <= 1800; i++) samples.push({ tag: 0, t: t(i), v: 100 + (i % 7), q: GOOD });
    feed(recorder, samples, 1000);
    const tag = queryTag(storage, 'A/Speed', s);
    // A 7 d view 1,500 pixels wide: 20-minute buckets from the minute rollups.
    const week = 7 * 24 * 3600_000;
    const plot = runQuery(storage, { kind: 'plot', tags: ['A/Speed'], from: t(1800) - 1.5 * week, to: t(1800), pixels: 1500 }, tag, t(1800));
    if (!plot.ok) throw new Error(plot.error.message);
    expect(plot.value.source).toBe('minute');
    const drawn = plot.value.fields.quality.flatMap((quality, i) => (quality === null ? [] : [{ quality, max: plot.value.fields.max![i] }]));
    expect(drawn.length).toBeGreaterThan(0);
    // The bucket with the bad second draws its good values and says it is partial; none is bad.
    expect(drawn[0]).toEqual({ quality: 'UncertainSubNormal', max: 106 });
    expect(drawn.slice(1).every((d) => d.quality === 'Good' && d.max === 106)).toBe(true);
    // Aggregates still report the worst quality of the interval (reports show it).
    const agg = runQuery(storage, { kind: 'aggregate', tags: ['A/Speed'], from: t(0), to: t(1800), intervalMs: 1800_000 }, tag, t(1800));
    if (!agg.ok) throw new Error(agg.error.message);
    expect(agg.value.fields.quality).toEqual(['BadNotConnected']);
  });

  it('draws the newest value up to now and a held bad quality over the buckets it spans', () => {
    const s = settings({ maxIntervalMs: 600_000 });
    const { storage } = openStore();
    const recorder = new Recorder(storage, [{ path: 'A/State', settings: s, numeric: true }], { retentionDays: 3650, maxPendingSamples: 1e6 });
    const min = (m: number) => T0 + m * 60_000;
    recorder.ingest(columns([{ tag: 0, t: min(0), v: null, q: BAD }]), min(0));
    recorder.ingest(columns([{ tag: 0, t: min(4), v: 2, q: GOOD }]), min(4));
    const tag = queryTag(storage, 'A/State', s);
    // Minute buckets from the rollups, now = 7.5 minutes in: bad for 4 minutes, then 2 held up to now, nothing after.
    const plot = runQuery(storage, { kind: 'aggregate', tags: ['A/State'], from: min(0), to: min(10), intervalMs: 60_000 }, tag, min(7.5));
    if (!plot.ok) throw new Error(plot.error.message);
    expect(plot.value.source).toBe('minute');
    expect(plot.value.fields.quality).toEqual([...Array(4).fill('BadNotConnected'), 'Good', 'Good', 'Good', 'Good', null, null]);
    expect(plot.value.fields.last).toEqual([null, null, null, null, 2, 2, 2, 2, null, null]);
    expect(plot.value.fields.avg).toEqual([null, null, null, null, 2, 2, 2, 2, null, null]);
  });

  it('answers a raw range that is too large with an error naming it', () => {
    const s = settings();
    const { storage } = openStore();
    const recorder = new Recorder(storage, [{ path: 'A/Fast', settings: s, numeric: true }], { retentionDays: 3650, maxPendingSamples: 1e6 });
    feed(
      recorder,
      Array.from({ length: 200 }, (_, i) => ({ tag: 0, t: T0 + i * 100, v: i, q: GOOD })),
    );
    const result = runQuery(storage, { kind: 'raw', tags: ['A/Fast'], from: T0, to: T0 + 60_000, limit: 100 }, queryTag(storage, 'A/Fast', s));
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request', path: 'to' } });
    if (!result.ok) expect(result.error.message).toContain('raw range too large: more than 100 points for A/Fast');
  });

  it('drops whole partitions past the retention and trims tags with a shorter one', () => {
    const { storage } = openStore();
    const tags = [
      { path: 'A/Keep', settings: settings(), numeric: true },
      { path: 'A/Short', settings: settings({ retentionDays: 10 }), numeric: true },
    ];
    const recorder = new Recorder(storage, tags, { retentionDays: 30, maxPendingSamples: 1e6 });
    const day = (d: number) =>
      feed(
        recorder,
        Array.from({ length: 20 }, (_, i) => ({ tag: i % 2, t: d + Math.floor(i / 2) * 1000, v: i, q: GOOD })),
      );
    const rawPartitions = () =>
      storage
        .size()
        .partitions.filter((p) => p.kind === 'raw')
        .map((p) => p.name);
    day(Date.UTC(2026, 0, 10));
    day(Date.UTC(2026, 1, 10));
    expect(rawPartitions()).toEqual(['blocks_202601', 'blocks_202602']);
    // Retention runs hourly while recording: writing March drops January (older than 30 days) as a whole.
    day(Date.UTC(2026, 2, 5));
    expect(rawPartitions()).toEqual(['blocks_202602', 'blocks_202603']);
    const [keep, short] = storage.tagIds(['A/Keep', 'A/Short']) as [number, number];
    const months = (tag: number) => storage.readRaw(tag, 0, Date.UTC(2027, 0, 1), 1000).map((p) => new Date(p.t).getUTCMonth());
    expect(months(keep)).toEqual([...Array(10).fill(1), ...Array(10).fill(2)]);
    // A/Short keeps 10 days: its February rows were deleted from the partition that stays.
    expect(months(short)).toEqual(Array(10).fill(2));
    expect(storage.size().tagRows).toEqual([
      { tag: 'A/Keep', rows: 20 },
      { tag: 'A/Short', rows: 10 },
    ]);
    expect(recorder.applyRetention(Date.UTC(2026, 3, 15)).sort()).toEqual(['blocks_202602', 'minute_202602']);
    expect(months(keep)).toEqual(Array(10).fill(2));
    expect(months(short)).toEqual([]);
    expect(storage.size().tagRows).toEqual([
      { tag: 'A/Keep', rows: 10 },
      { tag: 'A/Short', rows: 0 },
    ]);
    // Recording goes on in the same hour: A/Keep's open block (kept through retention) takes the new samples,
    // A/Short's trimmed block is not written back: its new samples start a block of their own.
    recorder.ingest(columns(Array.from({ length: 10 }, (_, i) => ({ tag: i % 2, t: Date.UTC(2026, 2, 5) + 20_000 + Math.floor(i / 2) * 1000, v: i, q: GOOD }))), Date.UTC(2026, 2, 5) + 30_000);
    expect(months(keep)).toEqual(Array(15).fill(2));
    expect(months(short)).toEqual(Array(5).fill(2));
    expect(storage.db.prepare('SELECT tag, count(*) AS blocks, sum(n) AS samples FROM blocks_202603 GROUP BY tag ORDER BY tag').all()).toEqual([
      { tag: keep, blocks: 1, samples: 15 },
      { tag: short, blocks: 1, samples: 5 },
    ]);
  });

  it('stores every sample of a tag without compression as it came, beside a compressing tag in the same batches', () => {
    const { storage } = openStore();
    const keep = settings({ maxIntervalMs: 10_000 });
    const door = settings({ maxIntervalMs: 10_000, compressionDeviation: 0.5 });
    const recorder = new Recorder(
      storage,
      [
        { path: 'K/Analog', settings: keep, numeric: true },
        { path: 'K/Text', settings: keep, numeric: false },
        { path: 'K/Door', settings: door, numeric: true },
      ],
      { retentionDays: 3650, maxPendingSamples: 1e6 },
    );
    const UNCERTAIN = QUALITY_CODES.UncertainLastUsableValue;
    // Equal times (moved 1 ms on), no value, a bad and an uncertain quality; the door's tag interleaved.
    const first = columns([
      { tag: 0, t: T0, v: 1.5, q: GOOD },
      { tag: 2, t: T0, v: 10, q: GOOD },
      { tag: 0, t: T0, v: -0, q: GOOD },
      { tag: 0, t: T0 + 100, v: null, q: BAD },
      { tag: 2, t: T0 + 100, v: 10.1, q: GOOD },
      { tag: 0, t: T0 + 200, v: 2 ** -1074, q: UNCERTAIN },
      { tag: 1, t: T0 + 300, v: null, q: GOOD },
      { tag: 0, t: T0 + 400, v: 3, q: GOOD },
    ]);
    first.text = { 6: 'batch 42' };
    recorder.ingest(first, T0 + 500);
    // Nothing new for longer than the max interval: the last values (a string too) are stored again at `now`.
    recorder.ingest(columns([]), T0 + 12_000);
    expect(recorder.status()).toMatchObject({ state: 'ok', pendingSamples: 0, storedSamples: 12 });
    const [analog, text, doorId] = storage.tagIds(['K/Analog', 'K/Text', 'K/Door']) as [number, number, number];
    const raw = (id: number) => storage.readRaw(id, T0, T0 + 60_000, 100).map((p) => [p.t - T0, p.v, p.q]);
    expect(raw(analog)).toEqual([
      [0, 1.5, GOOD],
      [1, -0, GOOD],
      [100, null, BAD],
      [200, 2 ** -1074, UNCERTAIN],
      [400, 3, GOOD],
      [12_000, 3, GOOD],
    ]);
    expect(Object.is(raw(analog)[1]![1], -0)).toBe(true);
    expect(raw(text)).toEqual([
      [300, 'batch 42', GOOD],
      [12_000, 'batch 42', GOOD],
    ]);
    // The compressing tag keeps its first point, its undecided snapshot provisionally, then the repeat.
    expect(raw(doorId).map(([t]) => t)).toEqual([0, 100, 12_000]);
    // Rollups of the uncompressed tag count every value: 1.5, -0 (a REAL column keeps it as 0), 2^-1074 (uncertain counts), 3 and its repeat.
    const minute = storage.readRollups('minute', analog, T0, T0 + 60_000);
    expect(minute).toHaveLength(1);
    expect(minute[0]).toMatchObject({ bucket: T0, count: 5, nBad: 1, first: 1.5, last: 3, min: 0, max: 3, worstQ: BAD });
  });

  it('keeps writes in a bounded buffer while the database is locked or the disk is full, then catches up', () => {
    const { storage, file } = openStore();
    const recorder = new Recorder(storage, [{ path: 'A/X', settings: settings(), numeric: true }], { retentionDays: 3650, maxPendingSamples: 50 });
    const statuses: string[] = [];
    recorder.onStatus = (s) => statuses.push(`${s.state}${s.error ? `: ${s.error}` : ''}`);
    const other = new Database(file, { timeout: 0 });
    open.push(other);
    other.exec('BEGIN IMMEDIATE');
    const batch = (k: number) => columns(Array.from({ length: 20 }, (_, i) => ({ tag: 0, t: T0 + k * 1000 + i * 10, v: k * 100 + i, q: GOOD })));
    recorder.ingest(batch(0), T0 + 1000);
    recorder.ingest(batch(1), T0 + 2000);
    expect(recorder.status()).toMatchObject({ state: 'retrying', error: 'database is locked', pendingSamples: 40, storedSamples: 0 });
    recorder.ingest(batch(2), T0 + 3000);
    // Past the bound the oldest batch goes, and says so.
    expect(recorder.status()).toMatchObject({ pendingSamples: 40, droppedSamples: 20 });
    other.exec('COMMIT');
    recorder.ingest(batch(3), T0 + 4000);
    expect(recorder.status()).toMatchObject({ state: 'ok', pendingSamples: 0, storedSamples: 60, droppedSamples: 20 });
    const id = storage.tagIds(['A/X'])[0]!;
    expect(storage.readRaw(id, T0, T0 + 5000, 1000).map((p) => p.v)).toEqual([1, 2, 3].flatMap((k) => Array.from({ length: 20 }, (_, i) => k * 100 + i)));

    recorder.injectFault('SQLITE_FULL: database or disk is full', 2);
    recorder.ingest(batch(4), T0 + 5000);
    recorder.ingest(batch(5), T0 + 6000);
    expect(recorder.status()).toMatchObject({ state: 'retrying', error: 'SQLITE_FULL: database or disk is full' });
    recorder.ingest(batch(6), T0 + 7000);
    expect(recorder.status()).toMatchObject({ state: 'ok', pendingSamples: 0, storedSamples: 120 });
    expect(statuses).toEqual(['retrying: database is locked', 'ok', 'retrying: SQLITE_FULL: database or disk is full', 'ok']);
  });
});
