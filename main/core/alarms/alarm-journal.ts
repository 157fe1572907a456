import type Database from 'better-sqlite3';
import { ALARM_STATES } from '../../../common/alarms.ts';
import type { AlarmEventKind, AlarmHistoryPage, AlarmHistoryQuery, AlarmJournalEntry, AlarmPriority, AlarmStateName } from '../../../common/alarms.ts';
import type { Value } from '../../../common/data-value.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { AlarmMachineState } from './alarm-state-machine.ts';
import { openStore, probeWrite } from '../storage/open-store.ts';
import { isStoreError, StoreOpenError } from '../storage/store-errors.ts';
import { StoreHealth, type StoreHealthOptions } from '../storage/store-health.ts';
import type { Migration } from '../storage/store-spec.ts';

export type NewJournalEntry = Omit<AlarmJournalEntry, 'seq'>;

interface EntryRow {
  seq: number;
  at: number;
  alarm_id: string;
  tag: string;
  area: string;
  priority: string;
  kind: string;
  state: string;
  value: string;
  user: string;
  comment: string;
  message: string;
  message_values: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alarm_journal (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  alarm_id TEXT NOT NULL,
  tag TEXT NOT NULL,
  area TEXT NOT NULL,
  priority TEXT NOT NULL,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  value TEXT NOT NULL,
  user TEXT NOT NULL,
  comment TEXT NOT NULL,
  message TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alarm_journal_at ON alarm_journal (at);
CREATE INDEX IF NOT EXISTS alarm_journal_alarm ON alarm_journal (alarm_id, at);
CREATE TABLE IF NOT EXISTS alarm_state (
  alarm_id TEXT PRIMARY KEY,
  state TEXT NOT NULL
);`;

/** alarms.sqlite's schema versions; 1 is the schema from before versions. */
export const JOURNAL_MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'the journal and the saved alarm states', up: (db) => db.exec(SCHEMA) },
  // Entries of before keep NULL: they show the message as stored, in the default language.
  { version: 2, description: "each entry's placeholder values, to show its message translated", up: (db) => db.exec('ALTER TABLE alarm_journal ADD COLUMN message_values TEXT') },
];
/** Entries held in memory while the journal cannot be written; past it the oldest are dropped (and counted). */
const MAX_HELD_ENTRIES = 50_000;

/** A saved state, or null: forget the alarm's state (it was deleted). */
type StateChanges = ReadonlyMap<string, AlarmMachineState | null>;

/**
 * The alarm journal and the alarms' current states in one SQLite file (WAL). Every transition is
 * appended with time, value, user and comment; the state table is what a restart resumes from.
 * Writes of one engine batch go in one transaction. While the file cannot be written (disk full) the
 * alarms keep running: entries and states wait in memory (bounded) and are written, in order, when it
 * takes writes again.
 */
export class AlarmJournal implements Disposable {
  readonly file: string;
  readonly health: StoreHealth;
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly upsertState: Database.Statement;
  private readonly deleteState: Database.Statement;
  private readonly writeBatch: (entries: readonly NewJournalEntry[], states: StateChanges) => void;
  /** Entries waiting for the file: `heldEntries` from index `heldFrom` (the oldest are given up by moving it). */
  private heldEntries: NewJournalEntry[] = [];
  private heldFrom = 0;
  private readonly heldStates = new Map<string, AlarmMachineState | null>();
  private dropped = 0;

  constructor(file: string, options: StoreHealthOptions = {}) {
    this.file = file;
    const opened = openStore({
      store: 'alarms',
      file,
      migrations: JOURNAL_MIGRATIONS,
      holds: "the alarm journal and the alarms' saved states",
      emptyMeans: 'acknowledged, shelved and out-of-service alarms would come back as new ones, and their history would be gone',
    });
    if (!opened.ok) throw new StoreOpenError(opened.error.message);
    this.db = opened.value.db;
    this.health = new StoreHealth('alarms', file, options);
    this.health.setRetry(() => {
      this.writeHeld();
      probeWrite(this.db);
    });
    this.insert = this.db.prepare('INSERT INTO alarm_journal (at, alarm_id, tag, area, priority, kind, state, value, user, comment, message, message_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.upsertState = this.db.prepare('INSERT INTO alarm_state (alarm_id, state) VALUES (?, ?) ON CONFLICT (alarm_id) DO UPDATE SET state = excluded.state');
    this.deleteState = this.db.prepare('DELETE FROM alarm_state WHERE alarm_id = ?');
    this.writeBatch = this.db.transaction((entries: readonly NewJournalEntry[], states: StateChanges) => {
      for (const e of entries) {
        this.insert.run(e.at, e.alarmId, e.tag, e.area, e.priority, e.kind, e.state, JSON.stringify(e.value), e.user, e.comment, e.message, storedValues(e.messageValues));
      }
      for (const [id, state] of states) {
        if (state === null) this.deleteState.run(id);
        else this.upsertState.run(id, JSON.stringify(state));
      }
    });
  }

  /** Appends entries and saves the states of the alarms they are about, atomically (or holds them while the file fails). */
  write(entries: readonly NewJournalEntry[], states: StateChanges): void {
    if (entries.length === 0 && states.size === 0) return;
    if (this.waiting === 0 && this.heldStates.size === 0) {
      try {
        this.writeBatch(entries, states);
        this.health.succeeded();
        return;
      } catch (error) {
        if (!isStoreError(error)) throw error;
        this.health.failed(error);
      }
    }
    this.hold(entries, states);
  }

  /** Entries and states waiting for the file (in memory, in order). */
  get waiting(): number {
    return this.heldEntries.length - this.heldFrom;
  }

  private hold(entries: readonly NewJournalEntry[], states: StateChanges): void {
    for (const e of entries) this.heldEntries.push(e);
    const over = this.waiting - MAX_HELD_ENTRIES;
    if (over > 0) {
      this.heldFrom += over;
      this.dropped += over;
      // Compact now and then, not on every entry.
      if (this.heldFrom >= MAX_HELD_ENTRIES) {
        this.heldEntries = this.heldEntries.slice(this.heldFrom);
        this.heldFrom = 0;
      }
    }
    for (const [id, state] of states) this.heldStates.set(id, state);
    this.health.held(this.waiting, this.dropped);
  }

  /** Writes what waited, in one transaction; throws while the file still fails. */
  private writeHeld(): void {
    if (this.waiting === 0 && this.heldStates.size === 0) return;
    this.writeBatch(this.heldFrom === 0 ? this.heldEntries : this.heldEntries.slice(this.heldFrom), this.heldStates);
    this.heldEntries = [];
    this.heldFrom = 0;
    this.heldStates.clear();
    this.health.held(0, this.dropped);
  }

  /** The saved state of every alarm that has one. */
  loadStates(): Map<string, AlarmMachineState> {
    const rows = this.db.prepare('SELECT alarm_id, state FROM alarm_state').all() as Array<{ alarm_id: string; state: string }>;
    const states = new Map<string, AlarmMachineState>();
    for (const row of rows) {
      // A state this build cannot read (damaged, or from another version) starts over as normal.
      try {
        const state = JSON.parse(row.state) as AlarmMachineState;
        if (ALARM_STATES.includes(state.status?.kind) && typeof state.active === 'boolean' && Array.isArray(state.raises)) states.set(row.alarm_id, state);
      } catch {
        continue;
      }
    }
    return states;
  }

  forgetState(alarmId: string): void {
    this.write([], new Map([[alarmId, null]]));
  }

  history(query: AlarmHistoryQuery): AlarmHistoryPage {
    const where: string[] = [];
    const args: unknown[] = [];
    if (query.from !== undefined) (where.push('at >= ?'), args.push(query.from));
    if (query.to !== undefined) (where.push('at < ?'), args.push(query.to));
    if (query.alarmId !== undefined) (where.push('alarm_id = ?'), args.push(query.alarmId));
    if (query.tag !== undefined) (where.push('tag = ?'), args.push(query.tag));
    if (query.area !== undefined) (where.push('area = ?'), args.push(query.area));
    if (query.user !== undefined) (where.push('user = ?'), args.push(query.user));
    if (query.kinds !== undefined && query.kinds.length > 0) {
      where.push(`kind IN (${query.kinds.map(() => '?').join(', ')})`);
      args.push(...query.kinds);
    }
    if (query.text !== undefined && query.text !== '') {
      const like = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      where.push("(message LIKE ? ESCAPE '\\' OR comment LIKE ? ESCAPE '\\' OR alarm_id LIKE ? ESCAPE '\\')");
      args.push(like, like, like);
    }
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM alarm_journal ${clause}`).get(...args) as { n: number }).n;
    const rows = this.db.prepare(`SELECT * FROM alarm_journal ${clause} ORDER BY at DESC, seq DESC LIMIT ? OFFSET ?`).all(...args, query.limit, query.offset) as EntryRow[];
    const next = query.offset + rows.length;
    const page: AlarmHistoryPage = { entries: rows.map(toEntry), total };
    if (next < total) page.nextOffset = next;
    return page;
  }

  /** Entries in [from, to), oldest first (for KPIs). */
  between(from: number, to: number): AlarmJournalEntry[] {
    return (this.db.prepare('SELECT * FROM alarm_journal WHERE at >= ? AND at < ? ORDER BY at, seq').all(from, to) as EntryRow[]).map(toEntry);
  }

  /** For each alarm, the last entry before `at` that opened or closed its annunciation (for KPIs: what was active at the start). */
  lastOpenCloseBefore(at: number): AlarmJournalEntry[] {
    const rows = this.db
      .prepare(
        `SELECT j.* FROM alarm_journal j JOIN (
           SELECT MAX(seq) AS seq FROM alarm_journal
           WHERE at < ? AND kind IN ('raise', 'clear', 'shelve', 'suppress', 'outOfService')
           GROUP BY alarm_id
         ) last ON last.seq = j.seq`,
      )
      .all(at) as EntryRow[];
    return rows.map(toEntry);
  }

  dispose(): void {
    try {
      this.writeHeld();
    } catch {
      // Still failing at shutdown: what waited is lost with the process (the health said how much).
    }
    this.health.dispose();
    if (this.db.open) this.db.close();
  }
}

