import type { AlarmFilter, AlarmSummary } from '../../common/alarms.ts';
import type { Disposable } from '../../common/emitter.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { AlarmChange } from '../core/alarms/alarm-engine.ts';
import type { AlarmService } from '../core/alarms/alarm-service.ts';
import { matchesFilter } from '../core/alarms/alarm-view.ts';
import type { ClientContext } from './client-context.ts';

const MAX_SUBSCRIPTIONS = 4096;

interface Subscription {
  id: number;
  client: ClientContext;
  /** Drops the subscription when its connection closes. */
  closeListener: Disposable;
  filter: AlarmFilter | undefined;
  /** Ids the client currently shows, so an alarm leaving the filter is reported as removed. */
  visible: Set<string>;
  lastSummary: string;
}

/** `alarms.subscribe`: sends each subscriber the alarms that changed, filtered, with the banner summary. */
export class AlarmSubscriptions implements Disposable {
  private readonly subs = new Map<number, Subscription>();
  private nextId = 1;
  private readonly listener: Disposable;
  private readonly alarms: AlarmService;

  constructor(alarms: AlarmService) {
    this.alarms = alarms;
    this.listener = alarms.engine.onDidChange((change) => this.onChange(change));
  }

  add(client: ClientContext, filter: AlarmFilter | undefined): Result<{ subscriptionId: number; visible: string[]; summary: AlarmSummary }> {
    if (this.subs.size >= MAX_SUBSCRIPTIONS) return fail('bad-request', `at most ${MAX_SUBSCRIPTIONS} alarm subscriptions`);
    const id = this.nextId++;
    const visible = this.alarms.engine.matching(filter).map((r) => r.def.id);
    const summary = this.alarms.summary();
    const closeListener = client.onDidClose(() => this.subs.delete(id));
    this.subs.set(id, { id, client, closeListener, filter, visible: new Set(visible), lastSummary: JSON.stringify(summary) });
    return ok({ subscriptionId: id, visible, summary });
  }

  remove(client: ClientContext, id: number): boolean {
    const sub = this.subs.get(id);
    if (!sub || sub.client !== client) return false;
    sub.closeListener.dispose();
    this.subs.delete(id);
    return true;
  }

  dispose(): void {
    this.listener.dispose();
    for (const sub of this.subs.values()) sub.closeListener.dispose();
    this.subs.clear();
  }

  private onChange(change: AlarmChange): void {
    if (this.subs.size === 0) return;
    const summary = this.alarms.summary();
    const summaryText = JSON.stringify(summary);
    for (const sub of this.subs.values()) {
      const client = sub.client;
      const changed = [];
      const removed = [];
      for (const rec of change.changed) {
        const id = rec.def.id;
        if (matchesFilter(rec, sub.filter)) {
          sub.visible.add(id);
          changed.push(this.alarms.engine.info(rec));
        } else if (sub.visible.delete(id)) {
          removed.push(id);
        }
      }
      for (const id of change.removed) if (sub.visible.delete(id)) removed.push(id);
      if (changed.length === 0 && removed.length === 0 && summaryText === sub.lastSummary) continue;
      sub.lastSummary = summaryText;
      client.sendEvent({ event: 'alarms.changed', data: { subscriptionId: sub.id, changed, removed, summary } });
    }
  }
}
