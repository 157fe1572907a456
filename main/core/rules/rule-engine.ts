import type { Clock } from '../../../common/clock.ts';
import type { Disposable } from '../../../common/emitter.ts';
import type { Permission } from '../../../common/permissions.ts';
import { severityOf, type Quality } from '../../../common/quality.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { RuleAction, RuleDefinition, RuleRunInfo, RuleStatus } from '../../../common/rules.ts';
import { referencedTags, type Expr } from '../../../screens/expression/ast.ts';
import { evaluateValue, type EvaluationState, type ExpressionContext } from '../../../screens/expression/evaluate.ts';
import { ExpressionFailure } from '../../../screens/expression/expression-error.ts';
import { parseExpression } from '../../../screens/expression/parser.ts';
import type { ExprValue } from '../../../screens/expression/functions.ts';
import type { AuditSink } from '../audit/audit-trail.ts';
import type { TagEngine, TagSlot } from '../tags/tag-engine.ts';
import type { TagStore } from '../tags/tag-store.ts';
import type { WriteActor } from '../tags/tag-writer.ts';

export interface RuleDeps {
  engine: TagEngine;
  clock: Clock;
  store: TagStore;
  audit: AuditSink;
  /** The one tag writer (writable flag, type and limits, scaling, audit). */
  write(path: string, value: number | boolean | string, by: WriteActor): Promise<Result<unknown>>;
  /** The role's permissions now (the administrator may change them at run time). */
  permissionsOf(role: string): readonly Permission[];
  /** Whether the project's signature policy asks for an electronic signature to write this tag. */
  needsSignature(path: string): boolean;
  /** The logbook, when the project has one (shifts.json). */
  logbook?: ((entry: { user: string; role: string; line: string; text: string }) => Result<unknown>) | undefined;
}

interface RuleState {
  def: RuleDefinition;
  expr: Expr | undefined;
  inputs: Map<string, TagSlot>;
  enabled: boolean;
  changedBy: string | null;
  changedAt: number | null;
  /** The last known condition (bad inputs leave it as it was: they are not an edge). */
  known: boolean | undefined;
  condition: boolean | null;
  quality: Quality;
  error: string | null;
  pendingUntil: number | null;
  /** Actions of this rule run one firing after another. */
  running: Promise<void>;
  lastRun: RuleRunInfo | null;
}

/**
 * Event rules: each condition is evaluated when a tag it reads changes (the tag engine's sink); a
 * change of its value that matches the rule's edge starts the on-delay, and when the new value has
 * held that long (checked on the tick) the actions run in order, as the rule's role, each through the
 * same checks as a person's action. The first action refused or failed stops the rest; every run is
 * logged in tags.sqlite with its result.
 */
export class RuleEngine implements Disposable {
  private readonly deps: RuleDeps;
  private rules: RuleState[] = [];
  private byInput = new Map<number, RuleState[]>();
  private readonly sink: Disposable;
  private timer: ReturnType<typeof setInterval> | undefined;
  private current: RuleState | undefined;
  private readonly context: ExpressionContext;

  constructor(rules: readonly RuleDefinition[], deps: RuleDeps, options: { tickMs?: number } = {}) {
    this.deps = deps;
    this.context = {
      read: (path) => this.current!.inputs.get(path)?.current as { value: ExprValue; quality: Quality; sourceTime: number } | undefined,
      now: () => deps.clock.now(),
    };
    this.build(rules);
    this.sink = deps.engine.addSink((changed) => this.onChanged(changed));
    if (options.tickMs !== 0) this.timer = setInterval(() => this.tick(), options.tickMs ?? 100);
  }

  /** The rules' definitions as they run now. */
  definitions(): RuleDefinition[] {
    return this.rules.map((r) => r.def);
  }

  /**
   * The rules again after rules.json changed (checked by the caller): a rule whose definition is the
   * same keeps its state (condition, on-delay under way); a changed or new one starts from its
   * condition now, which is not an edge; a removed one stops (its on-delay is dropped).
   */
  replace(rules: readonly RuleDefinition[]): void {
    const before = new Map(this.rules.map((r) => [r.def.id, r]));
    const kept = new Map<string, RuleState>();
    for (const def of rules) {
      const old = before.get(def.id);
      if (old && JSON.stringify(old.def) === JSON.stringify(def)) kept.set(def.id, old);
    }
    this.build(rules, kept);
  }

