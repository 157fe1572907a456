import { fork, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmJournal } from '../../main/core/alarms/alarm-journal.ts';
import { AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { SqliteStorage } from '../../main/core/historian/sqlite-storage.ts';
import { MesStore } from '../../main/core/mes/mes-store.ts';
import { ReportStore } from '../../main/core/reports/report-store.ts';
import { MARKER_SUFFIX } from '../../main/core/storage/open-store.ts';
import { UserStore } from '../../main/core/users/user-store.ts';
import { startRuntime } from '../../main/runtime.ts';

/**
 * A runtime (its own process) writes to every store in a burst; the test kills it with SIGKILL at
 * seeded random points, then checks the files: every write that was acknowledged is there, nothing
 * was reset (counts only grow, markers stay), and the next start serves live values again.
 * LINESIDE_FAULT_SEED picks another sequence of kill points.
 */
const SEED = Number(process.env['LINESIDE_FAULT_SEED'] ?? 15_003);
const ROUNDS = 4;
const PROJECT = join(import.meta.dirname, '..', 'fixtures', 'projects', 'faults');
const CHILD = join(import.meta.dirname, 'kill-burst-child.ts');
const work = mkdtempSync(join(tmpdir(), 'lineside-faults-kill-'));
const projectDir = join(work, 'project');
const dataDir = join(work, 'data');
cpSync(PROJECT, projectDir, { recursive: true });
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) await kill(child);
  rmSync(work, { recursive: true, force: true });
});

type Ack = { ack: 'write'; value: number } | { ack: 'logbook' | 'comment'; text: string } | { ack: 'mes'; key: string } | { ack: 'token'; name: string } | { ack: 'history'; value: number; t: number };

function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

/** mulberry32, as in the child. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Loading {
  child: ChildProcess;
  loaded: Promise<void>;
  output(): string;
}

/** A child process of round `round`, loading its modules; it touches the data folder only after `go`. */
function load(round: number): Loading {
  // Node's compile cache: the children after the first load their modules faster.
  const env = { ...process.env, NODE_COMPILE_CACHE: join(work, 'compile-cache') };
  const child = fork(CHILD, [projectDir, dataDir, String(round), String(SEED)], { execArgv: [], env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const loaded = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`round ${round}: the child exited (${code}) while loading\n${output}`)));
  });
  loaded.catch(() => undefined);
  return { child, loaded, output: () => output };
}

/** One run: start, burst, SIGKILL after `killAfter` acknowledged writes. Resolves with what was acknowledged. */
async function runAndKill(
  round: number,
  killAfter: number,
  loading: Loading,
  next: () => void,
): Promise<{ acks: Ack[]; atStart: { users: number; tokens: number }; ms: { loading: number; start: number; burst: number } }> {
  const { child, output } = loading;
  const waited = Date.now();
  await loading.loaded;
  const go = Date.now();
  child.send({ go: true });
  let readyAt = 0;
  const acks: Ack[] = [];
  const atStart = { users: 0, tokens: 0 };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`round ${round}: no ${acks.length ? 'more acks' : 'start'} in time\n${output()}`)), 60_000);
    child.on('message', (message: { ready?: boolean; users?: number; tokens?: number; refused?: string } & Partial<Ack>) => {
      if (message.refused) return reject(new Error(`round ${round}: the runtime refused to start: ${message.refused}`));
      if (message.ready) {
        atStart.users = message.users ?? 0;
        atStart.tokens = message.tokens ?? 0;
        readyAt = Date.now();
        next();
        return;
      }
      acks.push(message as Ack);
      // The kill lands wherever the child is now: between two writes, or in the middle of the next one.
      if (acks.length === killAfter) (clearTimeout(timer), child.kill('SIGKILL'), resolve());
    });
    child.once('exit', (code, signal) => signal !== 'SIGKILL' && (clearTimeout(timer), reject(new Error(`round ${round}: the child exited (${code})\n${output()}`))));
  });
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
  return { acks, atStart, ms: { loading: go - waited, start: readyAt - go, burst: Date.now() - readyAt } };
}

/** The value at t, from a stored point there or between its neighbours (compression may drop a point a line through them rebuilds). */
function historyHas(storage: SqliteStorage, tag: number, t: number, value: number): boolean {
  const at = storage.readRaw(tag, t - 5, t + 6, 20);
  if (at.some((p) => p.v === value)) return true;
  const before = storage.pointBefore(tag, t);
  const after = storage.pointAtOrAfter(tag, t);
  if (!before || !after || typeof before.v !== 'number' || typeof after.v !== 'number') return false;
  const v = before.v + ((after.v - before.v) * (t - before.t)) / Math.max(1, after.t - before.t);
  return Math.abs(v - value) < 1e-6 * Math.max(1, Math.abs(value));
}

interface Counts {
  audit: number;
  users: number;
  tokens: number;
  journal: number;
  logbook: number;
  outbox: number;
  history: number;
}

