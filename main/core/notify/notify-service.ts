import { randomUUID } from 'node:crypto';
import type { AlarmInfo } from '../../../common/alarms.ts';
import type { Clock } from '../../../common/clock.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { AlarmEngine } from '../alarms/alarm-engine.ts';
import type { AlarmRecord } from '../alarms/alarm-view.ts';
import { alarmLink, composeAlarm, composeSummary, type Composed } from './notify-message.ts';
import { levelsAt, peopleOf, quietFor, ruleMatches } from './notify-rules.ts';
import type { NotifyFile, Person, Rule } from './notify-schema.ts';
import type { Escalation, EscalationStep, NotifyStore, QueuedMessage } from './notify-store.ts';

export interface NotifyServiceOptions {
  file: NotifyFile;
  store: NotifyStore;
  alarms: AlarmEngine;
  clock: Clock;
  plant: string;
  timeZone: string;
  /** The shift running at a moment (shifts.json), for the roster. */
  shiftAt: (at: number) => string | undefined;
  /** The station's address for links (notify.json linkBaseUrl wins). */
  linkBase: () => string;
  /** The station token, only when links are to carry it (notify.json `linkCarriesToken`). */
  linkToken?: (() => string) | undefined;
  /** Told after messages were queued (the dispatcher delivers them). */
  onQueued: () => void;
}

interface FloodWindow {
  start: number;
  count: number;
  held: AlarmInfo[];
}

const key = (rule: string, alarmId: string) => `${rule}\u0000${alarmId}`;

/**
 * Turns alarms into notifications: a raised alarm that a rule matches is sent to the first level of
 * the rule's roster (of the shift running), and escalated level by level while nobody acknowledges
 * it; quiet hours hold back what a rule does not allow then; a flood guard sends a rule's first few
 * messages of a window and one summary of the rest. Escalations are kept in the store, so a restart
 * carries on where it was. One timer, owned here; `tick()` runs what is due (tests with a manual clock).
 */
export class NotifyService implements Disposable {
  private readonly o: NotifyServiceOptions;
  private readonly lastRaised = new Map<string, number | undefined>();
  private readonly escalations = new Map<string, Escalation>();
  /** Alarm id → its escalations' keys (an acknowledgement ends them without a look at every escalation). */
  private readonly byAlarm = new Map<string, Set<string>>();
  private readonly floods = new Map<string, FloodWindow>();
  private subscription: Disposable | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  constructor(options: NotifyServiceOptions) {
    this.o = options;
  }

  start(): void {
    // Alarms standing before this start were told about then (their escalations are in the store).
    for (const info of this.o.alarms.list({ states: ['unackActive', 'ackActive', 'rtnUnack', 'latched', 'shelved', 'suppressed', 'outOfService'] })) this.lastRaised.set(info.id, info.raisedAt);
    for (const e of this.o.store.escalations()) this.remember(e);
    this.subscription = this.o.alarms.onDidChange(({ changed }) => this.onAlarms(changed));
    this.tick();
  }

  /** Escalations and flood summaries that are due, then the timer for the next. */
  tick(): void {
    if (this.disposed) return;
    const now = this.o.clock.now();
    const steps: EscalationStep[] = [];
    for (const e of [...this.escalations.values()].filter((x) => x.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt)) steps.push(this.escalate(e, now));
    // All of a tick's steps in one transaction (a burst of alarms is one commit, not one each).
    this.o.store.escalate(steps, now);
    if (steps.some((s) => s.state === 'pending' && s.messages.length > 0)) this.o.onQueued();
    for (const [ruleName, window] of this.floods) if (now >= window.start + this.windowMs()) this.closeWindow(ruleName, window, now);
    this.arm();
  }

  private windowMs(): number {
    return this.o.file.flood.windowSeconds * 1000;
  }

  private onAlarms(changed: readonly AlarmRecord[]): void {
    if (this.disposed) return;
    const now = this.o.clock.now();
    let raised = false;
    for (const rec of changed) {
      const info = this.o.alarms.info(rec);
      const before = this.lastRaised.get(info.id);
      this.lastRaised.set(info.id, info.raisedAt);
      if (info.state !== 'unackActive' && info.state !== 'latched') {
        this.stop(info.id);
        continue;
      }
      if (info.state !== 'unackActive' || info.raisedAt === undefined || info.raisedAt === before) continue;
      // A new raise: a fresh escalation under every rule that matches (an earlier one of the alarm ends).
      this.stop(info.id);
      for (const rule of this.o.file.rules) {
        if (!ruleMatches(rule, { info })) continue;
        const levels = levelsAt(this.o.file, rule.roster, this.o.shiftAt(now));
        if (levels.length === 0) continue;
        this.remember({ rule: rule.name, alarmId: info.id, raisedAt: info.raisedAt, nextLevel: 0, dueAt: info.raisedAt + levels[0]!.afterMinutes * 60_000 });
        raised = true;
      }
    }
    if (raised) this.tick();
  }

  /** Acknowledged, shelved, suppressed, out of service or gone: no more escalation. */
  private stop(alarmId: string): void {
    const keys = this.byAlarm.get(alarmId);
    if (!keys) return;
    for (const k of keys) this.escalations.delete(k);
    this.byAlarm.delete(alarmId);
    this.o.store.stopEscalations(alarmId);
  }

