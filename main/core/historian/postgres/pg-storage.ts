import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Point } from '../compression.ts';
import type { RollupRow } from '../rollup.ts';
import type { PartitionInfo, RollupLevel } from '../storage.ts';
import type { AsyncHistoryStorage } from './async-query.ts';
import { createPartitionSql, migrate, partitionOf, partitionsBetween, type PartitionKind } from './schema.ts';

const DAY = 86_400_000;
/** How far back (or ahead) a neighbour point is looked for, as in the SQLite store: beyond it is a gap anyway. */
const NEIGHBOUR_WINDOW = 3 * DAY;
const MS = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;
const TS = (param: string) => `to_timestamp(${param}::float8 / 1000)`;
const UNIQUE_VIOLATION = '23505';

/** One forward step of a station: rows in binary COPY form and what goes with them, written in one transaction. */
export interface ForwardChunk {
  /** The station's outbox (made anew when its file is), and the last outbox sequence number this chunk covers. */
  epoch: string;
  seq: number;
  /** `samples` rows (SampleCopyWriter), their count and time range. */
  copy: Buffer;
  rows: number;
  tMin: number;
  tMax: number;
  /** Provisional points after this chunk: set per tag, or removed. */
  provisionalSet: Array<{ tag: number; point: Point }>;
  provisionalDelete: number[];
  /** The newest row of each (level, tag, bucket) in the chunk. */
  rollups: Array<{ level: RollupLevel; tag: number; row: RollupRow }>;
}

export interface StationCursor {
  id: number;
  epoch: string | null;
  forwardedSeq: number;
}

type RollupTuple = { bucket: number; first: number | null; last: number | null; min: number | null; max: number | null; count: number; sum_tw: number; good_ms: string | number; n_bad: number; worst_q: number | null };

/**
 * The central historian on PostgreSQL: the stations' forwarders write into it (binary COPY, one
 * transaction per chunk with the station's forward cursor, so a chunk lands once), and it answers the
 * same queries as a station's SQLite store (`reader()` with runQueryAsync). Schema: schema.ts.
 */
export class PgHistoryStore {
  readonly pool: pg.Pool;
  private readonly known = new Set<string>();

  private constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Connects and brings the schema up to date. The pool is the caller's (it ends it). */
  static async open(pool: pg.Pool): Promise<PgHistoryStore> {
    const client = await pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
    return new PgHistoryStore(pool);
  }

  /** The station's row (made when new) with its forward cursor. */
  async station(name: string): Promise<StationCursor> {
    await this.pool.query('INSERT INTO stations (name) VALUES ($1) ON CONFLICT (name) DO NOTHING', [name]);
    const { rows } = await this.pool.query<{ id: number; epoch: string | null; forwarded_seq: string }>('SELECT id, epoch, forwarded_seq FROM stations WHERE name = $1', [name]);
    const row = rows[0]!;
    return { id: row.id, epoch: row.epoch, forwardedSeq: Number(row.forwarded_seq) };
  }

  /** Central tag ids of a station's tag paths, made when new; in the order of `paths`. */
  async tagIds(stationId: number, paths: readonly string[]): Promise<number[]> {
    await this.pool.query('INSERT INTO tags (station_id, path) SELECT $1, p FROM unnest($2::text[]) AS p ON CONFLICT (station_id, path) DO NOTHING', [stationId, paths]);
    const { rows } = await this.pool.query<{ id: number; path: string }>('SELECT id, path FROM tags WHERE station_id = $1 AND path = ANY($2::text[])', [stationId, paths]);
    const byPath = new Map(rows.map((r) => [r.path, r.id]));
    return paths.map((p) => byPath.get(p)!);
  }

  /** Every tag of every station (for the site's trends). */
  async catalogue(): Promise<Array<{ id: number; station: string; path: string }>> {
    const { rows } = await this.pool.query<{ id: number; station: string; path: string }>('SELECT tg.id, st.name AS station, tg.path FROM tags tg JOIN stations st ON st.id = tg.station_id ORDER BY st.name, tg.path');
    return rows;
  }

