import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE_PROJECT_DIR } from './app-paths.ts';
import type { Runtime, RuntimeOptions } from './runtime.ts';
import { isLoopback } from './gateway/tls.ts';
import { startChildService, type ChildService } from './child-service.ts';
import { startMesSimProcess, type MesSimProcess } from './mes-sim-process.ts';
import { startDevMailProcess, type DevMailProcess } from './dev-mail-process.ts';
import { consoleLogger } from './logger.ts';

export const DEFAULT_PORT = 8710;

const USAGE =
  'usage: npm run serve -- [--project DIR] [--port N] [--host ADDR] [--tls | --tls-cert FILE --tls-key FILE | --no-tls] [--no-plant] [--no-mes-sim] [--no-dev-mail]   (token: LINESIDE_TOKEN, else the station token made on the first start)\n' +
  "  HTTPS/WSS: --tls-cert/--tls-key with your certificate, or --tls with the station's own (made on first start in the data folder);\n" +
  "  a --host other than loopback uses the station's own unless --no-tls (then it warns)\n" +
  '  the example project (no --project) starts the example plant (npm run plant) and the MES simulator (npm run mes-sim) and the development mail server (npm run dev-mail) first, unless --no-plant / --no-mes-sim / --no-dev-mail';

/** The example plant's program (examples/plant/main.ts), run as a process of its own. */
const PLANT_MAIN = join(EXAMPLE_PROJECT_DIR, '..', 'plant', 'main.ts');
const PLANT_START_MS = 60_000;

function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return real(a) === real(b);
}

/** True when `projectDir` (undefined: the default) is the example project, which the example plant serves. */
export function servesExampleProject(projectDir: string | undefined): boolean {
  return projectDir === undefined || samePath(projectDir, EXAMPLE_PROJECT_DIR);
}

export type PlantProcess = ChildService;

/**
 * Starts the example plant as a child process on its default ports (those in the example project) and
 * resolves once it serves; it is stopped after the runtime.
 */
export function startPlantProcess(): Promise<PlantProcess> {
  return startChildService<{ type?: string; opcuaEndpoint?: string; modbusPort?: number; certificate?: { file: string; made: boolean } }>({
    main: PLANT_MAIN,
    name: 'the example plant',
    readyType: 'plant-ready',
    startMs: PLANT_START_MS,
    exitHint: '; see its message above, or run with --no-plant',
    describe: (message, pid) =>
      `Example plant running (pid ${pid}): OPC UA ${message.opcuaEndpoint}, Modbus TCP 127.0.0.1:${message.modbusPort}` +
      (message.certificate ? `; its OPC UA certificate ${message.certificate.made ? 'made' : 'kept'} in ${message.certificate.file}` : ''),
    unexpectedExit: (how) => `The example plant stopped unexpectedly (${how}): its devices will show errors.`,
  });
}

/** The example's helper processes that Lineside started (the plant, the MES simulator). */
export interface ExampleHelpers {
  /** Stops them after the runtime: the MES simulator first, then the plant. */
  stop(): Promise<void>;
}

/**
 * Starts what the example project talks to, when `projectDir` (undefined: the default) is the example:
 * the example plant and the MES/ERP simulator, each unless switched off (--no-plant, --no-mes-sim).
 * They start side by side (neither needs the other), which shortens the start. Both the headless host
 * and the desktop launcher (main/start.ts) use this. Throws with the reason when one does not start,
 * having stopped the other.
 */
