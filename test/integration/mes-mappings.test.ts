import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappingTables } from '../../common/mes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { until } from '../support/until.ts';

let sim: MesSim;
let example: ExampleRuntime;
let operator: TestClient;
let engineer: TestClient;

beforeAll(async () => {
  sim = new MesSim();
  const url = await sim.listen();
  example = await startExample({ mesBaseUrl: `${url}/api` });
  operator = await (await TestClient.connect(example.url, example.token)).loginAs('operator');
  engineer = await (await TestClient.connect(example.url, example.token)).loginAs('engineer');
});

afterAll(async () => {
  operator?.close();
  engineer?.close();
  await example?.dispose();
  await sim?.close();
});

describe('mapping tables edited at run time', () => {
  it('a consumption of an unmapped material waits blocked; an engineer adds the mapping, it is saved to mes.json and the message goes', async () => {
    const [erp] = await operator.call('mes.mappings.list', {});
    expect(erp).toMatchObject({ id: 'erp', type: 'rest', enabled: true });
    expect(erp!.mappings.materials).toContainEqual({ external: '200100', local: 'PET-05' });
    expect(erp!.mappings.units).toContainEqual({ external: 'CS', local: 'H87', factor: 24, offset: 0 });

    await until(async () => (await operator.call('workOrders.list', {})).orders.length >= 3, 'the example orders', 20_000);
    await operator.call('workOrders.start', { key: 'erp/WO-1001' });
    await operator.call('workOrders.consume', { key: 'erp/WO-1001', material: 'CLEAN-01', quantity: { value: 2, unit: 'LTR' } });
    const blocked = await until(async () => (await operator.call('sync.status', {})).problems.find((p) => p.key === 'WO-1001.mc1' && p.state === 'blocked'), 'the blocked consumption');
    expect(JSON.parse(blocked.reason)).toMatchObject({ reason: 'no mapping for material CLEAN-01', missing: [{ table: 'materials', code: 'CLEAN-01' }] });
    expect(sim.state.has('WO-1001.mc1')).toBe(false);

    const next: MappingTables = { ...erp!.mappings, materials: [...erp!.mappings.materials, { external: '500100', local: 'CLEAN-01' }] };
    const refused = await operator.request('mes.mappings.save', { connector: 'erp', mappings: next });
    expect(refused.error).toMatchObject({ code: 'forbidden', message: 'operator (role operator) lacks the permission mes.configure' });
    const twice = await engineer.request('mes.mappings.save', { connector: 'erp', mappings: { ...next, materials: [...next.materials, { external: '200100', local: 'PET-X' }] } });
    expect(twice.error?.message).toBe(`materials row ${next.materials.length + 1}: the external code 200100 is already mapped in row 4`);
    const badUnit = await engineer.request('mes.mappings.save', { connector: 'erp', mappings: { ...next, units: [{ external: 'EA', local: 'pieces', factor: 1, offset: 0 }] } });
    expect(badUnit.error).toMatchObject({ code: 'bad-request', path: 'params.mappings.units[0].local' });
    expect(badUnit.error?.message).toContain('UNECE Rec 20');
    const unknown = await engineer.request('mes.mappings.save', { connector: 'mes2', mappings: next });
    expect(unknown.error?.message).toBe('no connector mes2 in mes.json');

    const saved = await engineer.call('mes.mappings.save', { connector: 'erp', mappings: next });
    expect(saved).toMatchObject({ released: 1, connector: { id: 'erp', mappings: { materials: next.materials } } });
    const arrived = await until(() => sim.state.consumptions('WO-1001').find((m) => m.key === 'WO-1001.mc1'), 'the released consumption at the MES');
    expect(arrived.body['material']).toEqual({ code: '500100' });

    const onDisk = JSON.parse(await readFile(join(example.projectDir, 'mes.json'), 'utf8')) as { connectors: Array<{ id: string; options: unknown; mappings: MappingTables }>; lines: unknown[] };
    expect(onDisk.connectors[0]!.mappings.materials.at(-1)).toEqual({ external: '500100', local: 'CLEAN-01' });
    expect(onDisk.connectors[0]!.options).toMatchObject({ baseUrl: `${sim.url}/api` });
    expect(onDisk.lines).toHaveLength(1);
    const audit = example.audit.search({ action: 'mes.mappings.save', limit: 5 });
    expect(audit.records).toHaveLength(1);
    expect(audit.records[0]).toMatchObject({ user: 'engineer', target: 'erp' });
    expect((JSON.parse(audit.records[0]!.oldValue!) as MappingTables).materials).toHaveLength(next.materials.length - 1);
    expect((JSON.parse(audit.records[0]!.newValue!) as MappingTables).materials).toHaveLength(next.materials.length);
    expect((await operator.call('mes.mappings.list', {}))[0]!.mappings.materials).toEqual(next.materials);
  });
});
