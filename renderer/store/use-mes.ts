import { useEffect, useState } from 'react';
import type { LineStatus } from '../../common/mes-contract.ts';
import { useServices } from '../app/services.tsx';
import type { CallResult } from '../../common/contract.ts';
import { useCall, type Call } from '../ui/use-call.ts';
import { useCell } from './cell.ts';

/**
 * Holds a `mes.subscribe` while `active`: the runtime sends `workOrders.changed` / `sync.changed` only
 * to clients that asked. Dropped when inactive, unmounted or the link goes; taken again when it is back.
 */
function useMesSubscription(active: boolean): void {
  const { client } = useServices();
  useEffect(() => {
    if (!active) return;
    let subscription: number | undefined;
    let closed = false;
    client.call('mes.subscribe', {}).then(
      (r) => {
        if (closed) void client.call('mes.unsubscribe', { subscriptionId: r.subscriptionId }).catch(() => undefined);
        else subscription = r.subscriptionId;
      },
      // The reads themselves show why MES is unreachable.
      () => undefined,
    );
    return () => {
      closed = true;
      if (subscription !== undefined) void client.call('mes.unsubscribe', { subscriptionId: subscription }).catch(() => undefined);
    };
  }, [client, active]);
}

/** Whether a display that shows MES data should be reading it now: shown, and the link is up. */
function useActive(visible: boolean): boolean {
  const { plant } = useServices();
  const link = useCell(plant.link);
  return visible && link.state === 'open';
}

const ORDER_EVENTS = ['workOrders.changed'] as const;
const SYNC_EVENTS = ['sync.changed'] as const;

/**
 * The work orders, fresh while the display is shown: read once, then again on each `workOrders.changed`
 * (the runtime coalesces them to a few per second). Hidden, the last list stays.
 */
export function useWorkOrders(visible: boolean): Call<CallResult<'workOrders.list'>> {
  const active = useActive(visible);
  useMesSubscription(active);
  return useCall('workOrders.list', { includeDone: true }, { paused: !active, refreshOn: ORDER_EVENTS });
}

export function useDowntime(visible: boolean): Call<CallResult<'downtime.list'>> {
  const active = useActive(visible);
  useMesSubscription(active);
  return useCall('downtime.list', { limit: 20 }, { paused: !active, refreshOn: ORDER_EVENTS });
}

export function useSyncStatus(visible: boolean): Call<CallResult<'sync.status'>> {
  const active = useActive(visible);
  useMesSubscription(active);
  return useCall('sync.status', {}, { paused: !active, refreshOn: SYNC_EVENTS });
}

/**
 * What the banner shows of the lines: orders on a line that need a person (cancelled by MES/ERP, a
 * revision waiting). Read once, then taken from each `workOrders.changed` event, which carries the
 * lines; always on (the banner is on every display). A project without MES/ERP sync shows none.
 */
export function useLineNotices(): LineStatus['notices'] {
  const { client } = useServices();
  const active = useActive(true);
  useMesSubscription(active);
  const read = useCall('workOrders.list', { includeDone: false }, { paused: !active });
  const [lines, setLines] = useState<LineStatus[]>([]);
  // Whichever came last: the read (at start and after a reconnect) or an event.
  useEffect(() => setLines(read.data?.lines ?? []), [read.data]);
  useEffect(() => client.on('workOrders.changed', (e) => setLines(e.lines)), [client]);
  return lines.flatMap((l) => l.notices ?? []);
}

/** The lots in use at the lines, read again when an order changes (a new order brings its BOM). */
export function useLineInputs(visible: boolean): Call<CallResult<'lots.lineInputs'>> {
  const active = useActive(visible);
  useMesSubscription(active);
  return useCall('lots.lineInputs', {}, { paused: !active, refreshOn: ORDER_EVENTS });
}

/** The samples due on the running orders, read again when an order changes and at `tick` (due by time needs no event). */
export function useDueSamples(visible: boolean, tick: number): Call<CallResult<'quality.due'>> {
  const active = useActive(visible);
  useMesSubscription(active);
  return useCall('quality.due', {}, { paused: !active, refreshOn: ORDER_EVENTS, refreshKey: tick });
}
