import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RestConnectorOptionsSchema } from '../../common/mes-config.ts';
import { MappingTablesSchema, type Completion, type MappingTables } from '../../common/mes.ts';
import { Dispatcher } from '../../main/core/mes/dispatcher.ts';
import { MesStore } from '../../main/core/mes/mes-store.ts';
import { Outbox } from '../../main/core/mes/outbox.ts';
import { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { until } from '../support/until.ts';

const dir = mkdtempSync(join(tmpdir(), 'lineside-mes-dispatch-'));
let sim: MesSim;
let n = 0;
const open: Array<{ store: MesStore; dispatcher: Dispatcher; connector: RestConnector }> = [];

beforeAll(async () => {
  sim = new MesSim();
  await sim.listen();
});
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.dispatcher.dispose();
    await o.connector.dispose();
    o.store.close();
  }
});
afterAll(async () => {
  await sim.close();
  rmSync(dir, { recursive: true, force: true });
});

function setup(mappings: MappingTables = MappingTablesSchema.parse({})) {
  const store = new MesStore(join(dir, `m${++n}.sqlite`));
  const outbox = new Outbox(store.db);
  const connector = new RestConnector({ id: 'erp', type: 'rest', enabled: true, mappings, options: {} }, RestConnectorOptionsSchema.parse({ baseUrl: `${sim.url}/api`, pollIntervalMs: 0, timeoutMs: 2000 }));
  const tables = { current: mappings };
  const dispatcher = new Dispatcher(
    outbox,
    connector,
    () => tables.current,
    () => {},
    { baseDelayMs: 10, maxDelayMs: 50 },
  );
  open.push({ store, dispatcher, connector });
  return { store, outbox, dispatcher, tables };
}

function completion(order: string, seq: number, extra: Partial<Completion> = {}): Completion {
  return {
    id: `${order}.t${n}.c${seq}`,
    workOrder: { system: 'erp', id: order },
    sequence: seq,
    good: { value: seq, unit: 'H87' },
    scrap: [],
    actualStart: '2026-01-01T00:00:00.000Z',
    actualEnd: '2026-01-01T01:00:00.000Z',
    lots: [],
    operator: 'op',
    final: false,
    timeZone: 'UTC',
    ...extra,
  };
}

describe('the dispatcher against the MES simulator', () => {
  it('quarantines a message the MES refuses, blocking only its own work order', async () => {
    const { outbox, dispatcher } = setup();
    const bad = completion('WO-9999', 1);
    const after = completion('WO-9999', 2);
    const other = completion('WO-1002', 1);
    for (const c of [bad, after, other]) outbox.enqueue({ connector: 'erp', key: c.id, stream: `erp/${c.workOrder.id}`, kind: 'completion', payload: c }, Date.now());
    dispatcher.kickAll();
    await until(() => sim.state.has(other.id) && outbox.get('erp', bad.id)!.state === 'quarantined', 'the other order delivered and the bad one quarantined');
    expect(outbox.get('erp', bad.id)!.reason).toContain('HTTP 422');
    expect(outbox.get('erp', bad.id)!.reason).toContain('unknown work order WO-9999');
    // Its successor waits behind it: partials never overtake.
    expect(outbox.get('erp', after.id)!.state).toBe('pending');
    expect(sim.state.has(after.id)).toBe(false);
  });

  it('blocks a message whose code has no mapping and releases it once the mapping exists', async () => {
    const tables = MappingTablesSchema.parse({ reasonCodes: [{ external: 'Q01', local: 'REJECT' }] });
    const { outbox, dispatcher, tables: live } = setup(tables);
    const c = completion('WO-1003', 1, { scrap: [{ quantity: { value: 2, unit: 'H87' }, reason: 'BROKEN' }] });
    outbox.enqueue({ connector: 'erp', key: c.id, stream: 'erp/WO-1003', kind: 'completion', payload: c }, Date.now());
    dispatcher.kickAll();
    await until(() => outbox.get('erp', c.id)!.state === 'blocked', 'blocked');
    expect(JSON.parse(outbox.get('erp', c.id)!.reason)).toEqual({ reason: 'no mapping for reason code BROKEN', missing: [{ table: 'reasonCodes', code: 'BROKEN' }] });
    live.current = MappingTablesSchema.parse({ reasonCodes: [...tables.reasonCodes, { external: 'Q07', local: 'BROKEN' }] });
    expect(outbox.releaseBlocked('erp')).toBe(1);
    dispatcher.kickAll();
    await until(() => sim.state.has(c.id), 'delivered after the mapping');
    const body = sim.state.received.find((m) => m.key === c.id)!.body;
    expect(body['scrap']).toEqual([{ quantity: { value: 2, unit: 'H87' }, reason: 'Q07' }]);
  });

  it('retries a slow MES as ambiguous and reads back before sending again', async () => {
    const { outbox, dispatcher } = setup();
    sim.state.faults.slowMs = 2500;
    const c = completion('WO-1003', 1);
    outbox.enqueue({ connector: 'erp', key: c.id, stream: 'erp/WO-1003b', kind: 'completion', payload: c }, Date.now());
    const duplicates = sim.state.duplicates;
    dispatcher.kickAll();
    await until(() => outbox.get('erp', c.id)!.reason.includes('no answer within 2000 ms'), 'in doubt after the timeout');
    expect(outbox.get('erp', c.id)!.inDoubt).toBe(true);
    expect(sim.state.has(c.id)).toBe(true);
    sim.state.faults.slowMs = 0;
    await until(() => outbox.get('erp', c.id)!.state === 'delivered', 'delivered');
    expect(sim.state.completions().filter((m) => m.key === c.id)).toHaveLength(1);
    expect(sim.state.duplicates).toBe(duplicates);
  });
});

describe('backoff', () => {
  it('is full jitter below an exponential cap and never sooner than Retry-After', async () => {
    const { store } = setup();
    const conn = new RestConnector({ id: 'x', type: 'rest', enabled: true, mappings: MappingTablesSchema.parse({}), options: {} }, RestConnectorOptionsSchema.parse({ baseUrl: 'http://127.0.0.1:9/api', pollIntervalMs: 0 }));
    const top = new Dispatcher(
      new Outbox(store.db),
      conn,
      () => MappingTablesSchema.parse({}),
      () => {},
      { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 },
    );
    const bottom = new Dispatcher(
      new Outbox(store.db),
      conn,
      () => MappingTablesSchema.parse({}),
      () => {},
      { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 },
    );
    expect([1, 2, 3, 4, 10].map((a) => top.backoff(a))).toEqual([199, 399, 799, 999, 999]);
    expect(bottom.backoff(5)).toBe(0);
    expect(bottom.backoff(5, 7000)).toBe(7000);
    expect(top.backoff(1, 50)).toBe(199);
    await top.dispose();
    await bottom.dispose();
    await conn.dispose();
  });
});
