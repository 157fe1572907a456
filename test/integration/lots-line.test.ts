import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { B2mmlSimRoutes } from '../../examples/mes-sim/b2mml-routes.ts';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { B2mmlHttpConnector } from '../../main/core/mes/b2mml/http-connector.ts';
import { MesFixture, OPERATOR } from '../support/mes-service-fixture.ts';
import { until } from '../support/until.ts';

/**
 * Lots on a real line (MES store in a SQLite file) through B2MML over HTTP to the simulator, which
 * checks every document against MESA's XSDs: output lots by the product's rule (a new one every 10
 * good units), the lot in use per material named by every backflushed and manual consumption, lots
 * in the confirmations (MaterialActual/MaterialLotID), and the genealogy two levels deep when the
 * water's output lot is packed into cases on a second order.
 */
const KEY = 'mes/WO-1001';
let sim: MesSim;
let routes: B2mmlSimRoutes;
let f: MesFixture;
const day = () => {
  const d = new Date(Date.now() + 0);
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: '2-digit', month: '2-digit', day: '2-digit' }).formatToParts(d);
  return ['year', 'month', 'day'].map((t) => local.find((p) => p.type === t)!.value).join('');
};

beforeAll(async () => {
  sim = new MesSim();
  routes = new B2mmlSimRoutes(sim);
  await sim.listen();
  f = await MesFixture.start({
    connectors: [{ id: 'mes', type: 'b2mml-http', options: { baseUrl: `${sim.url}/b2mml`, pollIntervalMs: 0 } }],
    products: [
      { material: '100234', lots: { pattern: 'W{yyMMdd}-{seq:3}', newLot: 'count', everyUnits: 10 } },
      { material: 'CASE-24', lots: { pattern: 'C{yyMMdd}{seq:2}' } },
    ],
  });
  await (f.mes.connector('mes') as B2mmlHttpConnector).pollNow();
}, 60_000);

afterAll(async () => {
  await f?.dispose();
  await sim?.close();
});

