import { spawn } from 'node:child_process';

/** A helper process of the example (the plant, the MES simulator) that Lineside started and stops. */
export interface ChildService {
  /** One line for the console: what the process serves. */
  readonly description: string;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and resolves when it has exited. */
  stop(): Promise<void>;
}

export interface ChildServiceOptions<M> {
  /** The program (a .ts file run by this Node). */
  main: string;
  /** How messages and the console name it: "the example plant". */
  name: string;
  /** The IPC message type it sends once it serves. */
  readyType: string;
  startMs: number;
  /** Appended to "exited before serving": what the person can do about it. */
  exitHint: string;
  /** The console line from its ready message. */
  describe(message: M, pid: number | undefined): string;
  /** Said on the console when it stops later without being asked to (`how`: its signal or exit code); nothing when absent. */
  unexpectedExit?: (how: string) => string;
}

/**
 * Starts a helper program as a child process and resolves once it says (over IPC) that it serves. It
 * has its own process group, so Ctrl+C reaches Lineside only and the child is stopped after the
 * runtime; it also stops by itself when this process goes away (the IPC channel closes).
 */
export function startChildService<M extends { type?: string }>(options: ChildServiceOptions<M>): Promise<ChildService> {
  const { name } = options;
  // The station token stays in this process: helpers get neither it in their arguments nor LINESIDE_TOKEN in their environment.
  const env = { ...process.env };
  delete env['LINESIDE_TOKEN'];
  const child = spawn(process.execPath, [options.main, '--quiet'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: process.platform !== 'win32', env });
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
      reject(new Error(`${name} did not start within ${options.startMs / 1000} s`));
    }, options.startMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name} did not start: ${error.message}`));
    });
    const beforeReady = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? `code ${code}`}) before serving${options.exitHint}`));
    };
    child.once('exit', beforeReady);
    child.on('message', (message: M) => {
      if (message.type !== options.readyType) return;
      clearTimeout(timer);
      child.off('exit', beforeReady);
      const { unexpectedExit } = options;
      if (unexpectedExit) {
        child.once('exit', (code, signal) => {
          if (stopping === undefined) console.error(unexpectedExit(signal ?? `code ${code}`));
        });
      }
      resolve({ description: options.describe(message, child.pid), stop });
    });
  });
}
