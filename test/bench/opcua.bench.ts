import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DriverChange } from '../../drivers/api.ts';
import { OpcuaConfigSchema } from '../../drivers/opcua/config.ts';
import { OpcuaDriver } from '../../drivers/opcua/opcua-driver.ts';
import type { BenchGroup } from './figure.ts';

const ITEMS = 10_000;
const CHANGING_PER_SECOND = ITEMS / 10;
const CPU_SECONDS = 10;

/** 10,000 monitored items on a node-opcua server in a child process (its CPU is not counted here). */
export const opcuaBench: BenchGroup = async (report) => {
  const child = fork(new URL('../fixtures/opcua/bench-server.ts', import.meta.url), [String(ITEMS), String(CHANGING_PER_SECOND)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const dir = await mkdtemp(join(tmpdir(), 'lineside-opcua-bench-'));
  let driver: OpcuaDriver | undefined;
  try {
    const { port } = await new Promise<{ port: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { port: number }));
      child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    });
    driver = new OpcuaDriver(OpcuaConfigSchema.parse({ endpointUrl: `opc.tcp://127.0.0.1:${port}`, publishingInterval: 1000 }), { deviceName: 'bench', projectDir: dir, dataDir: dir, now: () => Date.now() });
    await driver.connect();
    if (driver.status !== 'ok') throw new Error(`bench driver: ${driver.lastError}`);

    let received = 0;
    const seen = new Set<number>();
    let allSeen: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (allSeen = resolve));
    const listener = (changes: readonly DriverChange[]) => {
      received += changes.length;
      for (const change of changes) if (change.value.quality === 'Good') seen.add(change.handle);
      if (seen.size === ITEMS) allSeen();
    };
    const items = Array.from({ length: ITEMS }, (_, i) => ({ handle: i, address: `ns=2;s=Bench.${i}` }));
    const started = performance.now();
    const subscription = driver.subscribe(items, listener);
    await ready;
    const subscribeSeconds = (performance.now() - started) / 1000;
    const against = `node-opcua ${ITEMS} items, server in a child process on 127.0.0.1, ${cpus().length} cores shared with other work`;
    report({ name: 'opcua.subscribe_10k_s', value: Math.round(subscribeSeconds * 100) / 100, unit: 's', target: '<= 10', against });

    const receivedBefore = received;
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await new Promise((resolve) => setTimeout(resolve, CPU_SECONDS * 1000));
    const cpu = process.cpuUsage(cpuBefore);
    const wallMs = performance.now() - wallBefore;
    const share = (cpu.user + cpu.system) / 1000 / wallMs;
    const perSecond = Math.round(((received - receivedBefore) * 1000) / wallMs);
    report({ name: 'opcua.cpu_share', value: Math.round(share * 1000) / 10, unit: '% of one core', against: `${against}; 1 s publishing, ${perSecond} changes/s received` });
    subscription.dispose();
  } finally {
    if (driver) {
      driver.dispose();
      await driver.closed;
    }
    if (child.connected) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  }
};
