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

/** Where the MES service's audited actions go: the runtime passes the station's hash-chained audit trail. */
export interface AuditSink {
  record(entry: AuditEntry): void;
}

/** Who did an audited MES action: a person (with the station it came from), the MES or the runtime. */
export interface Caller {
  name: string;
  role: string;
  /** The station the action came from (for the audit trail); absent for the runtime itself. */
  station?: string;
}
