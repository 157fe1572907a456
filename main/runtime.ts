import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok, type Result } from '../common/result.ts';
import type { DriverFactory } from '../drivers/api.ts';
import { builtinDrivers } from '../drivers/registry.ts';
import { AlarmService } from './core/alarms/alarm-service.ts';
import { ConfigService } from './core/config/config-service.ts';
import { DeviceManager } from './core/devices/device-manager.ts';
import { loadProject } from './core/project/project-loader.ts';
import { Historian } from './core/historian/historian.ts';
import { ScreenStore } from './core/screens/screen-store.ts';
import { TagEngine, type Clock } from './core/tags/tag-engine.ts';
import { TagWriter } from './core/tags/tag-writer.ts';
import { TrendViewStore } from './core/trend-views/trend-view-store.ts';
import { AUDIT_FILE, AuditTrail } from './core/audit/audit-trail.ts';
import { SignaturePolicy } from './core/users/signatures.ts';
import { USERS_FILE } from './core/users/user-store.ts';
import { UserService } from './core/users/user-service.ts';
import { startMes } from './core/mes/mes-runtime.ts';
import type { ConnectorFactory } from './core/mes/connector.ts';
import type { MesService } from './core/mes/mes-service.ts';
import type { DispatcherOptions } from './core/mes/dispatcher.ts';
import { generateToken } from './gateway/auth.ts';
import { Gateway } from './gateway/gateway.ts';
import type { AuditEntry as MesAuditEntry } from './core/mes/audit.ts';
import { startReports, type ReportsRuntime } from './core/reports/reports-runtime.ts';
import { mesWorkOrderRuns } from './core/reports/production-source.ts';
import { PasswordSignatureVerifier } from './core/reports/signature-verifier.ts';
import { oeeTagDefinitions } from './core/oee/oee-tags.ts';

/** The app root: the folder of Lineside's package.json, above this file both as source and compiled (out/main). */
function findAppRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'lineside') return dir;
    if (dirname(dir) === dir) throw new Error(`no Lineside package.json above ${from}`);
  }
}

const REPO_ROOT = findAppRoot(dirname(fileURLToPath(import.meta.url)));
export const EXAMPLE_PROJECT_DIR = join(REPO_ROOT, 'examples', 'bottling-line');
export const DEFAULT_RENDERER_DIR = join(REPO_ROOT, 'dist', 'renderer');
export const VERSION: string = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface RuntimeOptions {
  /** Folder with project.json. */
  projectDir: string;
  /** Default 127.0.0.1: only this machine. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Default: LINESIDE_TOKEN, else a random token. */
  token?: string;
  rendererDir?: string;
  /** A writable folder for runtime data (history, journal, certificates). Default: <projectDir>/.lineside-data. */
  dataDir?: string;
  log?: (line: string) => void;
  clock?: Clock;
  drivers?: ReadonlyMap<string, DriverFactory<unknown>>;
  /** MES/ERP transports by type (default: every built-in one). */
  mesConnectorTypes?: ReadonlyMap<string, ConnectorFactory<unknown>>;
  /** Outbox retry timing (tests shorten it). */
  mesDispatch?: DispatcherOptions;
}

export interface Runtime {
  /** Origin of the gateway, e.g. http://127.0.0.1:8710. */
  readonly url: string;
  readonly token: string;
  readonly projectName: string;
  readonly engine: TagEngine;
  readonly devices: DeviceManager;
  readonly alarms: AlarmService;
  readonly config: ConfigService;
  readonly gateway: Gateway;
  readonly historian: Historian;
  /** Accounts, roles, sign-in and API tokens (tests seed their users through it). */
  readonly users: UserService;
  readonly audit: AuditTrail;
  /** MES/ERP sync, when the project has a mes.json. */
  readonly mes: MesService | undefined;
  /** Orderly shutdown: refuse writes, drain history, stop serving, disconnect devices, close the history file. */
  dispose(): Promise<void>;
}

