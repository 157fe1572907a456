import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { HISTORY_MIGRATIONS, SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { openStore } from '../../main/core/storage/open-store.ts';
import type { BenchGroup } from './figure.ts';

const ROWS = 8_000_000;
const MACHINE = '2 cores shared with other sessions';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number) => Math.round(x * 10) / 10;

/**
 * What opening a store costs now that every open runs quick_check: a history file of some hundred MB
 * (the biggest store by far) with the full check, as the historian opens it (its catalogue only; the
 * whole file in its worker afterwards), and without any check.
 */
export const storesBench: BenchGroup = async (report) => {
  const dir = mkdtempSync(join(tmpdir(), 'lineside-bench-stores-'));
  try {
    const file = join(dir, 'history.sqlite');
    const storage = new SqliteStorage(file);
    const [id] = storage.tagIds(['Bench/Tag']) as [number];
    const t0 = Date.UTC(2025, 0, 1);
    // A file of rows as history was kept before blocks (bigger, so the check has more to read): the table and its catalogue entry, the rows in SQL.
    storage.db.exec('CREATE TABLE raw_202501 (tag INTEGER NOT NULL, t INTEGER NOT NULL, v, q INTEGER NOT NULL, PRIMARY KEY (tag, t)) WITHOUT ROWID');
    storage.db.prepare("INSERT INTO partitions (name, kind, start, end, rows) VALUES ('raw_202501', 'raw', ?, ?, ?)").run(t0, Date.UTC(2025, 1, 1), ROWS);
    storage.db.exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${ROWS}) INSERT INTO raw_202501 (tag, t, v, q) SELECT ${id}, ${t0} + i * 100, (i * 7919) % 1000 / 10.0, 0 FROM s`);
    storage.close();
    const bytes = statSync(file).size;
    const spec = { store: 'historian' as const, file, migrations: HISTORY_MIGRATIONS, holds: 'history' };
    const checked: number[] = [];
    const plain: number[] = [];
    const historian: number[] = [];
    for (let i = 0; i < 5; i++) {
      let start = performance.now();
      const opened = openStore(spec);
      if (!opened.ok) throw new Error(opened.error.message);
      checked.push(performance.now() - start);
      opened.value.db.close();
      // What the runtime waits for: the historian checks its catalogue at open, the rest in its worker after.
      start = performance.now();
      const history = SqliteStorage.open(file);
      if (!history.ok) throw new Error(history.error.message);
      historian.push(performance.now() - start);
      history.value.close();
      start = performance.now();
      const db = new Database(file, { fileMustExist: true });
      db.pragma('user_version');
      db.prepare('SELECT COUNT(*) FROM partitions').get();
      plain.push(performance.now() - start);
      db.close();
    }
    const against = `a history file of ${ROWS} raw points (${Math.round(bytes / 1e6)} MB), median of 5 opens, page cache warm; ${MACHINE}`;
    report({ name: 'stores.open_without_check_ms', value: round(median(plain)), unit: 'ms', against });
    report({ name: 'stores.open_ms', value: round(median(checked)), unit: 'ms', baseline: { name: 'stores.open_without_check_ms', value: round(median(plain)) }, against: `openStore (quick_check, version, pragmas) of ${against}` });
    report({ name: 'stores.quick_check_ms_per_gb', value: Math.round((median(checked) - median(plain)) / (bytes / 1e9)), unit: 'ms/GB', against });
    report({
      name: 'stores.history_open_ms',
      value: round(median(historian)),
      unit: 'ms',
      baseline: { name: 'stores.open_ms', value: round(median(checked)) },
      against: `SqliteStorage.open (the catalogue's quick_check; the whole file's runs in the worker after the open) of ${against}`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
