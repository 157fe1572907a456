import { useCallback, useEffect, useState } from 'react';
import type { CallResult } from '../../../common/contract.ts';
import type { LineStatus } from '../../../common/mes-contract.ts';
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

/**
 * What the banner shows of the lines: orders on a line that need a person (cancelled by MES/ERP, a
 * revision waiting). Read once, then taken from each `workOrders.changed` event, which carries the
 * lines; always on (the banner is on every display). A project without MES/ERP sync shows none.
 */
export function useLineNotices(): LineStatus['notices'] {
  const { client, plant } = useServices();
  const link = useCell(plant.link);
  const [lines, setLines] = useState<LineStatus[]>([]);
  useEffect(() => {
    if (link.state !== 'open') return;
    let closed = false;
    let subscription: number | undefined;
    const off = client.on('workOrders.changed', (e) => setLines(e.lines));
    client.call('mes.subscribe', {}).then(
      (r) => {
        if (closed) void client.call('mes.unsubscribe', { subscriptionId: r.subscriptionId }).catch(() => undefined);
        else subscription = r.subscriptionId;
      },
      () => undefined,
    );
    client.call('workOrders.list', { includeDone: false }).then(
      (r) => !closed && setLines(r.lines),
      () => !closed && setLines([]),
    );
    return () => {
      closed = true;
      off();
      if (subscription !== undefined) void client.call('mes.unsubscribe', { subscriptionId: subscription }).catch(() => undefined);
    };
  }, [client, link.state]);
  return lines.flatMap((l) => l.notices ?? []);
}
