import { isAbsolute, join } from 'node:path';
import type { TagDefinition } from '../../../common/tag.ts';
import type { AlarmService } from '../alarms/alarm-service.ts';
import type { Historian } from '../historian/historian.ts';
import { HistorianReader } from '../oee/history-reader.ts';
import { OeeService } from '../oee/oee-service.ts';
import type { ProjectFile } from '../project/project-schema.ts';
import type { ShiftsFile } from '../shifts/production-schema.ts';
import { ShiftCalendar } from '../shifts/shift-calendar.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import type { Clock } from '../../../common/clock.ts';
import { CounterProductionSource, WorkOrderProductionSource, type WorkOrderRuns } from './production-source.ts';
import { ReportScheduler } from './report-scheduler.ts';
import { ReportService } from './report-service.ts';
import { ReportStore } from './report-store.ts';
import type { SignatureVerifier } from './signature-verifier.ts';
import type { StoreHealth } from '../storage/store-health.ts';

export const REPORTS_FILE = 'reports.sqlite';

/** What the report calls need (the gateway's view), wired when the project has shifts.json. */
export interface ReportServices {
  calendar: ShiftCalendar;
  oee: OeeService;
  reports: ReportService;
  now(): number;
}

export interface ReportsRuntime {
  services: ReportServices;
  /** reports.sqlite's health, for the stores' status. */
  health: StoreHealth;
  /** Report periods starting before `before` whose latest report is not signed (the MES store keeps their rows). */
  unsignedPeriods(before: number): Array<{ start: number; end: number }>;
  start(): void;
  /** Stops the scheduler and live OEE, waits for a report under way, closes the store. */
  dispose(): Promise<void>;
}

export interface ReportsOptions {
  shifts: ShiftsFile;
  project: ProjectFile;
  tags: readonly TagDefinition[];
  engine: TagEngine;
  alarms: AlarmService;
  historian: Historian;
  dataDir: string;
  clock: Clock;
  log: (line: string) => void;
  /**
   * The work orders' runs per line, from the MES work-order tracking: production is then reported per
   * work order. Without it, each line's counters for the whole shift.
   */
  workOrderRuns?: WorkOrderRuns;
  /** Default: the role check of a build without user accounts. The users capability plugs in the password check here. */
  verifier: SignatureVerifier;
  /** The audit trail's last record, anchored in each report. */
  auditHead?: () => { seq: number; hash: string } | undefined;
  /** A project text's translation (texts/<lang>.json), for exports in the reader's language. */
  projectText?: (language: string, id: string) => string | undefined;
  oeeIntervalMs?: number;
}

/** Wires shifts, live OEE, the report store, service and scheduler (part of the composition root); throws when the store does not open. */
export function startReports(o: ReportsOptions): ReportsRuntime {
  const calendar = new ShiftCalendar(o.shifts.shifts, o.project.plant.timeZone);
  const store = new ReportStore(join(o.dataDir, REPORTS_FILE));
  const history = new HistorianReader(o.historian);
  const byPath = new Map(o.tags.map((t) => [t.path, t]));
  const inputs = {
    plant: o.project.plant.name,
    project: o.project.name,
    timeZone: o.project.plant.timeZone,
    lines: o.shifts.lines,
    keyValues: o.shifts.report.keyValues.map((p) => byPath.get(p)!),
    operatorPositions: o.shifts.report.operatorPositions,
    history,
    production: o.workOrderRuns ? new WorkOrderProductionSource(o.shifts.lines, history, o.workOrderRuns) : new CounterProductionSource(o.shifts.lines, history),
    alarmKpis: (q: { from: number; to: number; operatorPositions: number }) => o.alarms.kpis(q),
    logbook: (from: number, to: number) => store.logbook(from, to),
    classifications: (line: string, from: number, to: number) => store.classifications(line, from, to),
    ...(o.auditHead ? { auditHead: o.auditHead } : {}),
  };
  const folder = isAbsolute(o.shifts.report.folder) ? o.shifts.report.folder : join(o.dataDir, o.shifts.report.folder);
  const reports = new ReportService({
    store,
    calendar,
    inputs,
    settings: o.shifts.report,
    folder,
    verifier: o.verifier,
    clock: o.clock,
    locale: o.project.plant.locale,
    ...(o.projectText ? { projectText: o.projectText } : {}),
    flushHistory: () => o.historian.flush(),
    log: o.log,
  });
  const oee = new OeeService({ inputs, calendar, engine: o.engine, clock: o.clock, log: o.log, ...(o.oeeIntervalMs ? { intervalMs: o.oeeIntervalMs } : {}) });
  const scheduler = new ReportScheduler(reports, calendar, o.clock);
  return {
    services: { calendar, oee, reports, now: () => o.clock.now() },
    health: store.health,
    unsignedPeriods: (before) => store.unsignedPeriods(before),
    start: () => {
      oee.start();
      scheduler.start();
    },
    dispose: async () => {
      await scheduler.dispose();
      await oee.dispose();
      await reports.drain();
      reports.dispose();
      store.dispose();
    },
  };
}
