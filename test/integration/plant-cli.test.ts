import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PlantReadyMessage } from '../../examples/plant/main.ts';
import { killAll, runNodeScript } from '../support/cli-process.ts';
import { freePort } from '../support/free-port.ts';

const MAIN = join(import.meta.dirname, '../../examples/plant/main.ts');
const children: ChildProcess[] = [];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-plant-cli-'));
});
afterEach(() => killAll(children));
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `node examples/plant/main.ts ARGS` with its output collected. */
function plant(args: string[], ipc = false) {
  const run = runNodeScript(MAIN, ['--data-dir', join(dir, 'plant'), ...args], { ipc });
  children.push(run.child);
  return run;
}

describe('npm run plant (the example plant process)', () => {
  it('prints what it serves and stops cleanly on SIGTERM', async () => {
    const [opcuaPort, modbusPort] = [await freePort(), await freePort()];
    const run = plant(['--opcua-port', String(opcuaPort), '--modbus-port', String(modbusPort)]);
    await run.waitFor(/Ctrl\+C stops it/);
    expect(run.output()).toContain(`OPC UA     opc.tcp://127.0.0.1:${opcuaPort}`);
    expect(run.output()).toContain(`Modbus TCP 127.0.0.1:${modbusPort}`);
    expect(run.output()).toContain('hr:0  LT101 tank level');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).toMatch(/SIGTERM: stopping the plant\s+plant stopped/);
  }, 60_000);

  it('tells a parent on its IPC channel when it serves, and stops when the parent lets go', async () => {
    const [opcuaPort, modbusPort] = [await freePort(), await freePort()];
    const run = plant(['--opcua-port', String(opcuaPort), '--modbus-port', String(modbusPort), '--quiet'], true);
    const ready = await new Promise<PlantReadyMessage>((resolve) => run.child.once('message', (m) => resolve(m as PlantReadyMessage)));
    expect(ready).toEqual({
      type: 'plant-ready',
      opcuaEndpoint: `opc.tcp://127.0.0.1:${opcuaPort}`,
      modbusPort,
      certificate: { file: join(dir, 'plant', 'pki', 'server', 'own', 'certs', 'certificate.pem'), thumbprint: expect.stringMatching(/^[0-9a-f]{40}$/), made: expect.any(Boolean) },
    });
    run.child.disconnect();
    expect(await run.exited).toBe(0);
    expect(run.output()).toBe('');
  }, 60_000);

  it('says so when a port is taken, and exits with code 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const taken = (blocker.address() as net.AddressInfo).port;
      const run = plant(['--opcua-port', String(await freePort()), '--modbus-port', String(taken)]);
      expect(await run.exited).toBe(1);
      expect(run.output()).toMatch(/EADDRINUSE.*another plant already running/);
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  }, 60_000);

  it('refuses bad arguments with the usage and code 2', async () => {
    const run = plant(['--opcua-port', 'eighty']);
    expect(await run.exited).toBe(2);
    expect(run.output()).toMatch(/--opcua-port must be a whole number from 1 to 65535, not "eighty"\nusage: npm run plant/);
  });
});
