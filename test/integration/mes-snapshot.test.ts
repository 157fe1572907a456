import { rmSync } from 'node:fs';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { B2mmlSimRoutes } from '../../examples/mes-sim/b2mml-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { B2mmlHttpConnector } from '../../main/core/mes/b2mml/http-connector.ts';
import type { MesConnector } from '../../main/core/mes/connector.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { TestBroker } from '../support/mes-mqtt-broker.ts';
import { MesFixture, OPERATOR } from '../support/mes-service-fixture.ts';
import { until } from '../support/until.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function snapshotSim(): Promise<{ sim: MesSim; routes: B2mmlSimRoutes }> {
  const sim = new MesSim();
  const routes = new B2mmlSimRoutes(sim);
  sim.state.modes.snapshot = true;
  await sim.listen();
  cleanups.push(() => sim.close());
  return { sim, routes };
}

async function fixture(connector: Record<string, unknown>, dir?: string, wrap?: (c: MesConnector) => MesConnector): Promise<MesFixture> {
  const f = await MesFixture.start({ connectors: [connector], ...(dir ? { dir } : {}), ...(wrap ? { wrap } : {}) });
  cleanups.push(() => f.dispose());
  return f;
}

function statusOf(f: MesFixture, key: string): string | undefined {
  return f.mes.store.order(key)?.status;
}

