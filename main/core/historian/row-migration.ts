import type Database from 'better-sqlite3';
import { HOUR, hourOf, MAX_BLOCK_SAMPLES } from './blocks.ts';
import { BlockEncoder, decodeBlock, valueOf } from './codec/block.ts';
import type { Point } from './compression.ts';

export interface MigrationProgress {
  /** Rows moved into blocks by this call. */
  moved: number;
  /** Rows still in `raw_` tables (readable as they are until moved). */
  rowsLeft: number;
  done: boolean;
  /** Why it stopped (disk full, a damaged block in the way): the rows stay where they are, it tries again later. */
  failed?: string;
}

interface RowPartition {
  name: string;
  rows: number;
}

export interface MigrationHost {
  db: Database.Database;
  rowPartitions(): RowPartition[];
  partition(kind: 'blocks', t: number): { name: string };
  stmt(sql: string): Database.Statement;
  count(partition: { name: string }, tag: number, n: number): void;
  saveCounts(): void;
  /** The tag's open block may have changed under the block store: it reads it again. */
  forget(tag: number): void;
  /** A `raw_` table that was emptied and dropped. */
  dropped(partition: RowPartition): void;
}

type Row = [t: number, v: number | string | null, q: number];

/**
 * Moves rows into blocks, one tag-hour per transaction (the rows of that hour merged with any blocks the
 * hour already has; a row wins over a block sample at the same time), until `budgetMs` is spent. A kill
 * between transactions loses nothing: the next call goes on with what is still in rows. An emptied
 * `raw_` table is dropped.
 */
export function migrateRows(host: MigrationHost, budgetMs: number): MigrationProgress {
  const started = performance.now();
  let moved = 0;
  let failed: string | undefined;
  for (;;) {
    const partition = host.rowPartitions()[0];
    if (!partition) break;
    const first = host.stmt(`SELECT tag, t FROM ${partition.name} ORDER BY tag, t LIMIT 1`).raw().get() as [number, number] | undefined;
    try {
      host.db.transaction(() => {
        if (first) moved += moveHour(host, partition, first[0], hourOf(first[1]));
        else {
          host.db.exec(`DROP TABLE IF EXISTS ${partition.name}`);
          host.stmt('DELETE FROM partitions WHERE name = ?').run(partition.name);
        }
        host.saveCounts();
      })();
    } catch (error) {
      failed = `moving ${partition.name} into blocks: ${(error as Error).message}`;
      break;
    }
    if (!first) host.dropped(partition);
    if (performance.now() - started >= budgetMs) break;
  }
  const rowsLeft = host.rowPartitions().reduce((sum, p) => sum + p.rows, 0);
  return { moved, rowsLeft, done: rowsLeft === 0 && host.rowPartitions().length === 0, ...(failed ? { failed } : {}) };
}

function moveHour(host: MigrationHost, rows: RowPartition, tag: number, hour: number): number {
  const found = host
    .stmt(`SELECT t, v, q FROM ${rows.name} WHERE tag = ? AND t >= ? AND t < ? ORDER BY t`)
    .raw()
    .all(tag, hour, hour + HOUR) as Row[];
  const blocks = host.partition('blocks', hour);
  const existing = host
    .stmt(`SELECT data FROM ${blocks.name} WHERE tag = ? AND start >= ? AND start < ? ORDER BY start`)
    .pluck()
    .all(tag, hour, hour + HOUR) as Buffer[];
  const inBlocks: Point[] = [];
  for (const data of existing) {
    const d = decodeBlock(data);
    for (let i = 0; i < d.count; i++) inBlocks.push({ t: d.t[i]!, v: valueOf(d, i), q: d.q[i]! });
  }
  const merged = mergeRows(inBlocks, found);
  host.stmt(`DELETE FROM ${blocks.name} WHERE tag = ? AND start >= ? AND start < ?`).run(tag, hour, hour + HOUR);
  const insert = host.stmt(`INSERT INTO ${blocks.name} (tag, start, end, n, data) VALUES (?, ?, ?, ?, ?)`);
  let enc = new BlockEncoder();
  const put = () => {
    const b = enc.bytes();
    insert.run(tag, enc.firstT, enc.lastT, enc.count, Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  };
  for (const p of merged) {
    if (enc.count >= MAX_BLOCK_SAMPLES || !enc.add(p.t, p.v, p.q)) {
      put();
      enc = new BlockEncoder();
      enc.add(p.t, p.v, p.q);
    }
  }
  if (enc.count > 0) put();
  host.stmt(`DELETE FROM ${rows.name} WHERE tag = ? AND t >= ? AND t < ?`).run(tag, hour, hour + HOUR);
  host.count(rows, tag, -found.length);
  host.count(blocks, tag, merged.length - inBlocks.length);
  host.forget(tag);
  return found.length;
}

function mergeRows(blocks: Point[], rows: Row[]): Point[] {
  const out: Point[] = [];
  let i = 0;
  for (const [t, v, q] of rows) {
    while (i < blocks.length && blocks[i]!.t < t) out.push(blocks[i++]!);
    if (i < blocks.length && blocks[i]!.t === t) i++;
    out.push({ t, v, q });
  }
  while (i < blocks.length) out.push(blocks[i++]!);
  return out;
}
