import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, expect, it } from 'vitest';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';

const dir = mkdtempSync(join(tmpdir(), 'lineside-historian-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('loses at most the last batch window when the writer is killed with SIGKILL, and reopens clean', async () => {
  const file = join(dir, 'history.sqlite');
  const child = spawn(process.execPath, [join(import.meta.dirname, 'historian-crash-child.ts'), file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Kill it while it writes: after its third confirmed flush, in the middle of the next batches.
  const confirmed = await new Promise<number>((resolve, reject) => {
    let flushes = 0;
    child.stdout.on('data', (d: Buffer) => {
      const lines = d
        .toString()
        .split('\n')
        .filter((l) => l.startsWith('flushed '));
      flushes += lines.length;
      if (flushes >= 3 && lines.length > 0) {
        child.kill('SIGKILL');
        resolve(Number(lines.at(-1)!.slice('flushed '.length)));
      }
    });
    child.once('exit', () => reject(new Error(`the writer exited early: ${stderr}`)));
  });
  expect(await exited).toBe('SIGKILL');
  expect(confirmed).toBeGreaterThan(0);

  const check = new Database(file);
  expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
  check.close();
  const storage = new SqliteStorage(file);
  try {
    const [a, b] = storage.tagIds(['Crash/A', 'Crash/B']) as [number, number];
    const values = storage.readRaw(a, 0, 8.64e15, 10_000_000).map((p) => p.v);
    // Every committed batch is whole: the values are 0, 1, 2... with no hole, at least up to the last confirmed flush.
    expect(values.length).toBeGreaterThanOrEqual(confirmed);
    expect(values.every((v, i) => v === i)).toBe(true);
    expect(storage.readRaw(b, 0, 8.64e15, 10_000_000)).toHaveLength(values.length);
    // Rollups were written in the same transactions as the raw points.
    const minutes = storage.readRollups('minute', a, 0, 8.64e15);
    expect(minutes.reduce((sum, r) => sum + r.count, 0)).toBe(values.length);
  } finally {
    storage.close();
  }
});
