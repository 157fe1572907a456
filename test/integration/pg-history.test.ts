import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedHistoryQuery } from '../../common/history.ts';
import { QUALITY_CODES } from '../../common/quality.ts';
import { HistorySettingsSchema, type HistorySettings } from '../../common/tag.ts';
import { Forwarder } from '../../main/core/forward/forwarder.ts';
import { gapAfterMs } from '../../main/core/historian/compression.ts';
import { runQueryAsync } from '../../main/core/historian/postgres/async-query.ts';
import { LocalCluster } from '../../main/core/historian/postgres/local-cluster.ts';
import { PgHistoryStore } from '../../main/core/historian/postgres/pg-storage.ts';
import { runQuery } from '../../main/core/historian/queries.ts';
import { Recorder, type RecorderTag, type SampleColumns } from '../../main/core/historian/recorder.ts';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { until } from '../support/until.ts';

const GOOD = QUALITY_CODES.Good;
const BAD = QUALITY_CODES.BadNotConnected;
const T0 = Date.UTC(2026, 11, 6, 23, 50, 0);
const dir = mkdtempSync(join(tmpdir(), 'lineside-forward-'));
let cluster: LocalCluster;
let pool: pg.Pool;
let fileNo = 0;

beforeAll(async () => {
  cluster = await LocalCluster.start({ settings: { fsync: 'off' } });
  pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
  // Idle connections end when the tests stop the server: the next query connects again.
  pool.on('error', () => undefined);
}, 60_000);

afterEach(async () => {
  if (!cluster.running) await cluster.startServer();
});

