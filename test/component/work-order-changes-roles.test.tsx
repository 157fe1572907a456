import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OrderCancel, StoredWorkOrder } from '../../common/mes-contract.ts';
import { WorkOrderSchema } from '../../common/mes.ts';
import type { RoleName } from '../../common/permissions.ts';
import { OrderChangesPanel } from '../../renderer/work-orders/OrderChangesPanel.tsx';
import { renderHmi } from './support/render-hmi.tsx';

/** WO-7, held on the line because MES/ERP cancelled it; `cancel` says what waits for whom. */
function cancelledOrder(cancel: Pick<OrderCancel, 'policy' | 'state'> & Partial<OrderCancel>): StoredWorkOrder {
  return {
    key: 'erp/WO-7',
    order: WorkOrderSchema.parse({ system: 'erp', id: 'WO-7', revision: 3, material: { code: 'WATER-STILL-05' }, quantity: { value: 1000, unit: 'EA' }, workCentre: 'Line1', status: 'Running' }),
    status: 'Held',
    progress: {
      good: 120,
      reject: 4,
      confirmedGood: 100,
      confirmedReject: 2,
      confirmations: 1,
      cancel: { at: '2026-12-07T09:30:00Z', by: 'erp', how: 'RequestState Cancelled', was: 'Running', ...cancel },
    },
    updatedAt: Date.UTC(2026, 11, 7, 9, 30),
  };
}

async function renderCancel(as: RoleName, order: StoredWorkOrder) {
  const rendered = await renderHmi(<OrderChangesPanel order={order} scrapReasons={[{ code: 'SCRAP-1', label: 'Underfilled' }]} timeZone="UTC" />, {
    as,
    handlers: { 'workOrders.decideCancel': () => Promise.reject({ code: 'conflict', message: 'the order changed meanwhile' }) },
  });
  return { ...rendered, notice: screen.getByTestId('wo-cancel') };
}

describe('an order MES/ERP cancelled on the line: who may settle it', () => {
  const awaiting = cancelledOrder({ policy: 'supervisor', state: 'awaiting-decision' });

  it('a supervisor (workOrders.decide) confirms what was counted as the final partial; the runtime is asked', async () => {
    const { gateway } = await renderCancel('supervisor', awaiting);
    const confirm = screen.getByRole('button', { name: 'Confirm as final partial' });
    expect(confirm).toHaveProperty('disabled', false);
    expect(screen.getByRole('combobox')).toHaveProperty('disabled', false);
    fireEvent.click(confirm);
    expect(await screen.findByText('Confirm as final partial: refused — the order changed meanwhile')).toBeTruthy();
    expect(gateway.paramsOf('workOrders.decideCancel')).toEqual([{ key: 'erp/WO-7' }]);
  });

  it('an operator (workOrders.run, no decide) sees the waiting production but the decision is not theirs', async () => {
    const { gateway } = await renderCancel('operator', awaiting);
    const confirm = screen.getByRole('button', { name: 'Confirm as final partial' });
    expect(confirm).toHaveProperty('disabled', true);
    expect(confirm.getAttribute('title')).toBe('Needs the permission ‘Decide on orders cancelled while running’ — signed in as operator.');
    expect(screen.getByRole('combobox')).toHaveProperty('disabled', true);
    expect(screen.getByText(/20 good and 2 rejected since the last confirmation wait for a supervisor/)).toBeTruthy();
    fireEvent.click(confirm);
    expect(gateway.paramsOf('workOrders.decideCancel')).toEqual([]);
  });

  it('once confirmed, an operator (workOrders.run) acknowledges it', async () => {
    const confirmed = cancelledOrder({ policy: 'confirm', state: 'confirmed', completion: 'WO-7.c2', decidedBy: 'lineside' });
    await renderCancel('operator', confirmed);
    expect(screen.getByRole('button', { name: 'Acknowledge' })).toHaveProperty('disabled', false);
  });

  it('maintenance sees the same confirmed cancel with Acknowledge disabled and saying who acknowledges', async () => {
    const confirmed = cancelledOrder({ policy: 'confirm', state: 'confirmed', completion: 'WO-7.c2', decidedBy: 'lineside' });
    await renderCancel('maintenance', confirmed);
    const acknowledge = screen.getByRole('button', { name: 'Acknowledge' });
    expect(acknowledge).toHaveProperty('disabled', true);
    expect(acknowledge.getAttribute('title')).toBe('Needs the permission ‘Run work orders’ — signed in as maintenance.');
  });
});
