import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { LINE, REASONS, startTestLine, TAG, type TestLine } from '../support/mes-test-line.ts';
import { until } from '../support/until.ts';

/**
 * Connector options edited at run time against two MES simulators (real HTTP): validated by the
 * transport, written to mes.json atomically, applied by restarting the connector (in-flight sends
 * settle first; waiting messages go on through the new one), secrets write-only.
 */
let simA: MesSim;
let simB: MesSim;
let line: TestLine;
const operator = { name: 'olga', role: 'operator' };
const TOKEN_A = 'token-of-mes-a-0123';
const TOKEN_B = 'token-of-mes-b-4567';
const mesJson = () => JSON.parse(readFileSync(join(line.dir, 'mes.json'), 'utf8')) as { connectors: Array<{ id: string; enabled: boolean; options: Record<string, unknown> }> };
const order = (id: string) => ({
  id,
  material: { code: 'WATER' },
  quantity: { value: 100, unit: 'H87' },
  workCentre: 'Line1',
  scheduledStart: '2026-03-01T06:00:00Z',
  scheduledEnd: '2026-03-01T08:00:00Z',
  parameters: [{ name: 'LineSpeed', value: 300 }],
});

beforeAll(async () => {
  simA = new MesSim({ seed: false, token: TOKEN_A });
  simB = new MesSim({ seed: false, token: TOKEN_B });
  await simA.listen();
  await simB.listen();
  simA.state.putOrder(order('WO-A1'));
  simB.state.putOrder(order('WO-A1'));
  simB.state.putOrder(order('WO-B1'));
  line = await startTestLine({
    connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${simA.url}/api`, token: TOKEN_A, pollIntervalMs: 0, timeoutMs: 5000 } }],
    lines: [LINE],
    reasonCodes: REASONS,
  });
  await (line.mes.connector('erp') as RestConnector).pollNow();
  expect(line.mes.store.cursor('erp')).toBe('1');
});

afterAll(async () => {
  await line?.dispose();
  await simA?.close();
  await simB?.close();
});

describe('connector options edited at run time', () => {
  it('lists the options with a form from the transport, and secrets only as set or not', () => {
    const [view] = line.mes.connectorOptions();
    expect(view).toMatchObject({ id: 'erp', type: 'rest', enabled: true, options: { baseUrl: `${simA.url}/api`, pollIntervalMs: 0, timeoutMs: 5000 }, secrets: { token: { set: true }, webhookSecret: { set: false } } });
    expect(JSON.stringify(view)).not.toContain(TOKEN_A);
    expect(view!.fields).toEqual(
      expect.arrayContaining([
        { name: 'baseUrl', label: 'Base URL', kind: 'url', required: true },
        { name: 'pollIntervalMs', label: 'Poll interval', kind: 'number', required: false, default: 5000, min: 0, max: 3_600_000, unit: 'ms' },
        { name: 'token', label: 'Bearer token', kind: 'secret', required: false },
      ]),
    );
    expect(view!.fields.find((f) => f.name === 'token')).toMatchObject({ kind: 'secret' });
  });

  it('refuses bad options naming the field, and leaves mes.json and the connector as they were', async () => {
    const before = readFileSync(join(line.dir, 'mes.json'), 'utf8');
    const running = line.mes.connector('erp');
    expect(await line.mes.saveConnectorOptions('erp', { enabled: true, options: { baseUrl: 'not a url' }, secrets: {} })).toMatchObject({
      ok: false,
      error: { code: 'bad-request', path: 'options.baseUrl', message: 'options.baseUrl: must be an http(s) URL' },
    });
    expect(await line.mes.saveConnectorOptions('erp', { enabled: true, options: { baseUrl: `${simB.url}/api`, pollIntervalMs: -5 }, secrets: {} })).toMatchObject({ ok: false, error: { path: 'options.pollIntervalMs' } });
    expect(await line.mes.saveConnectorOptions('erp', { enabled: true, options: { baseUrl: `${simB.url}/api`, token: 'x' }, secrets: {} })).toMatchObject({
      ok: false,
      error: { path: 'options.token', message: 'options.token: is a secret; it is set through secrets.token, write-only' },
    });
    expect(await line.mes.saveConnectorOptions('erp', { enabled: true, options: { baseUrl: `${simB.url}/api` }, secrets: { password: { value: 'x' } } })).toMatchObject({ ok: false, error: { path: 'secrets.password' } });
    expect(await line.mes.saveConnectorOptions('erp', { enabled: true, options: { baseUrl: `${simB.url}/api` }, secrets: { webhookSecret: { value: 'short' } } })).toMatchObject({
      ok: false,
      error: { path: 'options.webhookSecret', message: 'options.webhookSecret: a webhook secret has at least 16 characters' },
    });
    expect(await line.mes.saveConnectorOptions('nope', { enabled: true, options: {}, secrets: {} })).toMatchObject({ ok: false, error: { code: 'not-found', path: 'id' } });
    expect(readFileSync(join(line.dir, 'mes.json'), 'utf8')).toBe(before);
    expect(line.mes.connector('erp')).toBe(running);
  });

  it('applies a new MES address live: an in-flight send settles first, then messages go to the new MES', async () => {
    expect(await line.mes.start_('erp/WO-A1', operator)).toMatchObject({ ok: true });
    line.set(TAG.good, 10);
    simA.state.faults.slowMs = 400;
    expect(line.mes.confirm('erp/WO-A1', false, undefined, operator)).toMatchObject({ ok: true });
    await until(() => simA.state.has('WO-A1.c1'), 'c1 applied at A (its answer still on the way)');
    // The token is kept (not sent again), so MES B refuses it for now.
    const saved = await line.mes.saveConnectorOptions('erp', { enabled: true, options: { baseUrl: `${simB.url}/api`, pollIntervalMs: 0, timeoutMs: 2000 }, secrets: {} });
    expect(saved).toMatchObject({ ok: true, value: { restarted: true, changedSecrets: [], old: { options: { baseUrl: `${simA.url}/api`, token: '(set)' } }, new: { options: { baseUrl: `${simB.url}/api`, token: '(set)' } } } });
    expect(line.mes.store.db.prepare("SELECT state FROM outbox WHERE key = 'WO-A1.c1'").get()).toEqual({ state: 'delivered' });
    // Another MES: its orders are read from its start, not from MES A's cursor.
    expect(line.mes.store.cursor('erp')).toBeUndefined();
    expect(mesJson().connectors[0]!.options).toEqual({ baseUrl: `${simB.url}/api`, pollIntervalMs: 0, timeoutMs: 2000, token: TOKEN_A });
    line.set(TAG.good, 15);
    expect(line.mes.confirm('erp/WO-A1', false, undefined, operator)).toMatchObject({ ok: true });
    await until(() => line.mes.connectorStatuses()[0]!.health.lastError === "HTTP 401: the MES refused Lineside's credentials (check the token)", 'MES B refusing the old token');
    expect(line.mes.outbox.entry('erp', 'WO-A1.c2')).toMatchObject({ state: 'pending' });
    expect(simB.state.has('WO-A1.c2')).toBe(false);
  });

  it('sets a secret write-only: applied at once, stored, never listed', async () => {
    const saved = await line.mes.saveConnectorOptions('erp', { enabled: true, options: { baseUrl: `${simB.url}/api`, pollIntervalMs: 0, timeoutMs: 2000 }, secrets: { token: { value: TOKEN_B } } });
    expect(saved).toMatchObject({ ok: true, value: { changedSecrets: ['token'], connector: { secrets: { token: { set: true } } } } });
    expect(JSON.stringify(saved)).not.toContain(TOKEN_B);
    await until(() => simB.state.has('WO-A1.c2'), 'c2 at MES B with its token');
    expect(simA.state.has('WO-A1.c2')).toBe(false);
    expect(simA.state.completions('WO-A1').map((m) => m.key)).toEqual(['WO-A1.c1']);
    expect(simB.state.duplicates + simA.state.duplicates).toBe(0);
    // The new connector pulls from B.
    await (line.mes.connector('erp') as RestConnector).pollNow();
    expect(line.mes.store.order('erp/WO-B1')).toBeDefined();
    // mes.json refers to the secret by name; its value is in the station's secrets file (600).
    expect(mesJson().connectors[0]!.options['token']).toEqual({ secret: 'mes.erp.token' });
    expect(readFileSync(join(line.dir, 'mes.json'), 'utf8')).not.toContain(TOKEN_B);
    expect(readFileSync(join(line.dir, 'secrets.json'), 'utf8')).toContain(TOKEN_B);
  });

  it('disables and enables a connector: messages wait meanwhile and go once it is back; a cleared secret is gone', async () => {
    const off = await line.mes.saveConnectorOptions('erp', { enabled: false, options: { baseUrl: `${simB.url}/api`, pollIntervalMs: 0 }, secrets: {} });
    expect(off).toMatchObject({ ok: true, value: { restarted: false, connector: { enabled: false } } });
    expect(line.mes.connector('erp')).toBeUndefined();
    expect(line.mes.connectorStatuses()[0]).toMatchObject({ enabled: false, health: { status: 'off' } });
    line.set(TAG.good, 20);
    expect(line.mes.confirm('erp/WO-A1', true, undefined, operator)).toMatchObject({ ok: true });
    // Paused, not gone: the final confirmation waits in the outbox.
    expect(line.mes.connectorStatuses()[0]!.pending).toBe(1);
    const on = await line.mes.saveConnectorOptions('erp', { enabled: true, options: { baseUrl: `${simB.url}/api`, pollIntervalMs: 0 }, secrets: { webhookSecret: { value: 'a-webhook-secret-of-16+' } } });
    expect(on).toMatchObject({ ok: true, value: { restarted: true, connector: { secrets: { token: { set: true }, webhookSecret: { set: true } } } } });
    await until(() => simB.state.has('WO-A1.c3'), 'the final confirmation once the connector is back');
    const cleared = await line.mes.saveConnectorOptions('erp', { enabled: true, options: { baseUrl: `${simB.url}/api`, pollIntervalMs: 0 }, secrets: { webhookSecret: { clear: true } } });
    expect(cleared).toMatchObject({ ok: true, value: { changedSecrets: ['webhookSecret'], connector: { secrets: { webhookSecret: { set: false } } } } });
    expect(mesJson().connectors[0]).toMatchObject({ enabled: true });
    expect(mesJson().connectors[0]!.options).not.toHaveProperty('webhookSecret');
    // Its value left the secrets file with it.
    expect(readFileSync(join(line.dir, 'secrets.json'), 'utf8')).not.toContain('a-webhook-secret-of-16+');
  });
});
