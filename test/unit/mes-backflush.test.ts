import { describe, expect, it } from 'vitest';
import { WorkOrderSchema, type Completion } from '../../common/mes.ts';
import { backflush, reverseConsumption } from '../../main/core/mes/backflush.ts';

const order = WorkOrderSchema.parse({
  system: 'erp',
  id: 'WO-7',
  revision: 1,
  material: { code: 'WATER-05' },
  quantity: { value: 3000, unit: 'H87' },
  workCentre: 'Line1',
  scheduledStart: '2026-03-01T06:00:00Z',
  scheduledEnd: '2026-03-01T08:00:00Z',
  operations: [{ id: '0010', sequence: 10 }],
  bom: [
    { material: { code: 'PET-05', revision: 'B' }, quantity: { value: 3000, unit: 'H87' } },
    { material: { code: 'SYRUP' }, quantity: { value: 100, unit: 'LTR' }, operation: '0020' },
    { material: { code: 'LABEL' }, quantity: { value: 3000, unit: 'H87' }, backflush: 'good' },
    { material: { code: 'GLUE' }, quantity: { value: 1.2, unit: 'KGM' }, backflush: 'manual' },
  ],
});

const completion: Completion = {
  id: 'WO-7.c2',
  workOrder: { system: 'erp', id: 'WO-7' },
  operation: '0010',
  sequence: 2,
  good: { value: 100, unit: 'H87' },
  scrap: [{ quantity: { value: 5, unit: 'H87' }, reason: 'REJECT' }],
  actualStart: '2026-03-01T06:00:00.000Z',
  actualEnd: '2026-03-01T07:00:00.000Z',
  lots: [],
  operator: 'op-1',
  final: false,
  timeZone: 'Europe/Berlin',
};

describe('backflush from the BOM', () => {
  it('consumes (good + scrap) × requirement / planned per line, good only for `good` lines, nothing for `manual` ones', () => {
    const { consumptions, skipped } = backflush(order, completion, 4);
    expect(skipped).toBeUndefined();
    expect(consumptions.map((c) => [c.id, c.sequence, c.material, c.quantity, c.operation])).toEqual([
      ['WO-7.c2.m1', 4, { code: 'PET-05', revision: 'B' }, { value: 105, unit: 'H87' }, '0010'],
      // 105 × 100 / 3000 = 3.5 l, rounded to 6 decimals (no float noise)
      ['WO-7.c2.m2', 5, { code: 'SYRUP' }, { value: 3.5, unit: 'LTR' }, '0020'],
      ['WO-7.c2.m3', 6, { code: 'LABEL' }, { value: 100, unit: 'H87' }, '0010'],
    ]);
    expect(consumptions[0]).toMatchObject({ at: completion.actualEnd, operator: 'op-1', timeZone: 'Europe/Berlin', workOrder: completion.workOrder });
  });

  it('rounds to 6 decimals and sends nothing for a line that comes to 0', () => {
    const tiny = { ...completion, good: { value: 1, unit: 'H87' }, scrap: [] };
    const { consumptions } = backflush(
      {
        ...order,
        bom: [
          { material: { code: 'X' }, quantity: { value: 1, unit: 'KGM' } },
          { material: { code: 'Y' }, quantity: { value: 1e-9, unit: 'KGM' } },
        ],
      },
      tiny,
      1,
    );
    expect(consumptions.map((c) => c.quantity.value)).toEqual([0.000333]);
    expect(backflush(order, { ...completion, good: { value: 0, unit: 'H87' }, scrap: [] }, 1).consumptions).toEqual([]);
  });

  it('says why it cannot compute: the order planned in another unit than the line counts, or no planned quantity', () => {
    expect(backflush({ ...order, quantity: { value: 125, unit: 'CS' } }, completion, 1)).toEqual({ consumptions: [], skipped: 'the order is planned in CS and the line counts in H87' });
    expect(backflush({ ...order, quantity: { value: 0, unit: 'H87' } }, completion, 1)).toEqual({ consumptions: [], skipped: 'the order has no planned quantity' });
    expect(backflush({ ...order, bom: [] }, completion, 1)).toEqual({ consumptions: [] });
  });

  it('a reversal names the original and carries its material, lot and quantity', () => {
    const [first] = backflush(order, completion, 1).consumptions;
    expect(reverseConsumption({ ...first!, lot: 'L1' }, 9, '2026-03-01T07:30:00.000Z', 'sup-1')).toEqual({ ...first, lot: 'L1', id: 'WO-7.c2.m1.r', sequence: 9, at: '2026-03-01T07:30:00.000Z', operator: 'sup-1', reversalOf: 'WO-7.c2.m1' });
  });
});
