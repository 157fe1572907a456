import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { B2mmlSimRoutes } from '../../examples/mes-sim/b2mml-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { B2mmlHttpConnector } from '../../main/core/mes/b2mml/http-connector.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { TestBroker } from '../support/mes-mqtt-broker.ts';
import { MesFixture, OPERATOR } from '../support/mes-service-fixture.ts';
import { until } from '../support/until.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const KEY = (system: string) => `${system}/WO-1001`;

async function sim(naive: boolean): Promise<{ sim: MesSim; routes: B2mmlSimRoutes }> {
  const s = new MesSim();
  const routes = new B2mmlSimRoutes(s);
  s.state.modes.naiveReversals = naive;
  await s.listen();
  cleanups.push(() => s.close());
  return { sim: s, routes };
}

async function fixture(connector: Record<string, unknown>): Promise<MesFixture> {
  const f = await MesFixture.start({ connectors: [connector] });
  cleanups.push(() => f.dispose());
  return f;
}

/**
 * 10 bottles confirmed as a partial (with what they backflushed), 5 more counted, the partial
 * reversed (the 10 and their material), then the final confirmation of the 5: the MES should book
 * 5 bottles and 2.5 l of water for the order.
 */
async function confirmReverseComplete(f: MesFixture, system: string): Promise<void> {
  expect((await f.mes.start_(KEY(system), OPERATOR)).ok).toBe(true);
  f.produce(10);
  expect(f.mes.confirm(KEY(system), false, undefined, OPERATOR).ok).toBe(true);
  f.produce(5);
  const reversed = f.mes.reverse(KEY(system), 'WO-1001.c1', OPERATOR);
  if (!reversed.ok) throw new Error(reversed.error.message);
  expect(reversed.value.completion).toMatchObject({ id: 'WO-1001.c2', reversalOf: 'WO-1001.c1', good: { value: 10 } });
  expect(f.mes.confirm(KEY(system), true, undefined, OPERATOR).ok).toBe(true);
}

function settled(f: MesFixture): boolean {
  const c = f.mes.connectorStatuses()[0]!;
  return c.pending === 0 || c.quarantined > 0;
}

describe('reversals over REST', () => {
  it('by default reach a naive MES as negative quantities under their own key, so it books the net', async () => {
    const { sim: mes } = await sim(true);
    const f = await fixture({ id: 'erp', type: 'rest', options: { baseUrl: `${mes.url}/api`, pollIntervalMs: 0 } });
    await (f.mes.connector('erp') as RestConnector).pollNow();
    await confirmReverseComplete(f, 'erp');
    await until(() => f.mes.connectorStatuses()[0]!.pending === 0, 'everything delivered');
    const c2 = mes.state.received.find((m) => m.key === 'WO-1001.c2')!;
    expect(c2.body).toMatchObject({ good: { value: -10, unit: 'EA' }, reversalOf: 'WO-1001.c1' });
    // Booked as production, as a naive MES does: 10 − 10 + 5, and 5 − 5 + 2.5 l of water.
    expect(mes.state.producedTotals()['WO-1001']).toBe(5);
    expect(mes.state.consumedTotals()['WO-1001']!['300100 LTR']).toEqual({ value: 2.5, unit: 'LTR' });
  });

  it('as cancellations by id when the connector says so: an aware MES cancels, a naive one cannot book them', async () => {
    const aware = await sim(false);
    const f = await fixture({ id: 'erp', type: 'rest', reversal: 'cancel', options: { baseUrl: `${aware.sim.url}/api`, pollIntervalMs: 0 } });
    await (f.mes.connector('erp') as RestConnector).pollNow();
    await confirmReverseComplete(f, 'erp');
    await until(() => f.mes.connectorStatuses()[0]!.pending === 0, 'everything delivered');
    const cancellations = aware.sim.state.received.filter((m) => m.kind === 'cancellation');
    expect(cancellations.map((m) => [m.key, m.body['cancels']])).toEqual([['WO-1001.c2', 'WO-1001.c1'], ...[1, 2, 3, 4].map((i) => [`WO-1001.c1.m${i}.r`, `WO-1001.c1.m${i}`])]);
    expect(cancellations.every((m) => m.body['good'] === undefined && m.body['quantity'] === undefined)).toBe(true);
    expect(aware.sim.state.producedTotals()['WO-1001']).toBe(5);

    const naive = await sim(true);
    const g = await fixture({ id: 'erp', type: 'rest', reversal: 'cancel', options: { baseUrl: `${naive.sim.url}/api`, pollIntervalMs: 0 } });
    await (g.mes.connector('erp') as RestConnector).pollNow();
    await confirmReverseComplete(g, 'erp');
    await until(() => settled(g), 'the cancellation refused');
    expect(g.mes.status().problems.map((p) => [p.key, p.state, p.reason])).toEqual([['WO-1001.c2', 'quarantined', expect.stringContaining('HTTP 404')]]);
    expect(naive.sim.state.producedTotals()['WO-1001']).toBe(10);
  });
});