  async loadProvisional(tagIds: readonly number[]): Promise<Map<number, Point>> {
    const { rows } = await this.pool.query<{ tag_id: number; t: number; v: number | null; s: string | null; q: number }>(`SELECT tag_id, ${MS('t')} AS t, v, s, q FROM provisional WHERE tag_id = ANY($1::int[])`, [tagIds]);
    return new Map(rows.map((r) => [r.tag_id, { t: r.t, v: r.s ?? r.v, q: r.q >>> 0 }]));
  }

  /**
   * Writes a chunk and moves the station's cursor to it in one transaction. 'already' when the cursor
   * shows it landed before (a forwarder that stopped between the commit and deleting its copy): nothing
   * is written twice. A point at a time the table already has (a clock set back) is kept once.
   */
  async writeChunk(stationId: number, chunk: ForwardChunk): Promise<'written' | 'already'> {
    const client = await this.pool.connect();
    try {
      if (chunk.rows > 0) await this.ensurePartitions(client, 'samples', chunk.tMin, chunk.tMax);
      for (const level of ['minute', 'hour'] as const) {
        const buckets = chunk.rollups.filter((r) => r.level === level).map((r) => r.row.bucket);
        if (buckets.length > 0) await this.ensurePartitions(client, `rollups_${level}`, Math.min(...buckets), Math.max(...buckets));
      }
      for (let attempt = 0; ; attempt++) {
        await client.query('BEGIN');
        try {
          const cursor = await client.query<{ epoch: string | null; forwarded_seq: string }>('SELECT epoch, forwarded_seq FROM stations WHERE id = $1 FOR UPDATE', [stationId]);
          const row = cursor.rows[0];
          if (!row) throw new Error(`station ${stationId} is not in the central history database`);
          if (row.epoch === chunk.epoch && Number(row.forwarded_seq) >= chunk.seq) {
            await client.query('ROLLBACK');
            return 'already';
          }
          if (chunk.rows > 0) await this.copySamples(client, chunk.copy, attempt > 0);
          await this.writeProvisional(client, chunk);
          await this.writeRollups(client, chunk.rollups);
          await client.query('UPDATE stations SET epoch = $2, forwarded_seq = $3, forwarded_at = now() WHERE id = $1', [stationId, chunk.epoch, chunk.seq]);
          await client.query('COMMIT');
          return 'written';
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          // A row at a time already stored: again through a staging table that keeps the stored one.
          if (attempt === 0 && (error as { code?: string }).code === UNIQUE_VIOLATION) continue;
          throw error;
        }
      }
    } finally {
      client.release();
    }
  }

  private async copySamples(client: pg.PoolClient, copy: Buffer, skipExisting: boolean): Promise<void> {
    if (!skipExisting) {
      await pipeline(Readable.from([copy]), client.query(copyFrom('COPY samples (tag_id, t, v, s, q) FROM STDIN (FORMAT binary)')));
      return;
    }
    await client.query('CREATE TEMP TABLE IF NOT EXISTS samples_in (tag_id integer, t timestamptz, v double precision, s text, q integer) ON COMMIT DELETE ROWS');
    await pipeline(Readable.from([copy]), client.query(copyFrom('COPY samples_in (tag_id, t, v, s, q) FROM STDIN (FORMAT binary)')));
    await client.query('INSERT INTO samples SELECT * FROM samples_in ON CONFLICT (tag_id, t) DO NOTHING');
  }