/** Opens every store as the next start would, and checks what was acknowledged so far. */
function check(all: Ack[]): Counts {
  for (const store of ['history', 'alarms', 'audit', 'mes', 'reports', 'users']) expect(existsSync(join(dataDir, `${store}.sqlite${MARKER_SUFFIX}`)), store).toBe(true);
  const audit = new AuditTrail(join(dataDir, 'audit.sqlite'), { now: () => Date.now() });
  const users = new UserStore(join(dataDir, 'users.sqlite'));
  const journal = new AlarmJournal(join(dataDir, 'alarms.sqlite'));
  const reports = new ReportStore(join(dataDir, 'reports.sqlite'));
  const mes = new MesStore(join(dataDir, 'mes.sqlite'));
  const history = new SqliteStorage(join(dataDir, 'history.sqlite'));
  try {
    const verified = audit.verify();
    expect(verified, 'the audit chain after a kill').toMatchObject({ ok: true });
    const written = new Set(audit.search({ action: 'tags.write', limit: 5000 }).records.filter((r) => r.target === 'Line1/Burst').map((r) => r.newValue));
    const comments = new Set(journal.history({ kinds: ['comment'], limit: 100_000, offset: 0 }).entries.map((e) => e.comment));
    const logbook = new Set(reports.logbook(0, 8.64e15).map((e) => e.text));
    const outbox = new Set(mes.prepared('SELECT key FROM outbox').pluck().all() as string[]);
    const [burst] = history.tagIds(['Line1/Burst']) as [number];
    const tokens = new Set(users.tokens().map((t) => t.name));
    const missing: string[] = [];
    for (const a of all) {
      if (a.ack === 'write' && !written.has(String(a.value))) missing.push(`audit record of the write ${a.value}`);
      if (a.ack === 'comment' && !comments.has(a.text)) missing.push(`journal comment ${a.text}`);
      if (a.ack === 'logbook' && !logbook.has(a.text)) missing.push(`logbook entry ${a.text}`);
      if (a.ack === 'mes' && !outbox.has(a.key)) missing.push(`outbox message ${a.key}`);
      if (a.ack === 'token' && !tokens.has(a.name)) missing.push(`API token ${a.name}`);
      if (a.ack === 'history' && !historyHas(history, burst, a.t, a.value)) missing.push(`history of ${a.value} at ${a.t}`);
    }
    expect(missing, 'acknowledged and lost').toEqual([]);
    return {
      audit: verified.records,
      users: users.count(),
      tokens: tokens.size,
      journal: journal.history({ limit: 1, offset: 0 }).total,
      logbook: logbook.size,
      outbox: outbox.size,
      history: history.size().tagRows.reduce((n, r) => n + r.rows, 0),
    };
  } finally {
    history.close();
    mes.dispose();
    reports.dispose();
    journal.dispose();
    users.dispose();
    audit.dispose();
  }
}

describe(`SIGKILL in the middle of a write burst (seed ${SEED}, ${ROUNDS} kills)`, () => {
  it('loses nothing acknowledged, resets nothing, and starts again with live values after every kill', async () => {
    const rng = random(SEED);
    const all: Ack[] = [];
    let last: Counts | undefined;
    let loading = load(1);
    for (let round = 1; round <= ROUNDS; round++) {
      const killAfter = 3 + Math.floor(rng() * 40);
      let following: Loading | undefined;
      // Once this round's runtime runs, the next round's process loads its modules meanwhile.
      const { acks, atStart, ms } = await runAndKill(round, killAfter, loading, () => {
        if (round < ROUNDS) following = load(round + 1);
      });
      if (following) loading = following;
      const kinds = [...new Set(acks.map((a) => a.ack))].join(', ');
      console.log(`kill-burst: seed ${SEED}, round ${round}: killed after ${acks.length} acknowledged writes (${kinds}); still loading ${ms.loading} ms, start ${ms.start} ms, burst ${ms.burst} ms`);
      // Acknowledged writes already on their way when the signal went count too.
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);
      // Not a first start: the accounts and tokens came through the last kill, as the next start sees them.
      if (last) expect(atStart).toEqual({ users: last.users, tokens: last.tokens });
      all.push(...acks);
      const counts = check(all);
      if (last) for (const key of Object.keys(counts) as Array<keyof Counts>) expect(counts[key], `${key} after round ${round}`).toBeGreaterThanOrEqual(last[key]);
      last = counts;
    }
    // After the last kill: the next start is no first start and serves live values.
    const started = await startRuntime({ projectDir, dataDir, port: 0, token: 'fault-suite-token-0123456789' });
    if (!started.ok) throw new Error(started.error.message);
    const runtime = started.value;
    try {
      expect(runtime.users.firstStart).toBe(false);
      expect(runtime.users.tokens()).toHaveLength(last!.tokens);
      const wave = runtime.engine.slot('Line1/Wave')!;
      await new Promise<void>((resolve) => {
        const sink = runtime.engine.addSink((changed) => {
          if (changed.some((s) => s === wave && s.current.quality === 'Good')) (sink.dispose(), resolve());
        });
      });
    } finally {
      await runtime.dispose();
    }
  }, 180_000);
});
