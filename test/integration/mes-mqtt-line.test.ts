import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBroker } from '../support/mes-mqtt-broker.ts';
import { LINE, REASONS, startTestLine, TAG, type TestLine } from '../support/mes-test-line.ts';
import { until } from '../support/until.ts';

/**
 * The line on the connector's topic tree, against mosquitto: machine state, counters and OEE of
 * each line, retained, with their quality; what an IIoT subscriber reads without knowing Lineside.
 */
const ROOT = 'acme/dortmund/packaging/line1';
const LINES = `${ROOT}/lineside/lines/Line1`;
let broker: TestBroker;
let line: TestLine;
let reader: MqttClient;
const got: Array<{ topic: string; body: Record<string, any>; retain: boolean }> = [];
const latest = (part: string) => got.filter((m) => m.topic === `${LINES}/${part}`).at(-1)?.body;

async function subscriber(clientId: string, into: typeof got): Promise<MqttClient> {
  const client = await mqtt.connectAsync(broker.url, { clientId, reconnectPeriod: 100 });
  client.on('message', (topic, payload, packet) => into.push({ topic, body: JSON.parse(payload.toString()) as Record<string, any>, retain: packet.retain }));
  await client.subscribeAsync(`${ROOT}/lineside/lines/#`, { qos: 1 });
  return client;
}

beforeAll(async () => {
  broker = new TestBroker();
  await broker.start();
  line = await startTestLine({
    connectors: [{ id: 'uns', type: 'mqtt', options: { url: broker.url, topicRoot: ROOT, reconnectPeriodMs: 100, timeoutMs: 2000, lineIntervalMs: 100 } }],
    lines: [LINE],
    reasonCodes: REASONS,
  });
  await until(() => line.mes.connectorStatuses()[0]!.health.status === 'ok', 'the broker connection');
  reader = await subscriber('iiot-reader', got);
});

afterAll(async () => {
  await reader?.endAsync(true);
  await line?.dispose();
  await broker?.dispose();
});

describe("a line's live state on MQTT", () => {
  it('publishes machine state, counters and OEE, retained, with their quality', async () => {
    line.set(TAG.oee, 81.5);
    line.set(TAG.quality, null, 'BadWaitingForInitialData');
    await until(() => latest('oee')?.['oee']?.value === 81.5 && latest('state') && latest('counters'), 'the three topics');
    expect(latest('state')).toMatchObject({ line: 'Line1', equipment: 'Line1', machineState: { value: 2, text: 'Running', quality: 'Good' }, down: false, downtime: null, order: null });
    expect(latest('counters')).toMatchObject({ line: 'Line1', unit: 'H87', good: { value: 0, quality: 'Good' }, reject: { value: 0, quality: 'Good' }, order: null });
    const oee = latest('oee')!;
    expect(oee['oee']).toMatchObject({ value: 81.5, quality: 'Good', units: '%' });
    // The OEE factor "quality" not computed yet: Bad, so no number.
    expect(oee['quality']).toMatchObject({ value: null, quality: 'BadWaitingForInitialData' });
    expect(typeof oee['oee'].sourceTime).toBe('string');
  });

  it('follows the order on the line and its counts; a Bad counter is published as Bad, not as a number', async () => {
    const order = {
      id: 'WO-5',
      material: { code: 'WATER' },
      quantity: { value: 100, unit: 'H87' },
      workCentre: 'Line1',
      scheduledStart: '2026-03-01T06:00:00Z',
      scheduledEnd: '2026-03-01T08:00:00Z',
      parameters: [{ name: 'LineSpeed', value: 300 }],
    };
    expect(line.mes.receive({ connector: 'uns', messageId: 'WO-5@1', kind: 'order', order: { ...order, revision: 1 }, raw: '' })).toMatchObject({ kind: 'accepted' });
    expect(await line.mes.start_('uns/WO-5', { name: 'olga', role: 'operator' })).toMatchObject({ ok: true });
    await until(() => latest('state')?.['order']?.status === 'Running', 'the running order on the state topic');
    for (let n = 1; n <= 50; n++) line.set(TAG.good, n);
    await until(() => latest('counters')?.['good']?.value === 50, 'the last count');
    expect(latest('counters')).toMatchObject({ good: { value: 50, quality: 'Good' }, order: { id: 'WO-5', good: 50, reject: 0, confirmedGood: 0 } });
    // Fifty changes, coalesced: far fewer messages than changes.
    expect(got.filter((m) => m.topic === `${LINES}/counters`).length).toBeLessThan(25);

    line.set(TAG.good, null, 'BadNotConnected');
    await until(() => latest('counters')?.['good']?.quality === 'BadNotConnected', 'the Bad counter');
    expect(latest('counters')!['good']).toEqual({ value: null, quality: 'BadNotConnected', sourceTime: expect.any(String) });
  });

  it('says the line is down from the moment it stops, with reason unclassified', async () => {
    line.set(TAG.state, 5);
    await until(() => latest('state')?.['down'] === true, 'the down state');
    expect(latest('state')).toMatchObject({ machineState: { value: 5, text: 'Fault', quality: 'Good' }, down: true, downtime: { reason: 'unclassified', category: 'unplanned' } });
    line.set(TAG.state, 2);
    await until(() => latest('state')?.['down'] === false, 'the line up again');
  });

  it('gives a late subscriber the retained state, and publishes the latest again after the broker restarts', async () => {
    const late: typeof got = [];
    const client = await subscriber('late-reader', late);
    try {
      await until(() => ['state', 'counters', 'oee'].every((p) => late.some((m) => m.topic === `${LINES}/${p}` && m.retain)), 'retained line topics');
    } finally {
      await client.endAsync(true);
    }
    await broker.stop();
    await until(() => line.mes.connectorStatuses()[0]!.health.status !== 'ok', 'the connector to notice');
    line.set(TAG.good, 77);
    line.set(TAG.reject, 3);
    await broker.start();
    const after: typeof got = [];
    const again = await subscriber('after-restart', after);
    try {
      await until(() => after.some((m) => m.topic === `${LINES}/counters` && m.body['good']?.value === 77 && m.body['reject']?.value === 3), 'the counts made while the broker was away');
    } finally {
      await again.endAsync(true);
    }
  });
});
