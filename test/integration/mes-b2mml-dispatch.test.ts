import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EMPTY_MAPPINGS, type Completion } from '../../common/mes.ts';
import { B2mmlSimRoutes } from '../../examples/mes-sim/b2mml-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import { B2mmlHttpConnector } from '../../main/core/mes/b2mml/http-connector.ts';
import { B2mmlHttpOptionsSchema } from '../../main/core/mes/b2mml/options.ts';
import { Dispatcher } from '../../main/core/mes/dispatcher.ts';
import { MesStore } from '../../main/core/mes/mes-store.ts';
import { Outbox } from '../../main/core/mes/outbox.ts';
import { consumptionMessage } from '../support/mes-b2mml-support.ts';
import { until } from '../support/until.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'lineside-b2mml-dispatch-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const sim = new MesSim();
  const routes = new B2mmlSimRoutes(sim);
  await sim.listen();
  cleanups.push(() => sim.close());
  const store = new MesStore(join(dir, 'mes.sqlite'));
  cleanups.push(() => store.close());
  const outbox = new Outbox(store.db);
  const connector = new B2mmlHttpConnector('erp', B2mmlHttpOptionsSchema.parse({ baseUrl: `${sim.url}/b2mml`, pollIntervalMs: 0, timeoutMs: 15_000 }), { now: Date.now, log: () => undefined });
  cleanups.push(() => connector.dispose());
  const dispatcher = new Dispatcher(
    outbox,
    connector,
    () => EMPTY_MAPPINGS,
    () => undefined,
    { baseDelayMs: 20, maxDelayMs: 200 },
  );
  cleanups.push(() => dispatcher.dispose());
  return { sim, routes, outbox, dispatcher };
}

function completion(order: string, sequence: number, final = false): Completion {
  return {
    id: `${order}.c${sequence}`,
    workOrder: { system: 'erp', id: order },
    sequence,
    good: { value: 10 * sequence, unit: 'H87' },
    scrap: sequence === 2 ? [{ quantity: { value: 1, unit: 'H87' }, reason: 'CAP-MISSING' }] : [],
    actualStart: '2026-03-01T06:00:00.000Z',
    actualEnd: `2026-03-01T${String(6 + sequence).padStart(2, '0')}:00:00.000Z`,
    lots: [`LOT-${sequence}`],
    operator: 'op-7',
    final,
    timeZone: 'Europe/Berlin',
  };
}

describe("the core's dispatcher over B2MML/HTTP", () => {
  it('sends a completion and its backflushed consumption as SyncOperationsPerformance (MaterialUse Consumed), valid, once each, in order', async () => {
    const { sim, routes, outbox, dispatcher } = await setup();
    sim.state.putOrder({ id: 'WO-1005' });
    outbox.enqueue({ connector: 'erp', key: 'WO-1005.c1', stream: 'erp/WO-1005', kind: 'completion', payload: completion('WO-1005', 1) }, Date.now());
    const consumption = consumptionMessage('erp', 'WO-1005.c1.m1', 1, { workOrder: { system: 'erp', id: 'WO-1005' }, quantity: { value: 10.25, unit: 'LTR' }, material: { code: '300100' } }).payload;
    outbox.enqueue({ connector: 'erp', key: 'WO-1005.c1.m1', stream: 'erp/WO-1005', kind: 'consumption', payload: consumption }, Date.now());
    dispatcher.kickAll();
    // Both ends validate against the XSDs (libxml2 in WebAssembly): slow on a loaded machine.
    await until(() => sim.state.has('WO-1005.c1') && sim.state.has('WO-1005.c1.m1'), 'both at the MES', 40_000);
    expect(routes.invalid).toEqual([]);
    expect(sim.state.received.map((m) => [m.key, m.kind])).toEqual([
      ['WO-1005.c1', 'completion'],
      ['WO-1005.c1.m1', 'consumption'],
    ]);
    expect(sim.state.consumptions('WO-1005')[0]!.body).toMatchObject({ material: { code: '300100' }, lot: 'L-77', quantity: { value: 10.25, unit: 'LTR' }, sequence: 1 });
    expect(sim.state.duplicates).toBe(0);
  }, 60_000);

  it('drains an outage in order, once each, and reads back a lost answer instead of resending', async () => {
    const { sim, routes, outbox, dispatcher } = await setup();
    await sim.down();
    for (let i = 1; i <= 3; i++) outbox.enqueue({ connector: 'erp', key: `WO-1002.c${i}`, stream: 'erp/WO-1002', kind: 'completion', payload: completion('WO-1002', i, i === 3) }, Date.now());
    dispatcher.kickAll();
    await until(() => dispatcher.stats.attempts >= 2, 'a few failed attempts');
    expect(sim.state.completions('WO-1002')).toHaveLength(0);
    sim.state.faults.dropReply = 1;
    await sim.up();
    await until(() => sim.state.completions('WO-1002').length === 3, 'all three at the MES', 40_000);
    await until(() => dispatcher.stats.delivered === 3, 'the dispatcher to count them', 20_000);
    const got = sim.state.completions('WO-1002');
    expect(got.map((m) => m.sequence)).toEqual([1, 2, 3]);
    expect(got.map((m) => m.body['final'])).toEqual([false, false, true]);
    expect(sim.state.outOfOrder).toBe(0);
    // The dropped answer was resolved by GET /b2mml/messages, so nothing arrived twice.
    expect(sim.state.duplicates).toBe(0);
    expect(routes.invalid).toEqual([]);
    expect(sim.state.order('WO-1002')?.['status']).toBe('Completed');
  }, 90_000);
});
