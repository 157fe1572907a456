import Database from 'better-sqlite3';
import { ALARM_STATES } from '../../../common/alarms.ts';
import type { AlarmEventKind, AlarmHistoryPage, AlarmHistoryQuery, AlarmJournalEntry, AlarmPriority, AlarmStateName } from '../../../common/alarms.ts';
import type { Value } from '../../../common/data-value.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { AlarmMachineState } from './alarm-state-machine.ts';

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

/**
 * The alarm journal and the alarms' current states in one SQLite file (WAL). Every transition is
 * appended with time, value, user and comment; the state table is what a restart resumes from.
 * Writes of one engine batch go in one transaction.
 */
export class AlarmJournal implements Disposable {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly upsertState: Database.Statement;
  private readonly deleteState: Database.Statement;
  private readonly writeBatch: (entries: readonly NewJournalEntry[], states: ReadonlyMap<string, AlarmMachineState>) => void;

  constructor(file: string) {
    this.file = file;
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.insert = this.db.prepare(
      'INSERT INTO alarm_journal (at, alarm_id, tag, area, priority, kind, state, value, user, comment, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.upsertState = this.db.prepare('INSERT INTO alarm_state (alarm_id, state) VALUES (?, ?) ON CONFLICT (alarm_id) DO UPDATE SET state = excluded.state');
    this.deleteState = this.db.prepare('DELETE FROM alarm_state WHERE alarm_id = ?');
    this.writeBatch = this.db.transaction((entries: readonly NewJournalEntry[], states: ReadonlyMap<string, AlarmMachineState>) => {
      for (const e of entries) {
        this.insert.run(e.at, e.alarmId, e.tag, e.area, e.priority, e.kind, e.state, JSON.stringify(e.value), e.user, e.comment, e.message);
      }
      for (const [id, state] of states) this.upsertState.run(id, JSON.stringify(state));
    });
  }

  /** Appends entries and saves the states of the alarms they are about, atomically. */
  write(entries: readonly NewJournalEntry[], states: ReadonlyMap<string, AlarmMachineState>): void {
    if (entries.length === 0 && states.size === 0) return;
    this.writeBatch(entries, states);
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
    this.deleteState.run(alarmId);
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
    const rows = this.db
      .prepare(`SELECT * FROM alarm_journal ${clause} ORDER BY at DESC, seq DESC LIMIT ? OFFSET ?`)
      .all(...args, query.limit, query.offset) as EntryRow[];
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
    if (this.db.open) this.db.close();
  }
}

function toEntry(row: EntryRow): AlarmJournalEntry {
  return {
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
}
