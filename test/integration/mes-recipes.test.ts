import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MesSim } from '../../examples/mes-sim/sim-server.ts';
import type { RestConnector } from '../../main/core/mes/rest/rest-connector.ts';
import { LINE, REASONS, startTestLine, TAG, type TestLine } from '../support/mes-test-line.ts';

/**
 * Line parameters from the product: orders pulled from the MES simulator over REST; an order that
 * does not carry a parameter the line needs takes its product's recipe default (mes.json products),
 * written and read back like one from the order, or is refused at start naming the parameter.
 */
let sim: MesSim;
let line: TestLine;
const operator = { name: 'olga', role: 'operator' };
const order = (id: string, material: string, parameters: Array<{ name: string; value: number }>) => ({
  id,
  material: { code: material },
  quantity: { value: 100, unit: 'H87' },
  workCentre: 'Line1',
  scheduledStart: '2026-03-01T06:00:00Z',
  scheduledEnd: '2026-03-01T08:00:00Z',
  parameters,
});

beforeAll(async () => {
  sim = new MesSim({ seed: false });
  await sim.listen();
  await sim.release(order('WO-2001', 'WATER', [{ name: 'LineSpeed', value: 250 }]));
  await sim.release(order('WO-2002', 'WATER', []));
  await sim.release(order('WO-2003', 'SODA', []));
  line = await startTestLine({
    connectors: [{ id: 'erp', type: 'rest', options: { baseUrl: `${sim.url}/api`, pollIntervalMs: 0 } }],
    lines: [LINE],
    reasonCodes: REASONS,
    products: [
      {
        material: 'WATER',
        parameters: [
          { name: 'LineSpeed', value: 320 },
          { name: 'FillTemp', value: 4.5 },
        ],
      },
    ],
  });
  await (line.mes.connector('erp') as RestConnector).pollNow();
});

afterAll(async () => {
  await line?.dispose();
  await sim?.close();
});

describe('recipe defaults', () => {
  it('lists each open order with the parameters it will run with, and why one cannot start', () => {
    const orders = Object.fromEntries(line.mes.listOrders('Line1', false).map((o) => [o.order.id, o]));
    expect(orders['WO-2001']!.lineParameters).toEqual([
      { name: 'LineSpeed', value: 250, source: 'order' },
      { name: 'FillTemp', value: 4.5, source: 'recipe' },
    ]);
    expect(orders['WO-2002']!.lineParameters).toEqual([
      { name: 'LineSpeed', value: 320, source: 'recipe' },
      { name: 'FillTemp', value: 4.5, source: 'recipe' },
    ]);
    expect(orders['WO-2003']!.parameterProblem).toBe('work order erp/WO-2003 has no parameter LineSpeed, which Line1 needs, and product SODA has no recipe defaults (mes.json products)');
  });

  it('refuses at start an order missing a required parameter with no recipe default, naming it, and writes nothing', async () => {
    line.plc.writes.length = 0;
    expect(await line.mes.start_('erp/WO-2003', operator)).toMatchObject({ ok: false, error: { code: 'bad-request', path: 'LineSpeed', message: expect.stringContaining('has no parameter LineSpeed') } });
    expect(line.plc.writes).toEqual([]);
    expect(line.mes.store.order('erp/WO-2003')!.status).toBe('Released');
  });

  it('writes the recipe default of a parameter the order lacks and reads it back before the order runs', async () => {
    line.plc.writes.length = 0;
    const started = await line.mes.start_('erp/WO-2002', operator);
    expect(started).toMatchObject({
      ok: true,
      value: {
        order: { status: 'Running' },
        checks: [
          { name: 'LineSpeed', tag: 'L1/Speed', written: 320, readBack: 320, ok: true, source: 'recipe' },
          { name: 'FillTemp', tag: 'L1/Temp', written: 4.5, readBack: 4.5, ok: true, source: 'recipe' },
        ],
      },
    });
    expect(line.plc.writes).toEqual([
      { tag: TAG.speed, value: 320 },
      { tag: TAG.temp, value: 4.5 },
    ]);
    expect(line.mes.confirm('erp/WO-2002', true, undefined, operator)).toMatchObject({ ok: true });
  });

  it('refuses a recipe default that does not read back, as for a value from the order', async () => {
    // The PLC already runs at the order's speed, but keeps its fill temperature: the recipe's 4.5 never reads back.
    line.set(TAG.speed, 250);
    line.set(TAG.temp, 3);
    line.plc.stubborn = true;
    try {
      const r = await line.mes.start_('erp/WO-2001', operator);
      expect(r).toMatchObject({ ok: false, error: { code: 'device-error', path: 'FillTemp', message: 'parameter FillTemp did not read back: wrote 4.5 to L1/Temp, read 3' } });
      expect(line.mes.store.order('erp/WO-2001')!.status).toBe('Released');
    } finally {
      line.plc.stubborn = false;
    }
    const started = await line.mes.start_('erp/WO-2001', operator);
    expect(started).toMatchObject({
      ok: true,
      value: {
        checks: [
          { name: 'LineSpeed', written: 250, source: 'order' },
          { name: 'FillTemp', written: 4.5, source: 'recipe' },
        ],
      },
    });
  });
});
