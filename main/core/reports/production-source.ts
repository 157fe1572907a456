import type { ProductionRow, ShiftInstance } from '../../../common/reports-contract.ts';
import { ok, type Result } from '../../../common/result.ts';
import type { HistoryReader } from '../oee/history-reader.ts';
import { counterDelta } from '../oee/oee-calc.ts';
import type { MesStore } from '../mes/mes-store.ts';
import type { LineDefinition } from '../shifts/production-schema.ts';

/**
 * Where a shift report's "production per work order" comes from: `WorkOrderProductionSource` when the
 * project tracks work orders (mes.json), else `CounterProductionSource` (each line's counters for the
 * shift as a whole). Chosen in the composition root (main/runtime.ts).
 */
export interface ProductionSource {
  production(shift: ShiftInstance, until: number): Promise<Result<ProductionRow[]>>;
}

/** One row per line: the good and reject counters over the shift, under the work order "(whole shift)". */
export class CounterProductionSource implements ProductionSource {
  private readonly lines: readonly LineDefinition[];
  private readonly history: HistoryReader;

  constructor(lines: readonly LineDefinition[], history: HistoryReader) {
    this.lines = lines;
    this.history = history;
  }

  async production(shift: ShiftInstance, until: number): Promise<Result<ProductionRow[]>> {
    const to = Math.min(shift.end, until);
    const rows: ProductionRow[] = [];
    for (const line of this.lines) {
      const good = await this.history.series(line.goodCounter, shift.start, to, { integer: true });
      if (!good.ok) return good;
      const reject = await this.history.series(line.rejectCounter, shift.start, to, { integer: true });
      if (!reject.ok) return reject;
      rows.push({
        workOrder: '(whole shift)',
        product: '',
        line: line.name,
        good: counterDelta(good.value, shift.start, to, line.counterMax),
        reject: counterDelta(reject.value, shift.start, to, line.counterMax),
        units: line.units,
      });
    }
    return ok(rows);
  }
}

/** A stretch of time a work order was running on a line (`end` absent while it still runs). */
export interface WorkOrderRun {
  /** The order as people know it (its id in the ERP/MES). */
  workOrder: string;
  product: string;
  start: number;
  end?: number;
}

/** The runs of work orders on a line overlapping [from, to); undefined while no order tracking is there. */
export type WorkOrderRuns = (line: string, from: number, to: number) => readonly WorkOrderRun[] | undefined;

/** The MES store's order runs as a report counts them; `store()` is undefined while the project tracks no work orders. */
export function mesWorkOrderRuns(store: () => Pick<MesStore, 'runs'> | undefined): WorkOrderRuns {
  return (line, from, to) =>
    store()
      ?.runs(line, from, to)
      .map((r) => ({ workOrder: r.order.id, product: r.order.material.code, start: r.start, ...(r.end !== undefined ? { end: r.end } : {}) }));
}

/** Rows for what a line counted while no work order ran on it. */
export const NO_WORK_ORDER = '(no work order)';

/**
 * Production per work order: each line's good and reject counters over the shift, split by the
 * stretches each work order ran on the line (from the MES store), one row per order and line in the
 * order they first ran; what was counted while no order ran is its own row, so the rows always add up
 * to the line's counters. Without order tracking it reports like `CounterProductionSource`.
 */
export class WorkOrderProductionSource implements ProductionSource {
  private readonly lines: readonly LineDefinition[];
  private readonly history: HistoryReader;
  private readonly runs: WorkOrderRuns;
  private readonly whole: CounterProductionSource;

  constructor(lines: readonly LineDefinition[], history: HistoryReader, runs: WorkOrderRuns) {
    this.lines = lines;
    this.history = history;
    this.runs = runs;
    this.whole = new CounterProductionSource(lines, history);
  }

  async production(shift: ShiftInstance, until: number): Promise<Result<ProductionRow[]>> {
    const to = Math.min(shift.end, until);
    const rows: ProductionRow[] = [];
    for (const line of this.lines) {
      const runs = this.runs(line.name, shift.start, to);
      if (runs === undefined) return this.whole.production(shift, until);
      const good = await this.history.series(line.goodCounter, shift.start, to, { integer: true });
      if (!good.ok) return good;
      const reject = await this.history.series(line.rejectCounter, shift.start, to, { integer: true });
      if (!reject.ok) return reject;
      const count = (from: number, end: number) => ({
        good: counterDelta(good.value, from, end, line.counterMax),
        reject: counterDelta(reject.value, from, end, line.counterMax),
      });
      const total = count(shift.start, to);
      const perOrder = new Map<string, ProductionRow>();
      for (const run of runs) {
        const counted = count(Math.max(run.start, shift.start), Math.min(run.end ?? to, to));
        const row = perOrder.get(run.workOrder) ?? { workOrder: run.workOrder, product: run.product, line: line.name, good: 0, reject: 0, units: line.units };
        row.good += counted.good;
        row.reject += counted.reject;
        perOrder.set(run.workOrder, row);
      }
      rows.push(...perOrder.values());
      const good_ = total.good - sum(perOrder, 'good');
      const reject_ = total.reject - sum(perOrder, 'reject');
      if (good_ > 0 || reject_ > 0 || perOrder.size === 0) rows.push({ workOrder: NO_WORK_ORDER, product: '', line: line.name, good: Math.max(0, good_), reject: Math.max(0, reject_), units: line.units });
    }
    return ok(rows);
  }
}

function sum(rows: ReadonlyMap<string, ProductionRow>, field: 'good' | 'reject'): number {
  let total = 0;
  for (const row of rows.values()) total += row[field];
  return total;
}
