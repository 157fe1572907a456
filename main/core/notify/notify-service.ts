import { randomUUID } from 'node:crypto';
import type { AlarmInfo } from '../../../common/alarms.ts';
import type { Clock } from '../../../common/clock.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { LanguageCode } from '../../../common/preferences.ts';
import type { AlarmEngine } from '../alarms/alarm-engine.ts';
import type { AlarmRecord } from '../alarms/alarm-view.ts';
import { alarmLink, composeAlarm, composeSummary, type Composed } from './notify-message.ts';
import { levelsAt, peopleOf, quietFor, ruleMatches } from './notify-rules.ts';
import type { NotifyFile, Person, Rule } from './notify-schema.ts';
import type { Escalation, EscalationStep, FloodChange, FloodWindow, NotifyStore, QueuedMessage } from './notify-store.ts';

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
  /** A person's language when notify.json gives none (their account's choice in the HMI). */
  accountLanguage?: ((name: string) => LanguageCode | undefined) | undefined;
  /** Who has no language of their own reads this one (the project's default language, if an interface language). */
  defaultLanguage?: LanguageCode | undefined;
  /** An alarm with its message in a language (the project's texts); without it, messages as raised. */
  translate?: ((info: AlarmInfo, language: LanguageCode) => AlarmInfo) | undefined;
  /** Told after messages were queued (the dispatcher delivers them). */
  onQueued: () => void;
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
  /** Flood windows changed since the last write: stored with the tick's escalation steps. */
  private readonly floodChanges = new Map<string, { start: number; count: number; added: AlarmInfo[] }>();
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
    // A flood window open at the stop goes on: its summary still goes out at its end.
    for (const [rule, window] of this.o.store.floodWindows()) this.floods.set(rule, window);
    this.subscription = this.o.alarms.onDidChange(({ changed }) => this.onAlarms(changed));
    this.tick();
  }

  /** Escalations and flood summaries that are due, then the timer for the next. */
  tick(): void {
    if (this.disposed) return;
    const now = this.o.clock.now();
    const steps: EscalationStep[] = [];
    for (const e of [...this.escalations.values()].filter((x) => x.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt)) steps.push(this.escalate(e, now));
    // All of a tick's steps and flood counts in one transaction (a burst of alarms is one commit, not one each).
    const floods: FloodChange[] = [...this.floodChanges].map(([rule, f]) => ({ rule, ...f }));
    this.floodChanges.clear();
    this.o.store.escalate(steps, now, floods);
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
      const kind = e.nextLevel === 0 ? 'alarm' : 'escalation';
      const link = this.link(info.id);
      messages = this.messages(rule, info.id, kind, e.nextLevel, people, (language, group) => composeAlarm(kind, this.translated(info, language), e.nextLevel, group, link, this.o.plant, this.o.timeZone, language));
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
    let change = this.floodChanges.get(rule.name);
    if (!change || change.start !== window.start) this.floodChanges.set(rule.name, (change = { start: window.start, count: window.count, added: [] }));
    change.count = window.count;
    if (window.count <= this.o.file.flood.maxMessages) return true;
    if (!window.held.some((a) => a.id === info.id)) {
      window.held.push(info);
      change.added.push(info);
    }
    return false;
  }

  private closeWindow(ruleName: string, window: FloodWindow, now: number): void {
    this.floods.delete(ruleName);
    // Counts of this window not written yet need not be: the window ends here.
    if (this.floodChanges.get(ruleName)?.start === window.start) this.floodChanges.delete(ruleName);
    const rule = this.o.file.rules.find((r) => r.name === ruleName);
    let messages: QueuedMessage[] = [];
    if (rule && window.held.length > 0) {
      const levels = levelsAt(this.o.file, rule.roster, this.o.shiftAt(now));
      const people = peopleOf(this.o.file, levels[0]?.people ?? []);
      const link = this.link(undefined);
      messages = this.messages(rule, window.held[0]!.id, 'summary', 0, people, (language, group) =>
        composeSummary(
          rule.name,
          window.held.map((a) => this.translated(a, language)),
          this.o.file.flood.windowSeconds,
          group,
          link,
          this.o.plant,
          language,
        ),
      );
    }
    this.o.store.closeFlood(ruleName, messages, now);
    if (messages.length > 0) this.o.onQueued();
  }

  private link(alarmId: string | undefined): string {
    const base = this.o.file.linkBaseUrl ?? this.o.linkBase();
    const token = this.o.linkToken?.();
    if (alarmId !== undefined) return alarmLink(base, alarmId, token);
    const origin = base.replace(/\/+$/, '');
    return token ? `${origin}/#token=${encodeURIComponent(token)}&route=${encodeURIComponent('/mobile')}` : `${origin}/#/mobile`;
  }

  private translated(info: AlarmInfo, language: LanguageCode): AlarmInfo {
    return this.o.translate ? this.o.translate(info, language) : info;
  }

  /** notify.json's language for the person, else their account's, else the default. */
  private languageOf(person: Person): LanguageCode {
    return person.language ?? this.o.accountLanguage?.(person.name) ?? this.o.defaultLanguage ?? 'en';
  }

  /** Per channel of the rule, one message per language to the level's people that channel reaches. */
  private messages(rule: Rule, alarmId: string, kind: QueuedMessage['kind'], level: number, people: readonly Person[], compose: (language: LanguageCode, group: readonly Person[]) => Composed): QueuedMessage[] {
    const byLanguage = new Map<LanguageCode, Person[]>();
    for (const p of people) {
      const language = this.languageOf(p);
      byLanguage.set(language, [...(byLanguage.get(language) ?? []), p]);
    }
    const out: QueuedMessage[] = [];
    for (const [language, group] of byLanguage) {
      let composed: Composed | undefined;
      for (const channel of rule.channels) {
        const recipients = channel === 'email' ? group.flatMap((p) => (p.email ? [p.email] : [])) : group.map((p) => p.name);
        if (recipients.length === 0) continue;
        composed ??= compose(language, group);
        out.push({ id: `${randomUUID()}@lineside`, rule: rule.name, alarmId, kind, level, channel, recipients, ...composed });
      }
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
