import { spawn, type ChildProcess } from 'node:child_process';

export interface CliRun {
  child: ChildProcess;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** Resolves with the first match of `pattern` in the output so far or to come (bounded). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
}

/**
 * Runs `node SCRIPT ARGS` on this Node, as a user would from a terminal, collecting its output. The
 * caller registers `child` for `killAll` so no process outlives its test.
 */
export function runNodeScript(script: string, args: string[], options: { env?: NodeJS.ProcessEnv; ipc?: boolean; cwd?: string } = {}): CliRun {
  const stdio = ['ignore', 'pipe', 'pipe', ...(options.ipc ? ['ipc' as const] : [])] as const;
  const child = spawn(process.execPath, [script, ...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: [...stdio] });
  let output = '';
  const listeners: (() => void)[] = [];
  const onData = (data: Buffer) => {
    output += data.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, ms = 30_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} in output:\n${output}`)), ms);
      const check = () => {
        const match = pattern.exec(output);
        if (match) (clearTimeout(timer), resolve(match));
      };
      listeners.push(check);
      check();
    });
  return { child, exited, waitFor, output: () => output };
}

/** Kills (SIGKILL) every child still running and waits for each to exit. */
export async function killAll(children: ChildProcess[]): Promise<void> {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  }
}
