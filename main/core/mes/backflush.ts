import type { BomLine, Completion, MaterialConsumption, WorkOrder } from '../../../common/mes.ts';

/**
 * Backflush: the material a confirmation used, from the order's BOM. A BOM line's quantity is what
 * the whole planned quantity needs, so a confirmation of N units consumes N × line / planned of it,
 * in the line's unit. N is good + scrap for lines with rule `goodAndScrap` (the default: a rejected
 * unit used its material too), good only for `good`, and `manual` lines are never backflushed.
 * Quantities are rounded to 6 decimals; a line that comes to 0 sends nothing.
 */

export interface Backflush {
  consumptions: MaterialConsumption[];
  /** Why nothing could be computed for the whole order (said in the audit entry), if so. */
  skipped?: string;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** The consumption id of BOM line `index` (0-based) for a completion: stable, so a reversal finds it. */
export function backflushId(completionId: string, index: number): string {
  return `${completionId}.m${index + 1}`;
}

export function backflush(order: WorkOrder, completion: Completion, firstSequence: number): Backflush {
  if (order.bom.length === 0) return { consumptions: [] };
  const planned = order.quantity;
  if (planned.unit !== completion.good.unit) return { consumptions: [], skipped: `the order is planned in ${planned.unit} and the line counts in ${completion.good.unit}` };
  if (!(planned.value > 0)) return { consumptions: [], skipped: 'the order has no planned quantity' };
  const scrap = completion.scrap.reduce((sum, s) => sum + (s.quantity.unit === completion.good.unit ? s.quantity.value : 0), 0);
  const consumptions: MaterialConsumption[] = [];
  let sequence = firstSequence;
  order.bom.forEach((line: BomLine, index) => {
    const rule = line.backflush ?? 'goodAndScrap';
    if (rule === 'manual') return;
    const units = completion.good.value + (rule === 'goodAndScrap' ? scrap : 0);
    const value = round((units * line.quantity.value) / planned.value);
    if (!(value > 0)) return;
    const operation = line.operation ?? completion.operation;
    consumptions.push({
      id: backflushId(completion.id, index),
      workOrder: completion.workOrder,
      ...(operation ? { operation } : {}),
      sequence: sequence++,
      material: { code: line.material.code, ...(line.material.revision ? { revision: line.material.revision } : {}) },
      quantity: { value, unit: line.quantity.unit },
      at: completion.actualEnd,
      operator: completion.operator,
      timeZone: completion.timeZone,
    });
  });
  return { consumptions };
}

/** The message that cancels a consumption: the same material, lot and quantity, naming the original. */
export function reverseConsumption(original: MaterialConsumption, sequence: number, at: string, operator: string): MaterialConsumption {
  return { ...original, id: `${original.id}.r`, sequence, at, operator, reversalOf: original.id };
}
