import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkOrderSchema, workOrderKey, type WorkOrderStatus } from '../../common/mes.ts';
import { EMPTY_PROGRESS, MesStore } from '../../main/core/mes/mes-store.ts';
import { mesWorkOrderRuns, NO_WORK_ORDER, WorkOrderProductionSource } from '../../main/core/reports/production-source.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { REPORT_SHIFTS, ReportFixture } from '../support/report-fixture.ts';

const MIN = 60_000;
// The early shift of Wednesday 14 January 2026 in Berlin: 05:00–13:00 UTC.
const START = Date.UTC(2026, 0, 14, 5);
const at = (h: number, m = 0) => Date.UTC(2026, 0, 14, h, m);
const dir = mkdtempSync(join(tmpdir(), 'lineside-report-orders-'));
const clock = new ManualClock(START - 10 * MIN);
let fx: ReportFixture;
let mes: MesStore;

const order = (id: string, material: string) =>
  WorkOrderSchema.parse({
    system: 'erp',
    id,
    revision: 1,
    material: { code: material },
    quantity: { value: 50_000, unit: 'H87' },
    workCentre: 'Line1',
    scheduledStart: '2026-01-14T05:00:00Z',
    scheduledEnd: '2026-01-14T13:00:00Z',
  });
const A = order('WO-A', 'COLA-05');
const B = order('WO-B', 'LEMON-05');
const status = (o: typeof A, s: WorkOrderStatus, when: number) => mes.saveProgress(workOrderKey(o), s, EMPTY_PROGRESS, when);

/** The runtime's adapter (main/runtime.ts). */
const runsOf = mesWorkOrderRuns(() => mes);

beforeAll(async () => {
  fx = await ReportFixture.open(dir, clock);
  mes = new MesStore(join(dir, 'mes.sqlite'));
  mes.saveOrder(A, 'Released', EMPTY_PROGRESS, START - 60 * MIN);
  mes.saveOrder(B, 'Released', EMPTY_PROGRESS, START - 60 * MIN);
  await fx.record(clock, START - 5 * MIN, 'Line1/Counters/Good', 1_000);
  await fx.record(clock, START - 5 * MIN, 'Line1/Counters/Rejected', 10);
  // Before any order: 100 good counted (a trial run) → "(no work order)".
  await fx.record(clock, at(5, 30), 'Line1/Counters/Good', 1_100);
  status(A, 'Running', at(6));
  await fx.record(clock, at(7), 'Line1/Counters/Good', 2_100);
  await fx.record(clock, at(7), 'Line1/Counters/Rejected', 30);
  status(A, 'Held', at(7, 30));
  // Counted while A was held: not A's.
  await fx.record(clock, at(7, 45), 'Line1/Counters/Good', 2_150);
  status(A, 'Running', at(8));
  await fx.record(clock, at(9), 'Line1/Counters/Good', 3_150);
  status(A, 'Completed', at(9, 30));
  status(B, 'Running', at(10));
  // The PLC counter reset during B: counted on from zero.
  await fx.record(clock, at(11), 'Line1/Counters/Good', 400);
  await fx.record(clock, at(12), 'Line1/Counters/Good', 900);
  await fx.record(clock, at(12), 'Line1/Counters/Rejected', 35);
  await fx.runTo(clock, at(13) + 2000);
});

afterAll(async () => {
  mes.close();
  await fx.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('shift report production per work order', () => {
  it('keeps each run of an order on its line, open while it runs', () => {
    const runs = mes.runs('Line1', START, at(13));
    expect(runs.map((r) => [r.key, r.start, r.end])).toEqual([
      ['erp/WO-A', at(6), at(7, 30)],
      ['erp/WO-A', at(8), at(9, 30)],
      ['erp/WO-B', at(10), undefined],
    ]);
    // A second "Running" save (a count) does not open another run.
    status(B, 'Running', at(12, 30));
    expect(mes.runs('Line1', START, at(13))).toHaveLength(3);
    expect(mes.runs('Line2', START, at(13))).toEqual([]);
    expect(mes.runs('Line1', at(9, 30), at(10))).toEqual([]);
  });

  it('splits the line counters by the orders that ran, and the rest under "(no work order)"', async () => {
    const shift = fx.calendar.at(at(6))!;
    const source = new WorkOrderProductionSource(REPORT_SHIFTS.lines, fx.inputs.history, runsOf);
    const rows = await source.production(shift, at(13) + 1000);
    if (!rows.ok) throw new Error(rows.error.message);
    expect(rows.value).toEqual([
      { workOrder: 'WO-A', product: 'COLA-05', line: 'Line1', good: 2_000, reject: 20, units: 'bottles' },
      { workOrder: 'WO-B', product: 'LEMON-05', line: 'Line1', good: 900, reject: 5, units: 'bottles' },
      { workOrder: NO_WORK_ORDER, product: '', line: 'Line1', good: 150, reject: 0, units: 'bottles' },
    ]);
    // The rows add up to the whole shift as the OEE counts it.
    const whole = await fx.inputs.production.production(shift, at(13) + 1000);
    if (!whole.ok) throw new Error(whole.error.message);
    expect(rows.value.reduce((n, r) => n + r.good, 0)).toBe(whole.value[0]!.good);
  });

  it('reports the line as a whole when the project tracks no work orders', async () => {
    const shift = fx.calendar.at(at(6))!;
    const source = new WorkOrderProductionSource(REPORT_SHIFTS.lines, fx.inputs.history, () => undefined);
    const rows = await source.production(shift, at(13) + 1000);
    if (!rows.ok) throw new Error(rows.error.message);
    expect(rows.value).toEqual([{ workOrder: '(whole shift)', product: '', line: 'Line1', good: 3_050, reject: 25, units: 'bottles' }]);
  });
});
