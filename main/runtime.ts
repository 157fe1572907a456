import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fail, ok, type Result } from '../common/result.ts';
import type { DriverFactory } from '../drivers/api.ts';
import { builtinDrivers } from '../drivers/registry.ts';
import { AlarmService } from './core/alarms/alarm-service.ts';
import { DeviceManager } from './core/devices/device-manager.ts';
import { loadProject } from './core/project/project-loader.ts';
import { Historian } from './core/historian/historian.ts';
import { TagEngine, type Clock } from './core/tags/tag-engine.ts';
import { TagWriter } from './core/tags/tag-writer.ts';
import { TrendViewStore } from './core/trend-views/trend-view-store.ts';
import { startMes } from './core/mes/mes-runtime.ts';
import type { ConnectorFactory } from './core/mes/connector.ts';
import type { MesService } from './core/mes/mes-service.ts';
import type { DispatcherOptions } from './core/mes/dispatcher.ts';
import { generateToken } from './gateway/auth.ts';
import { Gateway } from './gateway/gateway.ts';

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
  readonly gateway: Gateway;
  readonly historian: Historian;
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

  const loaded = await loadProject(resolve(options.projectDir), options.drivers ?? builtinDrivers());
  if (!loaded.ok) return loaded;
  const { project, tags, devices: deviceDefs, dir } = loaded.value;

  const dataDir = resolve(options.dataDir ?? join(dir, '.lineside-data'));
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    return fail('config-error', `cannot create the data folder ${dataDir}: ${(error as Error).message}`);
  }

  const engine = new TagEngine(tags, clock);
  const opened = AlarmService.open({ projectDir: dir, dataDir, files: loaded.value.alarms, tags, engine, clock });
  if (!opened.ok) {
    engine.dispose();
    return opened;
  }
  const alarms = opened.value;
  const started = await Historian.start(engine, clock, { file: join(dataDir, 'history.sqlite'), retentionDays: project.history.retentionDays });
  if (!started.ok) {
    alarms.dispose();
    engine.dispose();
    return started;
  }
  const historian = started.value;
  const devices = new DeviceManager(deviceDefs, engine, clock, { projectDir: dir, dataDir });
  const writer = new TagWriter(engine, devices, clock);
  const mesStarted = await startMes({ projectDir: dir, dataDir, tags, engine, writer, timeZone: project.plant.timeZone, log, ...(options.mesConnectorTypes ? { types: options.mesConnectorTypes } : {}), ...(options.mesDispatch ? { dispatch: options.mesDispatch } : {}) });
  if (!mesStarted.ok) {
    alarms.dispose();
    engine.dispose();
    await historian.close();
    return mesStarted;
  }
  const mes = mesStarted.value;
  const gateway = new Gateway(
    {
      engine,
      devices,
      writer,
      alarms,
      history: historian,
      trendViews: new TrendViewStore(join(dataDir, 'trend-views.json')),
      ...(mes ? { mes } : {}),
      localUser: project.localUser,
      sessionInfo: () => ({
        product: 'Lineside',
        version: VERSION,
        project: project.name,
        plant: project.plant.name,
        timeZone: project.plant.timeZone,
        user: project.localUser,
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
    alarms.dispose();
    engine.dispose();
    await historian.close();
    return fail('config-error', (error as Error).message);
  }
  log(`project "${project.name}": ${tags.length} tags on ${deviceDefs.length} device(s)`);

  let disposing: Promise<void> | undefined;
  return ok({
    url,
    token,
    projectName: project.name,
    engine,
    devices,
    alarms,
    gateway,
    historian,
    mes,
    dispose: () =>
      (disposing ??= (async () => {
        writer.refuseWrites();
        await historian.drain();
        await gateway.close();
        // Before the devices go: its last counts and messages are committed while tags still flow.
        await mes?.dispose();
        alarms.stopEvaluating();
        await devices.stop();
        alarms.dispose();
        engine.dispose();
        await historian.close();
      })()),
  });
}
