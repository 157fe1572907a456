import { toCsv } from '../../../common/csv.ts';
import type Database from 'better-sqlite3';
import type { AuditQuery, AuditRecord, AuditVerification } from '../../../common/audit.ts';
import type { Disposable } from '../../../common/emitter.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { openStore, probeWrite } from '../storage/open-store.ts';
import { isStoreError, StoreOpenError } from '../storage/store-errors.ts';
import { StoreHealth, type StoreHealthOptions } from '../storage/store-health.ts';
import type { Migration } from '../storage/store-spec.ts';
import type { Clock } from '../../../common/clock.ts';
import { scrubSecrets, scrubSecretsInJson } from '../secrets/scrub.ts';
import { canonicalJson, GENESIS_HASH, keyedRecordHash, recordHash } from './audit-chain.ts';
import { AUDIT_KEY_SECRET, AUDIT_KEYED_ACTION, type AuditKey } from './audit-key.ts';

/** What a caller hands the trail; the trail adds the time, the sequence number and the hashes. */
export interface AuditEntry {
  user: string;
  role: string;
  station: string;
  action: string;
  target?: string;
  /** Any JSON-able value; stored as canonical JSON text. */
  oldValue?: unknown;
  newValue?: unknown;
  reason?: string;
  meaning?: string;
}

/** Where other capabilities send their audit records. */
export interface AuditSink {
  /** The record as written, or undefined while the trail cannot be written (it is then held and written later). */
  record(entry: AuditEntry): AuditRecord | undefined;
}

interface Row {
  seq: number;
  at: number;
  user: string;
  role: string;
  station: string;
  action: string;
  target: string;
  old_value: string;
  new_value: string;
  reason: string;
  meaning: string;
  prev_hash: string;
  hash: string;
}

export const AUDIT_FILE = 'audit.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user TEXT NOT NULL,
  role TEXT NOT NULL,
  station TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  reason TEXT NOT NULL,
  meaning TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE INDEX IF NOT EXISTS audit_user ON audit (user, at);
