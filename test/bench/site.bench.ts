import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { QUALITY_CODES } from '../../common/quality.ts';
import { HistorySettingsSchema } from '../../common/tag.ts';
import { Forwarder } from '../../main/core/forward/forwarder.ts';
import { SampleCopyWriter } from '../../main/core/historian/postgres/copy-binary.ts';
import { LocalCluster } from '../../main/core/historian/postgres/local-cluster.ts';
import { PgHistoryStore } from '../../main/core/historian/postgres/pg-storage.ts';
import type { RecorderTag, SampleColumns } from '../../main/core/historian/recorder.ts';
import type { BenchGroup } from './figure.ts';

/** The outage: 1,000 tags at one sample a second for ten minutes. */
const TAGS = 1000;
const OUTAGE_S = 600;
const T0 = Date.UTC(2026, 5, 1);
const settings = HistorySettingsSchema.parse({ enabled: true, maxIntervalMs: 60_000 });
const TAG_LIST: RecorderTag[] = Array.from({ length: TAGS }, (_, i) => ({ path: `Line/Unit${Math.floor(i / 10)}/Tag${i % 10}`, settings, numeric: true }));

/** One second of all tags: every value changes (no compression, deadband 0), as an analog plant does. */
function second(t: number): SampleColumns {
  const c: SampleColumns = { count: TAGS, tag: new Int32Array(TAGS), t: new Float64Array(TAGS), v: new Float64Array(TAGS), q: new Uint32Array(TAGS) };
  for (let i = 0; i < TAGS; i++) {
    c.tag[i] = i;
    c.t[i] = t + (i % 250);
    c.v[i] = Math.round((50 + 40 * Math.sin((t / 1000 + i) / 17)) * 100) / 100;
    c.q[i] = QUALITY_CODES.Good;
  }
  return c;
}

function against(): string {
  return `PostgreSQL 15 (Debian, local cluster, default settings: fsync on) on 127.0.0.1; ${TAGS} tags; 2 cores shared with other sessions, load ${loadavg()[0]!.toFixed(1)}`;
}

/** Fills a forwarder's queue with `seconds` of all tags while the central side is away. */
function fill(forwarder: Forwarder, from: number, seconds: number): void {
  for (let s = 0; s < seconds; s++) forwarder.ingest(second(from + s * 1000), from + (s + 1) * 1000);
}

