import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const SIM_MAIN = join(import.meta.dirname, '../../examples/mes-sim/main.ts');

/** The MES simulator in a process of its own (`npm run mes-sim` with `args`), so its work does not share the bench's event loop. */
export async function startSim(args: readonly string[] = []): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = fork(SIM_MAIN, ['--port', '0', '--quiet', ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the MES simulator exited (${code})`)));
    child.on('message', (m: { type?: string; url?: string }) => m.type === 'mes-sim-ready' && resolve(m.url!));
  });
  const stop = async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return { url, child, stop };
}

export async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await res.arrayBuffer();
}
