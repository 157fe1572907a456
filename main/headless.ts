import { parseArgs } from 'node:util';
import { EXAMPLE_PROJECT_DIR, startRuntime } from './runtime.ts';

export const DEFAULT_PORT = 8710;

const USAGE = 'usage: npm run serve -- [--project DIR] [--port N] [--host ADDR]   (token: LINESIDE_TOKEN, else random)';

/**
 * The headless host: the same runtime as the desktop app, served to browsers. Prints the URL with the
 * token and runs until SIGINT/SIGTERM, then shuts down in order.
 */
export async function runHeadless(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { project: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean' } },
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
  const projectDir = values.project ?? EXAMPLE_PROJECT_DIR;
  const started = await startRuntime({ projectDir, port, host: values.host ?? '127.0.0.1', log: (line) => console.log(line) });
  if (!started.ok) {
    console.error(`Lineside did not start: ${started.error.message}`);
    process.exitCode = 1;
    return;
  }
  const runtime = started.value;
  console.log(`Lineside serving "${runtime.projectName}" at ${runtime.url}/#token=${runtime.token}`);
  if (values.host !== undefined && values.host !== '127.0.0.1' && values.host !== 'localhost') {
    console.log(`Listening on ${values.host}: anyone who can reach it and holds the token can operate the plant.`);
  }
  const stop = (signal: string) => {
    console.log(`${signal}: shutting down`);
    void runtime.dispose().then(() => console.log('stopped'));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

if (import.meta.main) await runHeadless(process.argv.slice(2));
