import type Database from 'better-sqlite3';
import { BlockEncoder, CorruptBlockError, decodeBlock, valueOf, type DecodedBlock } from './codec/block.ts';
import type { Point } from './compression.ts';

/** A block holds one tag's samples of one UTC hour, at most this many (an open block is rewritten with each batch). */
export const MAX_BLOCK_SAMPLES = 1024;
/**
 * ...and is sealed once it is this big: the open block is rewritten with every batch, so at high rates of
 * incompressible values a smaller block keeps what each batch writes small (1 s decimals stay at 1,024 samples).
 */
export const SEAL_BLOCK_BYTES = 2048;
export const HOUR = 3_600_000;
export const hourOf = (t: number) => t - (((t % HOUR) + HOUR) % HOUR);

export const BLOCK_COLUMNS = '(tag INTEGER NOT NULL, start NOT NULL, end NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (tag, start))';

/** What the block store needs of the storage: its partitions (blocks_ and raw_ tables) and cached statements. */
export interface BlockHost {
  /** The partition of that kind holding time t, created on first use. */
  partition(kind: 'blocks' | 'raw', t: number): { name: string };
  /** Partitions of that kind overlapping [from, to), oldest first. */
  overlapping(kind: 'blocks' | 'raw', from: number, to: number): Array<{ name: string }>;
  stmt(sql: string): Database.Statement;
  /** Adds n stored samples to a partition's and a tag's counts. */
  count(partition: { name: string }, tag: number, n: number): void;
}

interface OpenBlock {
  tag: number;
  hour: number;
  enc: BlockEncoder;
  partition: { name: string };
  dirty: boolean;
  /** Samples added since the counts were last saved. */
  added: number;
  /** Its size when last written. */
  bytes: number;
  /** Its partition's upsert, prepared once. */
  upsert?: Database.Statement;
}

interface TagBlocks {
  tag: number;
  /** The newest time the tag has in storage (blocks or rows). */
  newest: number;
  block: OpenBlock | undefined;
}

type BlockRow = [start: number, end: number, n: number, data: Buffer];

/**
 * Raw samples in blocks (`blocks_YYYYMM(tag, start, end, n, data)`, one row per block). Each tag's open
 * block lives in memory and is written as it stands with every batch, in the batch's transaction: a
 * crash loses nothing that was acknowledged. A point older than what a tag has in blocks (a clock set
 * back) is kept as a row in `raw_YYYYMM`, as history was stored before blocks; the background
 * migration (row-migration.ts) moves such rows into blocks.
 */
export class BlockStore {
  private readonly host: BlockHost;
  /** Per tag, its open block and the newest time in storage (blocks or rows): a point must come after it to join a block. */
  private readonly tags = new Map<number, TagBlocks>();
  /** The tag appended to last (a batch appends each tag's points in one run): one map lookup per run, not per point. */
  private last: TagBlocks | undefined;
  private readonly open = new Set<OpenBlock>();

  constructor(host: BlockHost) {
    this.host = host;
  }

  append(tag: number, p: Point): void {
    this.appendValue(tag, p.t, p.v, p.q);
  }

  /** append() without a point object. */
  appendValue(tag: number, t: number, v: number | string | null, q: number): void {
    let state = this.last;
    if (!state || state.tag !== tag) {
      state = this.tags.get(tag);
      if (!state) {
        state = { tag, newest: -Infinity, block: undefined };
        state.block = this.load(state, t);
        this.tags.set(tag, state);
      }
      this.last = state;
    }
    if (t <= state.newest) {
      const rows = this.host.partition('raw', t);
      this.host.stmt(`INSERT OR REPLACE INTO ${rows.name} (tag, t, v, q) VALUES (?, ?, ?, ?)`).run(tag, t, v, q);
      this.host.count(rows, tag, 1);
      return;
    }
    let block = state.block;
    const hour = hourOf(t);
    if (block && (block.hour !== hour || block.enc.count >= MAX_BLOCK_SAMPLES || block.bytes >= SEAL_BLOCK_BYTES || !block.enc.add(t, v, q))) block = this.seal(state, block);
    if (!block) {
      block = { tag, hour, enc: new BlockEncoder(), partition: this.host.partition('blocks', hour), dirty: false, added: 0, bytes: 0 };
      state.block = block;
      this.open.add(block);
      block.enc.add(t, v, q);
    }
    block.dirty = true;
    block.added++;
    state.newest = t;
  }

  /** Writes every open block that changed (in the caller's transaction). */
  flush(): void {
    for (const block of this.open) if (block.dirty) this.write(block);
  }

  /** Forgets what is in memory (after a failed transaction, retention, a migration step): it is read again from the file. */
  reset(tag?: number): void {
    this.last = undefined;
    if (tag === undefined) {
      this.tags.clear();
      this.open.clear();
    } else {
      const state = this.tags.get(tag);
      if (state?.block) this.open.delete(state.block);
      this.tags.delete(tag);
    }
  }

  /**
   * After retention: forgets the tags that had their open block in a dropped partition or their newest time
   * before `before` (their history there is gone); the others keep their open blocks (reloading all of
   * them would decode and re-encode every open block once an hour).
   */
  forgetDropped(dropped: ReadonlySet<string>, before: number): void {
    this.last = undefined;
    for (const state of [...this.tags.values()]) {
      if (state.newest < before || (state.block && dropped.has(state.block.partition.name))) this.reset(state.tag);
    }
  }

  private seal(state: TagBlocks, block: OpenBlock): undefined {
    if (block.dirty) this.write(block);
    this.open.delete(block);
    state.block = undefined;
    return undefined;
  }

