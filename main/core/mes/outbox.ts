import type Database from 'better-sqlite3';
import type { OutboxEntry } from '../../../common/mes-contract.ts';
import type { MissingMapping } from '../../../common/mes.ts';
import type { OutboundKind, OutboundMessage } from './connector.ts';

interface Row {
  seq: number;
  connector: string;
  key: string;
  stream: string;
  stream_seq: number;
  kind: string;
  payload: string;
  state: OutboxEntry['state'];
  attempts: number;
  next_at: number;
  in_doubt: number;
  reason: string;
  created_at: number;
}

export interface OutboxRow {
  message: OutboundMessage;
  state: OutboxEntry['state'];
  nextAt: number;
  inDoubt: boolean;
  reason: string;
}

export interface Enqueue {
  connector: string;
  key: string;
  stream: string;
  kind: OutboundKind;
  payload: unknown;
}

/**
 * The outbox table. `enqueue` is called inside the transaction of the change that caused the
 * message; a stream's sequence is the next free number in it, so order is fixed at commit.
 */
export class Outbox {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly maxSeq: Database.Statement;
  private readonly headStmt: Database.Statement;
  private readonly markStmt: Database.Statement;
  private readonly getStmt: Database.Statement;
  private readonly sendingStmt: Database.Statement;
  private readonly attemptStmt: Database.Statement;

  constructor(db: Database.Database) {
    this.db = db;
    this.insert = db.prepare("INSERT INTO outbox (connector, key, stream, stream_seq, kind, payload, state, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?)");
    this.maxSeq = db.prepare('SELECT MAX(stream_seq) AS n FROM outbox WHERE connector = ? AND stream = ?');
    this.headStmt = db.prepare("SELECT * FROM outbox WHERE connector = ? AND stream = ? AND state != 'delivered' ORDER BY stream_seq LIMIT 1");
    this.markStmt = db.prepare('UPDATE outbox SET state = ?, attempts = ?, next_at = ?, in_doubt = ?, reason = ?, delivered_at = ? WHERE seq = ?');
    this.getStmt = db.prepare('SELECT * FROM outbox WHERE connector = ? AND key = ?');
    this.sendingStmt = db.prepare('UPDATE outbox SET in_doubt = 1, attempts = ? WHERE connector = ? AND key = ?');
    this.attemptStmt = db.prepare('UPDATE outbox SET attempts = ? WHERE connector = ? AND key = ?');
  }

  /** Returns false when the key is already queued for that connector (the message exists once). */
  enqueue(e: Enqueue, at: number): boolean {
    if (this.getStmt.get(e.connector, e.key)) return false;
    const n = (this.maxSeq.get(e.connector, e.stream) as { n: number | null }).n ?? 0;
    this.insert.run(e.connector, e.key, e.stream, n + 1, e.kind, JSON.stringify(e.payload), at);
    return true;
  }

  /** Streams with something not yet delivered, per connector. */
  openStreams(connector: string): string[] {
    const rows = this.db.prepare("SELECT DISTINCT stream FROM outbox WHERE connector = ? AND state != 'delivered'").all(connector) as Array<{ stream: string }>;
    return rows.map((r) => r.stream);
  }

  /** The first undelivered message of a stream: the only one that may be sent. */
  head(connector: string, stream: string): OutboxRow | undefined {
    const row = this.headStmt.get(connector, stream) as Row | undefined;
    return row ? toOutboxRow(row) : undefined;
  }

  get(connector: string, key: string): OutboxRow | undefined {
    const row = this.getStmt.get(connector, key) as Row | undefined;
    return row ? toOutboxRow(row) : undefined;
  }

  entry(connector: string, key: string): OutboxEntry | undefined {
    const row = this.getStmt.get(connector, key) as Row | undefined;
    return row ? toEntry(row) : undefined;
  }

  /** A read-back is about to ask the MES: the attempt counts (for the backoff) even if the process dies now. */
  markAttempt(connector: string, key: string, attempts: number): void {
    this.attemptStmt.run(attempts, connector, key);
  }

  /** Recorded before the message leaves: a crash from here on leaves it in doubt (read back first). */
  markSending(connector: string, key: string, attempts: number): void {
    this.sendingStmt.run(attempts, connector, key);
  }

  delivered(r: OutboxRow, at: number): void {
    this.mark(r, 'delivered', 0, false, '', at);
  }