afterAll(async () => {
  await pool?.end();
  await cluster?.dispose();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

function settings(fields: Partial<HistorySettings> = {}): HistorySettings {
  return HistorySettingsSchema.parse({ enabled: true, maxIntervalMs: 60_000, ...fields });
}

const TAGS: RecorderTag[] = [
  { path: 'Line1/Filler/Speed', settings: settings(), numeric: true },
  { path: 'Line1/Filler/Temp', settings: settings({ compressionDeviation: 0.5 }), numeric: true },
  { path: 'Line1/Filler/State', settings: settings(), numeric: false },
];

/** Samples of the three tags from `from`, one a second for `seconds`, with a bad stretch; deterministic. */
function window(from: number, seconds: number): SampleColumns {
  const n = seconds * 3;
  const c: SampleColumns = { count: n, tag: new Int32Array(n), t: new Float64Array(n), v: new Float64Array(n), q: new Uint32Array(n), text: {} };
  for (let s = 0; s < seconds; s++) {
    const t = from + s * 1000;
    const k = Math.floor((t - T0) / 1000);
    for (let tag = 0; tag < 3; tag++) {
      const i = s * 3 + tag;
      c.tag[i] = tag;
      c.t[i] = t + tag;
      c.q[i] = k % 97 > 90 && tag === 0 ? BAD : GOOD;
      c.v[i] = tag === 0 ? 100 + (k % 13) * 1.5 : tag === 1 ? 20 + Math.sin(k / 30) * 5 : Number.NaN;
      if (tag === 2) c.text![i] = k % 40 < 25 ? 'Running' : 'Stopped';
    }
  }
  return c;
}

function startForwarder(options: Partial<Parameters<typeof Forwarder.start>[0]> = {}): Forwarder {
  return Forwarder.start({ station: `station-${fileNo}`, file: join(dir, `forward-${fileNo++}.sqlite`), central: { connectionString: cluster.url }, tags: TAGS, retryMs: 100, ...options });
}

async function centralRows(station: string): Promise<{ rows: number; distinct: number }> {
  const { rows } = await pool.query<{ rows: string; distinct: string }>('SELECT count(*) AS rows, count(DISTINCT (tag, time)) AS distinct FROM history WHERE station = $1', [station]);
  return { rows: Number(rows[0]!.rows), distinct: Number(rows[0]!.distinct) };
}

describe('central historian on PostgreSQL', () => {
  it('answers the same raw, interpolated, aggregate and plot queries as the station SQLite store fed the same samples', async () => {
    const local = new SqliteStorage(join(dir, `local-${fileNo}.sqlite`));
    const recorder = new Recorder(local, TAGS, { retentionDays: 730, maxPendingSamples: 1e6 });
    const forwarder = startForwarder();
    const station = `station-${fileNo - 1}`;
    try {
      // Two hours across midnight UTC (two day partitions), in one-minute windows.
      for (let m = 0; m < 120; m++) {
        const w = window(T0 + m * 60_000, 60);
        recorder.ingest(w, T0 + (m + 1) * 60_000);
        forwarder.ingest(w, T0 + (m + 1) * 60_000);
      }
      expect(await forwarder.drained(30_000)).toBe(true);
      const store = await PgHistoryStore.open(pool);
      const ids = await store.tagIds(
        (await store.station(station)).id,
        TAGS.map((t) => t.path),
      );
      const reader = store.reader();
      const now = T0 + 120 * 60_000 + 500;
      const queries: ParsedHistoryQuery[] = [
        { kind: 'raw', tags: ['x'], from: T0 + 600_000, to: T0 + 900_000, limit: 100_000 },
        { kind: 'interpolated', tags: ['x'], from: T0 + 5_000, to: T0 + 3_600_000, intervalMs: 30_000 },
        { kind: 'aggregate', tags: ['x'], from: T0 + 600_000, to: T0 + 6_600_000, intervalMs: 300_000 },
        { kind: 'aggregate', tags: ['x'], from: T0 + 12_345, to: T0 + 1_000_000, intervalMs: 7_000 },
        { kind: 'plot', tags: ['x'], from: T0, to: now + 60_000, pixels: 40 },
        { kind: 'plot', tags: ['x'], from: T0 - 3_600_000, to: now + 3_600_000, pixels: 1000 },
      ];
      const localIds = local.tagIds(TAGS.map((t) => t.path));
      for (const [i, tag] of TAGS.entries()) {
        for (const query of queries) {
          if (!tag.numeric && (query.kind === 'aggregate' || query.kind === 'plot')) continue;
          const base = { path: tag.path, gapMs: gapAfterMs(tag.settings), step: !tag.numeric };
          const expected = runQuery(local, query, { ...base, id: localIds[i]! }, now);
          const central = await runQueryAsync(reader, query, { ...base, id: ids[i]! }, now);
          expect(expected.ok).toBe(true);
          expect(central, `${tag.path} ${query.kind} ${query.from}`).toEqual(expected);
        }
      }
      // The documented view: every stored point once, with quality as words and texts in text_value.
      const counts = await centralRows(station);
      expect(counts.rows).toBe(counts.distinct);
      const speed = await pool.query("SELECT count(*)::int AS n, count(*) FILTER (WHERE quality = 'Bad')::int AS bad FROM history WHERE station = $1 AND tag = 'Line1/Filler/Speed'", [station]);
      expect(speed.rows[0]).toEqual({ n: 120 * 60, bad: expect.any(Number) });
      expect(speed.rows[0].bad).toBeGreaterThan(0);
      const state = await pool.query("SELECT DISTINCT text_value FROM history WHERE station = $1 AND tag = 'Line1/Filler/State' ORDER BY 1", [station]);
      expect(state.rows.map((r) => r.text_value)).toEqual(['Running', 'Stopped']);
      const parts = await store.partitions();
      expect(parts.filter((p) => p.kind === 'raw').map((p) => p.name)).toEqual(expect.arrayContaining(['samples_20261206', 'samples_20261207']));
    } finally {
      await forwarder.close();
      local.close();
    }
  }, 120_000);

  it('keeps the backlog on disk while PostgreSQL is down, alarms before it is full, then drains in time order without duplicates', async () => {
    const forwarder = startForwarder({ maxBacklogBytes: 60_000, alarmAt: 0.5, chunkPoints: 300 });
    const station = `station-${fileNo - 1}`;
    const t1 = T0 + 86_400_000;
    try {
      forwarder.ingest(window(t1, 60), t1 + 60_000);
      expect(await forwarder.drained(30_000)).toBe(true);
      await cluster.crash();
      // The outage: ten minutes of samples at one a second, appended while nothing can be forwarded.
      for (let m = 1; m <= 10; m++) forwarder.ingest(window(t1 + m * 60_000, 60), t1 + (m + 1) * 60_000);
      await until(() => forwarder.status().state === 'waiting', 'the forwarder to notice the outage');
      const during = forwarder.status();
      expect(during.error).toMatch(/central history at 127\.0\.0\.1:\d+/);
      expect(during.backlogSamples).toBeGreaterThanOrEqual(10 * 60 * 2);
      // About 45 kB for these ten minutes: past half the bound, not yet at it.
      expect(during.backlogAlarm).toBe(true);
      expect(during.droppedSamples).toBe(0);
      expect(during.oldestT).toBe(t1 + 60_000);
      await cluster.startServer();
      // Live data keeps coming while the backlog drains (in chunks of 300 points, so the two interleave).
      let m = 11;
      for (; m <= 15; m++) {
        const before = forwarder.status().forwardedSamples;
        forwarder.ingest(window(t1 + m * 60_000, 60), t1 + (m + 1) * 60_000);
        await until(() => forwarder.status().forwardedSamples > before, 'the next forwarded chunk', 30_000);
      }
      expect(await forwarder.drained(30_000)).toBe(true);
      const counts = await centralRows(station);
      expect(counts.rows).toBe(counts.distinct);
      const speed = await pool.query<{ n: number; first: Date; last: Date }>("SELECT count(*)::int AS n, min(time) AS first, max(time) AS last FROM history WHERE station = $1 AND tag = 'Line1/Filler/Speed'", [station]);
      expect(speed.rows[0]!.n).toBe(m * 60);
      expect(speed.rows[0]!.first.getTime()).toBe(t1);
      expect(forwarder.status().backlogAlarm).toBe(false);
    } finally {
      await forwarder.close();
    }
  }, 120_000);

  it('forwards nothing twice when it stops between the central commit and forgetting the chunk', async () => {
    const file = join(dir, `forward-crash.sqlite`);
    const t2 = T0 + 2 * 86_400_000;
    const first = Forwarder.start({ station: 'crashing', file, central: { connectionString: cluster.url }, tags: TAGS, retryMs: 100, chunkPoints: 500 });
    first.injectCrashAfterCommit();
    for (let m = 0; m < 5; m++) first.ingest(window(t2 + m * 60_000, 60), t2 + (m + 1) * 60_000);
    await until(() => first.status().state === 'waiting', 'the injected crash');
    await first.close();
    // A new process on the same queue: the central cursor says what already landed.
    const second = Forwarder.start({ station: 'crashing', file, central: { connectionString: cluster.url }, tags: TAGS, retryMs: 100, chunkPoints: 500 });
    try {
      expect(await second.drained(30_000)).toBe(true);
      const counts = await centralRows('crashing');
      expect(counts.rows).toBe(counts.distinct);
      const speed = await pool.query("SELECT count(*)::int AS n FROM history WHERE station = 'crashing' AND tag = 'Line1/Filler/Speed'");
      expect(speed.rows[0].n).toBe(5 * 60);
    } finally {
      await second.close();
    }
  }, 60_000);

  it('gives up the oldest batches when the backlog bound is reached, and counts them', async () => {
    await cluster.stop();
    const forwarder = startForwarder({ maxBacklogBytes: 20_000 });
    try {
      for (let m = 0; m < 10; m++) forwarder.ingest(window(T0 + 3 * 86_400_000 + m * 60_000, 60), T0 + 3 * 86_400_000 + (m + 1) * 60_000);
      const s = forwarder.status();
      expect(s.backlogBytes).toBeLessThanOrEqual(20_000);
      expect(s.droppedSamples).toBeGreaterThan(0);
      expect(s.backlogAlarm).toBe(true);
      expect(s.oldestT).toBeGreaterThan(T0 + 3 * 86_400_000);
    } finally {
      await forwarder.close();
      await cluster.startServer();
    }
  }, 60_000);
});
