import type { SimOrder } from './sim-state.ts';

/**
 * The orders the simulator starts with, in the MES's own codes (material numbers, work centre
 * WC-BTL-01, units EA and CS); the example project's mes.json maps them to the plant's.
 */
export function exampleOrders(now = Date.now()): SimOrder[] {
  const at = (hours: number) => new Date(Math.floor(now / 3_600_000) * 3_600_000 + hours * 3_600_000).toISOString();
  const order = (id: string, material: string, description: string, quantity: { value: number; unit: string }, speed: number, start: number, priority: number): SimOrder => ({
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
    bom: [
      { material: { code: '200100', description: 'PET bottle 0.5 l' }, quantity: { value: quantity.unit === 'CS' ? quantity.value * 24 : quantity.value, unit: 'EA' }, operation: '0010' },
      { material: { code: '200200', description: 'Closure 28 mm' }, quantity: { value: quantity.unit === 'CS' ? quantity.value * 24 : quantity.value, unit: 'EA' }, operation: '0010' },
    ],
    parameters: [{ name: 'LineSpeed', value: speed }],
  });
  return [
    order('WO-1001', '100234', 'Still water 0.5 l', { value: 2400, unit: 'EA' }, 320, 0, 100),
    order('WO-1002', '100235', 'Sparkling water 0.5 l', { value: 100, unit: 'CS' }, 280, 2, 200),
    order('WO-1003', '100236', 'Lemon soda 0.5 l', { value: 1200, unit: 'EA' }, 300, 4, 300),
  ];
}
