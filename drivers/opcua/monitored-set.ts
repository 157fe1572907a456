import { ClientMonitoredItemGroup, DataChangeFilter, DataChangeTrigger, DeadbandType, TimestampsToReturn, AttributeIds, type ClientSession, type ClientSubscription, type DataValue as UaDataValue } from 'node-opcua';
import { dataValue } from '../../common/data-value.ts';
import { qualityFromStatusCode } from '../../common/quality.ts';
import type { DriverChange } from '../api.ts';
import type { OpcuaItemOptions } from './address.ts';
import { fromUaDataValue } from './convert.ts';

export interface MonitoredItemSpec {
  handle: number;
  /** A resolved NodeId string (`ns=<index>;...`). */
  nodeId: string;
  options: OpcuaItemOptions;
}

export interface MonitorDefaults {
  publishingInterval: number;
  samplingInterval: number;
}

/** Monitored items per CreateMonitoredItems call: one call per item is too slow, one call for 10,000 too big. */
export const MONITOR_CHUNK = 1000;

/**
 * The server-side half of one driver subscription on one session: one OPC UA subscription per publishing
 * interval, its monitored items created in chunks (items with the same sampling interval, deadband and
 * queue size go in the same CreateMonitoredItems call). Changes are handed on in one batch per publish.
 */
export class MonitoredSet {
  readonly #subscriptions: ClientSubscription[] = [];
  readonly #deliver: (changes: readonly DriverChange[]) => void;
  readonly #now: () => number;
  #pending: DriverChange[] = [];
  #closed = false;

  private constructor(deliver: (changes: readonly DriverChange[]) => void, now: () => number) {
    this.#deliver = deliver;
    this.#now = now;
  }

  /** Creates the subscriptions and items; `onRequest` counts each service call (and its round trip). */
  static async create(
    session: ClientSession,
    items: readonly MonitoredItemSpec[],
    defaults: MonitorDefaults,
    deliver: (changes: readonly DriverChange[]) => void,
    now: () => number,
    onRequest: (roundTripMs: number, failed: boolean) => void,
  ): Promise<MonitoredSet> {
    const set = new MonitoredSet(deliver, now);
    const byInterval = groupBy(items, (i) => String(i.options.publishingInterval ?? defaults.publishingInterval));
    try {
      for (const [interval, group] of byInterval) {
        const started = performance.now();
        const subscription = await session.createSubscription2({
          requestedPublishingInterval: Number(interval),
          requestedLifetimeCount: 60,
          requestedMaxKeepAliveCount: 10,
          maxNotificationsPerPublish: 0,
          publishingEnabled: true,
          priority: 1,
        });
        onRequest(performance.now() - started, false);
        set.#subscriptions.push(subscription);
        for (const [, same] of groupBy(group, (i) => parameterKey(i.options, defaults))) {
          for (let start = 0; start < same.length; start += MONITOR_CHUNK) {
            await set.#monitor(subscription, same.slice(start, start + MONITOR_CHUNK), defaults, onRequest);
          }
        }
      }
    } catch (error) {
      await set.close();
      throw error;
    }
    return set;
  }

  async #monitor(subscription: ClientSubscription, items: readonly MonitoredItemSpec[], defaults: MonitorDefaults, onRequest: (ms: number, failed: boolean) => void): Promise<void> {
    const options = items[0]?.options ?? {};
    const deadband = options.deadband ?? 0;
    const filter =
      deadband > 0
        ? new DataChangeFilter({
            trigger: DataChangeTrigger.StatusValue,
            deadbandType: options.deadbandType === 'percent' ? DeadbandType.Percent : DeadbandType.Absolute,
            deadbandValue: deadband,
          })
        : null;
    const started = performance.now();
    const group = ClientMonitoredItemGroup.create(
      subscription,
      items.map((i) => ({ nodeId: i.nodeId, attributeId: AttributeIds.Value })),
      { samplingInterval: options.samplingInterval ?? defaults.samplingInterval, discardOldest: true, queueSize: options.queueSize ?? 1, filter },
      TimestampsToReturn.Both,
    );
    group.on('changed', (_item, value: UaDataValue, index: number) => {
      const handle = items[index]?.handle;
      if (handle !== undefined) this.#push({ handle, value: fromUaDataValue(value, this.#now()) });
    });
    await new Promise<void>((resolve, reject) => {
      group.once('initialized', () => resolve());
      group.once('err', (message: string) => reject(new Error(message)));
      group.once('terminated', (error: Error) => reject(error));
    });
    onRequest(performance.now() - started, false);
    // Items the server refused (unknown node, filter not allowed...) report why, as their quality.
    group.monitoredItems.forEach((item, index) => {
      const handle = items[index]?.handle;
      if (handle !== undefined && item.statusCode.isNotGood()) {
        this.#push({ handle, value: dataValue(null, qualityFromStatusCode(item.statusCode.value), this.#now()) });
      }
    });
  }

  #push(change: DriverChange): void {
    if (this.#closed) return;
    // One publish response carries many changes: they go on as one batch.
    if (this.#pending.length === 0) queueMicrotask(() => this.#flush());
    this.#pending.push(change);
  }

  #flush(): void {
    const changes = this.#pending;
    this.#pending = [];
    if (!this.#closed && changes.length > 0) this.#deliver(changes);
  }

  get subscriptionCount(): number {
    return this.#subscriptions.length;
  }

  /** Deletes the subscriptions on the server (when it can still be reached). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#pending = [];
    await Promise.allSettled(this.#subscriptions.splice(0).map((s) => s.terminate()));
  }

  /** Forgets the subscriptions without asking the server (the connection is gone); returns their ids. */
  abandon(): number[] {
    this.#closed = true;
    this.#pending = [];
    return this.#subscriptions.splice(0).map((s) => s.subscriptionId);
  }
}

function parameterKey(options: OpcuaItemOptions, defaults: MonitorDefaults): string {
  const deadband = options.deadband ?? 0;
  return [options.samplingInterval ?? defaults.samplingInterval, deadband, deadband > 0 ? (options.deadbandType ?? 'absolute') : '', options.queueSize ?? 1].join('|');
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
