import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Disposable } from '../../../common/emitter.ts';
import { isProvisionalReport, type LogbookEntry, type Report, type ReportContent, type ReportSummary, type SignatureRecord } from '../../../common/reports-contract.ts';
import type { Classification } from '../oee/oee-calc.ts';
import { StoreHealth, type StoreHealthOptions } from '../storage/store-health.ts';
import { openWatchedStore } from '../storage/watched-store.ts';
import type { Migration } from '../storage/store-spec.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS reports (
  id INTEGER PRIMARY KEY,
  shift_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  generated_at INTEGER NOT NULL,
  content TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  signature TEXT,
  UNIQUE (shift_id, version)
);
CREATE TABLE IF NOT EXISTS generated_shifts (
  shift_id TEXT PRIMARY KEY,
  at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS logbook (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user TEXT NOT NULL,
  role TEXT NOT NULL,
  line TEXT NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS logbook_at ON logbook (at);
CREATE TABLE IF NOT EXISTS downtime_classification (
  line TEXT NOT NULL,
  start INTEGER NOT NULL,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  user TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (line, start)
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);`;

/** reports.sqlite's schema versions; 1 is the schema from before versions. */
export const REPORTS_MIGRATIONS: readonly Migration[] = [{ version: 1, description: 'reports, logbook, downtime classifications', up: (db) => db.exec(SCHEMA) }];

interface ReportRow {
  id: number;
  shift_id: string;
  version: number;
  generated_at: number;
  content: string;
  sha256: string;
  signature: string | null;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Reports, the shift logbook, operator downtime classifications and which shifts were generated, in
 * one SQLite file (WAL). A report's content is stored as the exact JSON text its SHA-256 covers; a
 * signed report is never updated: regenerating adds a version.
 */
export class ReportStore implements Disposable {
  /** Ok, or failing (disk full...): a write then throws a StoreUnavailableError (a refusal for the caller). */
  readonly health: StoreHealth;
  private readonly db: Database.Database;

  constructor(file: string, options: StoreHealthOptions = {}) {
    const watched = openWatchedStore(
      {
        store: 'reports',
        file,
        migrations: REPORTS_MIGRATIONS,
        holds: 'the shift reports with their signatures, the logbook and the downtime classifications',
        emptyMeans: 'signed reports would be gone and the shifts since it was first opened generated anew',
      },
      options,
    );
    this.db = watched.db;
    this.health = watched.health;
  }

  /** Runs a write; a failing store (disk full...) throws its refusal, reported to the health. */
  private write<T>(work: () => T): T {
    return this.health.run(work);
  }

  /** The first time this store was opened (the catch-up never reaches before it). */
  firstOpenedAt(now: number): number {
    const read = () => this.db.prepare('SELECT value FROM meta WHERE key = ?').get('firstOpenedAt') as { value: string } | undefined;
    const known = read();
    if (known) return Number(known.value);
    this.write(() => this.db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('firstOpenedAt', String(now)));
    return Number(read()!.value);
  }

  wasGenerated(shiftId: string): boolean {
    return this.db.prepare('SELECT 1 FROM generated_shifts WHERE shift_id = ?').get(shiftId) !== undefined;
  }

  /** Adds the next version of a shift's report; `automatic` also marks the shift as generated, in one transaction. */
  add(content: Omit<ReportContent, 'version'>, automatic: boolean): ReportSummary {
    return this.write(() =>
      this.db.transaction(() => {
        const last = this.db.prepare('SELECT MAX(version) AS v FROM reports WHERE shift_id = ?').get(content.shift.id) as { v: number | null };
        const full: ReportContent = { ...content, version: (last.v ?? 0) + 1 };
        const text = JSON.stringify(full);
        const info = this.db.prepare('INSERT INTO reports (shift_id, version, generated_at, content, sha256) VALUES (?, ?, ?, ?, ?)').run(full.shift.id, full.version, full.generatedAt, text, sha256Hex(text));
        if (automatic) this.db.prepare('INSERT OR IGNORE INTO generated_shifts (shift_id, at) VALUES (?, ?)').run(full.shift.id, full.generatedAt);
        return this.summary(this.row(Number(info.lastInsertRowid))!);
      })(),
    );
  }

  list(limit: number): ReportSummary[] {
    const rows = this.db.prepare(`SELECT * FROM reports ORDER BY json_extract(content, '$.shift.start') DESC, version DESC LIMIT ?`).all(limit) as ReportRow[];
    return rows.map((r) => this.summary(r));
  }

  get(id: number): Report | undefined {
    const row = this.row(id);
    return row ? { ...this.summary(row), content: JSON.parse(row.content) as ReportContent } : undefined;
  }

  /** The stored content text exactly as hashed. */
  contentText(id: number): string | undefined {
    return this.row(id)?.content;
  }

  /** Sets the signature once; false when the report is already signed. */
  sign(id: number, signature: SignatureRecord): boolean {
    return this.write(() => this.db.prepare('UPDATE reports SET signature = ? WHERE id = ? AND signature IS NULL').run(JSON.stringify(signature), id).changes === 1);
  }

  /** Shifts starting before `before` whose latest report version is not signed. */
  unsignedPeriods(before: number): Array<{ start: number; end: number }> {
    return this.db
      .prepare(
        `SELECT json_extract(content, '$.shift.start') AS start, json_extract(content, '$.shift.end') AS end FROM reports r
         WHERE signature IS NULL AND version = (SELECT MAX(version) FROM reports x WHERE x.shift_id = r.shift_id) AND json_extract(content, '$.shift.start') < ?`,
      )
      .all(before) as Array<{ start: number; end: number }>;
  }

  addLogbook(entry: Omit<LogbookEntry, 'id'>): LogbookEntry {
    const info = this.write(() => this.db.prepare('INSERT INTO logbook (at, user, role, line, text) VALUES (?, ?, ?, ?, ?)').run(entry.at, entry.user, entry.role, entry.line, entry.text));
    return { id: Number(info.lastInsertRowid), ...entry };
  }

  logbook(from: number, to: number): LogbookEntry[] {
    return this.db.prepare('SELECT * FROM logbook WHERE at >= ? AND at < ? ORDER BY at, id LIMIT 10000').all(from, to) as LogbookEntry[];
  }

  classify(line: string, c: Classification, at: number): void {
    this.write(() => this.db.prepare('INSERT OR REPLACE INTO downtime_classification (line, start, code, reason, user, at) VALUES (?, ?, ?, ?, ?, ?)').run(line, c.start, c.code, c.reason, c.user, at));
  }

  classifications(line: string, from: number, to: number): Classification[] {
    return this.db.prepare('SELECT start, code, reason, user FROM downtime_classification WHERE line = ? AND start >= ? AND start < ?').all(line, from, to) as Classification[];
  }

  dispose(): void {
    this.health.dispose();
    if (this.db.open) this.db.close();
  }

  private row(id: number): ReportRow | undefined {
    return this.db.prepare('SELECT * FROM reports WHERE id = ?').get(id) as ReportRow | undefined;
  }

  private summary(row: ReportRow): ReportSummary {
    const content = JSON.parse(row.content) as ReportContent;
    const oees = content.oee.map((o) => o.oee).filter((v): v is number => v !== null);
    const signature = row.signature ? (JSON.parse(row.signature) as SignatureRecord) : null;
    return {
      id: row.id,
      shiftId: row.shift_id,
      shift: content.shift.shift,
      start: content.shift.start,
      end: content.shift.end,
      version: row.version,
      generatedAt: row.generated_at,
      contentSha256: row.sha256,
      oee: oees.length ? oees.reduce((a, b) => a + b, 0) / oees.length : null,
      signature,
      to: content.to ?? content.shift.end,
      provisional: isProvisionalReport(content, signature),
    };
  }
}