describe('lots on a line', () => {
  it('numbers output lots by the product rule, opens the next when one is full, and puts every lot of the period in the confirmation', async () => {
    for (const [material, lot] of [
      ['200100', 'PRE-A1'],
      ['200200', 'CAP-7'],
      ['400100', 'LAB-3'],
    ] as const)
      expect(f.mes.lots.setLineInput('WC-BTL-01', material, lot, OPERATOR).ok).toBe(true);
    const inputs = f.mes.lots.lineInputs('WC-BTL-01');
    expect(inputs.map((i) => [i.material, i.lot ?? null])).toEqual([
      ['200100', 'PRE-A1'],
      ['200200', 'CAP-7'],
      ['400100', 'LAB-3'],
    ]);
    expect((await f.mes.start_(KEY, OPERATOR)).ok).toBe(true);
    // The running order's BOM: treated water (300100) and glue (400200) have no lot yet: the warning.
    expect(
      f.mes.lots
        .lineInputs('WC-BTL-01')
        .filter((i) => i.needed && !i.lot)
        .map((i) => i.material),
    ).toEqual(['300100', '400200']);
    f.produce(15);
    const confirmed = f.mes.confirm(KEY, false, undefined, OPERATOR);
    if (!confirmed.ok) throw new Error(confirmed.error.message);
    const d = day();
    expect(confirmed.value.completion.lots).toEqual([`W${d}-001`, `W${d}-002`]);
    expect(confirmed.value.consumptions.map((c) => [c.material.code, c.lot ?? null])).toEqual([
      ['200100', 'PRE-A1'],
      ['200200', 'CAP-7'],
      ['300100', null],
      ['400100', 'LAB-3'],
      // B2MML carries no backflush rule, so the glue is backflushed here too (without a lot: none was set).
      ['400200', null],
    ]);
    expect(f.audit.entries.find((e) => e.action === 'workOrders.confirm')?.detail).toMatchObject({ lots: [`W${d}-001`, `W${d}-002`], noLot: ['300100', '400200'] });
    const lots = f.mes.lots.list(`W${d}`, undefined, 10);
    // Newest first.
    expect(lots.map((l) => [l.id, l.produced, l.closedAt !== undefined])).toEqual([
      [`W${d}-002`, 5, false],
      [`W${d}-001`, 10, true],
    ]);
  });

  it('names the operator’s lot on a manual consumption, the line’s lot when none is given, and refuses a lot of another material', async () => {
    const glue = f.mes.consume(KEY, { material: '400200', lot: 'GLUE-9', quantity: { value: 0.5, unit: 'KG' } }, OPERATOR);
    expect(glue.ok && glue.value.consumption.lot).toBe('GLUE-9');
    const wrong = f.mes.consume(KEY, { material: '400200', lot: 'PRE-A1', quantity: { value: 0.1, unit: 'KG' } }, OPERATOR);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'bad-request', message: 'lot PRE-A1 is a lot of 200100, not of 400200', path: 'lot' } });
    expect(f.mes.lots.setLineInput('WC-BTL-01', '200100', 'PRE-A2', OPERATOR).ok).toBe(true);
    const pet = f.mes.consume(KEY, { material: '200100', quantity: { value: 3, unit: 'EA' } }, OPERATOR);
    expect(pet.ok && pet.value.consumption.lot).toBe('PRE-A2');
  });

  it('sends the lots to the MES: MaterialLotID on the GOOD MaterialActual and on each consumption, valid against the XSDs', async () => {
    f.produce(5);
    const done = f.mes.confirm(KEY, true, undefined, OPERATOR);
    if (!done.ok) throw new Error(done.error.message);
    const d = day();
    expect(done.value.completion.lots).toEqual([`W${d}-002`]);
    expect(f.mes.lots.list(`W${d}-002`, undefined, 1)[0]).toMatchObject({ produced: 10, closedAt: expect.any(Number) });
    await until(() => f.mes.connectorStatuses()[0]!.pending === 0, 'every message delivered', 60_000);
    expect(routes.invalid).toEqual([]);
    expect(sim.state.completions('WO-1001').map((m) => m.body['lots'])).toEqual([[`W${d}-001`, `W${d}-002`], [`W${d}-002`]]);
    const consumed = sim.state.consumptions('WO-1001').map((m) => [m.body['material'] && (m.body['material'] as { code: string }).code, m.body['lot'] ?? null]);
    expect(consumed).toContainEqual(['400200', 'GLUE-9']);
    expect(consumed).toContainEqual(['200100', 'PRE-A2']);
    expect(consumed.filter(([m]) => m === '200100').map(([, lot]) => lot)).toEqual(['PRE-A1', 'PRE-A2', 'PRE-A2']);
    // Each lot of the order knows its confirmations and that they reached the MES.
    expect(f.mes.lots.list(`W${d}-001`, undefined, 1)[0]!.confirmations).toEqual([{ completion: 'WO-1001.c1', connector: 'mes', state: 'delivered' }]);
  }, 90_000);

  it('traces backward and forward through two levels when the water’s lot is packed into cases', async () => {
    const d = day();
    const verdict = f.mes.receive({
      connector: 'mes',
      messageId: 'WO-2001',
      kind: 'order',
      raw: '',
      order: {
        system: 'mes',
        id: 'WO-2001',
        revision: 1,
        material: { code: 'CASE-24' },
        quantity: { value: 10, unit: 'EA' },
        workCentre: 'WC-BTL-01',
        bom: [{ material: { code: '100234' }, quantity: { value: 240, unit: 'EA' } }],
        parameters: [{ name: 'LineSpeed', value: 10 }],
      },
    });
    expect(verdict.kind).toBe('accepted');
    expect(f.mes.lots.setLineInput('WC-BTL-01', '100234', `W${d}-001`, OPERATOR).ok).toBe(true);
    expect((await f.mes.start_('mes/WO-2001', OPERATOR)).ok).toBe(true);
    f.produce(2);
    const cases = f.mes.confirm('mes/WO-2001', true, undefined, OPERATOR);
    if (!cases.ok) throw new Error(cases.error.message);
    const caseLot = `C${d}01`;
    expect(cases.value.completion.lots).toEqual([caseLot]);
    expect(cases.value.consumptions[0]).toMatchObject({ material: { code: '100234' }, lot: `W${d}-001`, quantity: { value: 48, unit: 'EA' } });

    const back = f.mes.lots.trace(caseLot, 'backward', 20);
    if (!back.ok) throw new Error(back.error.message);
    const depth = Object.fromEntries(back.value.lots.map((l) => [l.id, l.depth]));
    expect(depth).toEqual({ [caseLot]: 0, [`W${d}-001`]: 1, 'PRE-A1': 2, 'CAP-7': 2, 'LAB-3': 2 });
    expect(back.value.lots.find((l) => l.id === `W${d}-001`)).toMatchObject({ kind: 'output', order: KEY, line: 'WC-BTL-01', material: '100234', produced: 10 });

    const forward = f.mes.lots.trace('PRE-A1', 'forward', 20);
    if (!forward.ok) throw new Error(forward.error.message);
    expect(Object.fromEntries(forward.value.lots.map((l) => [l.id, l.depth]))).toEqual({ 'PRE-A1': 0, [`W${d}-001`]: 1, [`W${d}-002`]: 1, [caseLot]: 2 });
    // PRE-A2 went into the second lot only (after the operator changed the lot in use).
    const a2 = f.mes.lots.trace('PRE-A2', 'forward', 20);
    expect(a2.ok && a2.value.lots.map((l) => l.id)).toEqual(['PRE-A2', `W${d}-002`]);

    const recall = f.mes.lots.recall('PRE-A1');
    if (!recall.ok) throw new Error(recall.error.message);
    expect(recall.value.rows.map((r) => [r.lot, r.depth, r.order, r.confirmed])).toEqual([
      [`W${d}-001`, 1, KEY, true],
      [`W${d}-002`, 1, KEY, true],
      [caseLot, 2, 'mes/WO-2001', false],
    ]);
    expect(f.mes.lots.trace('NO-SUCH-LOT', 'forward', 20)).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('marks the links of a reversed partial confirmation as reversed, and keeps them for a recall', async () => {
    const verdict = f.mes.receive({
      connector: 'mes',
      messageId: 'WO-2002',
      kind: 'order',
      raw: '',
      order: {
        system: 'mes',
        id: 'WO-2002',
        revision: 1,
        material: { code: 'CASE-24' },
        quantity: { value: 10, unit: 'EA' },
        workCentre: 'WC-BTL-01',
        bom: [{ material: { code: '100234' }, quantity: { value: 240, unit: 'EA' } }],
        parameters: [{ name: 'LineSpeed', value: 10 }],
      },
    });
    expect(verdict.kind).toBe('accepted');
    const d = day();
    expect(f.mes.lots.setLineInput('WC-BTL-01', '100234', `W${d}-002`, OPERATOR).ok).toBe(true);
    expect((await f.mes.start_('mes/WO-2002', OPERATOR)).ok).toBe(true);
    f.produce(1);
    const partial = f.mes.confirm('mes/WO-2002', false, undefined, OPERATOR);
    if (!partial.ok) throw new Error(partial.error.message);
    expect(f.mes.reverse('mes/WO-2002', partial.value.completion.id, OPERATOR).ok).toBe(true);
    const forward = f.mes.lots.trace(`W${d}-002`, 'forward', 5);
    if (!forward.ok) throw new Error(forward.error.message);
    expect(forward.value.links.map((l) => [l.child, l.reversed])).toEqual([[`C${d}02`, true]]);
  });
});
