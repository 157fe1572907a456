import { join, resolve } from 'node:path';
import { fail, ok, type Result } from '../common/result.ts';
import type { DriverFactory } from '../drivers/api.ts';
import { builtinDrivers } from '../drivers/registry.ts';
import { AlarmService } from './core/alarms/alarm-service.ts';
import { ConfigService } from './core/config/config-service.ts';
import { DeviceManager } from './core/devices/device-manager.ts';
import { loadProject } from './core/project/project-loader.ts';
import { formatProblem } from './core/project/project-problems.ts';
import { Historian } from './core/historian/historian.ts';
import { ForwardService } from './core/forward/forward-service.ts';
import { ScreenStore } from './core/screens/screen-store.ts';
import { TextsService } from './core/texts/texts-service.ts';
import { TagEngine } from './core/tags/tag-engine.ts';
import { systemClock, type Clock } from '../common/clock.ts';
import { TagWriter } from './core/tags/tag-writer.ts';
import { TAG_STORE_FILE, TagStore } from './core/tags/tag-store.ts';
import { MemoryTags } from './core/tags/memory-tags.ts';
import { QualityAlarms } from './core/quality/quality-alarms.ts';
import { TagSampler } from './core/quality/tag-sampler.ts';
import { ExpressionTags } from './core/tags/expression-tags.ts';
import { Accumulators } from './core/tags/accumulators.ts';
import { tagKind } from '../common/tag.ts';
import { RuleEngine } from './core/rules/rule-engine.ts';
import { RulesFile } from './core/rules/rules-file.ts';
import { loadEdgeConfig } from './core/sparkplug/edge-config.ts';
import { SparkplugEdgeNode } from './core/sparkplug/edge-node.ts';
import { TrendViewStore } from './core/trend-views/trend-view-store.ts';
import { AUDIT_FILE, type AuditTrail } from './core/audit/audit-trail.ts';
import { openKeyedAuditTrail } from './core/audit/keyed-audit-trail.ts';
import { builtinConnectorTypes } from './core/mes/connector-types.ts';
import { makeNewFilesPrivate, securePrivateFolder } from './core/secrets/private-folder.ts';
import type { SecretStore } from './core/secrets/secret-store.ts';
import { openStationSecrets, prepareStationSecrets, type TokenSource } from './core/secrets/station-secrets.ts';
import { SignaturePolicy } from './core/users/signatures.ts';
import { USERS_FILE } from './core/users/user-store.ts';
import { UserService } from './core/users/user-service.ts';
import { envAdmin } from './core/users/first-start.ts';
import { startMes } from './core/mes/mes-runtime.ts';
import type { ConnectorFactory } from './core/mes/connector.ts';
import type { MesService } from './core/mes/mes-service.ts';
import type { DispatcherOptions } from './core/mes/dispatcher.ts';
import { Gateway } from './gateway/gateway.ts';
import { isLoopback, loadTls, stationTls, type TlsMaterial } from './gateway/tls.ts';
import type { AuditEntry as MesAuditEntry } from './core/mes/audit.ts';
import { startReports, type ReportsRuntime } from './core/reports/reports-runtime.ts';
import { mesWorkOrderRuns } from './core/reports/production-source.ts';
import { PasswordSignatureVerifier } from './core/reports/signature-verifier.ts';
import { oeeTagDefinitions } from './core/oee/oee-tags.ts';
import type { Logger } from '../common/logger.ts';
import { lineLogger } from './logger.ts';
import { StoreBoard } from './core/storage/store-board.ts';
import { isLanguageCode } from '../common/preferences.ts';
import { openMaintenance, type MaintenanceRuntime } from './core/maintenance/maintenance-runtime.ts';
import { openNotify, type NotifyRuntime } from './core/notify/notify-runtime.ts';
import type { DispatchOptions as NotifyDispatchOptions } from './core/notify/notify-dispatcher.ts';
import { ShiftCalendar } from './core/shifts/shift-calendar.ts';
import { openFailureMessage } from './core/storage/store-errors.ts';

export { DEFAULT_RENDERER_DIR, EXAMPLE_PROJECT_DIR, VERSION } from './app-paths.ts';
import { DEFAULT_RENDERER_DIR, VERSION } from './app-paths.ts';

