import type { ProductionRow, ShiftInstance } from '../../../common/reports-contract.ts';
import { ok, type Result } from '../../../common/result.ts';
import type { HistoryReader } from '../oee/history-reader.ts';
import { counterDelta } from '../oee/oee-calc.ts';
import type { LineDefinition } from '../shifts/production-schema.ts';

/**
 * Where a shift report's "production per work order" comes from. This build has no work-order store,
 * so `CounterProductionSource` reports each line's counters for the shift as a whole; the MES work
 * order tracking implements this interface and replaces it in the composition root (main/runtime.ts).
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
