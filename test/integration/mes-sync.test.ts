import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { startExample, type ExampleRuntime } from '../support/example.ts';
import { TestClient } from '../support/ws-client.ts';
import { until } from '../support/until.ts';

/** This file's waits (longer than `until`'s default of 10 s, as they always were here). */
const WAIT_MS = 20_000;

/** The example's webhook secret, generated for this station on its first start (the secrets file). */
let SECRET: string;
let sim: MesSim;
let example: ExampleRuntime;
let client: TestClient;

function push(order: unknown, secret = SECRET): Promise<Response> {
  return fetch(`${example.url}/webhooks/mes/erp/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` }, body: JSON.stringify(order) });
}

function order(id: string, revision: number, patch: Record<string, unknown> = {}) {
  return {
    ...sim.state.order('WO-1001'),
    id,
    revision,
    ...patch,
  };
}

beforeAll(async () => {
  sim = new MesSim();
  const url = await sim.listen();
  example = await startExample({ mesBaseUrl: `${url}/api`, mesDispatch: { baseDelayMs: 50, maxDelayMs: 400 } });
  SECRET = example.secrets.get('mes.erp.webhookSecret')!;
  client = await (await TestClient.connect(example.url, example.token)).loginAs('supervisor');
  await until(async () => (await client.call('workOrders.list', {})).orders.length >= 3, 'the example orders', WAIT_MS);
});

afterAll(async () => {
  client?.close();
  await example?.dispose();
  await sim?.close();
});

describe('outbound through an MES outage', () => {
  it('queues every confirmation while the MES is down and delivers each once, in order, when it is back', async () => {
    await sim.down();
    await client.call('workOrders.start', { key: 'erp/WO-1002' });
    for (let i = 0; i < 4; i++) await client.call('workOrders.confirm', { key: 'erp/WO-1002' });
    await client.call('workOrders.complete', { key: 'erp/WO-1002' });
    const waiting = await until(
      async () => {
        const s = await client.call('sync.status', {});
        return s.connectors[0]!.pending === 5 && s.connectors[0]!.health.status === 'error' ? s : undefined;
      },
      'five messages pending with the connector in error',
      WAIT_MS,
    );
    expect(waiting.connectors[0]!.oldestPendingAgeMs).toBeGreaterThanOrEqual(0);
    expect(sim.state.completions('WO-1002')).toHaveLength(0);

    await sim.up();
    const got = await until(() => (sim.state.completions('WO-1002').length === 5 ? sim.state.completions('WO-1002') : undefined), 'all five confirmations', WAIT_MS);
    expect(got.map((m) => m.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(got.map((m) => m.body['final'])).toEqual([false, false, false, false, true]);
    expect(sim.state.outOfOrder).toBe(0);
    expect(sim.state.duplicates).toBe(0);
    await until(async () => (await client.call('sync.status', {})).connectors[0]!.pending === 0, 'an empty queue', WAIT_MS);
  });

  it('applies a message once when the MES commits and then answers 502, or drops the reply', async () => {
    await client.call('workOrders.start', { key: 'erp/WO-1003' });
    sim.state.faults.failAfterCommit = { status: 502, count: 1 };
    await client.call('workOrders.confirm', { key: 'erp/WO-1003' });
    sim.state.faults.dropReply = 1;
    await client.call('workOrders.complete', { key: 'erp/WO-1003' });
    const got = await until(() => (sim.state.completions('WO-1003').length === 2 && sim.state.faults.dropReply === 0 ? sim.state.completions('WO-1003') : undefined), 'both', WAIT_MS);
    await until(async () => (await client.call('sync.status', {})).connectors[0]!.pending === 0, 'an empty queue', WAIT_MS);
    expect(got.map((m) => m.key)).toEqual(['WO-1003.c1', 'WO-1003.c2']);
    // Both answers left it in doubt: each was read back (the MES had it), neither was sent again.
    expect(sim.state.duplicates).toBe(0);
    expect(sim.state.outOfOrder).toBe(0);
  });
});

describe('inbound orders', () => {
  it("refuses a webhook call without the webhook secret (and the operators' token is not it)", async () => {
    expect((await push(order('WO-2001', 1), 'wrong-secret-0123456789')).status).toBe(401);
    expect((await push(order('WO-2001', 1), example.token)).status).toBe(401);
  });

  it('stores a pushed order once, ignores a stale revision, and takes a newer one', async () => {
    const first = await push(order('WO-2001', 3));
    expect(first.status).toBe(200);
    expect(((await first.json()) as { verdicts: unknown[] }).verdicts).toEqual([{ kind: 'accepted', key: 'erp/WO-2001', revision: 3 }]);
    expect(((await (await push(order('WO-2001', 3))).json()) as { verdicts: unknown[] }).verdicts).toEqual([{ kind: 'duplicate', key: 'erp/WO-2001' }]);
    const stale = (await (await push(order('WO-2001', 2))).json()) as { verdicts: unknown[] };
    expect(stale.verdicts).toEqual([{ kind: 'stale', key: 'erp/WO-2001', storedRevision: 3, revision: 2 }]);
    await push(order('WO-2001', 4, { priority: 5 }));
    const list = await client.call('workOrders.list', {});
    const stored = list.orders.filter((o) => o.key === 'erp/WO-2001');
    expect(stored).toHaveLength(1);
    expect(stored[0]!.order).toMatchObject({ revision: 4, priority: 5 });
  });

  it('rejects a malformed order with the field named and holds an unmapped one, harming nothing else', async () => {
    const before = (await client.call('workOrders.list', {})).orders.length;
    const bad = await push(order('WO-2002', 1, { quantity: { value: -5, unit: 'EA' } }));
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await bad.json())).toContain('order.quantity.value: must not be negative');
    const unmapped = await push(order('WO-2003', 1, { material: { code: '999999' } }));
    expect(((await unmapped.json()) as { verdicts: unknown[] }).verdicts).toEqual([{ kind: 'held', missing: [{ table: 'materials', code: '999999' }] }]);
    expect((await client.call('workOrders.list', {})).orders).toHaveLength(before);
    const status = await client.call('sync.status', {});
    expect(status.inbound.map((e) => [e.messageId, e.verdict, e.reason])).toEqual(
      expect.arrayContaining([
        ['WO-2002@1', 'rejected', expect.stringContaining('must not be negative')],
        ['WO-2003@1', 'held', 'no mapping for material 999999'],
      ]),
    );
    // Once the mapping exists, the held order is applied by itself.
    const mes = example.mes!;
    const current = structuredClone(mes.mappings('erp')!);
    current.materials.push({ external: '999999', local: 'NEW-PRODUCT' });
    expect(mes.setMappings('erp', current)).toEqual({ ok: true, value: { released: 0, orders: 1 } });
    const after = (await client.call('workOrders.list', {})).orders.find((o) => o.key === 'erp/WO-2003');
    expect(after?.order.material.code).toBe('NEW-PRODUCT');
  });
});