export interface RuntimeOptions {
  /** Folder with project.json. */
  projectDir: string;
  /** Default 127.0.0.1: only this machine. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** Default: LINESIDE_TOKEN, else the station token kept in the secrets file (made on the first start). */
  token?: string;
  rendererDir?: string;
  /** A writable folder for runtime data (history, journal, certificates, secrets; made 700, files 600). Default: <projectDir>/.lineside-data. */
  dataDir?: string;
  log?: (line: string) => void;
  /** Apply edits of rules.json made by hand at once (default true). */
  watchRules?: boolean;
  /** Levelled log lines (drivers and their libraries); default: through `log`, at LINESIDE_LOG_LEVEL (info). */
  logger?: Logger;
  clock?: Clock;
  drivers?: ReadonlyMap<string, DriverFactory<unknown>>;
  /** MES/ERP transports by type (default: every built-in one). */
  mesConnectorTypes?: ReadonlyMap<string, ConnectorFactory<unknown>>;
  /** Outbox retry timing (tests shorten it). */
  mesDispatch?: DispatcherOptions;
  /** Notification delivery retry timing (tests shorten it). */
  notifyDispatch?: NotifyDispatchOptions;
  /** How often maintenance counters are saved and due requests sent (default 5 s). */
  maintenanceTickMs?: number;
  /** WebSocket ping interval (default 15 s; tests shorten it). */
  heartbeatMs?: number;
  /** Where LINESIDE_ADMIN_USER / LINESIDE_ADMIN_PASSWORD are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * HTTPS and WSS: with the given certificate and key files, or (`'station'`) with the station's own
   * certificate, made on first use in the data folder. Default: plain HTTP (fine on loopback only).
   */
  tls?: { certFile: string; keyFile: string } | 'station';
}

export interface Runtime {
  /** Origin of the gateway, e.g. http://127.0.0.1:8710. */
  readonly url: string;
  readonly token: string;
  /** Where the token came from; 'new' on a station's first start (the only time a host prints it). */
  readonly tokenSource: TokenSource;
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
  /** The station's secrets (values never leave the runtime; tests read the generated ones here). */
  readonly secrets: SecretStore;
  /** Every SQLite store's health (ok, or failing: disk full...). */
  readonly stores: StoreBoard;
  /** MES/ERP sync, when the project has a mes.json. */
  readonly mes: MesService | undefined;
  /** Alarm notifications, when the project has a notify.json. */
  readonly notify: NotifyRuntime | undefined;
  /** Equipment counters, maintenance log and CMMS requests, when the project has a maintenance.json. */
  readonly maintenance: MaintenanceRuntime | undefined;
  /** Store-and-forward to the central PostgreSQL historian, when the project has a forward.json. */
  readonly forward: ForwardService | undefined;
  /** The station as a Sparkplug B edge node, when the project has a sparkplug.json. */
  readonly sparkplug: SparkplugEdgeNode | undefined;
  /** The certificate served over TLS (its fingerprint, the file to trust), or undefined for plain HTTP. */
  readonly tls: Omit<TlsMaterial, 'key' | 'cert'> | undefined;
  /** Orderly shutdown: refuse writes, drain history, stop serving, disconnect devices, close the history file. */
  dispose(): Promise<void>;
}

/**
 * A fresh install's administrator: from LINESIDE_ADMIN_USER / LINESIDE_ADMIN_PASSWORD (unattended
 * installs; ignored once an account exists), else the one-time setup code printed here, which the
 * HMI's first-start form asks for.
 */
