import mqtt, { type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_MAPPINGS } from '../../common/mes.ts';
import { MqttConnector } from '../../main/core/mes/mqtt/mqtt-connector.ts';
import { MqttConnectorOptionsSchema } from '../../main/core/mes/mqtt/options.ts';
import { completionMessage, consumptionMessage, downtimeMessage, TestInbox } from '../support/mes-b2mml-support.ts';
import { TestBroker } from '../support/mes-mqtt-broker.ts';
import { until } from '../support/until.ts';

const ROOT = 'acme/dortmund/packaging/line1';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function order(id: string, revision = 1) {
  return {
    id,
    revision,
    material: { code: '100234' },
    quantity: { value: 2400, unit: 'EA' },
    workCentre: 'WC-BTL-01',
    scheduledStart: '2026-03-01T06:00:00Z',
    scheduledEnd: '2026-03-01T08:00:00Z',
  };
}

async function broker(): Promise<TestBroker> {
  const b = new TestBroker();
  cleanups.push(() => b.dispose());
  await b.start();
  return b;
}

async function connector(b: TestBroker, inbox: TestInbox, clientId = 'lineside-test'): Promise<MqttConnector> {
  const options = MqttConnectorOptionsSchema.parse({ url: b.url, clientId, topicRoot: ROOT, reconnectPeriodMs: 100, timeoutMs: 2_000 });
  const c = new MqttConnector('uns', options, { now: Date.now, log: () => undefined });
  cleanups.push(() => c.dispose());
  await c.start(inbox);
  await until(() => c.health().status === 'ok', 'the connector to connect');
  return c;
}

function testInbox(): TestInbox {
  const inbox = new TestInbox();
  inbox.mappings = EMPTY_MAPPINGS;
  cleanups.push(() => inbox.dispose());
  return inbox;
}

/** The MES's side: its own persistent session, recording what arrives per topic. */
async function mes(b: TestBroker, subscribe: string[], clientId = 'mes-test'): Promise<{ client: MqttClient; got: Array<{ topic: string; body: Record<string, unknown>; retain: boolean }> }> {
  const got: Array<{ topic: string; body: Record<string, unknown>; retain: boolean }> = [];
  const client = await mqtt.connectAsync(b.url, { clientId, clean: false, reconnectPeriod: 100, protocolVersion: 4 });
  cleanups.push(() => client.endAsync(true));
  client.on('message', (topic, payload, packet) => got.push({ topic, body: JSON.parse(payload.toString()) as Record<string, unknown>, retain: packet.retain }));
  if (subscribe.length > 0) await client.subscribeAsync(subscribe, { qos: 1 });
  return { client, got };
}