  private build(rules: readonly RuleDefinition[], kept: ReadonlyMap<string, RuleState> = new Map()): void {
    const saved = this.deps.store.ruleStates();
    this.rules = [];
    this.byInput = new Map();
    for (const def of rules) {
      const same = kept.get(def.id);
      const parsed = same ? undefined : parseExpression(def.when);
      const stored = saved.get(def.id);
      const state: RuleState = same ?? {
        def,
        expr: parsed!.ok ? parsed!.value : undefined,
        inputs: new Map(),
        enabled: stored?.enabled ?? def.enabled,
        changedBy: stored?.by ?? null,
        changedAt: stored?.at ?? null,
        known: undefined,
        condition: null,
        quality: 'BadWaitingForInitialData',
        error: parsed!.ok ? null : parsed!.error.message,
        pendingUntil: null,
        running: Promise.resolve(),
        lastRun: this.deps.store.ruleRuns(def.id, 1)[0] ?? null,
      };
      if (!same) {
        for (const path of state.expr ? referencedTags(state.expr) : []) {
          const slot = this.deps.engine.slot(path);
          if (slot) state.inputs.set(path, slot);
        }
      }
      for (const slot of state.inputs.values()) this.byInput.set(slot.id, [...(this.byInput.get(slot.id) ?? []), state]);
      this.rules.push(state);
      // The state at start is where edges are measured from: a rule does not fire because Lineside started.
      if (!same) this.evaluate(state);
    }
  }

  list(): RuleStatus[] {
    return this.rules.map((r) => this.status(r));
  }

  runs(id: string, limit: number): Result<RuleRunInfo[]> {
    if (!this.rules.some((r) => r.def.id === id)) return fail('not-found', `no rule ${id}`, 'id');
    return ok(this.deps.store.ruleRuns(id, limit));
  }

  /** An engineer switches a rule on or off: kept in tags.sqlite and audited. */
  setEnabled(id: string, enabled: boolean, by: WriteActor): Result<RuleStatus> {
    const rule = this.rules.find((r) => r.def.id === id);
    if (!rule) return fail('not-found', `no rule ${id}`, 'id');
    const at = this.deps.clock.now();
    const saved = this.deps.store.writeRuleState(id, enabled, by.name, at);
    if (!saved.ok) return saved;
    this.deps.audit.record({ user: by.name, role: by.role, station: by.station, action: enabled ? 'rules.enable' : 'rules.disable', target: id, oldValue: rule.enabled, newValue: enabled });
    rule.enabled = enabled;
    rule.changedBy = by.name;
    rule.changedAt = at;
    rule.pendingUntil = null;
    return ok(this.status(rule));
  }

  /** Runs the actions whose on-delay has passed (the timer calls it; tests call it with their clock). */
  tick(): void {
    const now = this.deps.clock.now();
    for (const rule of this.rules) {
      if (rule.pendingUntil !== null && now >= rule.pendingUntil) {
        rule.pendingUntil = null;
        this.fire(rule);
      }
    }
  }

  /** Resolves when every firing under way has finished (shutdown, tests). */
  async idle(): Promise<void> {
    await Promise.all(this.rules.map((r) => r.running));
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sink.dispose();
  }

  private onChanged(changed: readonly TagSlot[]): void {
    const touched = new Set<RuleState>();
    for (const slot of changed) for (const rule of this.byInput.get(slot.id) ?? []) touched.add(rule);
    for (const rule of touched) this.step(rule);
  }

  /** The condition again: an edge that matches starts the on-delay; going back cancels it. */
  private step(rule: RuleState): void {
    const before = rule.known;
    this.evaluate(rule);
    const now = rule.known;
    if (rule.condition === null || now === undefined || before === undefined || now === before) {
      // A condition that cannot be computed is not an edge; it cancels an on-delay under way.
      if (rule.condition === null) rule.pendingUntil = null;
      return;
    }
    const edge = rule.def.edge;
    const matches = edge === 'change' || (edge === 'rising' ? now : !now);
    if (!matches || !rule.enabled) {
      rule.pendingUntil = null;
      return;
    }
    rule.pendingUntil = this.deps.clock.now() + rule.def.onDelayMs;
    if (rule.def.onDelayMs === 0) this.tick();
  }