export const siteBench: BenchGroup = async (report) => {
  const dir = mkdtempSync(join(tmpdir(), 'lineside-site-bench-'));
  const cluster = await LocalCluster.start();
  const pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
  pool.on('error', () => undefined);
  const forwarders: Forwarder[] = [];
  try {
    const store = await PgHistoryStore.open(pool);
    const central = { connectionString: cluster.url };

    // site.copy_per_s: the same rows (1,000 tags x 600 s), encoded beforehand, COPYed in chunks of 50,000 in a transaction each.
    const baseStation = await store.station('copy-baseline');
    const ids = await store.tagIds(
      baseStation.id,
      TAG_LIST.map((t) => t.path),
    );
    const chunks: Buffer[] = [];
    let w = new SampleCopyWriter(50_000 * 40);
    for (let s = 0; s < OUTAGE_S; s++) {
      const c = second(T0 + s * 1000);
      for (let i = 0; i < TAGS; i++) w.add(ids[i]!, c.t[i]!, c.v[i]!, c.q[i]!);
      if (w.rows >= 50_000) (chunks.push(w.finish()), (w = new SampleCopyWriter(50_000 * 40)));
    }
    if (w.rows > 0) chunks.push(w.finish());
    // Two connections at once, as the two forwarders below.
    const clients = [await pool.connect(), await pool.connect()];
    await store.ensurePartitions(clients[0]!, 'samples', T0, T0 + OUTAGE_S * 1000);
    const copyStart = performance.now();
    await Promise.all(
      clients.map(async (client, k) => {
        for (let c = k; c < chunks.length; c += clients.length) {
          await client.query('BEGIN');
          await pipeline(Readable.from([chunks[c]!]), client.query(copyFrom('COPY samples (tag_id, t, v, s, q) FROM STDIN (FORMAT binary)')));
          await client.query('COMMIT');
        }
      }),
    );
    const copyPerS = (TAGS * OUTAGE_S) / ((performance.now() - copyStart) / 1000);
    for (const client of clients) client.release();
    report({
      name: 'site.copy_per_s',
      value: Math.round(copyPerS),
      unit: 'samples/s',
      against: `plain binary COPY of ${TAGS * OUTAGE_S} rows into samples (primary key + BRIN), 50,000 per transaction, over two connections at once; ${against()}`,
    });

    // site.ingest_per_s: two stations' forwarders drain the same amount from their queues at once (queue read, COPY encoding, rollups, cursor).
    await cluster.stop();
    for (const name of ['line1', 'line2']) {
      const f = Forwarder.start({ station: name, file: join(dir, `${name}.sqlite`), central, tags: TAG_LIST, retryMs: 60_000 });
      forwarders.push(f);
      fill(f, T0, OUTAGE_S / 2);
    }
    await cluster.startServer();
    const ingestStart = performance.now();
    for (const f of forwarders) f.retryNow();
    const done = await Promise.all(forwarders.map((f) => f.drained(600_000)));
    const ingestS = (performance.now() - ingestStart) / 1000;
    if (done.includes(false)) throw new Error('site bench: the forwarders did not drain in 10 minutes');
    const ingestPerS = (TAGS * OUTAGE_S) / ingestS;
    report({
      name: 'site.ingest_per_s',
      value: Math.round(ingestPerS),
      unit: 'samples/s',
      baseline: { name: 'site.copy_per_s', value: Math.round(copyPerS) },
      target: '>= 100000 and >= 50 % of site.copy_per_s',
      against: `2 forwarders (stations) draining ${(TAGS * OUTAGE_S) / 2} queued samples each, with minute/hour rollups and the cursor per chunk; ${Math.round((100 * ingestPerS) / copyPerS)} % of COPY; ${against()}`,
    });
    for (const f of forwarders.splice(0)) await f.close();

    // site.forward_drain_per_s: a 10-minute outage of one station's 1,000 tags, drained while live data goes on at 1,000 samples/s.
    await cluster.stop();
    const station = Forwarder.start({ station: 'line3', file: join(dir, 'line3.sqlite'), central, tags: TAG_LIST, retryMs: 60_000 });
    forwarders.push(station);
    const outageFrom = T0 + 86_400_000;
    fill(station, outageFrom, OUTAGE_S);
    const backlog = station.status().backlogSamples;
    await cluster.startServer();
    let live = outageFrom + OUTAGE_S * 1000;
    let liveSamples = 0;
    const timer = setInterval(() => {
      station.ingest(second(live), live + 1000);
      live += 1000;
      liveSamples += TAGS;
    }, 1000);
    const drainStart = performance.now();
    station.retryNow();
    const drained = await station.drained(600_000);
    const drainS = (performance.now() - drainStart) / 1000;
    clearInterval(timer);
    if (!drained) throw new Error('site bench: the 10-minute backlog did not drain in 10 minutes');
    report({
      name: 'site.forward_drain_per_s',
      value: Math.round((backlog + liveSamples) / drainS),
      unit: 'samples/s',
      target: 'the 10-minute backlog drained >= 10x faster than real time while live data continues',
      against: `${backlog} queued samples (1,000 tags x 600 s) plus ${liveSamples} live ones arriving meanwhile, drained in ${drainS.toFixed(1)} s = ${(OUTAGE_S / drainS).toFixed(1)}x real time; ${against()}`,
    });
  } finally {
    for (const f of forwarders) await f.close();
    await pool.end();
    await cluster.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
};
