import type Database from 'better-sqlite3';
import type { Disposable } from '../../../common/emitter.ts';
import type { AlarmInfo } from '../../../common/alarms.ts';
import type { NotificationEntry, NotificationKind, NotificationState } from '../../../common/notify-contract.ts';
import { StoreHealth, type StoreHealthOptions } from '../storage/store-health.ts';
import { openWatchedStore } from '../storage/watched-store.ts';
import type { Migration } from '../storage/store-spec.ts';

export const NOTIFY_STORE_FILE = 'notify.sqlite';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'notification outbox, delivery attempts and pending escalations',
    up: (db) => {
      db.exec(`
        CREATE TABLE IF NOT EXISTS messages (
          id TEXT PRIMARY KEY,
          rule TEXT NOT NULL,
          alarm_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          level INTEGER NOT NULL,
          channel TEXT NOT NULL,
          recipients TEXT NOT NULL,
          subject TEXT NOT NULL,
          body TEXT NOT NULL,
          payload TEXT NOT NULL,
          state TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0,
          next_at INTEGER NOT NULL,
          created_at INTEGER NOT NULL,
          sent_at INTEGER,
          last_error TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX IF NOT EXISTS messages_due ON messages (state, next_at);
        CREATE INDEX IF NOT EXISTS messages_created ON messages (created_at);
        CREATE TABLE IF NOT EXISTS attempts (
          seq INTEGER PRIMARY KEY AUTOINCREMENT,
          message_id TEXT NOT NULL,
          at INTEGER NOT NULL,
          outcome TEXT NOT NULL,
          detail TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS attempts_message ON attempts (message_id);
        CREATE TABLE IF NOT EXISTS escalations (
          rule TEXT NOT NULL,
          alarm_id TEXT NOT NULL,
          raised_at INTEGER NOT NULL,
          next_level INTEGER NOT NULL,
          due_at INTEGER NOT NULL,
          PRIMARY KEY (rule, alarm_id)
        );
      `);
    },
  },
  {
    version: 2,
    description: "the flood guard's open windows and the alarms they hold for the summary, so a restart inside a window still sends it",
    up: (db) => {
      db.exec(`
        CREATE TABLE IF NOT EXISTS flood_windows (
          rule TEXT PRIMARY KEY,
          start INTEGER NOT NULL,
          count INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS flood_held (
          rule TEXT NOT NULL,
          alarm_id TEXT NOT NULL,
          seq INTEGER NOT NULL,
          info TEXT NOT NULL,
          PRIMARY KEY (rule, alarm_id)
        );
      `);
    },
  },
];

/** A message to deliver, as queued. `id` is the Message-ID (without brackets), kept on every retry. */
export interface QueuedMessage {
  id: string;
  rule: string;
  alarmId: string;
  kind: NotificationKind;
  level: number;
  /** `email` or `webhook:<name>`. */
  channel: string;
  /** E-mail addresses, or for a webhook the people's names. */
  recipients: string[];
  subject: string;
  body: string;
  /** What a webhook receives as JSON (the alarm, value, equipment, link...). */
  payload: Record<string, unknown>;
}

export interface StoredMessage extends QueuedMessage {
  state: NotificationState;
  attempts: number;
  nextAt: number;
  createdAt: number;
  sentAt: number | undefined;
  lastError: string;
}

export interface Escalation {
  rule: string;
  alarmId: string;
  raisedAt: number;
  nextLevel: number;
  dueAt: number;
}

/** A rule's open flood window: when it began, messages counted, and the alarms held for its summary (in order). */
export interface FloodWindow {
  start: number;
  count: number;
  held: AlarmInfo[];
}

/** What a tick changed in a window: its count, and the alarms it newly holds. */
export interface FloodChange {
  rule: string;
  start: number;
  count: number;
  added: readonly AlarmInfo[];
}

/** One step of an escalation, as `escalate` writes it. */
export interface EscalationStep {
  rule: string;
  alarmId: string;
  next: Escalation | undefined;
  messages: readonly QueuedMessage[];
  state: 'pending' | 'quiet';
}

interface MessageRow {
  id: string;
  rule: string;
  alarm_id: string;
  kind: NotificationKind;
  level: number;
  channel: string;
  recipients: string;
  subject: string;
  body: string;
  payload: string;
  state: NotificationState;
  attempts: number;
  next_at: number;
  created_at: number;
  sent_at: number | null;
  last_error: string;
}

/**
 * The notification outbox and log (notify.sqlite): every message with its state (pending, sent,
 * failed, quiet), each delivery attempt and its outcome, and the escalations still to come. A message
 * is committed here before it is sent and marked sent only after the server accepted it, so delivery
 * is at least once across crashes and restarts, always under the same message id.
 */