describe('snapshot schedules over B2MML HTTP', () => {
  it('stores the schedule once; an unchanged poll costs one GET, no row, no write and no confirmation; a new version is an update', async () => {
    const { sim, routes } = await snapshotSim();
    const f = await fixture({ id: 'mes', type: 'b2mml-http', inbound: 'snapshot', options: { baseUrl: `${sim.url}/b2mml`, pollIntervalMs: 0 } });
    const connector = f.mes.connector('mes') as B2mmlHttpConnector;

    await connector.pollNow();
    expect(
      f.mes.store
        .orders()
        .map((o) => o.key)
        .sort(),
    ).toEqual(['mes/WO-1001', 'mes/WO-1002', 'mes/WO-1003']);
    expect(sim.state.requestCount('GET', '/b2mml/schedules')).toBe(1);
    expect(routes.confirmations.map((c) => [c.accepted, c.notes])).toEqual([[true, ['order WO-1001: accepted (revision 1)', 'order WO-1002: accepted (revision 1)', 'order WO-1003: accepted (revision 1)']]]);
    expect(connector.health().status).toBe('ok');

    const rows = f.rows('inbox');
    const writes = f.changes();
    for (let i = 0; i < 5; i++) await connector.pollNow();
    expect(sim.state.requestCount('GET', '/b2mml/schedules')).toBe(6);
    expect(routes.confirmations).toHaveLength(1);
    expect(f.rows('inbox')).toBe(rows);
    expect(f.changes()).toBe(writes);

    sim.state.putOrder({ id: 'WO-1002', quantity: { value: 120, unit: 'CS' } });
    await connector.pollNow();
    expect(f.mes.store.order('mes/WO-1002')?.order).toMatchObject({ revision: 2, quantity: { value: 120, unit: 'CS' } });
    expect(routes.confirmations.at(-1)?.notes).toEqual(['order WO-1002: accepted (revision 2)']);
    expect(f.rows('inbox')).toBe(rows + 1);

    // Gone from the schedule, with the default `disappeared: "ignore"`: left as it is.
    sim.state.removeOrder('WO-1003');
    await connector.pollNow();
    expect(statusOf(f, 'mes/WO-1003')).toBe('Released');
    expect(f.rows('snapshot_orders')).toBe(2);
    expect(routes.confirmations).toHaveLength(2);
  });

  it('refuses a bad order once, on its own, and applies the rest of the same snapshot', async () => {
    const { sim, routes } = await snapshotSim();
    sim.state.putOrder({ ...sim.state.order('WO-1001')!, id: 'WO-BAD', revision: 1, quantity: { value: -10, unit: 'EA' } });
    const f = await fixture({ id: 'mes', type: 'b2mml-http', inbound: 'snapshot', options: { baseUrl: `${sim.url}/b2mml`, pollIntervalMs: 0 } });
    const connector = f.mes.connector('mes') as B2mmlHttpConnector;
    await connector.pollNow();
    expect(
      f.mes.store
        .orders()
        .map((o) => o.key)
        .sort(),
    ).toEqual(['mes/WO-1001', 'mes/WO-1002', 'mes/WO-1003']);
    const refused = routes.confirmations.filter((c) => !c.accepted);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.notes[0]).toMatch(/^order WO-BAD: rejected: .*OperationsRequest\[3\]\/SegmentRequirement\[0\]\/MaterialRequirement\[0\]\/Quantity\/QuantityString: "-10" is not a non-negative number$/);
    expect(f.mes.status().inbound.map((e) => [e.messageId, e.verdict])).toEqual([['WO-BAD@1', 'rejected']]);
    const writes = f.changes();
    await connector.pollNow();
    expect(routes.confirmations).toHaveLength(2);
    expect(f.changes()).toBe(writes);
  });

  it('does not decode a schedule identical to the last one taken (fresh BODID aside), and decodes it again after a poll that failed', async () => {
    const { sim, routes } = await snapshotSim();
    let offered = 0;
    let failNext = false;
    const f = await fixture({ id: 'mes', type: 'b2mml-http', inbound: 'snapshot', options: { baseUrl: `${sim.url}/b2mml`, pollIntervalMs: 0 } }, undefined, (c) => {
      const start = c.start.bind(c);
      c.start = (sink) =>
        start({
          ...sink,
          receiveSnapshot: (id, entries) => {
            offered++;
            if (failNext) {
              failNext = false;
              return Promise.reject(new Error('MES store cannot be written: disk full'));
            }
            return sink.receiveSnapshot!(id, entries);
          },
        });
      return c;
    });
    const connector = f.mes.connector('mes') as B2mmlHttpConnector;
    await connector.pollNow();
    expect(offered).toBe(1);
    for (let i = 0; i < 3; i++) await connector.pollNow();
    // Each poll asked the MES (a fresh BODID each time), but the same schedule was not decoded again.
    expect(sim.state.requestCount('GET', '/b2mml/schedules')).toBe(4);
    expect(offered).toBe(1);
    expect(connector.health().status).toBe('ok');

    sim.state.putOrder({ id: 'WO-1003', quantity: { value: 900, unit: 'EA' } });
    failNext = true;
    await connector.pollNow();
    expect(offered).toBe(2);
    expect(connector.health()).toMatchObject({ status: 'error', lastError: expect.stringContaining('disk full') });
    expect(f.mes.store.order('mes/WO-1003')?.order.revision).toBe(1);
    // The schedule that failed is decoded again on the next poll, not taken for one already taken.
    await connector.pollNow();
    expect(offered).toBe(3);
    expect(f.mes.store.order('mes/WO-1003')?.order).toMatchObject({ revision: 2, quantity: { value: 900, unit: 'EA' } });
    expect(routes.confirmations.at(-1)?.notes).toEqual(['order WO-1003: accepted (revision 2)']);
    await connector.pollNow();
    expect(offered).toBe(3);
  });
});

