import type { LineConfig } from '../../../common/mes-config.ts';
import type { StoredDowntime, StoredWorkOrder } from '../../../common/mes-contract.ts';
import type { DataValue } from '../../../common/data-value.ts';
import type { DowntimeEvent } from '../../../common/mes.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { severityOf } from '../../../common/quality.ts';
import type { Caller } from './audit.ts';
import type { LineDeps } from './line-deps.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A line's stops, reported as they happen: when the machine state enters a down state (no reason
 * yet: "unclassified"), when an operator gives the reason, and when it ends (with its duration).
 * Each report is a new version of the same event (`<id>.v1`, `.v2`, ...) in the line's downtime
 * stream of the outbox, queued in the transaction that records the change, so the receiver keeps
 * the latest and a crash neither loses nor repeats one.
 */
export class DowntimeRecorder {
  private openId: string | undefined;
  private readonly config: LineConfig;
  private readonly deps: Pick<LineDeps, 'store' | 'enqueue' | 'audit' | 'now' | 'timeZone' | 'changed'>;
  private readonly running: () => StoredWorkOrder | undefined;

  constructor(config: LineConfig, deps: DowntimeRecorder['deps'], running: () => StoredWorkOrder | undefined) {
    this.config = config;
    this.deps = deps;
    this.running = running;
    const open = deps.store.db.prepare("SELECT id FROM downtime WHERE line = ? AND json_extract(doc, '$.end') IS NULL ORDER BY start DESC LIMIT 1").get(config.workCentre) as { id: string } | undefined;
    this.openId = open?.id;
  }

  /** The open stop's id while the line is down. */
  get open(): string | undefined {
    return this.openId;
  }

  /** The open stop, as last recorded. */
  openEvent(): DowntimeEvent | undefined {
    if (!this.openId) return undefined;
    const row = this.deps.store.db.prepare('SELECT doc FROM downtime WHERE id = ?').get(this.openId) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as DowntimeEvent) : undefined;
  }

  /** A new machine state: a down state opens a stop (reported at once), any other closes the open one. */
  onState(v: DataValue): void {
    if (severityOf(v.quality) === 'bad' || v.value === null) return;
    const down = this.config.downStates.find((d) => d.value === v.value || String(d.value) === String(v.value));
    const now = this.deps.now();
    if (down && !this.openId) {
      const running = this.running();
      const event: DowntimeEvent = {
        id: `${this.config.equipment}.dt${now}`,
        ...(running ? { workOrder: { system: running.order.system, id: running.order.id } } : {}),
        equipment: this.config.equipment,
        start: iso(v.sourceTime || now),
        category: down.category,
        timeZone: this.deps.timeZone,
      };
      this.deps.store.transaction(() => {
        this.deps.store.db.prepare('INSERT INTO downtime (id, line, start, doc, versions) VALUES (?, ?, ?, ?, 0)').run(event.id, this.config.workCentre, now, JSON.stringify(event));
        this.save(event, 0);
      });
      this.openId = event.id;
      this.deps.changed([]);
    } else if (!down && this.openId) {
      const row = this.deps.store.db.prepare('SELECT doc, versions FROM downtime WHERE id = ?').get(this.openId) as { doc: string; versions: number };
      const started = JSON.parse(row.doc) as DowntimeEvent;
      const end = Math.max(v.sourceTime || now, Date.parse(started.start));
      const event: DowntimeEvent = { ...started, end: iso(end), durationMs: end - Date.parse(started.start) };
      this.deps.store.transaction(() => this.save(event, row.versions));
      this.openId = undefined;
      this.deps.changed([]);
    }
  }

  /** The operator's reason for a stop, open or ended: reported at once as the stop's next version. */
  classify(id: string, reason: string, category: DowntimeEvent['category'] | undefined, user: Caller): Result<StoredDowntime> {
    const row = this.deps.store.db.prepare('SELECT doc, versions FROM downtime WHERE id = ? AND line = ?').get(id, this.config.workCentre) as { doc: string; versions: number } | undefined;
    if (!row) return fail('not-found', `no downtime event ${id}`, 'id');
    const event: DowntimeEvent = { ...(JSON.parse(row.doc) as DowntimeEvent), reason, operator: user.name, ...(category ? { category } : {}) };
    this.deps.store.transaction(() => {
      this.save(event, row.versions);
      this.deps.audit(user, 'downtime.classify', id, { reason });
    });
    this.deps.changed([]);
    return ok({ line: this.config.workCentre, event });
  }

  /** Stores the event and queues it as its next version (the receiver keeps the latest). */
  private save(event: DowntimeEvent, versions: number): void {
    const next = versions + 1;
    this.deps.store.db.prepare('UPDATE downtime SET doc = ?, versions = ? WHERE id = ?').run(JSON.stringify(event), next, event.id);
    const connector = event.workOrder?.system;
    this.deps.enqueue({ ...(connector ? { connector } : {}), key: `${event.id}.v${next}`, stream: `downtime/${this.config.equipment}`, kind: 'downtime', payload: event });
  }
}