async function firstStartAdmin(users: UserService, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<Result<void>> {
  const fromEnv = envAdmin(env);
  if (fromEnv.error) return fail('config-error', fromEnv.error);
  if (fromEnv.admin) {
    const created = await users.createAdminFromEnvironment(fromEnv.admin);
    if (!created.ok) return created;
    log(created.value === 'created' ? `Created the administrator "${fromEnv.admin.name}" from LINESIDE_ADMIN_USER and LINESIDE_ADMIN_PASSWORD.` : 'LINESIDE_ADMIN_USER and LINESIDE_ADMIN_PASSWORD are ignored: user accounts exist already.');
  }
  const code = users.setupCode;
  if (code) log(`First start: no user accounts yet. The HMI's first-start form asks for this one-time setup code: ${code}`);
  return ok(undefined);
}

/**
 * The composition root: loads and validates the project, wires the services by hand, connects the
 * devices and opens the gateway. The Electron shell and the headless entry both start the plant
 * runtime here. An invalid project starts nothing.
 */
export async function startRuntime(options: RuntimeOptions): Promise<Result<Runtime>> {
  const log = options.log ?? (() => {});
  const clock = options.clock ?? systemClock;
  const env = process.env['LINESIDE_TOKEN'];
  const given = options.token !== undefined ? { value: options.token, source: 'option' as const } : env !== undefined ? { value: env, source: 'environment' as const } : undefined;
  if (given && given.value.length < 16) return fail('config-error', 'the access token must be at least 16 characters (LINESIDE_TOKEN)');

  const projectDir = resolve(options.projectDir);
  const dataDir = resolve(options.dataDir ?? join(projectDir, '.lineside-data'));
  // Secret fields of devices and MES connectors are references into the station's secrets file.
  const secretsOpened = openStationSecrets(dataDir, options.drivers ?? builtinDrivers(), options.mesConnectorTypes ?? builtinConnectorTypes());
  if (!secretsOpened.ok) return secretsOpened;
  const stationSecrets = secretsOpened.value;
  const drivers = stationSecrets.drivers;
  const checkOptions = { mesConnectorTypes: stationSecrets.connectorTypes };
  let loaded = await loadProject(projectDir, drivers, checkOptions);
  if (!loaded.ok) return loaded;
  const logger = options.logger ?? lineLogger(log);
  for (const warning of loaded.value.warnings) logger({ level: 'warn', source: 'project', message: formatProblem(warning) });

  makeNewFilesPrivate();
  const secured = securePrivateFolder(dataDir);
  if (!secured.ok) return secured;
  if (secured.value.tightened.length > 0) log(`Made ${secured.value.tightened.length} file(s) and folder(s) in the data folder ${dataDir} private (folders 700, files 600).`);

  const keyed = openKeyedAuditTrail(join(dataDir, AUDIT_FILE), clock, stationSecrets.store);
  if (!keyed.ok) return keyed;
  const audit = keyed.value;
  const prepared = await prepareStationSecrets({ projectDir, secrets: stationSecrets, audit, log, token: given, env: options.env ?? process.env });
  if (!prepared.ok) {
    audit.dispose();
    return prepared;
  }
  const { token, tokenSource } = prepared.value;
  // Inline secrets moved (the project files now refer to them by name) or values generated: read it again.
  if (prepared.value.changed) loaded = await loadProject(projectDir, drivers, checkOptions);
  if (!loaded.ok) {
    audit.dispose();
    return loaded;
  }
  const { project, tags, devices: deviceDefs, dir } = loaded.value;

  const host = options.host ?? '127.0.0.1';
  const tlsMaterial = options.tls === undefined ? undefined : options.tls === 'station' ? await stationTls(dataDir, [host]) : loadTls(options.tls.certFile, options.tls.keyFile);
  if (tlsMaterial && !tlsMaterial.ok) {
    audit.dispose();
    return tlsMaterial;
  }
  const tls = tlsMaterial?.value;
  const transportWarning = tls || isLoopback(host) ? null : `served on ${host} without TLS: passwords and the access token cross the network in clear (start with --tls or --tls-cert/--tls-key)`;

  const allTags = [...tags, ...oeeTagDefinitions(loaded.value.shifts?.lines ?? [])];
  const screens = await ScreenStore.open(
    dir,
    allTags.map((t) => t.path),
  );
  if (!screens.ok) {
    audit.dispose();
    return screens;
  }

  let users: UserService;
  try {
    users = new UserService(join(dataDir, USERS_FILE), audit, clock, project.security);
  } catch (error) {
    audit.dispose();
    return fail('config-error', openFailureMessage(error, `cannot open the user accounts in ${dataDir}`));
  }
  const closeAccounts = () => {
    users.dispose();
    audit.dispose();
  };
  const firstAdmin = await firstStartAdmin(users, options.env ?? process.env, log);
  if (!firstAdmin.ok) {
    closeAccounts();
    return firstAdmin;
  }

  const engine = new TagEngine(allTags, clock);
  let tagStore: TagStore;
  try {
    tagStore = new TagStore(join(dataDir, TAG_STORE_FILE));
  } catch (error) {
    engine.dispose();
    closeAccounts();
    return fail('config-error', openFailureMessage(error, `cannot open the tag store in ${dataDir}`));
  }
  const closeStores = () => {
    tagStore.dispose();
    closeAccounts();
  };
  const memory = new MemoryTags(engine, tagStore, clock, log);
  memory.start();
  const opened = AlarmService.open({ projectDir: dir, dataDir, files: loaded.value.alarms, tags, engine, clock });
  if (!opened.ok) {
    engine.dispose();
    closeStores();
    return opened;
  }
  const alarms = opened.value;
  // The project's translations: reports export in the reader's language, the alarm REST and notifications read them.
  const texts = new TextsService(dir, loaded.value.texts, { alarm: (id) => alarms.definitions.all().find((d) => d.id === id) });
  const started = await Historian.start(engine, clock, { file: join(dataDir, 'history.sqlite'), retentionDays: project.history.retentionDays });
  if (!started.ok) {
    alarms.dispose();
    engine.dispose();
    closeStores();
    return started;
  }
  const historian = started.value;
  // After the historian and alarms took their sinks: the first results are recorded and alarmed like any value.
  const expressions = new ExpressionTags(engine, clock);
  const shiftCalendar = loaded.value.shifts ? new ShiftCalendar(loaded.value.shifts.shifts, project.plant.timeZone) : undefined;
  const accumulators = new Accumulators(engine, tagStore, clock, {
    // A per-shift value belongs to the shift running (or, between shifts, to the time since the last one ended).
    ...(shiftCalendar ? { periodStart: (at: number) => shiftCalendar.at(at)?.start ?? shiftCalendar.lastEnded(at)?.end ?? 0 } : {}),
  });
  let mes: MesService | undefined;
  let reports: ReportsRuntime | undefined;
  try {
    reports = loaded.value.shifts
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
          projectText: (language, id) => texts.text(language, id),
          verifier: new PasswordSignatureVerifier((name, password, station, action) => users.checkPassword(name, password, station, action)),
        })
      : undefined;
  } catch (error) {
    alarms.dispose();
    accumulators.dispose();
    expressions.dispose();
    engine.dispose();
    await historian.close();
    closeStores();
    return fail('config-error', openFailureMessage(error, `cannot open the shift reports in ${dataDir}`));
  }
  const devices = new DeviceManager(deviceDefs, engine, clock, { projectDir: dir, dataDir, log: logger, plantName: project.plant.name });
  const writer = new TagWriter(engine, memory.route(devices), clock, audit);
  const signatures = new SignaturePolicy(project.security.signatures);
  const rules = new RuleEngine(loaded.value.rules, {
    engine,
    clock,
    store: tagStore,
    audit,
    write: (path, value, by) => writer.write(path, value, by),
    permissionsOf: (role) => users.roles().find((r) => r.role === role)?.permissions ?? [],
    needsSignature: (path) => signatures.need('tags.write', { path }) !== undefined,
    logbook: reports && ((entry) => reports.services.reports.addLogbook({ name: entry.user, role: entry.role }, entry.text, entry.line)),
  });
  const edgeConfig = loadEdgeConfig(
    dir,
    engine.all().map((s) => s.def.path),
    users.roles().map((r) => r.role),
  );
  if (!edgeConfig.ok) {
    rules.dispose();
    await reports?.dispose();
    alarms.dispose();
    accumulators.dispose();
    expressions.dispose();
    engine.dispose();
    await historian.close();
    closeStores();
    return edgeConfig;
  }
  // DCMD writes take the path every write takes: the role's permission now, the signature policy, the tag writer (audited).
  const sparkplug =
    edgeConfig.value &&
    new SparkplugEdgeNode(edgeConfig.value, {
      engine,
      clock,
      dataDir,
      audit,
      log: logger,
      write: (path, value, by) => writer.write(path, value, by),
      permissionsOf: (role) => users.roles().find((r) => r.role === role)?.permissions ?? [],
      needsSignature: (path) => signatures.need('tags.write', { path }) !== undefined,
    });
  const config = new ConfigService({
    projectDir: dir,
    drivers,
    secrets: stationSecrets,
    projectJson: loaded.value.projectJson,
    devices: deviceDefs,
    tagFiles: loaded.value.tagFiles,
    templates: loaded.value.templates,
    engine,
    deviceManager: devices,
    alarms,
    builtInTags: allTags.slice(tags.length),
  });
  // Tags edited live: memory tags take their stored or initial value, expressions and accumulators their new inputs.
  config.onDidChange((change) => {
    const memoryTags = [...change.added, ...change.changed].flatMap((path) => {
      const slot = engine.slot(path);
      return slot && tagKind(slot.def) === 'memory' ? [slot] : [];
    });
    if (memoryTags.length > 0) memory.load(memoryTags);
    expressions.reload();
    accumulators.reload();
    // Hosts learn the new set of metrics from new births.
    sparkplug?.rebirth();
  });
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
    types: stationSecrets.connectorTypes,
    secrets: stationSecrets,
    // Rows of a report period not signed yet are kept past the MES store's retention.
    ...(reports ? { retentionKeep: { unsignedPeriods: (before: number) => reports.unsignedPeriods(before) } } : {}),
    ...(options.mesDispatch ? { dispatch: options.mesDispatch } : {}),
    // Lots per shift take the shift's name from the plant's calendar (shifts.json).
    ...(reports ? { shiftAt: (at: number) => reports.services.calendar.at(at)?.shift } : {}),
  });
  if (!mesStarted.ok) {
    rules.dispose();
    await reports?.dispose();
    alarms.dispose();
    accumulators.dispose();
    expressions.dispose();
    engine.dispose();
    await historian.close();
    closeStores();
    return mesStarted;
  }
  mes = mesStarted.value;
  let url: string | undefined;
  let notify: NotifyRuntime | undefined;
  if (loaded.value.notify) {
    const calendar = loaded.value.shifts ? new ShiftCalendar(loaded.value.shifts.shifts, project.plant.timeZone) : undefined;
    const opened = openNotify({
      file: loaded.value.notify,
      projectDir: dir,
      dataDir,
      secrets: stationSecrets.store,
      alarms: alarms.engine,
      clock,
      plant: project.plant.name,
      timeZone: project.plant.timeZone,
      shiftAt: (at) => calendar?.at(at)?.shift,
      linkBase: () => url ?? '',
      stationToken: () => token,
      // Each person's messages in their language: notify.json's, else their account's, else the project's default.
      accountLanguage: (name) => users.sessionUser(name)?.preferences.language ?? undefined,
      ...(isLanguageCode(texts.languages.default) ? { defaultLanguage: texts.languages.default } : {}),
      translate: (info, language) => texts.alarm(info, language),
      ...(options.notifyDispatch ? { dispatch: options.notifyDispatch } : {}),
      log,
    });
    if (!opened.ok) {
      await mes?.dispose();
      await reports?.dispose();
      alarms.dispose();
      engine.dispose();
      await historian.close();
      closeAccounts();
      return opened;
    }
    notify = opened.value;
  }
  let maintenance: MaintenanceRuntime | undefined;
  if (loaded.value.maintenance) {
    const opened = openMaintenance({
      file: loaded.value.maintenance,
      dataDir,
      engine,
      clock,
      audit,
      secrets: stationSecrets.store,
      sender: project.plant.name,
      ...(options.maintenanceTickMs !== undefined ? { tickMs: options.maintenanceTickMs } : {}),
      log,
    });
    if (!opened.ok) {
      await notify?.dispose();
      await mes?.dispose();
      await reports?.dispose();
      alarms.dispose();
      engine.dispose();
      await historian.close();
      closeAccounts();
      return opened;
    }
    maintenance = opened.value;
  }
  // Overdue samples and SPC signals of the inspection plans, as alarms of the class Quality.
  const qualityAlarms = mes && new QualityAlarms({ engine, alarms: alarms.engine, inspection: mes.inspection, lines: () => mes!.lines.map((l) => l.config.workCentre), clock });
  const tagSampler = mes && new TagSampler(engine, mes.inspection);
  // Every store's health in one place: the banner, stores.list and /healthz read it.
  const stores = new StoreBoard();
  stores.add(historian.health);
  stores.add(alarms.journal.health);
  stores.add(audit.health);
  if (mes) stores.add(mes.store.health);
  if (reports) stores.add(reports.health);
  if (notify) stores.add(notify.store.health);
  if (maintenance) stores.add(maintenance.store.health);
  stores.add(users.health);
  stores.add(tagStore.health);
  // rules.json edited in the app or by hand: checked against the tags as configured now, applied live.
  const rulesFile = await RulesFile.open({ projectDir: dir, engine: rules, tags: () => engine.all().map((s) => s.def), audit, log, watch: options.watchRules ?? true });
  const gateway = new Gateway(
    {
      texts,
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
      signatures,
      rules,
      rulesFile,
      ...(mes ? { mes } : {}),
      ...(notify ? { notify } : {}),
      ...(maintenance ? { maintenance } : {}),
      stores,
      sessionInfo: () => ({
        product: 'Lineside',
        version: VERSION,
        project: project.name,
        plant: project.plant.name,
        timeZone: project.plant.timeZone,
        serverTime: clock.now(),
        transport: { tls: tls !== undefined, warning: transportWarning },
      }),
    },
    { host, port: options.port ?? 0, token, ...(tls ? { tls } : {}), rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR, version: VERSION, log, ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}) },
  );

  let forward: ForwardService | undefined;
  // The end of every shutdown, in order: devices, then what they fed, the database files last.
  const stopCore = async () => {
    tagSampler?.dispose();
    qualityAlarms?.dispose();
    rulesFile.dispose();
    rules.dispose();
    await rules.idle();
    await notify?.dispose();
    await maintenance?.dispose();
    // Its NDEATH goes out while the values it published were still live.
    await sparkplug?.stop();
    await devices.stop();
    await reports?.dispose();
    alarms.dispose();
    accumulators.dispose();
    expressions.dispose();
    engine.dispose();
    await forward?.close();
    await historian.close();
    closeStores();
    stores.dispose();
  };
  try {
    // Before the devices: their first values are forwarded too. What it cannot send waits in forward.sqlite.
    const forwardFile = loaded.value.forward;
    if (forwardFile) forward = ForwardService.start({ engine, clock, file: forwardFile, dataDir, writeMemory: (path, value) => memory.write(path, value), log });
    await devices.start();
    url = await gateway.listen();
    await mes?.start();
    notify?.start();
    maintenance?.start();
    sparkplug?.start();
  } catch (error) {
    await gateway.close();
    await mes?.dispose();
    await stopCore();
    return fail('config-error', (error as Error).message);
  }
  log(`project "${project.name}": ${tags.length} tags on ${deviceDefs.length} device(s)`);
  if (tls) log(`TLS: HTTPS and WSS with ${tls.generated ? "the station's own certificate" : 'the given certificate'}; clients trust ${tls.trustFile} (SHA-256 fingerprint ${tls.fingerprint})`);
  if (transportWarning) log(`WARNING: ${transportWarning}`);
  reports?.start();

  let disposing: Promise<void> | undefined;
  return ok({
    url: url!,
    token,
    tokenSource,
    projectName: project.name,
    engine,
    devices,
    alarms,
    config,
    gateway,
    historian,
    users,
    audit,
    secrets: stationSecrets.store,
    stores,
    mes,
    notify,
    maintenance,
    forward,
    sparkplug,
    tls: tls && { trustFile: tls.trustFile, fingerprint: tls.fingerprint, generated: tls.generated },
    dispose: () =>
      (disposing ??= (async () => {
        writer.refuseWrites();
        await historian.drain();
        await gateway.close();
        config.dispose();
        // Before the devices go: its last counts and messages are committed while tags still flow.
        tagSampler?.dispose();
        qualityAlarms?.dispose();
        await mes?.dispose();
        await notify?.dispose();
        alarms.stopEvaluating();
        await stopCore();
      })()),
  });
}