export async function startExampleHelpers(options: { projectDir: string | undefined; plant: boolean; mesSim: boolean; devMail?: boolean; log: (line: string) => void }): Promise<ExampleHelpers> {
  if (!servesExampleProject(options.projectDir)) return { stop: () => Promise.resolve() };
  const [plantStart, mesSimStart, devMailStart] = await Promise.allSettled([
    options.plant ? startPlantProcess() : Promise.resolve(undefined),
    options.mesSim ? startMesSimProcess(EXAMPLE_PROJECT_DIR) : Promise.resolve(undefined),
    options.devMail !== false ? startDevMailProcess(EXAMPLE_PROJECT_DIR) : Promise.resolve(undefined),
  ]);
  const plant: PlantProcess | undefined = plantStart.status === 'fulfilled' ? plantStart.value : undefined;
  const mesSim: MesSimProcess | undefined = mesSimStart.status === 'fulfilled' ? mesSimStart.value : undefined;
  const devMail: DevMailProcess | undefined = devMailStart.status === 'fulfilled' ? devMailStart.value : undefined;
  const stop = async () => {
    await devMail?.stop();
    await mesSim?.stop();
    await plant?.stop();
  };
  const failed = [plantStart, mesSimStart, devMailStart].find((start) => start.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  if (plant) options.log(`${plant.description} (--no-plant to run without it)`);
  if (mesSim) options.log(`${mesSim.description} (--no-mes-sim to run without it)`);
  if (devMail) options.log(`${devMail.description} (--no-dev-mail to run without it)`);
  return { stop };
}

/** The TLS the flags ask for, or an error naming the flag; a non-loopback host gets TLS unless --no-tls. */
export function tlsChoice(flags: { tls?: boolean | undefined; 'tls-cert'?: string | undefined; 'tls-key'?: string | undefined; 'no-tls'?: boolean | undefined }, host: string): RuntimeOptions['tls'] | string {
  const cert = flags['tls-cert'];
  const key = flags['tls-key'];
  if ((cert === undefined) !== (key === undefined)) return `--tls-cert and --tls-key go together: give both files`;
  if (flags['no-tls'] && (flags.tls || cert !== undefined)) return '--no-tls contradicts --tls / --tls-cert';
  if (cert !== undefined && key !== undefined) return { certFile: cert, keyFile: key };
  if (flags.tls) return 'station';
  if (flags['no-tls'] || isLoopback(host)) return undefined;
  return 'station';
}

/**
 * Where the HMI is. The station token is printed once, on the station's first start (as Jupyter does);
 * after that it stays out of the console and the logs that keep it: its holder has it, and the secrets
 * file (mode 600) keeps it for whoever may read that.
 */
function serveLine(runtime: Runtime): string {
  switch (runtime.tokenSource) {
    case 'new':
      return `${runtime.url}/#token=${runtime.token}\nThat is the station token, shown this once: keep it (it stays the same at every start; Lineside keeps it in ${runtime.secrets.file}).`;
    case 'environment':
      return `${runtime.url} (station token: LINESIDE_TOKEN; open ${runtime.url}/#token=<token>)`;
    case 'stored':
    case 'option':
      return `${runtime.url} (open ${runtime.url}/#token=<station token>, shown at the first start; npm run secrets -- --data ${runtime.secrets.dir} get lineside.stationToken shows it again)`;
  }
}

/**
 * The headless host: the same runtime as the desktop app, served to browsers. Prints the URL with the
 * token and runs until SIGINT/SIGTERM, then shuts down in order (the runtime, then the example plant).
 */
export async function runHeadless(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        project: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'no-plant': { type: 'boolean' },
        'no-mes-sim': { type: 'boolean' },
        'no-dev-mail': { type: 'boolean' },
        help: { type: 'boolean' },
        tls: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'no-tls': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, not "${values.port}"\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const host = values.host ?? '127.0.0.1';
  const tls = tlsChoice(values, host);
  if (typeof tls === 'string') {
    console.error(`${tls}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const projectDir = values.project ?? EXAMPLE_PROJECT_DIR;
  // The runtime's modules (node-opcua among them: about half of a start's CPU) load while the example
  // plant and the MES simulator start in their processes; the runtime itself starts once they serve, so
  // its devices connect at the first try.
  const helpersStarting = startExampleHelpers({ projectDir: values.project, plant: !values['no-plant'], mesSim: !values['no-mes-sim'], devMail: !values['no-dev-mail'], log: (line) => console.log(line) });
  const runtimeLoading = import('./runtime.ts');
  let helpers: ExampleHelpers;
  try {
    helpers = await helpersStarting;
  } catch (error) {
    console.error(`Lineside did not start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const { startRuntime } = await runtimeLoading;
  const started = await startRuntime({ projectDir, port, host, ...(tls ? { tls } : {}), log: (line) => console.log(line), logger: consoleLogger() });
  if (!started.ok) {
    console.error(`Lineside did not start: ${started.error.message}`);
    await helpers.stop();
    process.exitCode = 1;
    return;
  }
  const runtime = started.value;
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down`);
    void runtime
      .dispose()
      .then(() => helpers.stop())
      .then(() => console.log('stopped'));
  };
  // Before the URL is printed: whoever acts on that line may stop us at once, and must get an orderly stop.
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  console.log(`Lineside serving "${runtime.projectName}" at ${serveLine(runtime)}`);
  if (runtime.users.setupCode) console.log('Open that address and create the administrator with the setup code above (there is no default password).');
  if (!isLoopback(host)) {
    console.log(`Listening on ${host}: anyone who can reach it and holds the token can view the plant; acting needs a signed-in user.`);
  }
}

if (import.meta.main) await runHeadless(process.argv.slice(2));
