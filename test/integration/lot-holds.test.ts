import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { MesFixture, OPERATOR } from '../support/mes-service-fixture.ts';

/**
 * Lots on hold (issue 20, item 4, first part), on a line with the MES store in a SQLite file: a held
 * output lot refuses the confirmation as good until released; a held input lot cannot be consumed,
 * by hand or by the backflush of a confirmation; each hold and release is audited.
 */
const KEY = 'erp/WO-1001';
const t = Date.UTC(2026, 11, 7, 8, 0);
let sim: MesSim;
let f: MesFixture;

beforeAll(async () => {
  sim = new MesSim();
  await sim.listen();
  f = await MesFixture.start({ now: () => t, connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0 } }] });
  await (f.mes.connector('erp') as RestConnector).pollNow();
}, 60_000);

afterAll(async () => {
  await f?.dispose();
  await sim?.close();
});

describe('lots on hold', () => {
  it('a held output lot cannot be confirmed as good; released, it can', async () => {
    expect((await f.mes.start_(KEY, OPERATOR)).ok).toBe(true);
    f.produce(20);
    const lot = f.mes.lots.list('', '100234', 1)[0]!.id;
    expect(f.mes.lots.setHold(lot, 'fill volume out of control', OPERATOR)).toMatchObject({ ok: true, value: { lot, hold: { reason: 'fill volume out of control', by: 'fixture', at: t } } });
    expect(f.audit.entries.at(-1)).toMatchObject({ action: 'lots.hold', target: lot, detail: { reason: 'fill volume out of control' } });
    expect(f.mes.confirm(KEY, false, undefined, OPERATOR)).toMatchObject({ ok: false, error: { message: `lot ${lot} is on hold (fill volume out of control): it cannot be confirmed as good until it is released`, path: 'lot' } });
    expect(f.mes.lots.setHold(lot, undefined, OPERATOR).ok).toBe(true);
    expect(f.audit.entries.at(-1)).toMatchObject({ action: 'lots.release', target: lot, detail: { was: 'fill volume out of control' } });
    expect(f.mes.lots.setHold(lot, undefined, OPERATOR)).toMatchObject({ ok: false, error: { message: `lot ${lot} is not on hold` } });
    expect(f.mes.confirm(KEY, false, undefined, OPERATOR).ok).toBe(true);
  });

  it('a held input lot is refused by a manual consumption and by the backflush of a confirmation', () => {
    expect(f.mes.lots.setLineInput('WC-BTL-01', '200100', 'PRE-H1', OPERATOR).ok).toBe(true);
    expect(f.mes.lots.setHold('PRE-H1', 'supplier recall', OPERATOR).ok).toBe(true);
    expect(f.mes.consume(KEY, { material: '200100', lot: 'PRE-H1', quantity: { value: 5, unit: 'EA' } }, OPERATOR)).toMatchObject({
      ok: false,
      error: { message: 'lot PRE-H1 is on hold (supplier recall): it cannot be consumed until it is released' },
    });
    f.produce(10);
    expect(f.mes.confirm(KEY, false, undefined, OPERATOR)).toMatchObject({ ok: false, error: { message: 'lot PRE-H1 of 200100 in use at WC-BTL-01 is on hold (supplier recall): it cannot be consumed; set another lot or release it' } });
    expect(f.mes.lots.setHold('NOPE-1', 'x', OPERATOR)).toMatchObject({ ok: false, error: { path: 'lot' } });
  });
});
