import { spawn, type ChildProcess } from 'node:child_process';

const START_MS = 5000;
const STOP_MS = 5000;

export interface Socat {
  readonly child: ChildProcess;
  /** SIGTERM, then waits (bounded; SIGKILL after) for it to exit. */
  stop(): Promise<void>;
}

/** Starts socat and resolves once its log says `ready` (its links or listener exist), bounded. */
export function startSocat(args: string[], ready: RegExp): Promise<Socat> {
  const child = spawn('socat', ['-d', '-d', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const socat: Socat = {
    child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(() => (child.kill('SIGKILL'), resolve()), STOP_MS)))]);
      clearTimeout(timer);
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    let log = '';
    let settled = false;
    const timer = setTimeout(() => done(new Error(`socat not ready within ${START_MS} ms:\n${log}`)), START_MS);
    const done = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stderr?.removeListener('data', onData);
      child.stderr?.resume();
      if (error) void socat.stop().then(() => reject(error));
      else resolve(socat);
    };
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (ready.test(log)) done();
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => done(new Error(`socat exited (${code}):\n${log}`)));
  });
}

/** A virtual serial pair: two pseudo-terminals linked at `a` and `b`, bytes written to one come out of the other. */
export function serialPair(a: string, b: string): Promise<Socat> {
  return startSocat([`pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], /starting data transfer loop/);
}
