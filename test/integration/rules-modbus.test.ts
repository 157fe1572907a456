import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../main/runtime.ts';
import { startTestRuntime } from '../support/runtime.ts';
import { until } from '../support/until.ts';
import { TestClient } from '../support/ws-client.ts';
import { freePort, ModbusMemory, startServer } from './modbus-server.ts';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A tank on a real Modbus TCP server: level in hr:0, inlet valve on coil 0; a rule closes the inlet when the tank is full. */
async function tankProject(port: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-rules-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await mkdir(join(dir, 'tags'));
  const device = { name: 'plc', driver: 'modbus', config: { host: '127.0.0.1', port, pollMs: 50 } };
  await writeFile(join(dir, 'project.json'), JSON.stringify({ formatVersion: 1, name: 'Rules test', plant: { name: 'Test', timeZone: 'UTC' }, devices: [device] }));
  const tags = [
    { path: 'Tank/Level', dataType: 'int16', units: '%', source: { device: 'plc', address: 'hr:0' } },
    { path: 'Tank/InletOpen', dataType: 'bool', writable: true, source: { device: 'plc', address: 'co:0' } },
    { path: 'Tank/FullLimit', dataType: 'int16', writable: true, memory: { initial: 95 } },
  ];
  await writeFile(join(dir, 'tags', 'tank.json'), JSON.stringify({ tags }));
  const rules = [
    {
      id: 'tank-full',
      description: 'Close the inlet when the tank is full',
      when: '{Tank/Level} >= {Tank/FullLimit}',
      edge: 'rising',
      onDelayMs: 200,
      runAs: 'operator',
      actions: [{ kind: 'write', tag: 'Tank/InletOpen', value: false }],
    },
  ];
  await writeFile(join(dir, 'rules.json'), JSON.stringify({ rules }));
  return dir;
}

describe('event rules in the runtime (real Modbus TCP server)', () => {
  it('write a device tag as the rule’s role, through the same checks; refused while the role lacks the permission', async () => {
    const memory = new ModbusMemory();
    memory.unit(1).hr[0] = 50;
    memory.unit(1).co[0] = 1;
    const port = await freePort();
    const server = await startServer(memory, port);
    cleanups.push(() => server.close());
    const runtime: Runtime = await startTestRuntime({ projectDir: await tankProject(port) });
    cleanups.push(() => runtime.dispose());
    const level = () => runtime.engine.slot('Tank/Level')!.current;
    await until(() => level().quality === 'Good' && level().value === 50, 'the level from the PLC');

    const admin = { name: 'admin', role: 'admin', station: 'test' };
    const operatorPermissions = runtime.users.roles().find((r) => r.role === 'operator')!.permissions;
    expect(
      runtime.users.saveRole(
        admin,
        'operator',
        operatorPermissions.filter((p) => p !== 'tags.write'),
      ).ok,
    ).toBe(true);

    const engineer = await TestClient.connect(runtime.url, runtime.token);
    cleanups.push(() => engineer.close());
    await engineer.loginAs('engineer');
    memory.unit(1).hr[0] = 97;
    const refused = await until(async () => (await engineer.call('rules.list', {}))[0]!.lastRun ?? undefined, 'the rule’s first run');
    expect(refused).toMatchObject({ result: 'refused', detail: expect.stringContaining('whose role lacks the permission tags.write') });
    expect(memory.unit(1).co[0]).toBe(1);

    // Permission back; the level falls and rises again: the rule closes the inlet on the PLC.
    expect(runtime.users.saveRole(admin, 'operator', operatorPermissions).ok).toBe(true);
    memory.unit(1).hr[0] = 60;
    await until(() => level().value === 60, 'the level falling');
    memory.unit(1).hr[0] = 99;
    await until(() => memory.unit(1).co[0] === 0 || undefined, 'the inlet coil written by the rule', 10_000);
    const runs = await engineer.call('rules.runs', { id: 'tank-full', limit: 5 });
    expect(runs.map((r) => r.result)).toEqual(['ok', 'refused']);
    expect(runtime.audit.search({ limit: 5, action: 'tags.write' }).records[0]).toMatchObject({ user: 'rule:tank-full', role: 'operator', target: 'Tank/InletOpen' });

    // Engineers switch it off at run time (audited); an operator may not.
    const operator = await TestClient.connect(runtime.url, runtime.token);
    cleanups.push(() => operator.close());
    await operator.loginAs('operator');
    expect(await operator.request('rules.setEnabled', { id: 'tank-full', enabled: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await engineer.call('rules.setEnabled', { id: 'tank-full', enabled: false })).toMatchObject({ enabled: false, changedBy: 'engineer' });
    memory.unit(1).co[0] = 1;
    memory.unit(1).hr[0] = 10;
    await until(() => level().value === 10, 'the level falling again');
    memory.unit(1).hr[0] = 99;
    await until(() => level().value === 99, 'the level rising again');
    // The edge was seen while disabled: nothing is pending, so nothing will run.
    expect((await engineer.call('rules.list', {}))[0]).toMatchObject({ enabled: false, condition: true, pendingUntil: null, lastRun: { result: 'ok' } });
    expect(memory.unit(1).co[0]).toBe(1);
    expect(runtime.audit.search({ limit: 5, action: 'rules.' }).records[0]).toMatchObject({ user: 'engineer', action: 'rules.disable', target: 'tank-full' });
  }, 60_000);
});
