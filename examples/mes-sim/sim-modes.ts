import type { ReceivedMessage, SimOrder } from './sim-types.ts';

/**
 * How the simulated MES behaves, beside its faults (switches: `npm run mes-sim -- --snapshot
 * --times duration --no-read-back --naive-reversals`, or `POST /admin/modes` with these fields):
 * - `snapshot`: every `GET /api/orders` and `GET /b2mml/schedules` answers the whole current schedule
 *   (a fresh BODID each time), as many MES do, instead of one pending change at a time;
 * - `times`: how B2MML schedules carry planned times: `end` (StartTime/EndTime), `duration`
 *   (StartTime and a Duration, no EndTime) or `none` (no times at all), all valid B2MML;
 * - `readBack: false`: an MES without a read-back endpoint (`GET /api/messages/{key}` and
 *   `/b2mml/messages` answer 404 for everything); it still deduplicates by key;
 * - `naiveReversals`: an MES that knows nothing of reversals: it books every quantity as sent and has
 *   no cancellation endpoint. `aware` (default) books a reversal's quantity off and takes
 *   `POST /api/cancellations` and B2MML Sync actionCode Delete as cancellations of the original.
 */
export interface SimModes {
  snapshot: boolean;
  times: 'end' | 'duration' | 'none';
  readBack: boolean;
  naiveReversals: boolean;
}

export function defaultModes(): SimModes {
  return { snapshot: false, times: 'end', readBack: true, naiveReversals: false };
}

/** Statuses that leave an MES's current schedule (a snapshot lists every other order). */
const DONE = new Set(['Completed', 'Closed']);

/** The orders a snapshot lists: every order not removed and not done. */
export function scheduledOrders(orders: readonly SimOrder[]): SimOrder[] {
  return orders.filter((o) => !DONE.has(String(o['status'] ?? 'Released')));
}

/**
 * What each order's confirmations add up to at this MES (good units per order): an aware MES takes
 * a reversal's quantity off (whatever its sign) and drops a cancelled confirmation; a naive one adds
 * whatever arrives. `consumed` does the same for consumptions per material and unit.
 */
export function bookedTotals(received: readonly ReceivedMessage[], naive: boolean): { produced: Record<string, number>; consumed: Record<string, Record<string, { value: number; unit: string }>> } {
  const cancelled = new Set(naive ? [] : received.filter((m) => m.kind === 'cancellation').map((m) => String(m.body['cancels'])));
  const produced: Record<string, number> = {};
  const consumed: Record<string, Record<string, { value: number; unit: string }>> = {};
  for (const m of received) {
    if (m.kind !== 'completion' && m.kind !== 'consumption') continue;
    if (cancelled.has(String(m.body['id'] ?? m.key)) || cancelled.has(m.key)) continue;
    const reversal = !naive && typeof m.body['reversalOf'] === 'string';
    const signed = (value: number) => Math.round((reversal ? -Math.abs(value) : value) * 1e6) / 1e6;
    if (m.kind === 'completion') {
      const good = (m.body['good'] as { value?: unknown } | undefined)?.value;
      if (typeof good === 'number') produced[m.subject] = Math.round(((produced[m.subject] ?? 0) + signed(good)) * 1e6) / 1e6;
      continue;
    }
    const material = (m.body['material'] as { code?: unknown } | undefined)?.code;
    const q = m.body['quantity'] as { value?: unknown; unit?: unknown } | undefined;
    if (typeof material !== 'string' || typeof q?.value !== 'number' || typeof q.unit !== 'string') continue;
    const order = (consumed[m.subject] ??= {});
    const row = (order[`${material} ${q.unit}`] ??= { value: 0, unit: q.unit });
    row.value = Math.round((row.value + signed(q.value)) * 1e6) / 1e6;
  }
  return { produced, consumed };
}