export class NotifyStore implements Disposable {
  readonly health: StoreHealth;
  private readonly db: Database.Database;
  private readonly insertStmt: Database.Statement;
  private readonly attemptStmt: Database.Statement;
  private readonly dueStmt: Database.Statement;
  private readonly nextDueStmt: Database.Statement;
  private readonly sentStmt: Database.Statement;
  private readonly giveUpStmt: Database.Statement;
  private readonly retryStmt: Database.Statement;
  private readonly deleteEscalationStmt: Database.Statement;
  private readonly insertEscalationStmt: Database.Statement;
  private readonly upsertFloodStmt: Database.Statement;
  private readonly holdStmt: Database.Statement;

  constructor(file: string, options: StoreHealthOptions = {}) {
    const watched = openWatchedStore(
      {
        store: 'notify',
        file,
        migrations: MIGRATIONS,
        holds: 'the notification log, the messages not yet delivered and the escalations to come',
        emptyMeans: 'messages not yet delivered and escalations under way would be lost',
      },
      options,
    );
    this.db = watched.db;
    this.health = watched.health;
    this.insertStmt = this.db.prepare(
      'INSERT OR IGNORE INTO messages (id, rule, alarm_id, kind, level, channel, recipients, subject, body, payload, state, next_at, created_at) VALUES (@id, @rule, @alarmId, @kind, @level, @channel, @recipients, @subject, @body, @payload, @state, @at, @at)',
    );
    this.attemptStmt = this.db.prepare('INSERT INTO attempts (message_id, at, outcome, detail) VALUES (?, ?, ?, ?)');
    this.dueStmt = this.db.prepare("SELECT * FROM messages WHERE state = 'pending' AND next_at <= ? ORDER BY created_at, id LIMIT ?");
    this.nextDueStmt = this.db.prepare("SELECT MIN(next_at) AS at FROM messages WHERE state = 'pending'");
    this.sentStmt = this.db.prepare("UPDATE messages SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '' WHERE id = ?");
    this.giveUpStmt = this.db.prepare("UPDATE messages SET state = 'failed', attempts = attempts + 1, last_error = ? WHERE id = ?");
    this.retryStmt = this.db.prepare('UPDATE messages SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?');
    this.deleteEscalationStmt = this.db.prepare('DELETE FROM escalations WHERE rule = ? AND alarm_id = ?');
    this.insertEscalationStmt = this.db.prepare('INSERT INTO escalations (rule, alarm_id, raised_at, next_level, due_at) VALUES (?, ?, ?, ?, ?)');
    this.upsertFloodStmt = this.db.prepare('INSERT INTO flood_windows (rule, start, count) VALUES (?, ?, ?) ON CONFLICT (rule) DO UPDATE SET start = excluded.start, count = excluded.count');
    this.holdStmt = this.db.prepare('INSERT OR IGNORE INTO flood_held (rule, alarm_id, seq, info) VALUES (?, ?, (SELECT COUNT(*) FROM flood_held WHERE rule = ?), ?)');
  }

  private write<T>(work: () => T): T {
    return this.health.run(work);
  }

  /** Queues messages (state pending, due now) or logs them as held back (`quiet`), in one transaction. */
  enqueue(messages: readonly QueuedMessage[], at: number, state: 'pending' | 'quiet' = 'pending'): void {
    if (messages.length === 0) return;
    this.write(() =>
      this.db.transaction(() => {
        for (const m of messages) {
          this.insertStmt.run({ ...m, recipients: JSON.stringify(m.recipients), payload: JSON.stringify(m.payload), state, at });
          if (state === 'quiet') this.attemptStmt.run(m.id, at, 'quiet', 'quiet hours: not sent');
        }
      })(),
    );
  }

  /** Pending messages due at `now`, oldest first. */
  due(now: number, limit: number): StoredMessage[] {
    const rows = this.dueStmt.all(now, limit) as MessageRow[];
    return rows.map(toStored);
  }

  /** The earliest time a pending message is due (undefined: none pending). */
  nextDue(): number | undefined {
    const row = this.nextDueStmt.get() as { at: number | null };
    return row.at ?? undefined;
  }

  markSent(id: string, at: number, detail: string): void {
    this.write(() =>
      this.db.transaction(() => {
        this.sentStmt.run(at, id);
        this.attemptStmt.run(id, at, 'sent', detail);
      })(),
    );
  }

  /** A failed attempt: retried at `retryAt`, or given up (`retryAt` undefined: state failed). */
  markFailed(id: string, at: number, error: string, retryAt: number | undefined): void {
    this.write(() =>
      this.db.transaction(() => {
        if (retryAt === undefined) this.giveUpStmt.run(error, id);
        else this.retryStmt.run(retryAt, error, id);
        this.attemptStmt.run(id, at, retryAt === undefined ? 'failed' : 'retry', error);
      })(),
    );
  }

  /** Pending messages of a channel wait until `at` (its server is down: no point asking for each). */
  postpone(channel: string, at: number): void {
    this.write(() => this.db.prepare("UPDATE messages SET next_at = MAX(next_at, ?) WHERE state = 'pending' AND channel = ?").run(at, channel));
  }

  get(id: string): StoredMessage | undefined {
    const row = this.db.prepare('SELECT * FROM messages WHERE id = ?').get(id) as MessageRow | undefined;
    return row ? toStored(row) : undefined;
  }