/**
 * The composition root: loads and validates the project, wires the services by hand, connects the
 * devices and opens the gateway. The Electron shell and the headless entry both start the plant
 * runtime here. An invalid project starts nothing.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Result<Runtime>> {
  const log = options.log ?? (() => {});
  const clock = options.clock ?? { now: () => Date.now() };
  const token = options.token ?? process.env['LINESIDE_TOKEN'] ?? generateToken();
  if (token.length < 16) return fail('config-error', 'the access token must be at least 16 characters (LINESIDE_TOKEN)');

  const drivers = options.drivers ?? builtinDrivers();
  const loaded = await loadProject(resolve(options.projectDir), drivers);
  if (!loaded.ok) return loaded;
  const { project, tags, devices: deviceDefs, dir } = loaded.value;

  const dataDir = resolve(options.dataDir ?? join(dir, '.lineside-data'));
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    return fail('config-error', `cannot create the data folder ${dataDir}: ${(error as Error).message}`);
  }

  const allTags = [...tags, ...oeeTagDefinitions(loaded.value.shifts?.lines ?? [])];
  const screens = await ScreenStore.open(dir, allTags.map((t) => t.path));
  if (!screens.ok) return screens;

  let audit: AuditTrail;
  let users: UserService;
  try {
    audit = new AuditTrail(join(dataDir, AUDIT_FILE), clock);
  } catch (error) {
    return fail('config-error', `cannot open the audit trail in ${dataDir}: ${(error as Error).message}`);
  }
  try {
    users = new UserService(join(dataDir, USERS_FILE), audit, clock, project.security);
  } catch (error) {
    audit.dispose();
    return fail('config-error', `cannot open the user accounts in ${dataDir}: ${(error as Error).message}`);
  }
  const closeAccounts = () => {
    users.dispose();
    audit.dispose();
  };

  const engine = new TagEngine(allTags, clock);
  const opened = AlarmService.open({ projectDir: dir, dataDir, files: loaded.value.alarms, tags, engine, clock });
  if (!opened.ok) {
    engine.dispose();
    closeAccounts();
    return opened;
  }
  const alarms = opened.value;
  const started = await Historian.start(engine, clock, { file: join(dataDir, 'history.sqlite'), retentionDays: project.history.retentionDays });
  if (!started.ok) {
    alarms.dispose();
    engine.dispose();
    closeAccounts();
    return started;
  }
  const historian = started.value;
  let mes: MesService | undefined;
  const reports: ReportsRuntime | undefined = loaded.value.shifts
    ? startReports({
        shifts: loaded.value.shifts,
        project,
        tags,
        engine,
        alarms,
        historian,
        dataDir,
        clock,
        log,
        // The MES starts after the reports (it needs the tag writer); its runs are looked up when a report is built.
        workOrderRuns: mesWorkOrderRuns(() => mes?.store),
        auditHead: () => audit.head(),
        verifier: new PasswordSignatureVerifier((name, password, station, action) => users.checkPassword(name, password, station, action)),
      })
    : undefined;
  const devices = new DeviceManager(deviceDefs, engine, clock, { projectDir: dir, dataDir });
  const writer = new TagWriter(engine, devices, clock, audit);
  const config = new ConfigService({ projectDir: dir, drivers, projectJson: loaded.value.projectJson, devices: deviceDefs, tagFiles: loaded.value.tagFiles, templates: loaded.value.templates, engine, deviceManager: devices, alarms });
  // Work-order and sync actions go to the one hash-chained audit trail.
  const mesAudit = { record: (e: MesAuditEntry) => audit.record({ user: e.user, role: e.role, station: e.station ?? 'runtime', action: e.action, target: e.target, newValue: e.detail }) };
  const mesStarted = await startMes({
    projectDir: dir,
    dataDir,
    tags,
    engine,
    writer,
    timeZone: project.plant.timeZone,
    log,
    audit: mesAudit,
    // Rows of a report period not signed yet are kept past the MES store's retention.
    ...(reports ? { retentionKeep: { unsignedPeriods: (before: number) => reports.unsignedPeriods(before) } } : {}),
    ...(options.mesConnectorTypes ? { types: options.mesConnectorTypes } : {}),
    ...(options.mesDispatch ? { dispatch: options.mesDispatch } : {}),
  });
  if (!mesStarted.ok) {
    await reports?.dispose();
    alarms.dispose();
    engine.dispose();
    await historian.close();
    closeAccounts();
    return mesStarted;
  }
  mes = mesStarted.value;
  const gateway = new Gateway(
    {
      engine,
      devices,
      writer,
      alarms,
      config,
      history: historian,
      trendViews: new TrendViewStore(join(dataDir, 'trend-views.json')),
      screens: screens.value,
      ...(reports ? { reports: reports.services } : {}),
      users,
      audit,
      signatures: new SignaturePolicy(project.security.signatures),
      ...(mes ? { mes } : {}),
      sessionInfo: () => ({
        product: 'Lineside',
        version: VERSION,
        project: project.name,
        plant: project.plant.name,
        timeZone: project.plant.timeZone,
        serverTime: clock.now(),
      }),
    },
    { host: options.host ?? '127.0.0.1', port: options.port ?? 0, token, rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR, version: VERSION, log },
  );

  let url: string;
  try {
    await devices.start();
    url = await gateway.listen();
    await mes?.start();
  } catch (error) {
    await gateway.close();
    await mes?.dispose();
    await devices.stop();
    await reports?.dispose();
    alarms.dispose();
    engine.dispose();
    await historian.close();
    closeAccounts();
    return fail('config-error', (error as Error).message);
  }
  log(`project "${project.name}": ${tags.length} tags on ${deviceDefs.length} device(s)`);
  reports?.start();

  let disposing: Promise<void> | undefined;
  return ok({
    url,
    token,
    projectName: project.name,
    engine,
    devices,
    alarms,
    config,
    gateway,
    historian,
    users,
    audit,
    mes,
    dispose: () =>
      (disposing ??= (async () => {
        writer.refuseWrites();
        await historian.drain();
        await gateway.close();
        config.dispose();
        // Before the devices go: its last counts and messages are committed while tags still flow.
        await mes?.dispose();
        alarms.stopEvaluating();
        await devices.stop();
        await reports?.dispose();
        alarms.dispose();
        engine.dispose();
        await historian.close();
        closeAccounts();
      })()),
  });
}
