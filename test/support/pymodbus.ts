import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Debian's python3-pymodbus lives under the system Python, not the pyenv `python3` on PATH. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, 'pymodbus_server.py');
const START_MS = 15_000;
const COMMAND_MS = 5_000;
const STOP_MS = 5_000;

export type PymodbusTable = 'hr' | 'ir' | 'co' | 'di';

/** A pymodbus server in a child process (test/support/pymodbus_server.py), driven over its stdin. */
export interface PymodbusServer {
  readonly child: ChildProcess;
  set(unit: number, table: PymodbusTable, address: number, values: (number | boolean)[]): Promise<void>;
  get(unit: number, table: PymodbusTable, address: number, count: number): Promise<(number | boolean)[]>;
  /** The unit stops answering (true) or answers again (false); the server and its port stay up. */
  silent(unit: number, on: boolean): Promise<void>;
  /** Closes its stdin and waits (bounded) for it to exit; SIGKILL after that. */
  stop(): Promise<void>;
}

export type PymodbusEndpoint = { kind: 'tcp'; port: number } | { kind: 'rtu'; path: string; baudRate: number };

/** Starts the server and resolves once it serves (bounded), or rejects with its output. */
export function startPymodbus(endpoint: PymodbusEndpoint, units: readonly number[]): Promise<PymodbusServer> {
  const where = endpoint.kind === 'tcp' ? ['tcp', String(endpoint.port)] : ['rtu', endpoint.path, String(endpoint.baudRate)];
  const child = spawn(SYSTEM_PYTHON, [SCRIPT, ...where, units.join(',')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const replies = new Map<number, (reply: Record<string, unknown>) => void>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });

  const command = (body: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        replies.delete(id);
        reject(new Error(`pymodbus did not answer ${JSON.stringify(body)} within ${COMMAND_MS} ms:\n${stderr}`));
      }, COMMAND_MS);
      replies.set(id, (reply) => {
        clearTimeout(timer);
        if (typeof reply['error'] === 'string') reject(new Error(`pymodbus: ${reply['error']}`));
        else resolve(reply);
      });
      child.stdin!.write(`${JSON.stringify({ id, ...body })}\n`);
    });

  const server: PymodbusServer = {
    child,
    set: async (unit, table, address, values) => void (await command({ set: [unit, table, address, values] })),
    get: async (unit, table, address, count) => (await command({ get: [unit, table, address, count] }))['values'] as (number | boolean)[],
    silent: async (unit, on) => void (await command({ silent: [unit, on] })),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin!.end();
        let timer: ReturnType<typeof setTimeout> | undefined;
        await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(() => (child.kill('SIGKILL'), resolve()), STOP_MS)))]);
        clearTimeout(timer);
        await exited;
      }
      lines.close();
    },
  };

  return new Promise<PymodbusServer>((resolve, reject) => {
    let started = false;
    const timer = setTimeout(() => fail(new Error(`pymodbus did not start within ${START_MS} ms:\n${stderr}`)), START_MS);
    const fail = (error: Error) => {
      if (started) return;
      started = true;
      clearTimeout(timer);
      void server.stop().then(() => reject(error));
    };
    child.once('exit', (code) => fail(new Error(`pymodbus exited (${code}) before serving:\n${stderr}`)));
    child.once('error', (error) => fail(error));
    lines.on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      if (message['ready'] === true) {
        started = true;
        clearTimeout(timer);
        resolve(server);
        return;
      }
      const id = message['id'];
      if (typeof id === 'number') replies.get(id)?.(message);
      if (typeof id === 'number') replies.delete(id);
    });
  });
}