  private escalate(e: Escalation, now: number): EscalationStep {
    const k = key(e.rule, e.alarmId);
    const rule = this.o.file.rules.find((r) => r.name === e.rule);
    const rec = this.o.alarms.get(e.alarmId);
    const info = rec && this.o.alarms.info(rec);
    const levels = rule ? levelsAt(this.o.file, rule.roster, this.o.shiftAt(now)) : [];
    const level = levels[e.nextLevel];
    if (!rule || !info || !level || (info.state !== 'unackActive' && info.state !== 'latched')) {
      this.forget(k, e.alarmId);
      return { rule: e.rule, alarmId: e.alarmId, next: undefined, messages: [], state: 'pending' };
    }
    const following = levels[e.nextLevel + 1];
    const next: Escalation | undefined = following ? { ...e, nextLevel: e.nextLevel + 1, dueAt: Math.max(now, e.raisedAt + following.afterMinutes * 60_000) } : undefined;
    const people = peopleOf(this.o.file, level.people);
    const quiet = quietFor(this.o.file, rule, info.priority, now, this.o.timeZone);
    let messages: QueuedMessage[] = [];
    if (quiet || this.admit(rule, info, now)) {
      const composed = composeAlarm(e.nextLevel === 0 ? 'alarm' : 'escalation', info, e.nextLevel, people, this.link(info.id), this.o.plant, this.o.timeZone);
      messages = this.messages(rule, info.id, e.nextLevel === 0 ? 'alarm' : 'escalation', e.nextLevel, people, composed);
    }
    if (next) this.escalations.set(k, next);
    else this.forget(k, e.alarmId);
    return { rule: e.rule, alarmId: e.alarmId, next, messages, state: quiet ? 'quiet' : 'pending' };
  }

  private remember(e: Escalation): void {
    const k = key(e.rule, e.alarmId);
    this.escalations.set(k, e);
    let keys = this.byAlarm.get(e.alarmId);
    if (!keys) this.byAlarm.set(e.alarmId, (keys = new Set()));
    keys.add(k);
  }

  private forget(k: string, alarmId: string): void {
    this.escalations.delete(k);
    const keys = this.byAlarm.get(alarmId);
    keys?.delete(k);
    if (keys?.size === 0) this.byAlarm.delete(alarmId);
  }

  /** The flood guard: true when this message may go now; otherwise the alarm waits for the window's summary. */
  private admit(rule: Rule, info: AlarmInfo, now: number): boolean {
    let window = this.floods.get(rule.name);
    if (window && now >= window.start + this.windowMs()) {
      this.closeWindow(rule.name, window, now);
      window = undefined;
    }
    if (!window) {
      window = { start: now, count: 0, held: [] };
      this.floods.set(rule.name, window);
    }
    window.count += 1;
    if (window.count <= this.o.file.flood.maxMessages) return true;
    if (!window.held.some((a) => a.id === info.id)) window.held.push(info);
    return false;
  }

  private closeWindow(ruleName: string, window: FloodWindow, now: number): void {
    this.floods.delete(ruleName);
    const rule = this.o.file.rules.find((r) => r.name === ruleName);
    if (!rule || window.held.length === 0) return;
    const levels = levelsAt(this.o.file, rule.roster, this.o.shiftAt(now));
    const people = peopleOf(this.o.file, levels[0]?.people ?? []);
    const composed = composeSummary(rule.name, window.held, this.o.file.flood.windowSeconds, people, this.link(undefined), this.o.plant);
    const messages = this.messages(rule, window.held[0]!.id, 'summary', 0, people, composed);
    this.o.store.enqueue(messages, now);
    if (messages.length > 0) this.o.onQueued();
  }

  private link(alarmId: string | undefined): string {
    const base = this.o.file.linkBaseUrl ?? this.o.linkBase();
    const token = this.o.linkToken?.();
    if (alarmId !== undefined) return alarmLink(base, alarmId, token);
    const origin = base.replace(/\/+$/, '');
    return token ? `${origin}/#token=${encodeURIComponent(token)}&route=${encodeURIComponent('/mobile')}` : `${origin}/#/mobile`;
  }

  /** One message per channel of the rule, to the level's people that channel reaches. */
  private messages(rule: Rule, alarmId: string, kind: QueuedMessage['kind'], level: number, people: readonly Person[], composed: Composed): QueuedMessage[] {
    const out: QueuedMessage[] = [];
    for (const channel of rule.channels) {
      const recipients = channel === 'email' ? people.flatMap((p) => (p.email ? [p.email] : [])) : people.map((p) => p.name);
      if (recipients.length === 0) continue;
      out.push({ id: `${randomUUID()}@lineside`, rule: rule.name, alarmId, kind, level, channel, recipients, ...composed });
    }
    return out;
  }

  private arm(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let next = Infinity;
    for (const e of this.escalations.values()) next = Math.min(next, e.dueAt);
    for (const w of this.floods.values()) if (w.held.length > 0) next = Math.min(next, w.start + this.windowMs());
    if (next === Infinity) return;
    this.timer = setTimeout(() => this.tick(), Math.max(0, Math.min(next - this.o.clock.now(), 2_147_000_000)));
  }

  dispose(): void {
    this.disposed = true;
    this.subscription?.dispose();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
