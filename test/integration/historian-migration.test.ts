import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import type { Point } from '../../main/core/historian/compression.ts';
import { Historian } from '../../main/core/historian/historian.ts';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { emptySamples } from '../../main/core/historian/storage.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { tag } from '../support/tags.ts';
import { until } from '../support/until.ts';

const dir = mkdtempSync(join(tmpdir(), 'lineside-historian-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = join(import.meta.dirname, '../fixtures/stores/v1/history.sqlite');
const PATHS = ['Line1/Tank/Level', 'Line1/Filler/Count', 'Line1/Filler/State'];

/** Every row and rollup of the file as version 1 wrote it, read with plain SQL. */
function rowsOf(file: string): { points: Map<number, Point[]>; rollups: unknown[] } {
  const db = new Database(file, { readonly: true });
  try {
    const points = new Map<number, Point[]>();
    for (const name of ['raw_202610', 'raw_202611']) {
      for (const [tag, t, v, q] of db.prepare(`SELECT tag, t, v, q FROM ${name} ORDER BY tag, t`).raw().all() as Array<[number, number, number | string | null, number]>) {
        let list = points.get(tag);
        if (!list) points.set(tag, (list = []));
        list.push({ t, v, q });
      }
    }
    const rollups = db.prepare("SELECT 'minute' AS level, * FROM minute_202610 UNION ALL SELECT 'minute', * FROM minute_202611 UNION ALL SELECT 'hour', * FROM hour_2026 ORDER BY 1, 2, 3").all();
    return { points, rollups };
  } finally {
    db.close();
  }
}

function rollupsOf(storage: SqliteStorage): unknown[] {
  return storage.db.prepare("SELECT 'minute' AS level, * FROM minute_202610 UNION ALL SELECT 'minute', * FROM minute_202611 UNION ALL SELECT 'hour', * FROM hour_2026 ORDER BY 1, 2, 3").all();
}

function expectEverySample(storage: SqliteStorage, expected: Map<number, Point[]>): void {
  const ids = storage.tagIds(PATHS);
  for (const id of ids) {
    const want = expected.get(id)!;
    expect(want.length).toBe(4200);
    expect(storage.readRaw(id, 0, 8.64e15, 100_000)).toEqual(want);
    // The neighbours queries use: across the month boundary, where rows and blocks may meet mid-migration.
    const mid = Date.UTC(2026, 10, 1);
    expect(storage.pointBefore(id, mid)).toEqual(want.findLast((p) => p.t < mid));
    expect(storage.pointAtOrAfter(id, mid)).toEqual(want.find((p) => p.t >= mid));
  }
}

it('moves a history file of version 1 into blocks in the background: killed mid-way, it resumes; every sample and rollup is there all along', async () => {
  const file = join(dir, 'history.sqlite');
  copyFileSync(fixture, file);
  const before = rowsOf(file);
  const child = spawn(process.execPath, [join(import.meta.dirname, 'historian-migration-child.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Killed after its third committed step, while it is moving the next tag-hour.
  const left = await new Promise<number>((resolve, reject) => {
    let steps = 0;
    child.stdout.on('data', (d: Buffer) => {
      const lines = d
        .toString()
        .split('\n')
        .filter((l) => l.startsWith('moved '));
      steps += lines.length;
      if (steps >= 3 && lines.length > 0) {
        child.kill('SIGKILL');
        resolve(Number(lines.at(-1)!.split(' ')[3]));
      }
    });
    child.once('exit', () => reject(new Error(`the migration exited early: ${stderr}`)));
  });
  expect(await exited).toBe('SIGKILL');
  expect(left).toBeGreaterThan(0);
  expect(left).toBeLessThan(12_600);

  const storage = new SqliteStorage(file);
  try {
    // Half moved: blocks and rows side by side, every sample readable, in order, once.
    const kinds = storage.size().partitions.map((p) => p.name);
    expect(kinds).toEqual(expect.arrayContaining(['raw_202610', 'raw_202611']));
    expect(kinds.some((n) => n.startsWith('blocks_'))).toBe(true);
    expectEverySample(storage, before.points);
    // Resumed until done: no rows left, the row tables dropped, the same samples from blocks only.
    let step = storage.migrateStep(0);
    for (let i = 0; i < 100 && !step.done; i++) step = storage.migrateStep(0);
    expect(step).toMatchObject({ rowsLeft: 0, done: true });
    expect(storage.size().partitions.map((p) => p.name)).toEqual(['hour_2026', 'blocks_202610', 'minute_202610', 'blocks_202611', 'minute_202611']);
    expectEverySample(storage, before.points);
    // Rollups stay rows, untouched; the counts per tag are what they were.
    expect(rollupsOf(storage)).toEqual(before.rollups);
    expect(storage.size().tagRows.map((r) => r.rows)).toEqual([4200, 4200, 4200]);
    // Recording goes on after the migrated hours, into blocks.
    const [level] = storage.tagIds(['Line1/Tank/Level']) as [number];
    const last = before.points.get(level)!.at(-1)!;
    storage.write({
      tags: [level, level],
      points: [
        { t: last.t + 1000, v: 1.5, q: 0 },
        { t: last.t + 2000, v: 2.5, q: 0 },
      ],
      samples: emptySamples(),
      discard: [],
      rollups: [],
    });
    expect(storage.readRaw(level, last.t, 8.64e15, 10).map((p) => p.v)).toEqual([last.v, 1.5, 2.5]);
  } finally {
    storage.close();
  }
  const check = new Database(file, { readonly: true });
  expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(check.pragma('user_version', { simple: true })).toBe(2);
  check.close();
});

it('moves the rows in the historian worker while it records, answering queries from rows and blocks all along', async () => {
  const file = join(dir, 'worker.sqlite');
  copyFileSync(fixture, file);
  const before = rowsOf(file);
  const clock = { now: () => Date.UTC(2026, 10, 1, 2, 0, 0) };
  const engine = new TagEngine(
    PATHS.map((path, i) => tag({ path, dataType: i === 2 ? 'string' : 'float64', history: { enabled: true, maxIntervalMs: 60_000 } })),
    clock,
  );
  const started = await Historian.start(engine, clock, { file, batchMs: 20 });
  if (!started.ok) throw new Error(started.error.message);
  const historian = started.value;
  try {
    const rawOf = async (path: string) => {
      const result = await historian.query({ kind: 'raw', tags: [path], from: 0, to: clock.now(), limit: 100_000 } as never);
      if (!result.ok) throw new Error(result.error.message);
      return result.value.frames[0]!.fields.time.length;
    };
    // Each batch window gives the migration a slice: the rows go, the samples stay, whatever the moment.
    const counts: number[] = [];
    await until(
      async () => {
        counts.push(await rawOf('Line1/Tank/Level'));
        const size = await historian.sizeReport();
        return size.ok && size.value.partitions.every((p) => !p.name.startsWith('raw_'));
      },
      'the raw_ tables to be moved into blocks',
      30_000,
    );
    // 4,200 samples plus the gaps of the bad stretch and the end, the same at every look.
    expect(new Set(counts).size).toBe(1);
    for (const path of PATHS) expect(await rawOf(path)).toBeGreaterThanOrEqual(4200);
  } finally {
    await historian.close();
    engine.dispose();
  }
  const storage = new SqliteStorage(file);
  try {
    expectEverySample(storage, before.points);
  } finally {
    storage.close();
  }
});
