import { join } from 'node:path';
import type { AlarmJournalEntry } from '../../common/alarms.ts';
import { AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { computeAlarmKpis } from '../../main/core/alarms/alarm-kpis.ts';
import { AlarmJournal } from '../../main/core/alarms/alarm-journal.ts';
import { Historian } from '../../main/core/historian/historian.ts';
import { HistorianReader } from '../../main/core/oee/history-reader.ts';
import { CounterProductionSource } from '../../main/core/reports/production-source.ts';
import type { ReportInputs } from '../../main/core/reports/report-builder.ts';
import { ReportService } from '../../main/core/reports/report-service.ts';
import { ReportStore } from '../../main/core/reports/report-store.ts';
import { PasswordSignatureVerifier } from '../../main/core/reports/signature-verifier.ts';
import { fail, ok } from '../../common/result.ts';
import { ShiftsFileSchema, type ShiftsFile } from '../../main/core/shifts/production-schema.ts';
import { ShiftCalendar } from '../../main/core/shifts/shift-calendar.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import type { ManualClock } from './manual-clock.ts';
import { tag } from './tags.ts';

export const REPORT_TAGS = [
  tag({ path: 'Line1/Filler/State', dataType: 'int16', states: { '0': 'Stopped', '2': 'Running', '5': 'Faulted' }, history: { enabled: true } }),
  tag({ path: 'Line1/Counters/Good', dataType: 'uint32', units: 'bottles', decimals: 0, history: { enabled: true } }),
  tag({ path: 'Line1/Counters/Rejected', dataType: 'uint32', units: 'bottles', decimals: 0, history: { enabled: true } }),
  tag({ path: 'Line1/Filler/BowlTemperature', description: 'Bowl temperature', units: '°C', decimals: 1, history: { enabled: true } }),
];

export const REPORT_SHIFTS: ShiftsFile = ShiftsFileSchema.parse({
  formatVersion: 1,
  shifts: [
    { name: 'Early', start: '06:00', durationMinutes: 480, breaks: [{ start: '10:00', durationMinutes: 30 }] },
    { name: 'Late', start: '14:00', durationMinutes: 480 },
    { name: 'Night', start: '22:00', durationMinutes: 480 },
  ],
  lines: [
    {
      name: 'Line1',
      stateTag: 'Line1/Filler/State',
      runningStates: [2],
      goodCounter: 'Line1/Counters/Good',
      rejectCounter: 'Line1/Counters/Rejected',
      idealRatePerMinute: 100,
      units: 'bottles',
      reasons: { '0': { code: 'stopped', text: 'Stopped' }, '5': { code: 'fault', text: 'Filler fault' } },
    },
  ],
  report: { folder: 'reports', keyValues: ['Line1/Filler/BowlTemperature'], catchUpDays: 7 },
});

/** A historian file, an alarm journal and a report store in `dir`, on a manual clock: the real parts, no runtime. */
/** The password of the fixture's one signer, sam. */
export const SIGNER_PASSWORD = 'sam-signs-reports';

export class ReportFixture {
  readonly engine: TagEngine;
  readonly historian: Historian;
  readonly journal: AlarmJournal;
  readonly store: ReportStore;
  readonly service: ReportService;
  readonly calendar = new ShiftCalendar(REPORT_SHIFTS.shifts, 'Europe/Berlin');
  readonly inputs: ReportInputs;
  /** A real audit trail, whose head each report anchors. */
  readonly audit: AuditTrail;

  private constructor(dir: string, clock: ManualClock, historian: Historian, engine: TagEngine) {
    this.engine = engine;
    this.historian = historian;
    this.journal = new AlarmJournal(join(dir, 'alarms.sqlite'));
    this.store = new ReportStore(join(dir, 'reports.sqlite'));
    const audit = (this.audit = new AuditTrail(join(dir, 'audit.sqlite'), clock));
    const history = new HistorianReader(historian);
    this.inputs = {
      plant: 'Test plant',
      project: 'Test project',
      timeZone: 'Europe/Berlin',
      lines: REPORT_SHIFTS.lines,
      keyValues: [REPORT_TAGS[3]!],
      operatorPositions: 1,
      history,
      production: new CounterProductionSource(REPORT_SHIFTS.lines, history),
      alarmKpis: (q) => computeAlarmKpis({ ...q, entries: this.journal.between(q.from, q.to), before: this.journal.lastOpenCloseBefore(q.from) }),
      logbook: (from, to) => this.store.logbook(from, to),
      classifications: (line, from, to) => this.store.classifications(line, from, to),
      auditHead: () => audit.head(),
    };
    this.service = new ReportService({
      store: this.store,
      calendar: this.calendar,
      inputs: this.inputs,
      settings: REPORT_SHIFTS.report,
      folder: join(dir, 'reports'),
      // The accounts' own password check is tested with the user service; here: one known signer.
      verifier: new PasswordSignatureVerifier((name, password) => Promise.resolve(name === 'sam' && password === SIGNER_PASSWORD ? ok(name) : fail('unauthenticated', 'wrong user name or password', 'password'))),
      clock,
      flushHistory: () => historian.flush(),
    });
  }

  static async open(dir: string, clock: ManualClock): Promise<ReportFixture> {
    const engine = new TagEngine(REPORT_TAGS, clock);
    const started = await Historian.start(engine, clock, { file: join(dir, 'history.sqlite'), batchMs: 60_000 });
    if (!started.ok) throw new Error(started.error.message);
    return new ReportFixture(dir, clock, started.value, engine);
  }

  /**
   * Moves the clock to `at` in one-minute batches, as a running historian would: its heartbeats keep
   * unchanged values recorded (much coarser batches would leave gaps of more than the gap time).
   */
  async runTo(clock: ManualClock, at: number): Promise<void> {
    for (let guard = 0; clock.now() < at && guard < 10_000; guard++) {
      clock.advance(Math.min(60_000, at - clock.now()));
      await this.historian.flush();
    }
  }

  /** Sets a tag's value at `at` (the clock moves there). */
  async record(clock: ManualClock, at: number, path: string, value: number): Promise<void> {
    await this.runTo(clock, at);
    const slot = this.engine.slot(path)!;
    this.engine.ingest([{ handle: slot.id, value: { value, quality: 'Good', sourceTime: at, serverTime: at } }]);
  }

  alarm(at: number, alarmId: string, kind: 'raise' | 'clear' | 'acknowledge'): void {
    const entry: Omit<AlarmJournalEntry, 'seq'> = {
      at,
      alarmId,
      tag: 'Line1/Filler/BowlTemperature',
      area: 'Filler',
      priority: 'high',
      kind,
      state: kind === 'raise' ? 'unackActive' : 'normal',
      value: 1,
      user: 'system',
      comment: '',
      message: `${alarmId} message`,
    };
    this.journal.write([entry], new Map());
  }

  async close(): Promise<void> {
    await this.service.drain();
    this.service.dispose();
    this.store.dispose();
    this.journal.dispose();
    this.audit.dispose();
    this.engine.dispose();
    await this.historian.close();
  }
}
