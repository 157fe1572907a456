import type Database from 'better-sqlite3';

export interface AuditEntry {
  at: number;
  user: string;
  role: string;
  station?: string;
  /** What was done, as a contract-style name (`workOrders.start`, `sync.requeue`). */
  action: string;
  /** What it was done to (an order key, `connector/message key`, a downtime id). */
  target: string;
  detail: unknown;
}

/** Where audited actions go; one interface so the hash-chained audit trail can replace the table. */
export interface AuditSink {
  record(entry: AuditEntry): void;
}

/** Append-only audit table in the MES store (the caller's transaction includes it). */
export class SqliteAuditSink implements AuditSink {
  private readonly insert: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO audit (at, user, role, action, target, detail) VALUES (?, ?, ?, ?, ?, ?)');
  }

  record(entry: AuditEntry): void {
    this.insert.run(entry.at, entry.user, entry.role, entry.action, entry.target, JSON.stringify(entry.detail ?? null));
  }
}