  private write(block: OpenBlock): void {
    const { enc } = block;
    const bytes = enc.bytes();
    block.bytes = bytes.length;
    block.upsert ??= this.host.stmt(`INSERT INTO ${block.partition.name} (tag, start, end, n, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tag, start) DO UPDATE SET end = excluded.end, n = excluded.n, data = excluded.data`);
    // A view, not a copy: SQLite copies the bytes when it binds them.
    block.upsert.run(block.tag, enc.firstT, enc.lastT, enc.count, asBuffer(bytes));
    block.dirty = false;
    this.host.count(block.partition, block.tag, block.added);
    block.added = 0;
  }

  /** The tag's newest block, reopened when `t` belongs in it; the newest time the tag has in storage. */
  private load(state: TagBlocks, t: number): OpenBlock | undefined {
    const { tag } = state;
    let newest = -Infinity;
    let found: BlockRow | undefined;
    let partition: { name: string } | undefined;
    for (const p of this.host.overlapping('blocks', -Infinity, Infinity).reverse()) {
      found = this.host.stmt(`SELECT start, end, n, data FROM ${p.name} WHERE tag = ? ORDER BY start DESC LIMIT 1`).raw().get(tag) as BlockRow | undefined;
      if (found) {
        partition = p;
        newest = found[1];
        break;
      }
    }
    for (const p of this.host.overlapping('raw', -Infinity, Infinity).reverse()) {
      const max = this.host.stmt(`SELECT max(t) FROM ${p.name} WHERE tag = ?`).pluck().get(tag) as number | null;
      if (max !== null) {
        newest = Math.max(newest, max);
        break;
      }
    }
    state.newest = newest;
    if (!found || !partition || found[1] !== newest || hourOf(found[0]) !== hourOf(t) || found[2] >= MAX_BLOCK_SAMPLES || found[3].length >= SEAL_BLOCK_BYTES || t <= newest) return undefined;
    let decoded: DecodedBlock;
    try {
      decoded = decodeBlock(found[3]);
    } catch (error) {
      // A damaged newest block stays as it is (queries say so); new samples start a block of their own.
      if (error instanceof CorruptBlockError) return undefined;
      throw error;
    }
    const enc = new BlockEncoder();
    for (let i = 0; i < decoded.count; i++) enc.add(decoded.t[i]!, valueOf(decoded, i), decoded.q[i]!);
    const block: OpenBlock = { tag, hour: hourOf(found[0]), enc, partition, dirty: false, added: 0, bytes: 0 };
    this.open.add(block);
    return block;
  }

  // ---- reads ----

  /** Points in blocks with from <= t < to, in time order, at most `limit`. */
  read(tag: number, from: number, to: number, limit: number): Point[] {
    const out: Point[] = [];
    for (const p of this.host.overlapping('blocks', from, to)) {
      const rows = this.host.stmt(`SELECT start, end, n, data FROM ${p.name} WHERE tag = ? AND start >= ? AND start < ? AND end >= ? ORDER BY start`).raw().all(tag, hourOf(from), to, from) as BlockRow[];
      for (const row of rows) {
        if (pointsOf(this.decode(p.name, tag, row), from, to, limit, out)) return out;
      }
    }
    return out;
  }

  /** The newest point in blocks before t. */
  before(tag: number, t: number, since: number): Point | undefined {
    for (const p of this.host.overlapping('blocks', since, t).reverse()) {
      const row = this.host.stmt(`SELECT start, end, n, data FROM ${p.name} WHERE tag = ? AND start < ? ORDER BY start DESC LIMIT 1`).raw().get(tag, t) as BlockRow | undefined;
      if (!row) continue;
      const d = this.decode(p.name, tag, row);
      let i = d.count - 1;
      while (i >= 0 && d.t[i]! >= t) i--;
      if (i >= 0) return { t: d.t[i]!, v: valueOf(d, i), q: d.q[i]! };
    }
    return undefined;
  }

  /** The oldest point in blocks at or after t. */
  atOrAfter(tag: number, t: number, until: number): Point | undefined {
    for (const p of this.host.overlapping('blocks', t, until)) {
      const row = this.host.stmt(`SELECT start, end, n, data FROM ${p.name} WHERE tag = ? AND start >= ? AND end >= ? ORDER BY start LIMIT 1`).raw().get(tag, hourOf(t), t) as BlockRow | undefined;
      if (!row) continue;
      const d = this.decode(p.name, tag, row);
      for (let i = 0; i < d.count; i++) if (d.t[i]! >= t) return { t: d.t[i]!, v: valueOf(d, i), q: d.q[i]! };
    }
    return undefined;
  }

  private decode(partition: string, tag: number, row: BlockRow): DecodedBlock {
    try {
      return decodeBlock(row[3]);
    } catch (error) {
      if (error instanceof CorruptBlockError) throw new CorruptBlockError(`${partition}, tag ${tag}, block from ${new Date(row[0]).toISOString()}: ${error.message.replace(/^corrupt history block: /, '')}`);
      throw error;
    }
  }
}

const asBuffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** Appends a decoded block's points in [from, to) to `out`; true once `limit` is reached. */
function pointsOf(d: DecodedBlock, from: number, to: number, limit: number, out: Point[]): boolean {
  for (let i = 0; i < d.count; i++) {
    const t = d.t[i]!;
    if (t < from) continue;
    if (t >= to) break;
    if (out.length >= limit) return true;
    out.push({ t, v: valueOf(d, i), q: d.q[i]! });
  }
  return out.length >= limit;
}
