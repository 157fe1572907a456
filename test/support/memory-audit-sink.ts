import type { AuditEntry, AuditSink } from '../../main/core/mes/audit.ts';

/** The MES service's audit records, kept in memory for a test to read (the runtime passes the station's audit trail). */
export class MemoryAuditSink implements AuditSink {
  readonly entries: AuditEntry[] = [];

  record(entry: AuditEntry): void {
    this.entries.push(structuredClone(entry));
  }

  /** The records of one target (an order key, `connector/message key`...), oldest first. */
  of(target: string): AuditEntry[] {
    return this.entries.filter((e) => e.target === target);
  }
}
