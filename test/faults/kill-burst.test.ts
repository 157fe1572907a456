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
import { TagStore } from '../../main/core/tags/tag-store.ts';
import { UserStore } from '../../main/core/users/user-store.ts';
import { startRuntime } from '../../main/runtime.ts';
import { seededRandom } from '../support/seeded-random.ts';

/**
 * A process writes to every store in a burst (kill-burst-child.ts: the runtime's stores, historian
 * worker included); the test kills it with SIGKILL at seeded random points, then checks the files:
 * every write that was acknowledged is there, nothing was reset (counts only grow, markers stay), and
 * the whole runtime starts on the folder and serves live values. LINESIDE_FAULT_SEED picks another
 * sequence of kill points.
 */
const SEED = Number(process.env['LINESIDE_FAULT_SEED'] ?? 15_003);
const ROUNDS = 5;
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

type Ack = { ack: 'audit'; value: number } | { ack: 'logbook' | 'comment'; text: string } | { ack: 'mes'; key: string } | { ack: 'token'; name: string } | { ack: 'memory'; value: number } | { ack: 'history'; value: number; t: number };

function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  return exited;
}

/** One run: the child's stores, a burst, SIGKILL after `killAfter` acknowledged writes. Resolves with what was acknowledged. */
async function runAndKill(round: number, killAfter: number): Promise<{ acks: Ack[]; atStart: { users: number; tokens: number } }> {
  const child = fork(CHILD, [projectDir, dataDir, String(round), String(SEED)], { execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const acks: Ack[] = [];
  const atStart = { users: 0, tokens: 0 };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`round ${round}: no ${acks.length ? 'more acks' : 'start'} in time\n${output}`)), 60_000);
    child.on('message', (message: { ready?: boolean; users?: number; tokens?: number } & Partial<Ack>) => {
      if (message.ready) {
        atStart.users = message.users ?? 0;
        atStart.tokens = message.tokens ?? 0;
        return;
      }
      acks.push(message as Ack);
      // The kill lands wherever the child is now: between two writes, or in the middle of the next one.
      if (acks.length === killAfter) (clearTimeout(timer), child.kill('SIGKILL'), resolve());
    });
    child.once('exit', (code, signal) => signal !== 'SIGKILL' && (clearTimeout(timer), reject(new Error(`round ${round}: the child exited (${code})\n${output}`))));
  });
  if (child.exitCode === null && child.signalCode === null) await new Promise((resolve) => child.once('exit', resolve));
  return { acks, atStart };
}

/** The whole runtime on the folder the child was killed in: it starts (no refusal), is no first start, and serves live values. */
async function startsLive(expected: { users: number; tokens: number }): Promise<void> {
  const started = await startRuntime({ projectDir, dataDir, port: 0, token: 'fault-suite-token-0123456789' });
  if (!started.ok) throw new Error(`the runtime refused after a kill: ${started.error.message}`);
  const runtime = started.value;
  try {
    expect(runtime.users.firstStart).toBe(false);
    expect({ users: runtime.users.list().length, tokens: runtime.users.tokens().length }).toEqual(expected);
    const wave = runtime.engine.slot('Line1/Wave')!;
    await new Promise<void>((resolve) => {
      const sink = runtime.engine.addSink((changed) => {
        if (changed.some((s) => s === wave && s.current.quality === 'Good')) (sink.dispose(), resolve());
      });
    });
  } finally {
    await runtime.dispose();
  }
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
  memory: number;
}

/** Opens every store as the next start would, and checks what was acknowledged so far. */
function check(all: Ack[]): Counts {
  for (const store of ['history', 'alarms', 'audit', 'mes', 'reports', 'users', 'tags']) expect(existsSync(join(dataDir, `${store}.sqlite${MARKER_SUFFIX}`)), store).toBe(true);
  const audit = new AuditTrail(join(dataDir, 'audit.sqlite'), { now: () => Date.now() });
  const users = new UserStore(join(dataDir, 'users.sqlite'));
  const journal = new AlarmJournal(join(dataDir, 'alarms.sqlite'));
  const reports = new ReportStore(join(dataDir, 'reports.sqlite'));
  const mes = new MesStore(join(dataDir, 'mes.sqlite'));
  const history = new SqliteStorage(join(dataDir, 'history.sqlite'));
  const tagStore = new TagStore(join(dataDir, 'tags.sqlite'));
  try {
    const verified = audit.verify();
    expect(verified, 'the audit chain after a kill').toMatchObject({ ok: true });
    const written = new Set(audit.search({ action: 'burst.write', limit: 5000 }).records.map((r) => r.newValue));
    const comments = new Set(journal.history({ kinds: ['comment'], limit: 100_000, offset: 0 }).entries.map((e) => e.comment));
    const logbook = new Set(reports.logbook(0, 8.64e15).map((e) => e.text));
    const outbox = new Set(mes.prepared('SELECT key FROM outbox').pluck().all() as string[]);
    const [burst] = history.tagIds(['Line1/Burst']) as [number];
    const tokens = new Set(users.tokens().map((t) => t.name));
    // Values only grow: the stored one is the last acknowledged or a later one (committed, not yet acknowledged).
    const memo = tagStore.memoryValues().get('Line1/Memo')?.value ?? -1;
    const missing: string[] = [];
    for (const a of all) {
      if (a.ack === 'memory' && !(typeof memo === 'number' && memo >= a.value)) missing.push(`memory value ${a.value} (stored: ${memo})`);
      if (a.ack === 'audit' && !written.has(String(a.value))) missing.push(`audit record ${a.value}`);
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
      memory: typeof memo === 'number' ? memo : -1,
    };
  } finally {
    tagStore.dispose();
    history.close();
    mes.dispose();
    reports.dispose();
    journal.dispose();
    users.dispose();
    audit.dispose();
  }
}

describe(`SIGKILL in the middle of a write burst (seed ${SEED}, ${ROUNDS} kills)`, () => {
  it('loses nothing acknowledged, resets nothing, and the runtime starts again with live values', async () => {
    const rng = seededRandom(SEED);
    const all: Ack[] = [];
    let last: Counts | undefined;
    for (let round = 1; round <= ROUNDS; round++) {
      const killAfter = 3 + Math.floor(rng() * 60);
      const began = Date.now();
      const { acks, atStart } = await runAndKill(round, killAfter);
      const kinds = [...new Set(acks.map((a) => a.ack))].join(', ');
      console.log(`kill-burst: seed ${SEED}, round ${round}: killed after ${acks.length} acknowledged writes (${kinds}) in ${Date.now() - began} ms`);
      // Acknowledged writes already on their way when the signal went count too.
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);
      // Not a first start: the accounts and tokens came through the last kill, as the next process sees them.
      if (last) expect(atStart).toEqual({ users: last.users, tokens: last.tokens });
      all.push(...acks);
      const counts = check(all);
      if (last) for (const key of Object.keys(counts) as Array<keyof Counts>) expect(counts[key], `${key} after round ${round}`).toBeGreaterThanOrEqual(last[key]);
      last = counts;
    }
    // The whole runtime on the folder after the last kill: no refusal, no first start, live values.
    await startsLive({ users: last!.users, tokens: last!.tokens });
  }, 240_000);
});