  private async writeProvisional(client: pg.PoolClient, chunk: ForwardChunk): Promise<void> {
    if (chunk.provisionalDelete.length > 0) await client.query('DELETE FROM provisional WHERE tag_id = ANY($1::int[])', [chunk.provisionalDelete]);
    if (chunk.provisionalSet.length === 0) return;
    const p = chunk.provisionalSet;
    await client.query(
      `INSERT INTO provisional (tag_id, t, v, s, q)
       SELECT tag, ${TS('t')}, v, s, q FROM unnest($1::int[], $2::float8[], $3::float8[], $4::text[], $5::int[]) AS x(tag, t, v, s, q)
       ON CONFLICT (tag_id) DO UPDATE SET t = excluded.t, v = excluded.v, s = excluded.s, q = excluded.q`,
      [p.map((x) => x.tag), p.map((x) => x.point.t), p.map((x) => (typeof x.point.v === 'number' ? x.point.v : null)), p.map((x) => (typeof x.point.v === 'string' ? x.point.v : null)), p.map((x) => x.point.q | 0)],
    );
  }

  private async writeRollups(client: pg.PoolClient, rollups: ForwardChunk['rollups']): Promise<void> {
    for (const level of ['minute', 'hour'] as const) {
      const rows = rollups.filter((r) => r.level === level);
      if (rows.length === 0) continue;
      const col = <K extends keyof RollupRow>(k: K) => rows.map((r) => r.row[k]);
      await client.query(
        `INSERT INTO rollups_${level} (tag_id, bucket, first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q)
         SELECT tag, ${TS('bucket')}, first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q
         FROM unnest($1::int[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::int[], $8::float8[], $9::int8[], $10::int[], $11::int[])
           AS x(tag, bucket, first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q)
         ON CONFLICT (tag_id, bucket) DO UPDATE SET first = excluded.first, last = excluded.last, min = excluded.min, max = excluded.max, count = excluded.count,
           sum_tw = excluded.sum_tw, good_ms = excluded.good_ms, n_bad = excluded.n_bad, worst_q = excluded.worst_q`,
        [rows.map((r) => r.tag), col('bucket'), col('first'), col('last'), col('min'), col('max'), col('count'), col('sumTw'), col('goodMs'), col('nBad'), rows.map((r) => (r.row.worstQ === null ? null : r.row.worstQ | 0))],
      );
    }
  }

