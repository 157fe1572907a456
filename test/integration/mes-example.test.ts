import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredWorkOrder } from '../../common/mes-contract.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';

/** Waits (bounded) until `probe` returns something truthy. */
async function until<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let sim: MesSim;
let example: ExampleRuntime;
let client: TestClient;

beforeAll(async () => {
  sim = new MesSim();
  const url = await sim.listen();
  example = await startExample({ mesBaseUrl: `${url}/api` });
  client = await (await TestClient.connect(example.url, example.token)).loginAs('operator');
});

afterAll(async () => {
  client?.close();
  await example?.dispose();
  await sim?.close();
});

describe('an order from the MES runs on the example plant', () => {
  it('pulls the orders, maps them to the plant codes, and lists them in the line queue', async () => {
    const list = await until(async () => {
      const r = await client.call('workOrders.list', {});
      return r.orders.length >= 3 ? r : undefined;
    }, 'the three example orders');
    const wo = list.orders.find((o) => o.order.id === 'WO-1001')!;
    expect(wo.key).toBe('erp/WO-1001');
    expect(wo.order.material.code).toBe('WATER-STILL-05');
    expect(wo.order.workCentre).toBe('Line1');
    expect(wo.order.quantity).toEqual({ value: 2400, unit: 'H87' });
    // Cases are converted to bottles by the unit mapping (CS → H87 × 24).
    expect(list.orders.find((o) => o.order.id === 'WO-1002')!.order.quantity).toEqual({ value: 2400, unit: 'H87' });
    expect(list.lines[0]).toMatchObject({ workCentre: 'Line1', countUnit: 'H87' });
  });

  it('starts the order only after its line speed reads back, counts production, and confirms to the MES in order', async () => {
    const started = await client.call('workOrders.start', { key: 'erp/WO-1001' });
    expect(started.checks).toEqual([expect.objectContaining({ name: 'LineSpeed', tag: 'Line1/Conveyor/SpeedSetpoint', written: 320, ok: true })]);
    expect(started.order.status).toBe('Running');
    const speed = await client.call('tags.read', { paths: ['Line1/Conveyor/SpeedSetpoint'] });
    expect(speed[0]!.value).toBe(320);

    await until(async () => {
      const r = await client.call('workOrders.list', {});
      const o = r.orders.find((x: StoredWorkOrder) => x.key === 'erp/WO-1001');
      return o && o.progress.good > 0 ? o : undefined;
    }, 'good bottles counted');
    const partial = await client.call('workOrders.confirm', { key: 'erp/WO-1001' });
    expect(partial.completion).toMatchObject({ id: 'WO-1001.c1', sequence: 1, final: false, workOrder: { system: 'erp', id: 'WO-1001' } });
    expect(partial.completion.good.value).toBeGreaterThan(0);

    await until(async () => {
      const r = await client.call('workOrders.list', {});
      const o = r.orders.find((x: StoredWorkOrder) => x.key === 'erp/WO-1001');
      return o && o.progress.good > o.progress.confirmedGood ? o : undefined;
    }, 'more bottles after the partial');
    const final = await client.call('workOrders.complete', { key: 'erp/WO-1001' });
    expect(final.order.status).toBe('Completed');
    expect(final.completion).toMatchObject({ sequence: 2, final: true });

    const received = await until(() => (sim.state.completions('WO-1001').length === 2 ? sim.state.completions('WO-1001') : undefined), 'both confirmations at the MES');
    expect(received.map((m) => m.key)).toEqual(['WO-1001.c1', 'WO-1001.c2']);
    // Sent in the MES's codes: H87 → EA, REJECT → Q01.
    expect(received[0]!.body['good']).toEqual({ value: partial.completion.good.value, unit: 'EA' });
    expect(sim.state.order('WO-1001')!['status']).toBe('Completed');
    expect(sim.state.outOfOrder).toBe(0);
    expect(sim.state.duplicates).toBe(0);
    const status = await client.call('sync.status', {});
    expect(status.connectors[0]).toMatchObject({ id: 'erp', pending: 0, quarantined: 0, delivered: 2 });
  });

  it('refuses a second order on a busy line, and holds and resumes the running one', async () => {
    await client.call('workOrders.start', { key: 'erp/WO-1003' });
    const second = await client.request('workOrders.start', { key: 'erp/WO-1002' });
    expect(second.ok).toBe(false);
    expect(second.error?.message).toContain('Line1 is running erp/WO-1003');
    const held = await client.call('workOrders.hold', { key: 'erp/WO-1003', reason: 'material check' });
    expect(held.status).toBe('Held');
    expect((await client.call('workOrders.resume', { key: 'erp/WO-1003' })).status).toBe('Running');
    // Each action is in the hash-chained audit trail with who did it and from which station.
    const audited = example.audit.search({ action: 'workOrders.', text: 'WO-1003', limit: 10 }).records;
    expect(audited.map((r) => [r.action, r.user, r.role, r.station])).toEqual([
      ['workOrders.resume', 'operator', 'operator', '127.0.0.1'],
      ['workOrders.hold', 'operator', 'operator', '127.0.0.1'],
      ['workOrders.start', 'operator', 'operator', '127.0.0.1'],
    ]);
  });
});