  /** The log, newest first. */
  list(limit: number, filter: { rule?: string | undefined; alarmId?: string | undefined } = {}): NotificationEntry[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.rule) where.push('rule = ?') && args.push(filter.rule);
    if (filter.alarmId) where.push('alarm_id = ?') && args.push(filter.alarmId);
    const rows = this.db.prepare(`SELECT * FROM messages ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`).all(...args, limit) as MessageRow[];
    const attempts = this.db.prepare('SELECT at, outcome, detail FROM attempts WHERE message_id = ? ORDER BY seq');
    return rows.map((row) => {
      const m = toStored(row);
      return {
        id: m.id,
        rule: m.rule,
        alarmId: m.alarmId,
        kind: m.kind,
        level: m.level,
        channel: m.channel,
        recipients: m.recipients,
        subject: m.subject,
        state: m.state,
        attempts: m.attempts,
        createdAt: m.createdAt,
        ...(m.sentAt !== undefined ? { sentAt: m.sentAt } : {}),
        nextAt: m.nextAt,
        lastError: m.lastError,
        history: (attempts.all(m.id) as Array<{ at: number; outcome: string; detail: string }>).map((a) => ({ at: a.at, outcome: a.outcome, detail: a.detail })),
      };
    });
  }

  /** Messages per state (for the log's header and the benchmark). */
  counts(): Record<NotificationState, number> {
    const out: Record<NotificationState, number> = { pending: 0, sent: 0, failed: 0, quiet: 0 };
    for (const row of this.db.prepare('SELECT state, COUNT(*) AS n FROM messages GROUP BY state').all() as Array<{ state: NotificationState; n: number }>) out[row.state] = row.n;
    return out;
  }

  escalations(): Escalation[] {
    const rows = this.db.prepare('SELECT * FROM escalations').all() as Array<{ rule: string; alarm_id: string; raised_at: number; next_level: number; due_at: number }>;
    return rows.map((r) => ({ rule: r.rule, alarmId: r.alarm_id, raisedAt: r.raised_at, nextLevel: r.next_level, dueAt: r.due_at }));
  }

  /**
   * Escalation steps, in one transaction: each replaces (or removes, `next` undefined) an alarm's
   * escalation under a rule and queues the step's messages.
   */
  escalate(steps: readonly EscalationStep[], at: number, floods: readonly FloodChange[] = []): void {
    if (steps.length === 0 && floods.length === 0) return;
    this.write(() =>
      this.db.transaction(() => {
        for (const { rule, alarmId, next, messages, state } of steps) {
          this.deleteEscalationStmt.run(rule, alarmId);
          if (next) this.insertEscalationStmt.run(next.rule, next.alarmId, next.raisedAt, next.nextLevel, next.dueAt);
          this.enqueue(messages, at, state);
        }
        for (const f of floods) {
          this.upsertFloodStmt.run(f.rule, f.start, f.count);
          for (const info of f.added) this.holdStmt.run(f.rule, info.id, f.rule, JSON.stringify(info));
        }
      })(),
    );
  }

  /** The flood windows open at the last stop, with the alarms each holds in the order they came. */
  floodWindows(): Map<string, FloodWindow> {
    const out = new Map<string, FloodWindow>();
    for (const w of this.db.prepare('SELECT rule, start, count FROM flood_windows').all() as Array<{ rule: string; start: number; count: number }>) out.set(w.rule, { start: w.start, count: w.count, held: [] });
    for (const h of this.db.prepare('SELECT rule, info FROM flood_held ORDER BY rule, seq').all() as Array<{ rule: string; info: string }>) out.get(h.rule)?.held.push(JSON.parse(h.info) as AlarmInfo);
    return out;
  }

  /** A window ends: its summary is queued and the window forgotten, in one transaction (a crash does neither or both). */
  closeFlood(rule: string, messages: readonly QueuedMessage[], at: number): void {
    this.write(() =>
      this.db.transaction(() => {
        this.enqueue(messages, at);
        this.db.prepare('DELETE FROM flood_windows WHERE rule = ?').run(rule);
        this.db.prepare('DELETE FROM flood_held WHERE rule = ?').run(rule);
      })(),
    );
  }

  /** Ends every escalation of an alarm (acknowledged, shelved...). */
  stopEscalations(alarmId: string): number {
    return this.write(() => this.db.prepare('DELETE FROM escalations WHERE alarm_id = ?').run(alarmId).changes);
  }

  dispose(): void {
    this.health.dispose();
    this.db.close();
  }
}

function toStored(row: MessageRow): StoredMessage {
  return {
    id: row.id,
    rule: row.rule,
    alarmId: row.alarm_id,
    kind: row.kind,
    level: row.level,
    channel: row.channel,
    recipients: JSON.parse(row.recipients) as string[],
    subject: row.subject,
    body: row.body,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    state: row.state,
    attempts: row.attempts,
    nextAt: row.next_at,
    createdAt: row.created_at,
    sentAt: row.sent_at ?? undefined,
    lastError: row.last_error,
  };
}
