import type pg from 'pg';

/**
 * The central historian's schema in PostgreSQL, documented for other tools in docs/deploy-site.md
 * ("Querying the central history"). Times are `timestamptz`, so the `history` view is queried with
 * ordinary time predicates that prune partitions and use the BRIN index.
 *
 * - `stations(id, name, epoch, forwarded_seq, forwarded_at)`: one row per forwarding station; `epoch` and
 *   `forwarded_seq` are its forward cursor, written in the same transaction as the rows it covers.
 * - `tags(id, station_id, path)`: one row per recorded tag of a station.
 * - `samples(tag_id, t, v, s, q)`: the stored points, partitioned by day on `t` (`samples_YYYYMMDD`),
 *   primary key `(tag_id, t)` and a BRIN index on `t`. `v` numbers (booleans 0/1), `s` strings, `q` the OPC UA
 *   status code as a signed 32-bit integer.
 * - `provisional(tag_id, t, v, s, q)`: per compressing tag, the newest point not yet decided on.
 * - `rollups_minute` (by month) and `rollups_hour` (by year): the same buckets as the station's SQLite
 *   historian: first, last, min, max, count, sum_tw, good_ms, n_bad, worst_q (avg = sum_tw / good_ms).
 * - Views `history`, `history_minute`, `history_hour`: station, tag, time, value, quality as words.
 */
export const SCHEMA_VERSION = 1;

const QUALITY_WORD = (col: string) => `CASE WHEN (${col}::bigint & 4294967295) >= 2147483648 THEN 'Bad' WHEN (${col}::bigint & 4294967295) >= 1073741824 THEN 'Uncertain' ELSE 'Good' END`;

const ROLLUP_COLUMNS = `tag_id integer NOT NULL, bucket timestamptz NOT NULL, first double precision, last double precision, min double precision,
  max double precision, count integer NOT NULL, sum_tw double precision NOT NULL, good_ms bigint NOT NULL, n_bad integer NOT NULL, worst_q integer,
  PRIMARY KEY (tag_id, bucket)`;

const rollupView = (level: 'minute' | 'hour') => `
  CREATE OR REPLACE VIEW history_${level} AS
    SELECT st.name AS station, tg.path AS tag, r.bucket AS time, r.first, r.last, r.min, r.max,
      CASE WHEN r.good_ms > 0 THEN r.sum_tw / r.good_ms END AS avg, r.count, r.n_bad,
      (r.worst_q::bigint & 4294967295) AS worst_quality_code,
      CASE WHEN r.worst_q IS NULL THEN NULL ELSE ${QUALITY_WORD('r.worst_q')} END AS worst_quality
    FROM rollups_${level} r JOIN tags tg ON tg.id = r.tag_id JOIN stations st ON st.id = tg.station_id`;

const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE stations (id serial PRIMARY KEY, name text NOT NULL UNIQUE, epoch text, forwarded_seq bigint NOT NULL DEFAULT 0, forwarded_at timestamptz);
      CREATE TABLE tags (id serial PRIMARY KEY, station_id integer NOT NULL REFERENCES stations(id), path text NOT NULL, UNIQUE (station_id, path));
      CREATE TABLE samples (tag_id integer NOT NULL, t timestamptz NOT NULL, v double precision, s text, q integer NOT NULL, PRIMARY KEY (tag_id, t)) PARTITION BY RANGE (t);
      CREATE INDEX samples_t_brin ON samples USING brin (t);
      CREATE TABLE provisional (tag_id integer PRIMARY KEY, t timestamptz NOT NULL, v double precision, s text, q integer NOT NULL);
      CREATE TABLE rollups_minute (${ROLLUP_COLUMNS}) PARTITION BY RANGE (bucket);
      CREATE TABLE rollups_hour (${ROLLUP_COLUMNS}) PARTITION BY RANGE (bucket);
      CREATE VIEW history AS
        SELECT st.name AS station, tg.path AS tag, s.t AS time, s.v AS value, s.s AS text_value,
          (s.q::bigint & 4294967295) AS quality_code, ${QUALITY_WORD('s.q')} AS quality
        FROM samples s JOIN tags tg ON tg.id = s.tag_id JOIN stations st ON st.id = tg.station_id;
      ${rollupView('minute')};
      ${rollupView('hour')};
      COMMENT ON VIEW history IS 'Lineside central history: one row per recorded point (station, tag path, time, value or text_value, OPC UA quality)';
    `,
  },
];

/** Brings the database to SCHEMA_VERSION (one transaction, serialised between stations by an advisory lock). */
export async function migrate(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['lineside-schema']);
    await client.query('CREATE TABLE IF NOT EXISTS lineside_schema (version integer NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM lineside_schema');
    const current = found.rows[0]?.version ?? 0;
    if (current > SCHEMA_VERSION) throw new Error(`the central history database has schema version ${current}, newer than this Lineside knows (${SCHEMA_VERSION}): update Lineside`);
    for (const m of MIGRATIONS) if (m.version > current) await client.query(m.sql);
    if (found.rows.length === 0) await client.query('INSERT INTO lineside_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
    else await client.query('UPDATE lineside_schema SET version = $1', [SCHEMA_VERSION]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export type PartitionKind = 'samples' | 'rollups_minute' | 'rollups_hour';
const DAY = 86_400_000;

/** The partition holding time t: a UTC day of samples, a UTC month of minute rollups, a UTC year of hour rollups. */
export function partitionOf(kind: PartitionKind, t: number): { name: string; from: number; to: number } {
  const d = new Date(t);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const mm = String(m + 1).padStart(2, '0');
  if (kind === 'rollups_hour') return { name: `${kind}_${y}`, from: Date.UTC(y, 0, 1), to: Date.UTC(y + 1, 0, 1) };
  if (kind === 'rollups_minute') return { name: `${kind}_${y}${mm}`, from: Date.UTC(y, m, 1), to: Date.UTC(y, m + 1, 1) };
  const from = Date.UTC(y, m, d.getUTCDate());
  return { name: `${kind}_${y}${mm}${String(d.getUTCDate()).padStart(2, '0')}`, from, to: from + DAY };
}

/** Partitions of `kind` covering [from, to]. */
export function partitionsBetween(kind: PartitionKind, from: number, to: number): Array<{ name: string; from: number; to: number }> {
  const out: Array<{ name: string; from: number; to: number }> = [];
  for (let t = from; ;) {
    const p = partitionOf(kind, t);
    out.push(p);
    if (p.to > to) return out;
    t = p.to;
  }
}

export function createPartitionSql(kind: PartitionKind, p: { name: string; from: number; to: number }): string {
  return `CREATE TABLE IF NOT EXISTS ${p.name} PARTITION OF ${kind} FOR VALUES FROM ('${new Date(p.from).toISOString()}') TO ('${new Date(p.to).toISOString()}')`;
}