  private evaluate(rule: RuleState): void {
    if (!rule.expr) return;
    this.current = rule;
    const state: EvaluationState = { quality: 'Good' };
    try {
      const value = evaluateValue(rule.expr, this.context, state);
      rule.quality = state.quality;
      if (severityOf(state.quality) === 'bad' || value === null) {
        rule.condition = null;
        rule.error = null;
      } else if (typeof value !== 'boolean') {
        rule.condition = null;
        rule.error = `the condition gives ${JSON.stringify(value)}, not true or false`;
      } else {
        rule.condition = value;
        rule.known = value;
        rule.error = null;
      }
    } catch (error) {
      if (!(error instanceof ExpressionFailure)) throw error;
      rule.condition = null;
      rule.quality = 'Bad';
      rule.error = error.message;
    } finally {
      this.current = undefined;
    }
  }

  private fire(rule: RuleState): void {
    rule.running = rule.running.then(() => this.runActions(rule));
  }

  private async runActions(rule: RuleState): Promise<void> {
    const actor: WriteActor = { name: `rule:${rule.def.id}`, role: rule.def.runAs, station: 'rules' };
    const done: string[] = [];
    let result: RuleRunInfo['result'] = 'ok';
    let detail = '';
    for (const [i, action] of rule.def.actions.entries()) {
      const outcome = await this.runAction(rule, action, actor);
      if (!outcome.ok) {
        result = outcome.error.code === 'forbidden' || outcome.error.code === 'out-of-range' || outcome.error.code === 'not-writable' || outcome.error.code === 'signature-required' ? 'refused' : 'failed';
        detail = `action ${i + 1} (${describe(action)}): ${outcome.error.message}${done.length ? `; done before: ${done.join('; ')}` : ''}${i + 1 < rule.def.actions.length ? '; the actions after it did not run' : ''}`;
        this.deps.audit.record({ user: actor.name, role: actor.role, station: actor.station, action: 'rules.refused', target: rule.def.id, newValue: describe(action), reason: outcome.error.message });
        break;
      }
      done.push(describe(action));
    }
    if (result === 'ok') detail = done.join('; ');
    const at = this.deps.clock.now();
    rule.lastRun = { seq: (rule.lastRun?.seq ?? 0) + 1, rule: rule.def.id, at, result, detail };
    const logged = this.deps.store.addRuleRun({ rule: rule.def.id, at, result, detail });
    if (logged.ok) rule.lastRun = this.deps.store.ruleRuns(rule.def.id, 1)[0] ?? rule.lastRun;
  }

  private async runAction(rule: RuleState, action: RuleAction, actor: WriteActor): Promise<Result<unknown>> {
    switch (action.kind) {
      case 'write': {
        if (!this.deps.permissionsOf(rule.def.runAs).includes('tags.write')) {
          return fail('forbidden', `rule ${rule.def.id} runs as ${rule.def.runAs}, whose role lacks the permission tags.write`, 'runAs');
        }
        if (this.deps.needsSignature(action.tag)) return fail('signature-required', `writing ${action.tag} needs an electronic signature, which a rule cannot give`, 'tag');
        return this.deps.write(action.tag, action.value, actor);
      }
      case 'logbook': {
        if (!this.deps.logbook) return fail('not-found', 'this project has no logbook (it needs shifts.json)');
        return this.deps.logbook({ user: actor.name, role: actor.role, line: action.line, text: action.text });
      }
    }
  }

  private status(r: RuleState): RuleStatus {
    const d = r.def;
    return {
      id: d.id,
      description: d.description,
      when: d.when,
      edge: d.edge,
      onDelayMs: d.onDelayMs,
      runAs: d.runAs,
      enabled: r.enabled,
      changedBy: r.changedBy,
      changedAt: r.changedAt,
      condition: r.condition,
      quality: r.quality,
      error: r.error,
      pendingUntil: r.pendingUntil,
      actions: d.actions,
      lastRun: r.lastRun,
    };
  }
}

function describe(action: RuleAction): string {
  return action.kind === 'write' ? `write ${JSON.stringify(action.value)} to ${action.tag}` : `logbook "${action.text}"`;
}
