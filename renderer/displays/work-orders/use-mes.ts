import { useCallback, useEffect, useState } from 'react';
import type { CallResult } from '../../../common/contract.ts';
import { useServices } from '../../app/services.tsx';
import { useCell } from '../../store/cell.ts';

export type OrderList = CallResult<'workOrders.list'>;
export type SyncState = CallResult<'sync.status'>;

/**
 * Keeps a call's result fresh while the display is shown: read once, then again on each
 * `workOrders.changed` / `sync.changed` event (the runtime coalesces them to a few per second).
 */
function useMesQuery<T>(visible: boolean, load: () => Promise<T>, events: ReadonlyArray<'workOrders.changed' | 'sync.changed'>): { data: T | undefined; error: string | undefined; reload: () => void } {
  const { client, plant } = useServices();
  const link = useCell(plant.link);
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (!visible || link.state !== 'open') return;
    let subscription: number | undefined;
    let closed = false;
    const offs = events.map((e) => client.on(e, () => setTick((n) => n + 1)));
    client.call('mes.subscribe', {}).then(
      (r) => {
        if (closed) void client.call('mes.unsubscribe', { subscriptionId: r.subscriptionId }).catch(() => undefined);
        else subscription = r.subscriptionId;
      },
      (e: Error) => setError(e.message),
    );
    return () => {
      closed = true;
      for (const off of offs) off();
      if (subscription !== undefined) void client.call('mes.unsubscribe', { subscriptionId: subscription }).catch(() => undefined);
    };
  }, [client, visible, link.state, events]);

  useEffect(() => {
    if (!visible || link.state !== 'open') return;
    let cancelled = false;
    load().then(
      (value) => {
        if (cancelled) return;
        setData(value);
        setError(undefined);
      },
      (e: Error) => {
        if (!cancelled) setError(e.message);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [load, visible, link.state, tick]);
  return { data, error, reload };
}

const ORDER_EVENTS = ['workOrders.changed'] as const;
const SYNC_EVENTS = ['sync.changed'] as const;

export function useWorkOrders(visible: boolean) {
  const { client } = useServices();
  const load = useCallback(() => client.call('workOrders.list', { includeDone: true }), [client]);
  return useMesQuery(visible, load, ORDER_EVENTS);
}

export function useDowntime(visible: boolean) {
  const { client } = useServices();
  const load = useCallback(() => client.call('downtime.list', { limit: 20 }), [client]);
  return useMesQuery(visible, load, ORDER_EVENTS);
}

export function useSyncStatus(visible: boolean) {
  const { client } = useServices();
  const load = useCallback(() => client.call('sync.status', {}), [client]);
  return useMesQuery(visible, load, SYNC_EVENTS);
}