  /** Makes the partitions of [from, to] that this process has not seen yet (each in a short transaction of its own). */
  async ensurePartitions(client: pg.ClientBase, kind: PartitionKind, from: number, to: number): Promise<void> {
    const missing = partitionsBetween(kind, from, to).filter((p) => !this.known.has(p.name));
    if (missing.length === 0) return;
    await client.query('BEGIN');
    try {
      // Two stations making the same day's partition at once: one waits for the other.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lineside-partition-${kind}`]);
      for (const p of missing) await client.query(createPartitionSql(kind, p));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
    for (const p of missing) this.known.add(p.name);
  }

  /** Reads by central tag id, for runQueryAsync: the same answers as the SQLite store's. */
  reader(): AsyncHistoryStorage {
    const pool = this.pool;
    const point = (r: { t: number; v: number | null; s: string | null; q: number }): Point => ({ t: r.t, v: r.s ?? r.v, q: r.q >>> 0 });
    const provisional = async (tag: number): Promise<Point | undefined> => {
      const { rows } = await pool.query(`SELECT ${MS('t')} AS t, v, s, q FROM provisional WHERE tag_id = $1`, [tag]);
      return rows[0] ? point(rows[0]) : undefined;
    };
    return {
      async readRaw(tag, from, to, limit) {
        const { rows } = await pool.query({
          text: `SELECT ${MS('t')} AS t, v, s, q FROM samples WHERE tag_id = $1 AND t >= ${TS('$2')} AND t < ${TS('$3')} ORDER BY t LIMIT $4`,
          values: [tag, from, to, limit],
        });
        const out = rows.map(point);
        const pending = await provisional(tag);
        if (pending && pending.t >= from && pending.t < to && !out.some((p) => p.t === pending.t)) {
          out.push(pending);
          out.sort((a, b) => a.t - b.t);
        }
        return out.slice(0, limit);
      },
      async pointBefore(tag, t) {
        const { rows } = await pool.query(`SELECT ${MS('t')} AS t, v, s, q FROM samples WHERE tag_id = $1 AND t < ${TS('$2')} AND t >= ${TS('$3')} ORDER BY t DESC LIMIT 1`, [tag, t, t - NEIGHBOUR_WINDOW]);
        let best = rows[0] ? point(rows[0]) : undefined;
        const pending = await provisional(tag);
        if (pending && pending.t < t && (!best || pending.t >= best.t)) best = pending;
        return best;
      },
      async pointAtOrAfter(tag, t) {
        const { rows } = await pool.query(`SELECT ${MS('t')} AS t, v, s, q FROM samples WHERE tag_id = $1 AND t >= ${TS('$2')} AND t < ${TS('$3')} ORDER BY t LIMIT 1`, [tag, t, t + NEIGHBOUR_WINDOW]);
        let best = rows[0] ? point(rows[0]) : undefined;
        const pending = await provisional(tag);
        if (pending && pending.t >= t && (!best || pending.t <= best.t)) best = pending;
        return best;
      },
      async readRollups(level, tag, from, to) {
        const { rows } = await pool.query<RollupTuple>(
          `SELECT ${MS('bucket')} AS bucket, first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q FROM rollups_${level} WHERE tag_id = $1 AND bucket >= ${TS('$2')} AND bucket < ${TS('$3')} ORDER BY bucket`,
          [tag, from, to],
        );
        return rows.map(rollupRow);
      },
      async loadRollup(level, tag, bucket) {
        const { rows } = await pool.query<RollupTuple>(`SELECT ${MS('bucket')} AS bucket, first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q FROM rollups_${level} WHERE tag_id = $1 AND bucket = ${TS('$2')}`, [tag, bucket]);
        return rows[0] ? rollupRow(rows[0]) : undefined;
      },
    };
  }

  /** Drops whole partitions that end before `now - retentionDays`. Returns their names. */
  async applyRetention(now: number, retentionDays: number): Promise<string[]> {
    const cutoff = now - retentionDays * DAY;
    const dropped: string[] = [];
    for (const info of await this.partitions()) {
      if (info.to > cutoff) continue;
      await this.pool.query(`DROP TABLE IF EXISTS ${info.name}`);
      this.known.delete(info.name);
      dropped.push(info.name);
    }
    return dropped;
  }

  /** The partitions with their bounds and (estimated) row counts. */
  async partitions(): Promise<Array<PartitionInfo & { name: string }>> {
    const { rows } = await this.pool.query<{ name: string; parent: string; rows: string }>(
      `SELECT c.relname AS name, p.relname AS parent, greatest(c.reltuples, 0)::int8 AS rows FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.relname IN ('samples', 'rollups_minute', 'rollups_hour') AND c.relkind = 'r' ORDER BY c.relname`,
    );
    return rows.map((r) => {
      const kind = r.parent as PartitionKind;
      const suffix = r.name.slice(kind.length + 1);
      const t = Date.UTC(Number(suffix.slice(0, 4)), Number(suffix.slice(4, 6) || '1') - 1, Number(suffix.slice(6, 8) || '1'));
      const p = partitionOf(kind, t);
      return { name: r.name, kind: kind === 'samples' ? 'raw' : kind === 'rollups_minute' ? 'minute' : 'hour', from: p.from, to: p.to, rows: Number(r.rows) };
    });
  }
}

function rollupRow(r: RollupTuple): RollupRow {
  return {
    bucket: r.bucket,
    first: r.first,
    last: r.last,
    min: r.min,
    max: r.max,
    count: r.count,
    sumTw: r.sum_tw,
    goodMs: Number(r.good_ms),
    nBad: r.n_bad,
    worstQ: r.worst_q === null ? null : r.worst_q >>> 0,
  };
}