CREATE TABLE IF NOT EXISTS audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;`;

const EXPORT_LIMIT = 100_000;
/** Records held in memory, in order, while the trail cannot be written; past it they are counted as lost. */
const MAX_HELD = 10_000;

/** audit.sqlite's schema versions; 1 is the schema from before versions. */
export const AUDIT_MIGRATIONS: readonly Migration[] = [{ version: 1, description: 'the hash-chained trail and its head', up: (db) => db.exec(SCHEMA) }];

/** A record as search and export show it: secret values in records of older versions masked (audit-chain.ts hashes the stored one). */
function shown(record: AuditRecord): AuditRecord {
  return { ...record, oldValue: scrubSecretsInJson(record.oldValue), newValue: scrubSecretsInJson(record.newValue) };
}

function toRecord(row: Row): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    user: row.user,
    role: row.role,
    station: row.station,
    action: row.action,
    target: row.target,
    oldValue: row.old_value,
    newValue: row.new_value,
    reason: row.reason,
    meaning: row.meaning,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * The audit trail (21 CFR Part 11 §11.10(e)): append-only records in SQLite, each carrying the hash
 * of the one before. Triggers refuse UPDATE and DELETE through SQLite; a change made around them
 * (another tool, the file edited) is found by `verify`, which names the first bad sequence number.
 * A head row (last seq and hash, written in the same transaction) also catches records cut off the end.
 * With a key (audit-key.ts), records from `key.fromSeq` on carry an HMAC instead of a plain SHA-256,
 * so a trail rebuilt consistently by someone without the key no longer verifies.
 */
export class AuditTrail implements AuditSink, Disposable {
  readonly file: string;
  /** Ok, or failing (disk full...): records are then held in memory and acting calls refused (see ensureWritable). */
  readonly health: StoreHealth;
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly append: (entry: AuditEntry, at: number) => AuditRecord;
  private readonly held: Array<{ entry: AuditEntry; at: number }> = [];
  private lost: { count: number; from: number; to: number } | undefined;
  private lostTotal = 0;
  private readonly key: AuditKey | undefined;

  /** `mustExist`: open an existing trail only (the verify command). `key`: the audit key (audit-key.ts) keying the chain. */
  constructor(file: string, clock: Clock, options: StoreHealthOptions & { mustExist?: boolean; key?: AuditKey | undefined } = {}) {
    this.file = file;
    this.clock = clock;
    this.key = options.key;
    const opened = openStore({
      store: 'audit',
      file,
      migrations: AUDIT_MIGRATIONS,
      holds: 'the hash-chained audit trail',
      emptyMeans: 'a new trail would start over and hide what the old one recorded',
      ...(options.mustExist ? { mustExist: true } : {}),
    });
    if (!opened.ok) throw new StoreOpenError(opened.error.message);
    this.db = opened.value.db;
    this.health = new StoreHealth('audit', file, options);
    this.health.setRetry(() => {
      this.writeHeld();
      probeWrite(this.db);
    });
    const last = this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1');
    const insert = this.db.prepare('INSERT INTO audit VALUES (@seq, @at, @user, @role, @station, @action, @target, @oldValue, @newValue, @reason, @meaning, @prevHash, @hash)');
    const head = this.db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, @seq, @hash) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash');
    this.append = this.db.transaction((entry: AuditEntry, at: number): AuditRecord => {
      const previous = last.get() as { seq: number; hash: string } | undefined;
      const unhashed = {
        seq: (previous?.seq ?? 0) + 1,
        at,
        user: entry.user,
        role: entry.role,
        station: entry.station,
        action: entry.action,
        target: entry.target ?? '',
        oldValue: canonicalJson(scrubSecrets(entry.oldValue)),
        newValue: canonicalJson(scrubSecrets(entry.newValue)),
        reason: entry.reason ?? '',
        meaning: entry.meaning ?? '',
        prevHash: previous?.hash ?? GENESIS_HASH,
      };
      const record = { ...unhashed, hash: this.hashOf(unhashed) };
      insert.run(record);
      head.run({ seq: record.seq, hash: record.hash });
      return record;
    });
  }

  private hashOf(record: Omit<AuditRecord, 'hash'>): string {
    return this.key && record.seq >= this.key.fromSeq ? keyedRecordHash(record, this.key.key) : recordHash(record);
  }

  /**
   * Appends the record that starts the keyed chain, once the trail reaches the key's start (the runtime
   * calls this at open; verifying never writes). Throws when the trail is short of the key's start: it lost records.
   */
  startKeyedChain(): void {
    const key = this.key;
    if (!key) return;
    const last = this.head()?.seq ?? 0;
    if (last >= key.fromSeq) return;
    if (last < key.fromSeq - 1) {
      throw new Error(
        `it ends at record ${last}, but its key (${AUDIT_KEY_SECRET} in the secrets file) was made to start at record ${key.fromSeq}: records were removed, or the trail was restored from an older backup than the secrets file. Restore the audit trail that belongs to this secrets file`,
      );
    }
    this.append(
      {
        user: 'system',
        role: 'system',
        station: 'runtime',
        action: AUDIT_KEYED_ACTION,
        target: 'audit trail',
        newValue: {
          algorithm: 'HMAC-SHA256',
          fromSeq: key.fromSeq,
          key: `${AUDIT_KEY_SECRET} in the secrets file`,
          before: key.fromSeq > 1 ? `records 1 to ${key.fromSeq - 1} are chained by SHA-256 (written before the chain was keyed)` : 'none',
        },
      },
      this.clock.now(),
    );
  }

  /** The record that started the keyed chain, when the trail has one. */
  keyedFrom(): number | undefined {
    const row = this.db.prepare('SELECT seq FROM audit WHERE action = ? ORDER BY seq LIMIT 1').get(AUDIT_KEYED_ACTION) as { seq: number } | undefined;
    return row?.seq;
  }

  /**
   * Appends a record. While the trail cannot be written (disk full), the record is held in memory in
   * order (bounded) and written, with its own time, as soon as the trail takes writes again; the
   * result is then undefined. Actions that must not go unrecorded ask `ensureWritable` first.
   */
  record(entry: AuditEntry): AuditRecord | undefined {
    const at = this.clock.now();
    if (this.held.length === 0 && this.lost === undefined) {
      try {
        const record = this.append(entry, at);
        this.health.succeeded();
        return record;
      } catch (error) {
        if (!isStoreError(error)) throw error;
        this.health.failed(error);
      }
    }
    this.hold(entry, at);
    return undefined;
  }

  /**
   * Whether an action that must be audited may go ahead: the trail takes a write now (what it held is
   * written first). The gateway asks before every acting call; a refusal reads "audit trail cannot be
   * written: disk full".
   */
  ensureWritable(): Result<void> {
    if (this.health.stillFull()) return fail('unavailable', this.health.refusal().message);
    try {
      this.writeHeld();
      probeWrite(this.db);
    } catch (error) {
      if (!isStoreError(error)) throw error;
      return fail('unavailable', this.health.failed(error).message);
    }
    this.health.succeeded();
    return ok(undefined);
  }

  private hold(entry: AuditEntry, at: number): void {
    if (this.held.length < MAX_HELD) this.held.push({ entry, at });
    else {
      this.lost = { count: (this.lost?.count ?? 0) + 1, from: this.lost?.from ?? at, to: at };
      this.lostTotal++;
    }
    this.health.held(this.held.length, this.lostTotal);
  }

  /** Writes what was held, oldest first, then a record of any that did not fit in memory; throws while the trail still fails. */
  private writeHeld(): void {
    while (this.held.length > 0) {
      const next = this.held[0]!;
      this.append(next.entry, next.at);
      this.held.shift();
    }
    if (this.lost) {
      const { count, from, to } = this.lost;
      this.append(
        { user: 'system', role: '', station: 'runtime', action: 'audit.recordsLost', newValue: { count, from, to }, reason: `the audit trail could not be written and held ${MAX_HELD} records in memory; ${count} more were lost` },
        this.clock.now(),
      );
      this.lost = undefined;
    }
    this.health.held(0, this.lostTotal);
  }

  /** Newest first, `limit` at most; `more` when older matches remain. */
  search(query: AuditQuery): { records: AuditRecord[]; more: boolean } {
    const { where, values } = whereOf(query);
    if (query.beforeSeq !== undefined) {
      where.push('seq < @beforeSeq');
      values['beforeSeq'] = query.beforeSeq;
    }
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${query.limit + 1}`;
    const rows = this.db.prepare(sql).all(values) as Row[];
    return { records: rows.slice(0, query.limit).map((row) => shown(toRecord(row))), more: rows.length > query.limit };
  }

  /** Matching records oldest first, as CSV with a header row. */
  exportCsv(query: Omit<AuditQuery, 'limit' | 'beforeSeq'>): { csv: string; records: number } {
    const { where, values } = whereOf(query);
    const sql = `SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ${EXPORT_LIMIT}`;
    const header = ['seq', 'time (UTC)', 'user', 'role', 'station', 'action', 'target', 'old value', 'new value', 'reason', 'meaning', 'hash'];
    let count = 0;
    const rows = this.db.prepare(sql).iterate(values) as Iterable<Row>;
    const cells = function* () {
      for (const row of rows) {
        count++;
        yield [row.seq, new Date(row.at).toISOString(), row.user, row.role, row.station, row.action, row.target, scrubSecretsInJson(row.old_value), scrubSecretsInJson(row.new_value), row.reason, row.meaning, row.hash];
      }
    };
    const csv = toCsv(cells(), { header });
    return { csv, records: count };
  }

  /** The last record's sequence number and hash (what a report anchors); undefined while the trail is empty. */
  head(): { seq: number; hash: string } | undefined {
    return this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  }

  /**
   * `verify`, and that the trail still holds an anchor taken earlier (a report's "audit trail at
   * generation"): a trail rewritten consistently from some record on passes `verify` alone, but no
   * longer has the anchored record's hash.
   */
  verifyAnchor(anchor: { seq: number; hash: string }): AuditVerification {
    const chain = this.verify();
    if (!chain.ok) return chain;
    const row = this.db.prepare('SELECT hash FROM audit WHERE seq = ?').get(anchor.seq) as { hash: string } | undefined;
    if (!row) return { ok: false, records: chain.records, firstBadSeq: anchor.seq, problem: `the anchored record ${anchor.seq} is not in the trail (it has ${chain.records} records): records were removed and the chain rebuilt` };
    if (row.hash !== anchor.hash.toLowerCase()) {
      return {
        ok: false,
        records: chain.records,
        firstBadSeq: anchor.seq,
        problem: `record ${anchor.seq} is not the anchored one (hash ${row.hash.slice(0, 12)}…, anchor ${anchor.hash.slice(0, 12)}…): the trail was rewritten up to or after it`,
      };
    }
    return chain;
  }

  /** Walks the whole chain in order; the first record that is edited, missing or out of place is named. */
  verify(): AuditVerification {
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let records = 0;
    const bad = (seq: number, problem: string): AuditVerification => ({ ok: false, records, firstBadSeq: seq, problem });
    for (const row of this.db.prepare('SELECT * FROM audit ORDER BY seq').iterate() as Iterable<Row>) {
      const record = toRecord(row);
      if (record.seq !== expectedSeq) {
        return bad(expectedSeq, record.seq > expectedSeq ? `record ${expectedSeq} is missing (the next one is ${record.seq})` : `record ${record.seq} is out of sequence`);
      }
      if (record.prevHash !== prevHash) return bad(record.seq, `record ${record.seq} does not follow record ${record.seq - 1} (its previous-hash differs: records deleted or reordered)`);
      const { hash, ...unhashed } = record;
      const keyedProblem = this.keyedProblem(record);
      if (keyedProblem) return bad(record.seq, keyedProblem);
      if (this.hashOf(unhashed) !== hash) {
        const keyed = this.key && record.seq >= this.key.fromSeq;
        return bad(record.seq, `record ${record.seq} was changed after it was written (its ${keyed ? 'keyed hash (HMAC)' : 'hash'} does not match its content${keyed ? ', or it was written without the audit key' : ''})`);
      }
      prevHash = hash;
      expectedSeq++;
      records++;
    }
    const head = this.db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
    const lastSeq = expectedSeq - 1;
    if (head && (head.seq !== lastSeq || head.hash !== prevHash)) {
      const seq = head.seq > lastSeq ? lastSeq + 1 : head.seq;
      return bad(seq, head.seq > lastSeq ? `records ${lastSeq + 1} to ${head.seq} are missing from the end` : `the trail's head (record ${head.seq}) does not match its last record`);
    }
    if (!head && records > 0) return bad(1, 'the trail has records but no head row');
    if (this.key && lastSeq < this.key.fromSeq) {
      return bad(lastSeq + 1, `the trail ends at record ${lastSeq}, but its key starts the keyed chain at record ${this.key.fromSeq}: keyed records were removed`);
    }
    return { ok: true, records, firstBadSeq: null, problem: null };
  }

  /** Only the record at the key's start says the chain is keyed; without a key, a keyed trail cannot be verified. */
  private keyedProblem(record: AuditRecord): string | undefined {
    const starts = record.action === AUDIT_KEYED_ACTION;
    if (!this.key) {
      return starts ? `record ${record.seq} starts a keyed chain, but no audit key was given (${AUDIT_KEY_SECRET} in the secrets file of the data folder): the records from ${record.seq} on cannot be verified` : undefined;
    }
    if (record.seq === this.key.fromSeq && !starts) return `record ${record.seq} should start the keyed chain (the audit key starts there), but it is a ${record.action} record: the trail was rebuilt`;
    if (record.seq !== this.key.fromSeq && starts) return `record ${record.seq} claims to start the keyed chain, but the audit key starts it at record ${this.key.fromSeq}`;
    return undefined;
  }

  dispose(): void {
    if (this.held.length > 0 || this.lost) {
      try {
        this.writeHeld();
      } catch {
        // Still failing at shutdown: what was held is lost with the process, as its count says.
      }
    }
    this.health.dispose();
    if (this.db.open) this.db.close();
  }
}

function whereOf(query: Omit<AuditQuery, 'limit' | 'beforeSeq'>): { where: string[]; values: Record<string, unknown> } {
  const where: string[] = [];
  const values: Record<string, unknown> = {};
  if (query.from !== undefined) (where.push('at >= @from'), (values['from'] = query.from));
  if (query.to !== undefined) (where.push('at <= @to'), (values['to'] = query.to));
  if (query.user) (where.push('user = @user COLLATE NOCASE'), (values['user'] = query.user));
  if (query.action) {
    if (query.action.endsWith('.')) (where.push("action LIKE @action ESCAPE '\\'"), (values['action'] = `${escapeLike(query.action)}%`));
    else (where.push('action = @action'), (values['action'] = query.action));
  }
  if (query.text) {
    where.push("(target LIKE @text ESCAPE '\\' OR old_value LIKE @text ESCAPE '\\' OR new_value LIKE @text ESCAPE '\\' OR reason LIKE @text ESCAPE '\\' OR meaning LIKE @text ESCAPE '\\')");
    values['text'] = `%${escapeLike(query.text)}%`;
  }
  return { where, values };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
