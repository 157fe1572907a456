import type { AlarmInfo, AlarmSummary } from '../../common/alarms.ts';
import type { GatewayClient } from '../client/gateway-client.ts';
import { Cell } from '../store/cell.ts';
import { isAnnunciated, worseAlarm } from './alarm-model.ts';

type Schedule = (flush: () => void) => () => void;

// A hidden window gets no animation frames; a timer keeps the store current there too.
const frameOrTimer: Schedule = (flush) => {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    flush();
  };
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, 250);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
};

const RETRY_MS = 2_000;

/**
 * Every alarm not in normal (active, unacknowledged, shelved, suppressed, out of service), kept live
 * by one 'alarms.subscribe' that survives reconnects. Outside React; listeners are notified at most
 * once per animation frame, so a flood of thousands of changes costs one render.
 */
export class AlarmStore {
  readonly summary = new Cell<AlarmSummary | undefined>(undefined);
  /** False while the gateway is unreachable: the list is then not live. */
  readonly live = new Cell(false);
  readonly #client: GatewayClient;
  readonly #schedule: Schedule;
  readonly #alarms = new Map<string, AlarmInfo>();
  readonly #listeners = new Set<() => void>();
  #list: readonly AlarmInfo[] = [];
  #listDirty = false;
  #byTag: Map<string, AlarmInfo> | undefined;
  #cancelFlush: (() => void) | undefined;
  #subscriptionId: number | undefined;
  #generation = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #disposers: (() => void)[] = [];

  constructor(client: GatewayClient, schedule: Schedule = frameOrTimer) {
    this.#client = client;
    this.#schedule = schedule;
    this.#disposers.push(
      client.on('alarms.changed', (data) => {
        if (data.subscriptionId !== this.#subscriptionId) return;
        for (const alarm of data.changed) this.#alarms.set(alarm.id, alarm);
        for (const id of data.removed) this.#alarms.delete(id);
        this.summary.set(data.summary);
        this.#changed();
      }),
      client.onDidChangeState((state) => {
        if (state === 'open') return this.#subscribe();
        this.#generation++;
        clearTimeout(this.#retryTimer);
        this.#subscriptionId = undefined;
        this.live.set(false);
      }),
    );
    if (client.state === 'open') this.#subscribe();
  }

  /** All alarms the store holds, in no particular order; a new array only when something changed. */
  list = (): readonly AlarmInfo[] => {
    if (this.#listDirty) {
      this.#listDirty = false;
      this.#list = [...this.#alarms.values()];
    }
    return this.#list;
  };

  get(id: string): AlarmInfo | undefined {
    return this.#alarms.get(id);
  }

  /** The worst annunciated alarm on a tag (highest priority, unacknowledged first), or undefined. */
  worstForTag(tag: string): AlarmInfo | undefined {
    if (!this.#byTag) {
      const index = new Map<string, AlarmInfo>();
      for (const alarm of this.#alarms.values()) {
        if (!isAnnunciated(alarm)) continue;
        const current = index.get(alarm.tag);
        index.set(alarm.tag, current ? worseAlarm(current, alarm) : alarm);
      }
      this.#byTag = index;
    }
    return this.#byTag.get(tag);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  dispose(): void {
    this.#generation++;
    clearTimeout(this.#retryTimer);
    this.#cancelFlush?.();
    for (const dispose of this.#disposers.splice(0)) dispose();
    const id = this.#subscriptionId;
    this.#subscriptionId = undefined;
    if (id !== undefined && this.#client.state === 'open') void this.#client.call('alarms.unsubscribe', { subscriptionId: id }).catch(() => {});
    this.#listeners.clear();
  }

  #subscribe(): void {
    const mine = ++this.#generation;
    clearTimeout(this.#retryTimer);
    this.#client.call('alarms.subscribe', {}).then(
      (reply) => {
        if (mine !== this.#generation) {
          if (this.#client.state === 'open') void this.#client.call('alarms.unsubscribe', { subscriptionId: reply.subscriptionId }).catch(() => {});
          return;
        }
        this.#subscriptionId = reply.subscriptionId;
        this.#alarms.clear();
        for (const alarm of reply.alarms) this.#alarms.set(alarm.id, alarm);
        this.summary.set(reply.summary);
        this.live.set(true);
        this.#changed();
      },
      (error: unknown) => {
        if (mine !== this.#generation) return;
        console.warn('alarms.subscribe failed', error);
        if (this.#client.state === 'open') this.#retryTimer = setTimeout(() => this.#subscribe(), RETRY_MS);
      },
    );
  }

  #changed(): void {
    this.#listDirty = true;
    this.#byTag = undefined;
    this.#cancelFlush ??= this.#schedule(() => {
      this.#cancelFlush = undefined;
      for (const listener of [...this.#listeners]) listener();
    });
  }
}