describe('reversals over B2MML HTTP (every document checked against the XSDs by the simulator)', () => {
  it('negative by default: a naive MES books the net', async () => {
    const { sim: mes, routes } = await sim(true);
    const f = await fixture({ id: 'mes', type: 'b2mml-http', options: { baseUrl: `${mes.url}/b2mml`, pollIntervalMs: 0 } });
    await (f.mes.connector('mes') as B2mmlHttpConnector).pollNow();
    await confirmReverseComplete(f, 'mes');
    await until(() => f.mes.connectorStatuses()[0]!.pending === 0, 'everything delivered', 90_000);
    expect(routes.invalid).toEqual([]);
    expect(mes.state.producedTotals()['WO-1001']).toBe(5);
    expect(mes.state.consumedTotals()['WO-1001']!['300100 LTR']).toEqual({ value: 2.5, unit: 'LTR' });
  }, 240_000);

  it('cancel: Sync actionCode Delete naming the original, which a naive MES refuses rather than books', async () => {
    const aware = await sim(false);
    const f = await fixture({ id: 'mes', type: 'b2mml-http', reversal: 'cancel', options: { baseUrl: `${aware.sim.url}/b2mml`, pollIntervalMs: 0 } });
    await (f.mes.connector('mes') as B2mmlHttpConnector).pollNow();
    await confirmReverseComplete(f, 'mes');
    await until(() => f.mes.connectorStatuses()[0]!.pending === 0, 'everything delivered', 90_000);
    expect(aware.routes.invalid).toEqual([]);
    // B2MML carries no backflush rule, so all five BOM lines were backflushed (and are cancelled).
    expect(aware.sim.state.received.filter((m) => m.kind === 'cancellation').map((m) => m.body['cancels'])).toEqual(['WO-1001.c1', ...[1, 2, 3, 4, 5].map((i) => `WO-1001.c1.m${i}`)]);
    expect(aware.sim.state.producedTotals()['WO-1001']).toBe(5);

    const naive = await sim(true);
    const g = await fixture({ id: 'mes', type: 'b2mml-http', reversal: 'cancel', options: { baseUrl: `${naive.sim.url}/b2mml`, pollIntervalMs: 0 } });
    await (g.mes.connector('mes') as B2mmlHttpConnector).pollNow();
    await confirmReverseComplete(g, 'mes');
    await until(() => settled(g), 'the cancellation refused', 90_000);
    expect(g.mes.status().problems.map((p) => [p.key, p.state])).toEqual([['WO-1001.c2', 'quarantined']]);
    expect(g.mes.status().problems[0]!.reason).toContain('neither a GOOD nor a Consumed MaterialActual');
    expect(naive.sim.state.producedTotals()['WO-1001']).toBe(10);
  }, 240_000);
});

describe('reversals over MQTT (mosquitto)', () => {
  it('negative on the event topic by default, or a cancellation on its own topic', async () => {
    const broker = new TestBroker();
    cleanups.push(() => broker.dispose());
    await broker.start();
    const root = 'acme/plant/line1';
    const mes = await mqtt.connectAsync(broker.url, { clientId: 'mes-reversal', protocolVersion: 4 });
    cleanups.push(() => mes.endAsync(true));
    const got: Array<{ topic: string; body: Record<string, unknown> }> = [];
    mes.on('message', (topic, payload) => got.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown> }));
    await mes.subscribeAsync([`${root}/lineside/completions/#`, `${root}/lineside/cancellations/#`], { qos: 1 });
    const order = { id: 'WO-1001', revision: 1, material: { code: '100234' }, quantity: { value: 100, unit: 'EA' }, workCentre: 'WC-BTL-01' };

    for (const reversal of ['negative', 'cancel'] as const) {
      const f = await fixture({ id: 'uns', type: 'mqtt', reversal, options: { url: broker.url, clientId: `lineside-${reversal}`, topicRoot: root, reconnectPeriodMs: 100, timeoutMs: 2_000 } });
      await until(() => f.mes.connector('uns')!.health().status === 'ok', 'connected');
      f.mes.receive({ connector: 'uns', messageId: `o-${reversal}`, kind: 'order', order, raw: '' });
      got.length = 0;
      await confirmReverseComplete(f, 'uns');
      await until(() => got.length === 3, 'the three completion messages');
      const [, second] = got;
      if (reversal === 'negative') {
        expect(second!.topic).toBe(`${root}/lineside/completions/WO-1001`);
        expect(second!.body['payload']).toMatchObject({ id: 'WO-1001.c2', reversalOf: 'WO-1001.c1', good: { value: -10 } });
      } else {
        expect(second!.topic).toBe(`${root}/lineside/cancellations/WO-1001`);
        expect(second!.body).toMatchObject({ key: 'WO-1001.c2', cancellation: { cancels: 'WO-1001.c1' } });
        expect(second!.body['payload']).toBeUndefined();
      }
      await f.dispose();
      cleanups.pop();
    }
  });
});
