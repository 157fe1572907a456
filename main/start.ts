// `npm start` / `npm run desktop`: the desktop app when Electron's binary is on this machine, otherwise
// the same HMI served headless. Never require('electron') here: its index.js downloads the binary
// when it is missing, and these machines are offline.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

/** The Electron executable inside an installed `electron` package, or null when it was never downloaded. */
export function findElectronBinary(electronPackageDir: string): string | null {
  const pathFile = path.join(electronPackageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  if (relative === '') return null;
  const binary = path.join(electronPackageDir, 'dist', relative);
  return existsSync(binary) ? binary : null;
}

function electronPackageDir(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null; // a production install without devDependencies
  }
}

function runNpmScript(script: string): void {
  // Inside `npm start`, npm_execpath is npm's own CLI: running it with this Node needs no shell on Windows.
  const npmCli = process.env.npm_execpath;
  const result =
    npmCli !== undefined && npmCli.endsWith('.js')
      ? spawnSync(process.execPath, [npmCli, 'run', script, '-s'], { cwd: ROOT, stdio: 'inherit' })
      : spawnSync('npm', ['run', script, '-s'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    console.error(`npm run ${script} failed`);
    process.exit(result.status ?? 1);
  }
}

/** Builds the renderer when it is missing or its sources changed since it was built (build/ensure-renderer.ts says which). */
function ensureRenderer(): void {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'build', 'ensure-renderer.ts')], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function runElectron(binary: string, args: string[], helpers: { stop(): Promise<void> }): void {
  runNpmScript('build:electron');
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // would make the binary behave as plain Node
  delete env.LINESIDE_TOKEN; // the shell makes a token per launch and hands it to its windows in-process, never in arguments
  const child = spawn(binary, [ROOT, ...args], { cwd: process.cwd(), stdio: 'inherit', env });
  // The shell disposes the runtime on these before it exits; this process waits for it.
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  // The example plant and the MES simulator go after the app (and its runtime) has stopped.
  child.on('exit', (code, signal) => {
    void helpers.stop().finally(() => process.exit(code ?? (signal === null ? 0 : 1)));
  });
}

/** The `--project` the arguments name, if any (the same spellings the Electron shell accepts). */
function projectArg(args: readonly string[]): string | undefined {
  for (const [i, arg] of args.entries()) {
    if (arg.startsWith('--project=')) return arg.slice('--project='.length);
    const next = args[i + 1];
    if (arg === '--project' && next !== undefined && !next.startsWith('--')) return next;
  }
  return undefined;
}

async function main(argv: string[]): Promise<void> {
  const args = argv.filter((arg) => arg !== '--desktop');
  const packageDir = electronPackageDir();
  const binary = packageDir === null ? null : findElectronBinary(packageDir);
  ensureRenderer();
  if (binary !== null) {
    // The headless host starts the example's helpers itself; the desktop app gets them from here (the same code).
    const { startExampleHelpers } = await import('./headless.ts');
    const project = projectArg(args);
    let helpers;
    try {
      helpers = await startExampleHelpers({
        projectDir: project === undefined ? undefined : path.resolve(project),
        plant: !args.includes('--no-plant'),
        mesSim: !args.includes('--no-mes-sim'),
        devMail: !args.includes('--no-dev-mail'),
        log: (line) => console.log(line),
      });
    } catch (error) {
      console.error(`Lineside did not start: ${(error as Error).message}`);
      process.exit(1);
    }
    return runElectron(
      binary,
      args.filter((arg) => arg !== '--no-plant' && arg !== '--no-mes-sim' && arg !== '--no-dev-mail'),
      helpers,
    );
  }
  console.log("Electron's binary is not installed on this machine (it cannot be downloaded offline); serving the same HMI headless instead.");
  const { runHeadless } = await import('./headless.ts');
  await runHeadless(args);
}

if (import.meta.main) await main(process.argv.slice(2));
