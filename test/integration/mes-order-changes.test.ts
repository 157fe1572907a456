import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B2mmlSimRoutes } from '../../examples/mes-sim/b2mml-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { B2mmlHttpConnector } from '../../main/core/mes/b2mml/http-connector.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { LINE, REASONS, startTestLine, TAG, type TestLine } from '../support/mes-test-line.ts';
import { until } from '../support/until.ts';

/**
 * Orders cancelled or revised at the MES while they run on the line, against the MES simulator
 * (real HTTP: the planner's changes go through its admin endpoints, Lineside pulls them).
 */
const operator = { name: 'olga', role: 'operator' };
const supervisor = { name: 'sam', role: 'supervisor' };
const order = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  material: { code: 'WATER' },
  quantity: { value: 100, unit: 'H87' },
  workCentre: 'Line1',
  scheduledStart: '2026-03-01T06:00:00Z',
  scheduledEnd: '2026-03-01T08:00:00Z',
  bom: [{ material: { code: 'PET' }, quantity: { value: 100, unit: 'H87' } }],
  parameters: [{ name: 'LineSpeed', value: 300 }],
  ...extra,
});

async function admin(sim: MesSim, path: string, body: unknown = {}): Promise<Response> {
  return fetch(`${sim.url}/admin/orders/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

function audit(line: TestLine, target: string): Array<{ user: string; role: string; action: string }> {
  return line.audit.of(target).map(({ user, role, action }) => ({ user, role, action }));
}

describe('a cancel from the MES of a running order (policy confirm, REST)', () => {
  let sim: MesSim;
  let line: TestLine;
  let poll: () => Promise<void>;
  beforeAll(async () => {
    sim = new MesSim({ seed: false });
    await sim.listen();
    for (const id of ['WO-1', 'WO-2', 'WO-3']) sim.state.putOrder(order(id));
    line = await startTestLine({ connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0 } }], lines: [LINE], reasonCodes: REASONS });
    poll = () => (line.mes.connector('erp') as RestConnector).pollNow();
    await poll();
  });
  afterAll(async () => {
    await line?.dispose();
    await sim?.close();
  });

  it('holds the line, confirms what was counted as the final partial, and tells the operator', async () => {
    expect(await line.mes.start_('erp/WO-1', operator)).toMatchObject({ ok: true });
    line.set(TAG.good, 30);
    expect(line.mes.confirm('erp/WO-1', false, undefined, operator)).toMatchObject({ ok: true, value: { completion: { id: 'WO-1.c1' } } });
    line.set(TAG.good, 43);
    line.set(TAG.reject, 2);

    expect((await admin(sim, 'WO-1/cancel')).status).toBe(200);
    await poll();
    const held = line.mes.store.order('erp/WO-1')!;
    expect(held.status).toBe('Held');
    expect(held.progress.cancel).toMatchObject({ by: 'erp', how: 'status Cancelled', revision: 2, was: 'Running', policy: 'confirm', state: 'confirmed', completion: 'WO-1.c2', decidedBy: 'lineside' });
    expect(held.progress).toMatchObject({ good: 43, reject: 2, confirmedGood: 43, confirmedReject: 2 });
    // What was made reaches the MES as the final partial under the cancelled order, with its backflush.
    await until(() => sim.state.has('WO-1.c2.m1'), 'the final partial and its consumption at the MES');
    expect(sim.state.completions('WO-1').map((m) => [m.key, (m.body['good'] as { value: number }).value, m.body['final'], m.body['cancelled']])).toEqual([
      ['WO-1.c1', 30, false, undefined],
      ['WO-1.c2', 13, true, true],
    ]);
    expect(sim.state.completions('WO-1')[1]!.body['scrap']).toEqual([{ quantity: { value: 2, unit: 'H87' }, reason: 'REJECT' }]);
    expect(sim.state.order('WO-1')!['status']).toBe('Cancelled');
    // The operator is told: the line status carries the notice the banner shows.
    expect(line.mes.lineStatuses()[0]!.notices).toEqual([
      {
        key: 'erp/WO-1',
        kind: 'cancelled',
        text: 'WO-1 was cancelled by MES/ERP while on the line: the line is held; 43 good and 2 rejected pcs in all confirmed, the last as final partial WO-1.c2. Acknowledge it on Work orders.',
        reason: { key: 'order.cancelledConfirmed', params: { order: 'WO-1', good: 43, reject: 2, unit: 'pcs', unitCode: 'H87', completion: 'WO-1.c2' } },
      },
    ]);
  });

  it('counts nothing more under the cancelled order, and keeps the line held until the operator acknowledges', async () => {
    line.set(TAG.good, 50);
    expect(line.mes.store.order('erp/WO-1')!.progress.good).toBe(43);
    expect(await line.mes.start_('erp/WO-2', operator)).toMatchObject({ ok: false, error: { message: 'Line1 is running erp/WO-1; complete or hold it first' } });
    expect(line.mes.confirm('erp/WO-1', true, undefined, operator)).toMatchObject({ ok: false, error: { message: 'work order erp/WO-1 was cancelled by MES/ERP and its production confirmed as the final partial; acknowledge it' } });
    expect(line.mes.resume('erp/WO-1', operator)).toMatchObject({ ok: false, error: { message: 'work order erp/WO-1 was cancelled by MES/ERP; it is not resumed' } });
    expect(line.mes.reverse('erp/WO-1', 'WO-1.c1', operator)).toMatchObject({ ok: false });
    expect(line.mes.acknowledgeCancel('erp/WO-1', operator)).toMatchObject({ ok: true, value: { status: 'Cancelled', progress: { cancel: { acknowledgedBy: 'olga' } } } });
    expect(line.mes.lineStatuses()[0]).toMatchObject({ notices: [] });
    expect(line.mes.lineStatuses()[0]!.running).toBeUndefined();
    expect(await line.mes.start_('erp/WO-2', operator)).toMatchObject({ ok: true });
    // Says who decided what: the MES cancelled, the runtime confirmed by configuration, the operator acknowledged.
    expect(audit(line, 'erp/WO-1').slice(-3)).toEqual([
      { user: 'MES erp', role: 'mes', action: 'workOrders.cancel.received' },
      { user: 'lineside', role: 'system', action: 'workOrders.cancel.confirm' },
      { user: 'olga', role: 'operator', action: 'workOrders.cancel.acknowledge' },
    ]);
    expect(sim.state.duplicates).toBe(0);
  });

  it('cancels an order not yet started as before, and ignores a cancel of one already completed', async () => {
    expect((await admin(sim, 'WO-3/cancel')).status).toBe(200);
    line.set(TAG.good, 60);
    expect(line.mes.confirm('erp/WO-2', true, undefined, operator)).toMatchObject({ ok: true, value: { order: { status: 'Completed' } } });
    expect((await admin(sim, 'WO-2/cancel')).status).toBe(200);
    await poll();
    expect(line.mes.store.order('erp/WO-3')!.status).toBe('Cancelled');
    expect(line.mes.store.order('erp/WO-2')!.status).toBe('Completed');
    expect((await admin(sim, 'WO-404/cancel')).status).toBe(404);
  });
});

describe('a cancel held for a supervisor (policy supervisor), and a revision the operator accepts (REST)', () => {
  let sim: MesSim;
  let line: TestLine;
  let poll: () => Promise<void>;
  beforeAll(async () => {
    sim = new MesSim({ seed: false });
    await sim.listen();
    for (const id of ['WO-7', 'WO-8']) sim.state.putOrder(order(id));
    line = await startTestLine({
      connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0 } }],
      lines: [{ ...LINE, cancelRunning: 'supervisor' }],
      reasonCodes: REASONS,
      products: [{ material: 'WATER', parameters: [{ name: 'FillTemp', value: 4 }] }],
    });
    poll = () => (line.mes.connector('erp') as RestConnector).pollNow();
    await poll();
  });
  afterAll(async () => {
    await line?.dispose();
    await sim?.close();
  });

  it('a revision of a running order waits for the operator; nothing is written to the line until accepted', async () => {
    expect(await line.mes.start_('erp/WO-7', operator)).toMatchObject({ ok: true });
    line.plc.writes.length = 0;
    expect((await admin(sim, 'WO-7/revise', { quantity: { value: 150, unit: 'H87' }, parameters: { LineSpeed: 340 } })).status).toBe(200);
    await poll();
    const waiting = line.mes.store.order('erp/WO-7')!;
    expect(waiting.order).toMatchObject({ revision: 1, quantity: { value: 100 } });
    expect(waiting.progress.pendingRevision).toMatchObject({
      revision: 2,
      by: 'erp',
      changes: [
        { field: 'quantity', from: { value: 100, unit: 'H87' }, to: { value: 150, unit: 'H87' } },
        // The simulator's planner recomputes the requirement with the quantity.
        { field: 'bom.PET', from: { value: 100, unit: 'H87' }, to: { value: 150, unit: 'H87' } },
        { field: 'parameters.LineSpeed', from: 300, to: 340 },
      ],
    });
    expect(line.plc.writes).toEqual([]);
    expect(line.mes.lineStatuses()[0]!.notices).toMatchObject([{ key: 'erp/WO-7', kind: 'revision', text: 'WO-7 revision 2 from MES/ERP waits for acceptance: quantity 100 → 150 pcs, LineSpeed 300 → 340, bill of materials (1 line).' }]);
    expect(line.mes.lineStatuses()[0]!.notices[0]!.changes).toEqual([
      { key: 'order.changeQuantity', params: { from: 100, to: 150, unit: 'pcs', unitCode: 'H87' } },
      { key: 'order.changeField', params: { name: 'LineSpeed', from: '300', to: '340' } },
      { key: 'order.changeBom_one', params: { count: 1 } },
    ]);
    // The same revision offered again is stale: the waiting one counts as known.
    expect(line.mes.receive({ connector: 'erp', messageId: 'again', kind: 'order', order: sim.state.order('WO-7'), raw: '' })).toMatchObject({ kind: 'stale', storedRevision: 2 });
    // A change that touches nothing the line runs by is taken at once... and supersedes the waiting one.
    expect((await admin(sim, 'WO-7/revise', { description: 'rush', quantity: { value: 100, unit: 'H87' }, parameters: { LineSpeed: 300 } })).status).toBe(200);
    await poll();
    expect(line.mes.store.order('erp/WO-7')!).toMatchObject({ order: { revision: 3, description: 'rush' }, status: 'Running' });
    expect(line.mes.store.order('erp/WO-7')!.progress.pendingRevision).toBeUndefined();
  });

  it('accepting writes and reads back the changed parameters first; one that does not read back keeps the revision waiting', async () => {
    expect((await admin(sim, 'WO-7/revise', { quantity: { value: 180, unit: 'H87' }, parameters: { LineSpeed: 360 } })).status).toBe(200);
    await poll();
    expect(await line.mes.acceptRevision('erp/WO-7', 3, operator)).toMatchObject({ ok: false, error: { code: 'conflict', message: 'revision 4 of erp/WO-7 is waiting, not 3: look at it again' } });
    line.plc.stubborn = true;
    try {
      expect(await line.mes.acceptRevision('erp/WO-7', 4, operator)).toMatchObject({ ok: false, error: { code: 'device-error', message: 'parameter LineSpeed did not read back: wrote 360 to L1/Speed, read 300' } });
    } finally {
      line.plc.stubborn = false;
    }
    expect(line.mes.store.order('erp/WO-7')!).toMatchObject({ order: { revision: 3, quantity: { value: 100 } }, progress: { pendingRevision: { revision: 4 } } });
    line.plc.writes.length = 0;
    const accepted = await line.mes.acceptRevision('erp/WO-7', 4, operator);
    expect(accepted).toMatchObject({ ok: true, value: { order: { order: { revision: 4, quantity: { value: 180 } }, status: 'Running' }, checks: [{ name: 'LineSpeed', written: 360, readBack: 360, ok: true }] } });
    // Only the changed parameter is written (FillTemp keeps its recipe value).
    expect(line.plc.writes).toEqual([{ tag: TAG.speed, value: 360 }]);
    expect(line.mes.store.order('erp/WO-7')!.progress.pendingRevision).toBeUndefined();
    expect(audit(line, 'erp/WO-7').map((r) => [r.user, r.action])).toEqual([
      ['olga', 'workOrders.start'],
      ['MES erp', 'workOrders.revision.received'],
      ['MES erp', 'workOrders.revision.received'],
      ['olga', 'workOrders.revision.refused'],
      ['olga', 'workOrders.revision.accept'],
    ]);
  });

  it('a cancel holds the line and keeps what was counted for a supervisor, who confirms it as the final partial', async () => {
    line.set(TAG.good, 25);
    expect((await admin(sim, 'WO-7/revise', { parameters: { LineSpeed: 200 } })).status).toBe(200);
    await poll();
    expect((await admin(sim, 'WO-7/cancel')).status).toBe(200);
    await poll();
    const held = line.mes.store.order('erp/WO-7')!;
    expect(held).toMatchObject({ status: 'Held', progress: { good: 25, confirmedGood: 0, cancel: { policy: 'supervisor', state: 'awaiting-decision', revision: 6 } } });
    // The revision that was waiting is dropped with the cancel.
    expect(held.progress.pendingRevision).toBeUndefined();
    expect(line.mes.lineStatuses()[0]!.notices[0]).toMatchObject({ kind: 'awaiting-decision', text: expect.stringContaining("25 good and 0 rejected pcs in all wait for a supervisor's decision") });
    expect(sim.state.completions('WO-7')).toEqual([]);
    expect(line.mes.acknowledgeCancel('erp/WO-7', operator)).toMatchObject({ ok: false, error: { message: "work order erp/WO-7 waits for a supervisor's decision on what was produced (workOrders.decideCancel)" } });
    expect(line.mes.decideCancel('erp/WO-7', 'NOPE', supervisor)).toMatchObject({ ok: false, error: { path: 'scrapReason' } });
    const decided = line.mes.decideCancel('erp/WO-7', undefined, supervisor);
    expect(decided).toMatchObject({
      ok: true,
      value: { order: { status: 'Cancelled', progress: { cancel: { state: 'confirmed', decidedBy: 'sam', completion: 'WO-7.c1' } } }, completion: { good: { value: 25 }, final: true, cancelled: true, operator: 'sam' } },
    });
    await until(() => sim.state.has('WO-7.c1'), 'the final partial at the MES');
    expect(line.mes.lineStatuses()[0]).toMatchObject({ notices: [] });
    expect(
      audit(line, 'erp/WO-7')
        .slice(-2)
        .map((r) => [r.user, r.role, r.action]),
    ).toEqual([
      ['MES erp', 'mes', 'workOrders.cancel.received'],
      ['sam', 'supervisor', 'workOrders.cancel.confirm'],
    ]);
  });

  it('cancelFromMes is the one entry point for any other way an MES cancels (a snapshot the order left)', async () => {
    expect(await line.mes.start_('erp/WO-8', operator)).toMatchObject({ ok: true });
    expect(line.mes.cancelFromMes('erp/WO-8', { connector: 'erp', how: 'missing from the snapshot' })).toMatchObject({
      ok: true,
      value: { status: 'Held', order: { revision: 1 }, progress: { cancel: { how: 'missing from the snapshot', policy: 'supervisor', state: 'awaiting-decision' } } },
    });
    expect(line.mes.cancelFromMes('erp/WO-8', { connector: 'erp', how: 'missing from the snapshot' })).toMatchObject({ ok: true, value: { status: 'Held' } });
    expect(audit(line, 'erp/WO-8').filter((r) => r.action === 'workOrders.cancel.received')).toHaveLength(1);
    expect(line.mes.cancelFromMes('erp/WO-404', { connector: 'erp', how: 'missing from the snapshot' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('a cancel over B2MML/HTTP', () => {
  let sim: MesSim;
  let routes: B2mmlSimRoutes;
  let line: TestLine;
  beforeAll(async () => {
    sim = new MesSim({ seed: false });
    routes = new B2mmlSimRoutes(sim);
    await sim.listen();
    sim.state.putOrder(order('WO-9'));
    line = await startTestLine({ connectors: [{ id: 'mes', type: 'b2mml-http', options: { baseUrl: `${sim.url}/b2mml`, pollIntervalMs: 0 } }], lines: [LINE], reasonCodes: REASONS });
  });
  afterAll(async () => {
    await line?.dispose();
    await sim?.close();
  });

  it('takes RequestState Cancelled of the running order, and sends the final partial as a schema-valid Aborted SyncOperationsPerformance', async () => {
    const poll = () => (line.mes.connector('mes') as B2mmlHttpConnector).pollNow();
    await poll();
    expect(await line.mes.start_('mes/WO-9', operator)).toMatchObject({ ok: true });
    line.set(TAG.good, 12);
    expect((await admin(sim, 'WO-9/cancel')).status).toBe(200);
    await poll();
    expect(line.mes.store.order('mes/WO-9')!).toMatchObject({ status: 'Held', progress: { cancel: { state: 'confirmed', completion: 'WO-9.c1' } } });
    expect(routes.confirmedRevisions.get('WO-9')).toBe(2);
    // The simulator checks the document against the XSDs (libxml2 in WebAssembly): slow on a loaded machine.
    await until(() => sim.state.has('WO-9.c1'), 'the final partial at the MES', 45_000);
    expect(routes.invalid).toEqual([]);
    expect(sim.state.completions('WO-9')[0]!.body).toMatchObject({ final: true, cancelled: true, good: { value: 12 } });
    expect(sim.state.order('WO-9')!['status']).toBe('Cancelled');
  }, 90_000);
});