function toEntry(row: EntryRow): AlarmJournalEntry {
  const entry: AlarmJournalEntry = {
    seq: row.seq,
    at: row.at,
    alarmId: row.alarm_id,
    tag: row.tag,
    area: row.area,
    priority: row.priority as AlarmPriority,
    kind: row.kind as AlarmEventKind,
    state: row.state as AlarmStateName,
    value: JSON.parse(row.value) as Value,
    user: row.user,
    comment: row.comment,
    message: row.message,
  };
  const values = row.message_values === null ? undefined : parseValues(row.message_values);
  if (values) entry.messageValues = { ...values, tag: row.tag, id: row.alarm_id };
  return entry;
}

/** The placeholder values as stored: {tag} and {id} are the row's own columns. */
function storedValues(values: Readonly<Record<string, string>> | undefined): string | null {
  if (!values) return null;
  return JSON.stringify(Object.fromEntries(Object.entries(values).filter(([key]) => key !== 'tag' && key !== 'id')));
}

/** Stored placeholder values, or undefined when damaged (the entry then shows its stored message). */
function parseValues(json: string): Record<string, string> | undefined {
  try {
    const parsed: unknown = JSON.parse(json);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const values = Object.entries(parsed as Record<string, unknown>);
    return values.every(([, v]) => typeof v === 'string') ? (Object.fromEntries(values) as Record<string, string>) : undefined;
  } catch {
    return undefined;
  }
}