  retry(r: OutboxRow, nextAt: number, reason: string, inDoubt: boolean): void {
    this.mark(r, 'pending', nextAt, inDoubt, reason);
  }

  quarantine(r: OutboxRow, reason: string): void {
    this.mark(r, 'quarantined', 0, false, reason);
  }

  block(r: OutboxRow, missing: readonly MissingMapping[], reason: string): void {
    this.mark(r, 'blocked', 0, r.inDoubt, JSON.stringify({ reason, missing }));
  }

  /** Quarantined or blocked → pending, now. */
  requeue(connector: string, key: string): boolean {
    return this.db.prepare("UPDATE outbox SET state = 'pending', next_at = 0 WHERE connector = ? AND key = ? AND state IN ('quarantined', 'blocked')").run(connector, key).changes > 0;
  }

  /** A waiting message is sent now instead of after its backoff. */
  retryNow(connector: string, key: string): boolean {
    return this.db.prepare("UPDATE outbox SET next_at = 0 WHERE connector = ? AND key = ? AND state = 'pending'").run(connector, key).changes > 0;
  }

  /** Every waiting message of the connector is due now (the peer is reachable again). */
  retryAllNow(connector: string): number {
    return this.db.prepare("UPDATE outbox SET next_at = 0 WHERE connector = ? AND state = 'pending' AND next_at > 0").run(connector).changes;
  }

  /** Every blocked message of the connector back to pending (after its mappings changed). */
  releaseBlocked(connector: string): number {
    return this.db.prepare("UPDATE outbox SET state = 'pending', next_at = 0 WHERE connector = ? AND state = 'blocked'").run(connector).changes;
  }

  counts(connector: string): { pending: number; blocked: number; quarantined: number; delivered: number; oldest?: number } {
    const rows = this.db.prepare('SELECT state, COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE connector = ? GROUP BY state').all(connector) as Array<{ state: string; n: number; oldest: number }>;
    const out: { pending: number; blocked: number; quarantined: number; delivered: number; oldest?: number } = { pending: 0, blocked: 0, quarantined: 0, delivered: 0 };
    for (const r of rows) {
      if (r.state === 'pending' || r.state === 'blocked' || r.state === 'quarantined' || r.state === 'delivered') out[r.state] = r.n;
      if (r.state !== 'delivered') out.oldest = Math.min(out.oldest ?? Infinity, r.oldest);
    }
    return out;
  }

  /** A stream's messages of one kind, in stream order, whatever their state (an order's confirmations). */
  ofStream(stream: string, kind: OutboundKind): OutboxEntry[] {
    const rows = this.db.prepare('SELECT * FROM outbox WHERE stream = ? AND kind = ? ORDER BY stream_seq').all(stream, kind) as Row[];
    return rows.map(toEntry);
  }

  problems(limit = 200): OutboxEntry[] {
    const rows = this.db.prepare("SELECT * FROM outbox WHERE state IN ('quarantined', 'blocked') ORDER BY seq LIMIT ?").all(limit) as Row[];
    return rows.map(toEntry);
  }

  private mark(r: OutboxRow, state: OutboxEntry['state'], nextAt: number, inDoubt: boolean, reason: string, deliveredAt: number | null = null): void {
    this.markStmt.run(state, r.message.attempts, nextAt, inDoubt ? 1 : 0, reason, deliveredAt, seqOf(r));
  }
}

const SEQ = Symbol('seq');
function seqOf(r: OutboxRow): number {
  return (r as OutboxRow & { [SEQ]: number })[SEQ];
}

function toOutboxRow(row: Row): OutboxRow {
  const message = {
    key: row.key,
    connector: row.connector,
    stream: row.stream,
    sequence: row.stream_seq,
    attempts: row.attempts,
    createdAt: row.created_at,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
  } as OutboundMessage;
  const out: OutboxRow = { message, state: row.state, nextAt: row.next_at, inDoubt: row.in_doubt === 1, reason: row.reason };
  Object.defineProperty(out, SEQ, { value: row.seq, enumerable: false });
  return out;
}

function toEntry(row: Row): OutboxEntry {
  return {
    connector: row.connector,
    key: row.key,
    kind: row.kind,
    stream: row.stream,
    streamSeq: row.stream_seq,
    state: row.state,
    attempts: row.attempts,
    reason: row.reason,
    payload: JSON.parse(row.payload) as unknown,
    createdAt: row.created_at,
    nextAt: row.next_at,
  };
}
