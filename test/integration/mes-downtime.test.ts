import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { B2mmlSimRoutes } from '../../examples/mes-sim/b2mml-routes.ts';
import { downtimeEvents } from '../../examples/mes-sim/downtime-view.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { TestBroker } from '../support/mes-mqtt-broker.ts';
import { LINE, REASONS, startTestLine, TAG, type TestLine } from '../support/mes-test-line.ts';
import { until } from '../support/until.ts';

/**
 * Downtime as it happens: a stop is reported when it starts (reason unclassified), again when the
 * operator classifies it, and when it ends (with its duration), over REST, B2MML and MQTT, each
 * through the outbox as versions of one event in the line's downtime stream.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const operator = { name: 'olga', role: 'operator' };
// The simulator checks each B2MML document against the XSDs (libxml2 in WebAssembly): slow on a loaded machine.
const B2MML_WAIT_MS = 45_000;

async function simulator(): Promise<{ sim: MesSim; routes: B2mmlSimRoutes }> {
  const sim = new MesSim();
  const routes = new B2mmlSimRoutes(sim);
  await sim.listen();
  cleanups.push(() => sim.close());
  return { sim, routes };
}

async function line(connector: Record<string, unknown>): Promise<TestLine> {
  const l = await startTestLine({ connectors: [connector], lines: [LINE], reasonCodes: REASONS });
  cleanups.push(() => l.dispose());
  return l;
}

describe('a line stop reported while it happens', () => {
  it('over REST: start (unclassified), the reason, then the end with its duration, in that order, once each', async () => {
    const { sim } = await simulator();
    const l = await line({ id: 'erp', type: 'rest', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0 } });
    l.set(TAG.state, 5);
    const id = l.mes.lineStatuses()[0]!.downtime!;
    expect(id).toMatch(/^Line1\.dt\d+$/);
    // The start reaches the MES while the line is still down.
    await until(() => sim.state.has(`${id}.v1`), 'the start of the stop at the MES');
    expect(downtimeEvents(sim.state)).toEqual([expect.objectContaining({ id, state: 'started', reason: 'unclassified' })]);
    expect(sim.state.received.find((m) => m.key === `${id}.v1`)!.body).not.toHaveProperty('end');

    expect(l.mes.classify(id, 'JAM', operator)).toMatchObject({ ok: true });
    await until(() => sim.state.has(`${id}.v2`), 'the reason at the MES');
    expect(downtimeEvents(sim.state)[0]).toMatchObject({ state: 'classified', reason: 'JAM' });

    l.set(TAG.state, 2);
    await until(() => sim.state.has(`${id}.v3`), 'the end at the MES');
    const [event] = downtimeEvents(sim.state);
    expect(event).toMatchObject({ id, state: 'ended', reason: 'JAM', versions: [`${id}.v1`, `${id}.v2`, `${id}.v3`] });
    const body = sim.state.received.find((m) => m.key === `${id}.v3`)!.body as { start: string; end: string; durationMs: number };
    expect(body.durationMs).toBe(Date.parse(body.end) - Date.parse(body.start));
    expect(sim.state.duplicates).toBe(0);
  });

  it('over B2MML/HTTP: NotifyOperationsEvent versions valid against the V0701 schemas, with state, reason and duration', async () => {
    const { sim, routes } = await simulator();
    const l = await line({ id: 'erp', type: 'b2mml-http', options: { baseUrl: `${sim.url}/b2mml`, pollIntervalMs: 0 } });
    l.set(TAG.state, 5);
    const id = l.mes.lineStatuses()[0]!.downtime!;
    await until(() => sim.state.has(`${id}.v1`), 'the start at the MES', B2MML_WAIT_MS);
    l.set(TAG.state, 2);
    await until(() => sim.state.has(`${id}.v2`), 'the end at the MES', B2MML_WAIT_MS);
    expect(l.mes.classify(id, 'JAM', operator)).toMatchObject({ ok: true });
    await until(() => sim.state.has(`${id}.v3`), 'the late reason at the MES', B2MML_WAIT_MS);
    expect(routes.invalid).toEqual([]);
    const versions = sim.state.received.filter((m) => m.subject === id).map((m) => m.body);
    expect(versions.map((b) => [b['version'], b['state'], b['reason'] ?? 'unclassified'])).toEqual([
      [1, 'started', 'unclassified'],
      [2, 'ended', 'unclassified'],
      [3, 'ended', 'JAM'],
    ]);
    expect(versions[0]!['categories']).toEqual(['Downtime:unplanned', 'Reason:unclassified', 'State:started']);
    expect(typeof versions[1]!['durationMs']).toBe('number');
    expect(versions[2]!['durationMs']).toBe(versions[1]!['durationMs']);
  }, 90_000);

  it('over MQTT: the retained state says down with reason unclassified at once, then the reason, then up with the duration', async () => {
    const broker = new TestBroker();
    cleanups.push(() => broker.dispose());
    await broker.start();
    const root = 'acme/dortmund/packaging/line1';
    const l = await line({ id: 'uns', type: 'mqtt', options: { url: broker.url, topicRoot: root, reconnectPeriodMs: 100, timeoutMs: 2000 } });
    await until(() => l.mes.connectorStatuses()[0]!.health.status === 'ok', 'the broker connection');
    const reader = await mqtt.connectAsync(broker.url, { clientId: 'scada-reader', reconnectPeriod: 100 });
    cleanups.push(() => reader.endAsync(true));
    const states: Array<Record<string, unknown>> = [];
    reader.on('message', (topic, payload) => {
      if (topic === `${root}/lineside/state/downtime/Line1`) states.push(JSON.parse(payload.toString()) as Record<string, unknown>);
    });
    await reader.subscribeAsync(`${root}/lineside/state/downtime/+`, { qos: 1 });

    l.set(TAG.state, 5);
    const id = l.mes.lineStatuses()[0]!.downtime!;
    await until(() => states.length >= 1, 'the retained down state');
    expect(states[0]).toMatchObject({ id, down: true, reason: 'unclassified', category: 'unplanned' });
    expect(states[0]).not.toHaveProperty('end');
    expect(l.mes.classify(id, 'JAM', operator)).toMatchObject({ ok: true });
    await until(() => states.length >= 2, 'the classified state');
    expect(states[1]).toMatchObject({ id, down: true, reason: 'JAM', operator: 'olga' });
    l.set(TAG.state, 2);
    await until(() => states.length >= 3, 'the up state');
    expect(states[2]).toMatchObject({ id, down: false, reason: 'JAM' });
    expect(states[2]!['durationMs']).toBe(Date.parse(states[2]!['end'] as string) - Date.parse(states[2]!['start'] as string));

    // A subscriber arriving later gets the latest state, retained.
    const late = await mqtt.connectAsync(broker.url, { clientId: 'late-reader', reconnectPeriod: 100 });
    cleanups.push(() => late.endAsync(true));
    const retained = new Promise<Record<string, unknown>>((resolve) => late.on('message', (_t, p, packet) => packet.retain && resolve(JSON.parse(p.toString()) as Record<string, unknown>)));
    await late.subscribeAsync(`${root}/lineside/state/downtime/Line1`, { qos: 1 });
    expect(await retained).toMatchObject({ id, down: false, reason: 'JAM' });
  });
});