describe('snapshot schedules over REST', () => {
  it('cancels an order that disappears (disappeared: "cancel"), audited, and keeps its snapshot across a restart', async () => {
    const { sim } = await snapshotSim();
    const options = { baseUrl: `${sim.url}/api`, pollIntervalMs: 0 };
    const connector = { id: 'erp', type: 'rest', inbound: 'snapshot', disappeared: 'cancel', options };
    const first = await MesFixture.start({ connectors: [connector] });
    const dir = first.dir;
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await (first.mes.connector('erp') as RestConnector).pollNow();
    expect(first.rows('work_orders')).toBe(3);
    expect(sim.state.requestCount('GET', '/api/orders')).toBe(1);

    sim.state.removeOrder('WO-1002');
    await (first.mes.connector('erp') as RestConnector).pollNow();
    expect(statusOf(first, 'erp/WO-1002')).toBe('Cancelled');
    const audit = first.audit.entries.filter((e) => e.action === 'workOrders.cancel.received');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user: 'MES erp', target: 'erp/WO-1002', detail: { how: "missing from the MES's schedule (snapshot)", was: 'Released' } });
    // A completed order leaving the schedule is not the MES cancelling it.
    await first.mes.start_('erp/WO-1001', OPERATOR);
    first.produce(5);
    expect(first.mes.confirm('erp/WO-1001', true, undefined, OPERATOR).ok).toBe(true);
    await until(() => first.mes.connectorStatuses()[0]!.pending === 0 && sim.state.completions('WO-1001').length === 1, 'the final confirmation and its backflush at the MES');
    await (first.mes.connector('erp') as RestConnector).pollNow();
    expect(statusOf(first, 'erp/WO-1001')).toBe('Completed');
    await first.dispose(false);

    const again = await fixture(connector, dir);
    const writes = again.changes();
    await (again.mes.connector('erp') as RestConnector).pollNow();
    expect(again.changes()).toBe(writes);
    expect(statusOf(again, 'erp/WO-1003')).toBe('Released');
  });
});

describe('snapshot schedules over MQTT', () => {
  it('takes each retained schedule as a whole: verdicts only for what changed, a missing order cancelled', async () => {
    const broker = new TestBroker();
    cleanups.push(() => broker.dispose());
    await broker.start();
    const root = 'acme/plant/line1';
    const f = await fixture({ id: 'uns', type: 'mqtt', inbound: 'snapshot', disappeared: 'cancel', options: { url: broker.url, clientId: 'lineside-snapshot', topicRoot: root, reconnectPeriodMs: 100, timeoutMs: 2_000 } });
    await until(() => f.mes.connector('uns')!.health().status === 'ok', 'the connector to connect');
    const mes = await mqtt.connectAsync(broker.url, { clientId: 'mes-snapshot', protocolVersion: 4 });
    cleanups.push(() => mes.endAsync(true));
    const verdicts: Array<{ messageId: string; verdict: string }> = [];
    mes.on('message', (_topic, payload) => verdicts.push(JSON.parse(payload.toString()) as { messageId: string; verdict: string }));
    await mes.subscribeAsync(`${root}/lineside/orders/verdicts`, { qos: 1 });
    const order = (id: string, revision: number) => ({ id, revision, material: { code: '100234' }, quantity: { value: 100, unit: 'EA' }, workCentre: 'WC-BTL-01' });
    const publish = (orders: unknown[]) => mes.publishAsync(`${root}/mes/orders/schedule`, JSON.stringify({ orders }), { qos: 1, retain: true });

    await publish([order('M-1', 1), order('M-2', 1)]);
    await until(() => verdicts.length === 2, 'two verdicts');
    const rows = f.rows('inbox');
    await publish([order('M-1', 1), order('M-2', 1)]);
    await publish([order('M-1', 2)]);
    await until(() => f.mes.store.order('uns/M-1')?.order.revision === 2, 'the update of M-1');
    await until(() => statusOf(f, 'uns/M-2') === 'Cancelled', 'M-2 cancelled');
    // The unchanged schedule in between added nothing: one verdict and one row for the new version only.
    await until(() => verdicts.length === 3, 'the third verdict');
    expect(verdicts.map((v) => [v.messageId, v.verdict])).toEqual([
      ['M-1@1', 'accepted'],
      ['M-2@1', 'accepted'],
      ['M-1@2', 'accepted'],
    ]);
    expect(f.rows('inbox')).toBe(rows + 1);
    expect(f.mes.store.order('uns/M-1')?.order.scheduledStart).toBeUndefined();
  });
});
