import { spawn } from 'node:child_process';
import { join } from 'node:path';

const START_MS = 30_000;

export interface MesSimProcess {
  readonly description: string;
  stop(): Promise<void>;
}

/**
 * Starts the MES/ERP simulator (examples/mes-sim/main.ts) as a child process on its default port, as
 * the example project expects, and resolves once it serves. It stops with Lineside (IPC channel).
 */
export function startMesSimProcess(exampleDir: string): Promise<MesSimProcess> {
  const main = join(exampleDir, '..', 'mes-sim', 'main.ts');
  const child = spawn(process.execPath, [main, '--quiet'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: process.platform !== 'win32' });
  const exited = new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (child.connected) child.disconnect();
    })());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the MES simulator did not start within ${START_MS / 1000} s`));
    }, START_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`the MES simulator did not start: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the MES simulator exited (${signal ?? `code ${code}`}) before serving (is port 8720 taken? use --no-mes-sim)`));
    });
    child.on('message', (message: { type?: string; url?: string }) => {
      if (message.type !== 'mes-sim-ready') return;
      clearTimeout(timer);
      resolve({ description: `MES/ERP simulator running (pid ${child.pid}): ${message.url}/api`, stop });
    });
  });
}
