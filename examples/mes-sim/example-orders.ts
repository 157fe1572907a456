import type { SimOrder } from './sim-types.ts';

/**
 * The orders the simulator starts with, in the MES's own codes (material numbers, work centre
 * WC-BTL-01, units EA and CS); the example project's mes.json maps them to the plant's.
 */
export function exampleOrders(now = Date.now()): SimOrder[] {
  const at = (hours: number) => new Date(Math.floor(now / 3_600_000) * 3_600_000 + hours * 3_600_000).toISOString();
  const order = (id: string, material: string, description: string, quantity: { value: number; unit: string }, speed: number | undefined, start: number, priority: number): SimOrder => {
    const bottles = quantity.unit === 'CS' ? quantity.value * 24 : quantity.value;
    return {
      id,
      revision: 1,
      description,
      material: { code: material, revision: 'A', description },
      quantity,
      workCentre: 'WC-BTL-01',
      scheduledStart: at(start),
      scheduledEnd: at(start + 2),
      due: at(start + 8),
      priority,
      status: 'Released',
      operations: [{ id: '0010', sequence: 10, description: 'Fill, cap and label', workCentre: 'WC-BTL-01' }],
      // The whole order's requirement per material (ISA-95 MaterialRequirement): Lineside backflushes
      // good + rejected bottles × requirement / planned when production is confirmed; glue is `manual`
      // (the operator records the lot and the kilograms used).
      bom: [
        { material: { code: '200100', description: 'PET bottle 0.5 l' }, quantity: { value: bottles, unit: 'EA' }, operation: '0010' },
        { material: { code: '200200', description: 'Closure 28 mm' }, quantity: { value: bottles, unit: 'EA' }, operation: '0010' },
        { material: { code: '300100', description: 'Treated water' }, quantity: { value: bottles * 0.5, unit: 'LTR' }, operation: '0010' },
        { material: { code: '400100', description: 'Label' }, quantity: { value: bottles, unit: 'EA' }, operation: '0010', backflush: 'good' },
        { material: { code: '400200', description: 'Hot-melt glue' }, quantity: { value: Math.round(bottles * 4) / 10_000, unit: 'KG' }, operation: '0010', backflush: 'manual' },
      ],
      // Without a speed, the line takes the product's recipe default (the example's mes.json `products`).
      parameters: speed === undefined ? [] : [{ name: 'LineSpeed', value: speed }],
    };
  };
  return [
    order('WO-1001', '100234', 'Still water 0.5 l', { value: 2400, unit: 'EA' }, 320, 0, 100),
    order('WO-1002', '100235', 'Sparkling water 0.5 l', { value: 100, unit: 'CS' }, 280, 2, 200),
    order('WO-1003', '100236', 'Lemon soda 0.5 l', { value: 1200, unit: 'EA' }, undefined, 4, 300),
  ];
}
