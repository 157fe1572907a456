import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Historian } from '../../main/core/historian/historian.ts';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { emptySamples } from '../../main/core/historian/storage.ts';
import { Outbox } from '../../main/core/mes/outbox.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { tag } from '../support/tags.ts';
import { startRuntime, type Runtime } from '../../main/runtime.ts';
import { seedTestUsers } from '../support/users.ts';

/**
 * Every store emptied, removed, overwritten or cut short between two runs of the runtime: the next
 * start refuses (a Result, never a stack trace) with a message naming the file and how to restore
 * it. Nothing is silently recreated: an emptied users.sqlite does not reopen first start, an emptied
 * mes.sqlite does not drop the unsent confirmation, a truncated reports.sqlite does not crash.
 */
const PROJECT = join(import.meta.dirname, '..', 'fixtures', 'projects', 'faults');
const root = mkdtempSync(join(tmpdir(), 'lineside-faults-files-'));
const golden = join(root, 'golden');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const STORES = ['history.sqlite', 'alarms.sqlite', 'audit.sqlite', 'mes.sqlite', 'reports.sqlite', 'users.sqlite', 'tags.sqlite'] as const;
type Damage = 'emptied' | 'removed' | 'overwritten' | 'cut short';
const DAMAGES: Record<Damage, (file: string) => void> = {
  emptied: (file) => truncateSync(file, 0),
  removed: (file) => rmSync(file),
  // A disk or a tool that scribbled over the header: not a database any more.
  overwritten: (file) => {
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(512, 0x20), 0, 512, 0);
    closeSync(fd);
  },
  'cut short': (file) => truncateSync(file, Math.floor(statSync(file).size / 2)),
};
const EXPECTED: Record<Damage, RegExp> = {
  emptied: /is empty \(0 bytes\)/,
  removed: /is missing from the data folder/,
  overwritten: /is damaged \(/,
  'cut short': /is damaged \(/,
};

async function start(dataDir: string): Promise<Awaited<ReturnType<typeof startRuntime>>> {
  return startRuntime({ projectDir: PROJECT, dataDir, port: 0, token: 'fault-suite-token-0123456789' });
}

beforeAll(async () => {
  // A station that ran: accounts, an audit trail, alarms, history, an unsent MES confirmation, reports.
  const started = await start(golden);
  if (!started.ok) throw new Error(started.error.message);
  const runtime: Runtime = started.value;
  try {
    await seedTestUsers(runtime);
    new Outbox(runtime.mes!.store.db).enqueue({ connector: 'erp', key: 'WO-7.c1', stream: 'erp/WO-7', kind: 'completion', payload: { id: 'WO-7.c1', good: 120 } }, Date.now());
    await runtime.historian.flush();
  } finally {
    await runtime.dispose();
  }
  for (const store of STORES) expect(statSync(join(golden, store)).size, store).toBeGreaterThan(0);
});

describe('a damaged store refuses the start, naming the file and how to restore it', () => {
  const cases = STORES.flatMap((store) => (Object.keys(DAMAGES) as Damage[]).map((damage) => [store, damage] as const));
  it.each(cases)('%s %s', async (store, damage) => {
    const dataDir = join(root, `${store}-${damage.replace(' ', '-')}`);
    cpSync(golden, dataDir, { recursive: true });
    DAMAGES[damage](join(dataDir, store));
    const started = await start(dataDir);
    if (started.ok) {
      await started.value.dispose();
      throw new Error(`the runtime started with ${store} ${damage}`);
    }
    expect(started.error.code).toBe('config-error');
    expect(started.error.message).toMatch(EXPECTED[damage]);
    expect(started.error.message).toContain(store);
    expect(started.error.message).toContain(dataDir);
    expect(started.error.message).toMatch(/restore|Restore/);
    expect(started.error.message).not.toMatch(/\n\s+at /);
    // Never replaced behind the operator's back.
    if (damage === 'removed') expect(existsSync(join(dataDir, store))).toBe(false);
    if (damage === 'emptied') expect(statSync(join(dataDir, store)).size).toBe(0);
  });
});

describe('a store from a later version', () => {
  it('refuses the start, naming the file and both versions', async () => {
    const dataDir = join(root, 'audit-newer');
    cpSync(golden, dataDir, { recursive: true });
    const db = new Database(join(dataDir, 'audit.sqlite'));
    db.pragma('user_version = 7');
    db.close();
    const started = await start(dataDir);
    if (started.ok) {
      await started.value.dispose();
      throw new Error('the runtime started with a newer audit.sqlite');
    }
    expect(started.error.message).toMatch(
      /^audit\.sqlite in the data folder .* has schema version 7, but this Lineside knows versions up to 1: a later version of Lineside wrote it\. Run that version again, or restore audit\.sqlite from a backup made by this one\.$/,
    );
  });
});

describe('what the issue found', () => {
  it('an emptied users.sqlite does not reopen first start (the station token alone never makes an administrator)', async () => {
    const dataDir = join(root, 'users-first-start');
    cpSync(golden, dataDir, { recursive: true });
    truncateSync(join(dataDir, 'users.sqlite'), 0);
    const started = await start(dataDir);
    expect(started.ok).toBe(false);
    if (started.ok) return started.value.dispose();
    expect(started.error.message).toContain('the station would start as on its first start and ask for a new administrator');
  });

  it('an emptied mes.sqlite refuses instead of dropping the unsent confirmation; the restored copy still has it', async () => {
    const dataDir = join(root, 'mes-restored');
    cpSync(golden, dataDir, { recursive: true });
    const backup = join(root, 'mes-backup.sqlite');
    cpSync(join(dataDir, 'mes.sqlite'), backup);
    truncateSync(join(dataDir, 'mes.sqlite'), 0);
    const refused = await start(dataDir);
    expect(refused.ok).toBe(false);
    if (refused.ok) return refused.value.dispose();
    expect(refused.error.message).toContain('confirmations not yet sent would be dropped without a trace');
    // Restored as the message says: the confirmation is still waiting to be sent.
    cpSync(backup, join(dataDir, 'mes.sqlite'));
    const started = await start(dataDir);
    if (!started.ok) throw new Error(started.error.message);
    try {
      expect(new Outbox(started.value.mes!.store.db).head('erp', 'erp/WO-7')).toMatchObject({ state: 'pending', message: { key: 'WO-7.c1' } });
      expect(started.value.users.firstStart).toBe(false);
    } finally {
      await started.value.dispose();
    }
  });

  it('a truncated reports.sqlite refuses with a message, not a stack trace', async () => {
    const dataDir = join(root, 'reports-truncated');
    cpSync(golden, dataDir, { recursive: true });
    truncateSync(join(dataDir, 'reports.sqlite'), 4096 + 100);
    const started = await start(dataDir);
    expect(started.ok).toBe(false);
    if (started.ok) return started.value.dispose();
    expect(started.error.message).toMatch(/^reports\.sqlite in the data folder .* is damaged \(/);
  });
});

describe('a history file damaged inside (its catalogue intact)', () => {
  it('opens at once (the catalogue is checked), then the worker checks the whole file, stops recording and says which file and how to restore it', async () => {
    const file = join(root, 'history-inside', 'history.sqlite');
    mkdirSync(join(root, 'history-inside'));
    cpSync(join(golden, 'history.sqlite'), file);
    const storage = new SqliteStorage(file);
    const [id] = storage.tagIds(['Deep/Tag']) as [number];
    const t0 = Date.UTC(2025, 0, 1);
    // Noisy values: blocks of some size, so the file has pages of points far from the tags and partitions tables.
    const points = Array.from({ length: 60_000 }, (_, i) => ({ t: t0 + i * 1000, v: Math.sin(i) * 1000 + i / 7, q: 0 }));
    storage.write({ tags: points.map(() => id), points, samples: emptySamples(), discard: [], rollups: [] });
    const pages = storage.db.pragma('page_count', { simple: true }) as number;
    storage.close();
    // A page near the end: the partition's rows, far from the tags and partitions tables.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x33), 0, 4096, (pages - 3) * 4096);
    closeSync(fd);

    const clock = { now: () => Date.now() };
    const engine = new TagEngine([tag({ path: 'Deep/Tag', history: { enabled: true } })], clock);
    const started = await Historian.start(engine, clock, { file });
    if (!started.ok) throw new Error(`the historian refused at open: ${started.error.message}`);
    const historian = started.value;
    try {
      const damaged =
        historian.health.status().state === 'failing' ? historian.health.status() : await new Promise<ReturnType<typeof historian.health.status>>((resolve) => historian.health.onDidChange((s) => s.state === 'failing' && resolve(s)));
      expect(damaged).toMatchObject({ store: 'historian', reason: 'corrupt' });
      expect(damaged.error).toMatch(/^history\.sqlite in the data folder .* is damaged \((quick_check: |database disk image is malformed)/);
      expect(damaged.error).toContain('replace history.sqlite with the copy from a backup');
      expect(historian.status().state).toBe('stopped');
    } finally {
      engine.dispose();
      await historian.close();
    }
  });
});