describe('MQTT Unified Namespace connector against mosquitto', () => {
  it('publishes completions and downtime on the line topic tree (QoS 1), downtime state retained', async () => {
    const b = await broker();
    const c = await connector(b, testInbox());
    const { got } = await mes(b, [`${ROOT}/lineside/completions/+`, `${ROOT}/lineside/downtime/+`]);
    expect(await c.deliver(completionMessage('uns', 'c-1'))).toEqual({ kind: 'delivered' });
    expect(await c.deliver(downtimeMessage('uns', 'd-1', { end: undefined }))).toEqual({ kind: 'delivered' });
    await until(() => got.length >= 2, 'both events');
    expect(got[0]).toMatchObject({ topic: `${ROOT}/lineside/completions/1000123`, body: { key: 'c-1', kind: 'completion', sequence: 1, payload: { good: { value: 240, unit: 'C62' } } } });
    expect(got[1]).toMatchObject({ topic: `${ROOT}/lineside/downtime/Line1`, body: { key: 'd-1', kind: 'downtime', payload: { id: 'dt-1', reason: 'JAM' } } });
    const late = await mes(b, [`${ROOT}/lineside/state/downtime/+`, `${ROOT}/lineside/status`], 'late-reader');
    await until(() => late.got.length >= 2, 'retained state');
    expect(late.got.find((m) => m.topic.endsWith('/state/downtime/Line1'))).toMatchObject({ retain: true, body: { id: 'dt-1', down: true } });
  });

  it('publishes a material consumption on the consumptions topic of its order (QoS 1, the key in the body)', async () => {
    const b = await broker();
    const c = await connector(b, testInbox());
    const { got } = await mes(b, [`${ROOT}/lineside/consumptions/+`]);
    expect(await c.deliver(consumptionMessage('uns', 'WO-1.c1.m1'))).toEqual({ kind: 'delivered' });
    await until(() => got.length >= 1, 'the consumption');
    expect(got[0]).toMatchObject({
      topic: `${ROOT}/lineside/consumptions/1000123`,
      retain: false,
      body: { key: 'WO-1.c1.m1', kind: 'consumption', sequence: 1, payload: { material: { code: 'PET-05' }, lot: 'L-77', quantity: { value: 240.5, unit: 'H87' } } },
    });
  });

  it('stores orders from the orders topic, acknowledges only after commit, and reports verdicts', async () => {
    const b = await broker();
    const inbox = testInbox();
    await connector(b, inbox);
    const { client, got } = await mes(b, [`${ROOT}/lineside/orders/verdicts`]);
    inbox.failNext = 1;
    await client.publishAsync(`${ROOT}/mes/orders/WO-1`, JSON.stringify(order('WO-1')), { qos: 1 });
    await client.publishAsync(`${ROOT}/mes/orders/WO-2`, 'not json', { qos: 1 });
    await until(() => inbox.store.order('uns/WO-1'), 'the order after the failed commit');
    expect(inbox.received[0]!.kind).toBe('order');
    // The first attempt failed, so the broker sent it again after the reconnect.
    expect(inbox.received.filter((d) => d.kind === 'order').length).toBeGreaterThanOrEqual(2);
    await until(() => got.length >= 2, 'two verdicts');
    expect(got.map((m) => m.body['verdict'])).toEqual(['accepted', 'rejected']);
    expect(inbox.store.order('uns/WO-1')?.order).toMatchObject({ material: { code: '100234' }, revision: 1 });
  });

  it('loses no QoS 1 message across a broker restart; duplicates carry the same key', async () => {
    const b = await broker();
    const inbox = testInbox();
    let c = await connector(b, inbox);
    const { got } = await mes(b, [`${ROOT}/lineside/completions/+`]);
    const delivered = new Set<string>();
    const send = async (key: string, sequence: number) => {
      const outcome = await c.deliver(completionMessage('uns', key, sequence));
      if (outcome.kind === 'delivered') delivered.add(key);
      return outcome.kind;
    };
    for (let i = 1; i <= 3; i++) expect(await send(`c-${i}`, i)).toBe('delivered');
    await until(() => new Set(got.map((m) => m.body['key'])).size >= 3, 'the first three at the MES');

    // Lineside goes away; the MES releases orders meanwhile; then the broker restarts.
    await c.dispose();
    const publisher = await mes(b, [], 'mes-publisher');
    for (const id of ['WO-7', 'WO-8', 'WO-9']) await publisher.client.publishAsync(`${ROOT}/mes/orders/${id}`, JSON.stringify(order(id)), { qos: 1 });
    await b.stop();
    c = await (async () => {
      const options = MqttConnectorOptionsSchema.parse({ url: b.url, clientId: 'lineside-test', topicRoot: ROOT, reconnectPeriodMs: 100, timeoutMs: 2_000 });
      const next = new MqttConnector('uns', options, { now: Date.now, log: () => undefined });
      cleanups.push(() => next.dispose());
      await next.start(inbox);
      return next;
    })();
    expect(await send('c-4', 4)).toBe('retry');
    await b.start();
    await until(() => c.health().status === 'ok', 'the reconnect');
    for (const [key, seq] of [
      ['c-4', 4],
      ['c-5', 5],
      ['c-6', 6],
    ] as const)
      await until(async () => (await send(key, seq)) === 'delivered', `${key} delivered`);
    await until(() => new Set(got.map((m) => m.body['key'])).size >= 6, 'every completion at the MES');
    expect([...new Set(got.map((m) => m.body['key']))].sort()).toEqual(['c-1', 'c-2', 'c-3', 'c-4', 'c-5', 'c-6']);
    await until(() => ['WO-7', 'WO-8', 'WO-9'].every((id) => inbox.store.order(`uns/${id}`)), 'the orders queued during the outage');
    // A redelivered order is harmless: the inbox answers duplicate for a message id it already has.
    await publisher.client.publishAsync(`${ROOT}/mes/orders/WO-7`, JSON.stringify(order('WO-7')), { qos: 1 });
    await until(() => inbox.verdicts.some((v) => v.kind === 'duplicate'), 'the duplicate verdict');
    // The same key always carries the same message, so a subscriber keeps one per key.
    const byKey = new Map<unknown, string>();
    for (const m of got) {
      const body = JSON.stringify(m.body);
      expect(byKey.get(m.body['key']) ?? body).toBe(body);
      byKey.set(m.body['key'], body);
    }
    expect(inbox.verdicts.filter((v) => v.kind === 'accepted').length).toBe(3);
  });
});
