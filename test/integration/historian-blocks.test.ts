import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CorruptBlockError } from '../../main/core/historian/codec/block.ts';
import type { Point } from '../../main/core/historian/compression.ts';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { emptySamples } from '../../main/core/historian/storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'lineside-historian-blocks-'));
const open: SqliteStorage[] = [];
let fileNo = 0;
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.UTC(2026, 4, 1, 10, 0, 0);
const file = () => join(dir, `b${fileNo++}.sqlite`);
function opened(path: string): SqliteStorage {
  const s = new SqliteStorage(path);
  open.push(s);
  return s;
}
const sample = (i: number): Point => ({ t: T0 + i * 1000, v: i % 900 === 5 ? null : Math.round((20 + Math.sin(i / 300) * 5) * 100) / 100, q: i % 900 === 5 ? 0x808a0000 : 0 });

/** Writes samples in batches of `batch` per transaction, as the recorder does every batch window. */
function write(storage: SqliteStorage, tag: number, points: Point[], batch = 4): void {
  for (let i = 0; i < points.length; i += batch) {
    const part = points.slice(i, i + batch);
    storage.write({ tags: part.map(() => tag), points: part, samples: emptySamples(), discard: [], rollups: [] });
  }
}

describe('raw history in compressed blocks', () => {
  it('keeps a tag per hour in blocks of at most 1024 samples, continues the open block after a reopen, and reads any range back exactly', () => {
    const path = file();
    const all = Array.from({ length: 9000 }, (_, i) => sample(i));
    let storage = opened(path);
    const [id] = storage.tagIds(['B/Level']) as [number];
    write(storage, id, all.slice(0, 5000));
    // A restart in the middle of an hour: the open block is read back and goes on growing (not a new small block).
    storage.close();
    storage = opened(path);
    write(storage, id, all.slice(5000));
    const blocks = storage.db.prepare('SELECT start, end, n FROM blocks_202605 WHERE tag = ? ORDER BY start').raw().all(id) as Array<[number, number, number]>;
    expect(blocks.reduce((sum, b) => sum + b[2], 0)).toBe(9000);
    for (const [start, end, n] of blocks) {
      expect(n).toBeLessThanOrEqual(1024);
      expect(Math.floor(start / 3_600_000)).toBe(Math.floor(end / 3_600_000));
    }
    // 9000 s = 2.5 h: 4 blocks in each full hour (3600 = 3 × 1024 + 528), 2 in the half hour.
    expect(blocks).toHaveLength(10);
    expect(storage.readRaw(id, 0, 8.64e15, 100_000)).toEqual(all);
    expect(storage.readRaw(id, T0 + 3_599_500, T0 + 3_700_000, 100_000)).toEqual(all.slice(3600, 3700));
    expect(storage.readRaw(id, T0 + 1000, T0 + 9000 * 1000, 7)).toEqual(all.slice(1, 8));
    expect(storage.pointBefore(id, T0 + 3_600_000)).toEqual(all[3599]);
    expect(storage.pointAtOrAfter(id, T0 + 3_600_000 - 1)).toEqual(all[3600]);
    expect(storage.size().tagRows).toEqual([{ tag: 'B/Level', rows: 9000 }]);
    // Two decimals at 1 s: a few bytes per sample in blocks instead of the rows' ~26.
    const bytes = storage.db.prepare('SELECT sum(length(data)) FROM blocks_202605').pluck().get() as number;
    expect(bytes / 9000).toBeLessThan(1.5);
  });

  it('keeps a point older than the newest one (a clock set back) as a row that reads in place, then folds it into its block', () => {
    const storage = opened(file());
    const [id] = storage.tagIds(['B/Late']) as [number];
    const points = Array.from({ length: 100 }, (_, i) => sample(i));
    write(storage, id, points);
    const late = { t: T0 + 50_500, v: -1, q: 0 };
    const replaced = { t: T0 + 60_000, v: -2, q: 0 };
    storage.write({ tags: [id, id], points: [late, replaced], samples: emptySamples(), discard: [], rollups: [] });
    const expected = [...points.slice(0, 51), late, ...points.slice(51, 60), replaced, ...points.slice(61)];
    expect(storage.readRaw(id, 0, 8.64e15, 1000)).toEqual(expected);
    expect(storage.size().partitions.map((p) => p.name)).toEqual(['blocks_202605', 'raw_202605']);
    expect(storage.migrateStep(1000)).toMatchObject({ moved: 2, rowsLeft: 0, done: true });
    expect(storage.size().partitions.map((p) => p.name)).toEqual(['blocks_202605']);
    expect(storage.readRaw(id, 0, 8.64e15, 1000)).toEqual(expected);
    // The block store read the merged block again: new points go on after the newest one.
    const next = sample(100);
    storage.write({ tags: [id], points: [next], samples: emptySamples(), discard: [], rollups: [] });
    expect(storage.readRaw(id, 0, 8.64e15, 1000)).toEqual([...expected, next]);
  });

  it('keeps the undecided newest point of a compressing tag in its own table until a later batch stores or discards it', () => {
    const path = file();
    const storage = opened(path);
    const [id] = storage.tagIds(['B/Door']) as [number];
    write(storage, id, [sample(0), sample(1)]);
    storage.write({ tags: [], points: [], samples: emptySamples(), discard: [], provisional: [{ tag: id, point: sample(5) }], rollups: [] });
    expect(storage.readRaw(id, 0, 8.64e15, 10)).toEqual([sample(0), sample(1), sample(5)]);
    expect(storage.pointBefore(id, 8.64e15)).toEqual(sample(5));
    // The door moved past it: discarded, a newer one provisional.
    storage.write({ tags: [], points: [], samples: emptySamples(), discard: [{ tag: id, t: sample(5).t }], provisional: [{ tag: id, point: sample(7) }], rollups: [] });
    storage.close();
    const reopened = opened(path);
    expect(reopened.readRaw(id, 0, 8.64e15, 10)).toEqual([sample(0), sample(1), sample(7)]);
    // Stored for good: the block has it, the provisional table no longer.
    reopened.write({ tags: [id], points: [sample(7)], samples: emptySamples(), discard: [], rollups: [] });
    expect(reopened.db.prepare('SELECT count(*) FROM provisional').pluck().get()).toBe(0);
    expect(reopened.readRaw(id, 0, 8.64e15, 10)).toEqual([sample(0), sample(1), sample(7)]);
  });

  it('answers a query over a damaged block with an error naming the partition, tag and block, not with wrong values', () => {
    const storage = opened(file());
    const [id] = storage.tagIds(['B/Damaged']) as [number];
    write(
      storage,
      id,
      Array.from({ length: 50 }, (_, i) => sample(i)),
    );
    storage.db.prepare("UPDATE blocks_202605 SET data = CAST(substr(data, 1, 20) || x'ff' || substr(data, 22) AS BLOB) WHERE tag = ?").run(id);
    expect(() => storage.readRaw(id, 0, 8.64e15, 1000)).toThrow(CorruptBlockError);
    expect(() => storage.readRaw(id, 0, 8.64e15, 1000)).toThrow(/blocks_202605, tag 1, block from 2026-05-01T10:00:00.000Z: the checksum does not match its content/);
    // A late row for that hour cannot be merged into it: the migration stops with the reason, the row stays where it is.
    storage.write({ tags: [id], points: [{ t: T0 + 500, v: 1, q: 0 }], samples: emptySamples(), discard: [], rollups: [] });
    expect(storage.migrateStep(1000)).toEqual({ moved: 0, rowsLeft: 1, done: false, failed: 'moving raw_202605 into blocks: corrupt history block: the checksum does not match its content' });
    expect(storage.db.prepare('SELECT count(*) FROM raw_202605').pluck().get()).toBe(1);
  });
});
