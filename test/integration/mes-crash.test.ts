import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { scheduledOrders } from '../../examples/mes-sim/sim-modes.ts';
import { until } from '../support/until.ts';

/** This file's waits (longer than `until`'s default of 10 s, as they always were here). */
const WAIT_MS = 15_000;

const dir = mkdtempSync(join(tmpdir(), 'lineside-mes-crash-'));
const file = join(dir, 'mes.sqlite');
let sim: MesSim;
let child: ChildProcess | undefined;
const others: MesSim[] = [];
const replies: Array<{ cmd: string; reply: unknown }> = [];

beforeAll(async () => {
  sim = new MesSim();
  await sim.listen();
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
  }
  await sim.close();
  for (const s of others) await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts the runtime's MES service in a child process on the same store file. */
async function boot(store = file, mes = sim, variant: Record<string, unknown> = {}): Promise<void> {
  replies.length = 0;
  child = fork(join(import.meta.dirname, 'mes-crash-child.ts'), [store, `${mes.url}/api`, JSON.stringify(variant)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  child.on('message', (m: { cmd: string; reply: unknown }) => replies.push(m));
  await until(() => replies.some((r) => r.cmd === 'ready'), 'the child to start', WAIT_MS);
}

async function send(cmd: string, extra: Record<string, unknown> = {}): Promise<unknown> {
  const before = replies.length;
  child!.send({ cmd, ...extra });
  const r = await until(() => replies.slice(before).find((x) => x.cmd === cmd), `the reply to ${cmd}`, WAIT_MS);
  return r.reply;
}

async function kill(): Promise<void> {
  const c = child!;
  if (c.exitCode === null && c.signalCode === null) {
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  }
  child = undefined;
}

function outboxRow(key: string, store = file): { state: string; in_doubt: number } | undefined {
  return query(store, (db) => db.prepare('SELECT state, in_doubt FROM outbox WHERE key = ?').get(key) as { state: string; in_doubt: number } | undefined);
}

function query<T>(store: string, read: (db: Database.Database) => T): T {
  const db = new Database(store, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function count(store: string, table: string): number {
  return query(store, (db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);
}

async function otherSim(setup: (s: MesSim) => void): Promise<MesSim> {
  const s = new MesSim();
  setup(s);
  await s.listen();
  others.push(s);
  return s;
}

it('loses nothing and applies nothing twice when the runtime is SIGKILLed at each step of a send', async () => {
  await boot();
  expect(await send('receive', { order: sim.state.order('WO-1001') })).toMatchObject({ kind: 'accepted' });
  expect(await send('start')).toMatchObject({ ok: true });

  // 1. Killed right after the commit: the confirmation is in the outbox, not yet sent (the MES is down).
  await sim.down();
  await send('produce', { n: 10 });
  expect(await send('confirm')).toMatchObject({ ok: true, value: { completion: { id: 'WO-1001.c1' } } });
  await kill();
  expect(outboxRow('WO-1001.c1')?.state).toBe('pending');
  // Committed with it, in the same transaction: what it backflushed.
  for (let i = 1; i <= 4; i++) expect(outboxRow(`WO-1001.c1.m${i}`)?.state).toBe('pending');
  await sim.up();
  await boot();
  await until(() => sim.state.has('WO-1001.c1'), 'c1 after the restart', WAIT_MS);

  // 2. Killed after sending: the MES applied it, the answer never came back.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  sim.afterApply = (m) => (m.key === 'WO-1001.c2' ? held : undefined);
  await send('produce', { n: 5 });
  await send('confirm');
  await until(() => sim.state.has('WO-1001.c2'), 'c2 at the MES', WAIT_MS);
  await kill();
  release();
  expect(outboxRow('WO-1001.c2')).toEqual({ state: 'pending', in_doubt: 1 });
  sim.afterApply = undefined;
  await boot();
  await until(() => outboxRow('WO-1001.c2')?.state === 'delivered', 'c2 read back as delivered', WAIT_MS);

  // 3. Killed as the answer arrives, before the acknowledgement is recorded. (The child's PLC counter
  // starts from 0 on every boot, so each restart is also a PLC counter reset the tracker must absorb.)
  sim.afterApply = (m) => {
    if (m.key === 'WO-1001.c3') setImmediate(() => child?.kill('SIGKILL'));
  };
  await send('produce', { n: 7 });
  child!.send({ cmd: 'confirm' });
  await new Promise((r) => child!.once('exit', r));
  child = undefined;
  sim.afterApply = undefined;
  expect(sim.state.has('WO-1001.c3')).toBe(true);
  await boot();
  await until(() => outboxRow('WO-1001.c3')?.state === 'delivered', 'c3 settled after the restart', WAIT_MS);

  // And the order completes normally afterwards.
  await send('produce', { n: 3 });
  await send('complete');
  await until(() => sim.state.has('WO-1001.c4.m4'), 'the final confirmation and what it backflushed', WAIT_MS);
  await kill();

  const got = sim.state.completions('WO-1001');
  expect(got.map((m) => m.key)).toEqual(['WO-1001.c1', 'WO-1001.c2', 'WO-1001.c3', 'WO-1001.c4']);
  expect(got.map((m) => (m.body['good'] as { value: number }).value)).toEqual([10, 5, 7, 3]);
  expect(got.at(-1)!.body['final']).toBe(true);
  // What each confirmation backflushed arrived once, right after it, with its quantities.
  const keys = sim.state.received.filter((m) => m.subject === 'WO-1001').map((m) => m.key);
  expect(keys).toEqual([1, 2, 3, 4].flatMap((n) => [`WO-1001.c${n}`, ...[1, 2, 3, 4].map((i) => `WO-1001.c${n}.m${i}`)]));
  const water = sim.state.consumptions('WO-1001').filter((m) => (m.body['material'] as { code: string }).code === '300100');
  expect(water.map((m) => m.body['quantity'])).toEqual([5, 2.5, 3.5, 1.5].map((value) => ({ value, unit: 'LTR' })));
  // Nothing was sent again after a read-back found it, and nothing arrived out of order.
  expect(sim.state.duplicates).toBe(0);
  expect(sim.state.outOfOrder).toBe(0);
  const db = new Database(file, { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  db.close();
}, 90_000);

it('snapshot inbound: killed while pulling and after the commit, each order is stored once; the same snapshot after the restart writes nothing', async () => {
  const snap = await otherSim((s) => (s.state.modes.snapshot = true));
  const store = join(dir, 'snapshot.sqlite');
  await boot(store, snap, { inbound: 'snapshot' });
  // 1. Killed while the GET is under way (the MES holds its answer): nothing is stored.
  let release: (() => void) | undefined;
  const held = new Promise<void>((r) => (release = r));
  snap.addRoute('GET', '/api/orders', async (_req, res) => {
    if (release) await held;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ orders: scheduledOrders(snap.state.ordersSince(0).orders), cursor: '0' }));
  });
  child!.send({ cmd: 'poll' });
  await until(() => snap.state.requestCount('GET', '/api/orders') === 1, 'the GET at the MES', WAIT_MS);
  await kill();
  expect(count(store, 'work_orders')).toBe(0);
  const answer = release!;
  release = undefined;
  answer();
  // 2. Killed right after the snapshot was committed.
  await boot(store, snap, { inbound: 'snapshot' });
  expect(await send('poll')).toBe(3);
  await kill();
  expect([count(store, 'work_orders'), count(store, 'inbox'), count(store, 'snapshot_orders')]).toEqual([3, 3, 3]);
  // 3. The same schedule after the restart: known, so no row and no write.
  await boot(store, snap, { inbound: 'snapshot' });
  const before = query(store, (db) => db.prepare('SELECT message_id, received_at FROM inbox ORDER BY message_id').all());
  expect(await send('poll')).toBe(3);
  // A changed order after the restart is an update, once.
  snap.state.putOrder({ id: 'WO-1002', priority: 7 });
  expect(await send('poll')).toBe(3);
  await kill();
  const after = query(store, (db) => db.prepare('SELECT message_id, received_at FROM inbox ORDER BY message_id').all()) as Array<{ message_id: string }>;
  expect(after).toHaveLength(before.length + 1);
  expect(after).toEqual(expect.arrayContaining([...before, expect.objectContaining({ message_id: 'WO-1002@2' })]));
  expect(query(store, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok');
}, 90_000);

it('without read-back: killed after the MES applied a confirmation, the resend after the restart keeps its key and is applied once', async () => {
  const plain = await otherSim((s) => (s.state.modes.readBack = false));
  const store = join(dir, 'no-read-back.sqlite');
  const variant = { readBack: false };
  await boot(store, plain, variant);
  expect(await send('receive', { order: plain.state.order('WO-1001') })).toMatchObject({ kind: 'accepted' });
  expect(await send('start')).toMatchObject({ ok: true });
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  plain.afterApply = (m) => (m.key === 'WO-1001.c1' ? held : undefined);
  await send('produce', { n: 4 });
  await send('confirm');
  await until(() => plain.state.has('WO-1001.c1'), 'c1 at the MES', WAIT_MS);
  await kill();
  release();
  plain.afterApply = undefined;
  expect(outboxRow('WO-1001.c1', store)).toEqual({ state: 'pending', in_doubt: 1 });
  await boot(store, plain, variant);
  await until(() => outboxRow('WO-1001.c1', store)?.state === 'delivered', 'c1 resent and acknowledged', WAIT_MS);
  await until(() => query(store, (db) => (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state != 'delivered'").get() as { n: number }).n) === 0, 'its backflush delivered', WAIT_MS);
  await kill();
  expect(plain.state.completions('WO-1001').map((m) => m.key)).toEqual(['WO-1001.c1']);
  expect(plain.state.duplicates).toBe(1);
  expect([...plain.state.requests.keys()].filter((r) => r.startsWith('GET /api/messages'))).toEqual([]);
}, 90_000);
