import type { Clock } from '../../../common/clock.ts';
import type { DataValue } from '../../../common/data-value.ts';
import type { Disposable } from '../../../common/emitter.ts';
import { severityOf, type Quality } from '../../../common/quality.ts';
import { tagKind } from '../../../common/tag.ts';
import type { DriverChange } from '../../../drivers/api.ts';
import { callsAny, TAG_FUNCTIONS, TIME_FUNCTIONS, type Expr } from '../../../screens/expression/ast.ts';
import { compileExpression, type ClosureEnv, type CompiledExpression } from '../../../screens/expression/closure.ts';
import type { EvaluationState } from '../../../screens/expression/evaluate.ts';
import { ExpressionFailure } from '../../../screens/expression/expression-error.ts';
import type { ExprValue } from '../../../screens/expression/functions.ts';
import { derivedInputs, rankDerived } from './expression-graph.ts';
import type { TagEngine, TagSlot } from './tag-engine.ts';

interface ExprNode {
  slot: TagSlot;
  expr: Expr;
  /** The expression compiled to closures over its input slots. */
  run: CompiledExpression;
  /** Handed to the engine on each evaluation, filled in place (the engine copies what it keeps). */
  change: { handle: number; value: { value: DataValue['value']; quality: Quality; sourceTime: number; serverTime: number } };
  rank: number;
  /** The slots it reads, by the path written in the expression. */
  inputs: Map<string, TagSlot>;
  queued: boolean;
  /** Why the last evaluation failed (division by zero, text where a number belongs...). */
  error: string | undefined;
}

/** What `secondsSince()` and `rate()` need of a tag: when its value last changed, and the value before. */
interface InputHistory {
  value: DataValue['value'];
  sourceTime: number;
  changedAt: number;
  previous: { value: ExprValue; sourceTime: number } | undefined;
}

export interface ExpressionTagStats {
  /** Expressions evaluated since start. */
  evaluations: number;
}

/**
 * Expression tags: each is evaluated when a tag it reads changes (the tag engine's sink), in
 * dependency order (rank by rank, so a chain sees its inputs' new values, each once), and every
 * second when it uses a time function. The result goes into the engine like a device's value, so
 * scaling, range, deadband, history, alarms and subscriptions treat it like any tag. Its quality is
 * the worst of what it read and its source time the oldest; a failed evaluation is Bad, never a number.
 */
export class ExpressionTags implements Disposable {
  readonly stats: ExpressionTagStats = { evaluations: 0 };
  private readonly engine: TagEngine;
  private readonly clock: Clock;
  private nodes: ExprNode[] = [];
  private byPath = new Map<string, ExprNode>();
  /** Indexed by slot id: the expressions reading that tag. */
  private dependents: Array<ExprNode[] | undefined> = [];
  private timed: ExprNode[] = [];
  private histories = new Map<number, InputHistory>();
  private buckets: ExprNode[][] = [];
  private processing = false;
  private readonly sink: Disposable;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly env: ClosureEnv;
  private readonly state: EvaluationState = { quality: 'Good', sourceTime: undefined };
  private readonly scratch: DriverChange[] = [];

  constructor(engine: TagEngine, clock: Clock, options: { timerMs?: number } = {}) {
    this.engine = engine;
    this.clock = clock;
    // Tag reads are resolved to slots when an expression is compiled (at build); a slot keeps its id across edits.
    this.env = {
      source: (path) => this.engine.slot(path),
      info: (path) => {
        const def = this.engine.slot(path)?.def;
        return def && { units: def.units, decimals: def.decimals };
      },
      now: () => clock.now(),
      changedAt: (path) => {
        const slot = this.engine.slot(path);
        return slot && this.histories.get(slot.id)?.changedAt;
      },
      previous: (path) => {
        const slot = this.engine.slot(path);
        return slot && this.histories.get(slot.id)?.previous;
      },
    };
    this.build();
    this.sink = engine.addSink((changed) => this.onChanged(changed));
    this.evaluateAll();
    if (options.timerMs !== 0) this.timer = setInterval(() => this.tick(), options.timerMs ?? 1000);
  }

  get count(): number {
    return this.nodes.length;
  }

  /** Why an expression tag's last evaluation failed, if it did. */
  errorOf(path: string): string | undefined {
    return this.byPath.get(path)?.error;
  }

  /** After a configuration change: the expression tags and their inputs again, each evaluated once. */
  reload(): void {
    this.build();
    this.evaluateAll();
  }

  /** Re-evaluates the expressions that use time functions (the timer calls it every second). */
  tick(): void {
    for (const node of this.timed) this.queue(node);
    this.process();
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sink.dispose();
  }

  private build(): void {
    const slots = this.engine.all().filter((s) => tagKind(s.def) === 'expression');
    const parsed = slots.map((slot) => ({ slot, ...derivedInputs(slot.def) }));
    // The loader refused cycles and unknown tags; an edit that slipped past would show here as Bad, not hang.
    const ranked = rankDerived(parsed.map((p) => ({ path: p.slot.def.path, inputs: p.inputs })));
    const rank = ranked.ok ? ranked.rank : new Map<string, number>();
    this.nodes = [];
    this.byPath = new Map();
    this.dependents = [];
    this.timed = [];
    const tracked = new Set<number>();
    for (const p of parsed) {
      const expr: Expr = p.expr ?? { kind: 'literal', value: null, start: 0, end: 0 };
      const node: ExprNode = {
        slot: p.slot,
        expr,
        run: compileExpression(expr, this.env),
        change: { handle: p.slot.id, value: { value: null, quality: 'Bad', sourceTime: 0, serverTime: 0 } },
        rank: rank.get(p.slot.def.path) ?? 0,
        inputs: new Map(),
        queued: false,
        error: p.error ?? (ranked.ok ? undefined : `in a cycle: ${ranked.cycle.join(' → ')}`),
      };
      if (node.error === undefined) {
        for (const path of p.inputs) {
          const input = this.engine.slot(path);
          if (!input) {
            node.error = `no tag ${path}`;
            continue;
          }
          node.inputs.set(path, input);
          (this.dependents[input.id] ??= []).push(node);
        }
        if (callsAny(node.expr, TIME_FUNCTIONS)) this.timed.push(node);
        if (callsAny(node.expr, TAG_FUNCTIONS)) for (const input of node.inputs.values()) tracked.add(input.id);
      }
      this.nodes.push(node);
      this.byPath.set(p.slot.def.path, node);
    }
    const histories = new Map<number, InputHistory>();
    for (const id of tracked) {
      const slot = this.engine.slotById(id)!;
      histories.set(id, this.histories.get(id) ?? { value: slot.current.value, sourceTime: slot.current.sourceTime, changedAt: slot.current.sourceTime, previous: undefined });
    }
    this.histories = histories;
    this.buckets = [];
  }

  private evaluateAll(): void {
    for (const node of this.nodes) this.queue(node);
    this.process();
  }

  private onChanged(changed: readonly TagSlot[]): void {
    const dependents = this.dependents;
    for (let i = 0; i < changed.length; i++) {
      const slot = changed[i]!;
      const nodes = dependents[slot.id];
      if (nodes === undefined) continue;
      if (this.histories.size > 0) this.remember(slot);
      for (let j = 0; j < nodes.length; j++) this.queue(nodes[j]!);
    }
    if (!this.processing) this.process();
  }

  private remember(slot: TagSlot): void {
    const h = this.histories.get(slot.id);
    if (!h) return;
    const now = slot.current;
    if (Object.is(now.value, h.value)) return;
    const before = h.value;
    h.previous = typeof before === 'number' || typeof before === 'string' || typeof before === 'boolean' ? { value: before, sourceTime: h.sourceTime } : undefined;
    h.value = now.value;
    h.sourceTime = now.sourceTime;
    h.changedAt = now.sourceTime;
  }

  private queue(node: ExprNode): void {
    if (node.queued) return;
    node.queued = true;
    (this.buckets[node.rank] ??= []).push(node);
  }

  /** Rank by rank: the results of one rank go into the engine together, which queues the next ranks. */
  private process(): void {
    this.processing = true;
    const changes = this.scratch;
    try {
      const now = this.clock.now();
      for (let rank = 0; rank < this.buckets.length; rank++) {
        const bucket = this.buckets[rank];
        if (bucket === undefined || bucket.length === 0) continue;
        this.buckets[rank] = [];
        changes.length = bucket.length;
        for (let i = 0; i < bucket.length; i++) {
          const node = bucket[i]!;
          node.queued = false;
          this.evaluate(node, now);
          changes[i] = node.change;
        }
        this.engine.ingest(changes);
      }
    } finally {
      changes.length = 0;
      this.processing = false;
    }
  }

  /** Fills the node's change in place: the engine copies the value into a DataValue of its own. */
  private evaluate(node: ExprNode, now: number): void {
    this.stats.evaluations++;
    const out = node.change.value;
    out.serverTime = now;
    if (node.error !== undefined && node.inputs.size === 0) {
      out.value = null;
      out.quality = 'BadConfigurationError';
      out.sourceTime = now;
      return;
    }
    const state = this.state;
    state.quality = 'Good';
    state.sourceTime = undefined;
    let value: ExprValue;
    try {
      value = node.run(state);
      node.error = undefined;
    } catch (error) {
      if (!(error instanceof ExpressionFailure)) throw error;
      node.error = error.message;
      out.value = null;
      out.quality = 'Bad';
      out.sourceTime = state.sourceTime ?? now;
      return;
    }
    let quality: Quality = state.quality;
    // No value is never a good value; a bad result carries no number (the engine keeps the last one for context).
    if (value === null && severityOf(quality) === 'good') quality = 'Bad';
    if (severityOf(quality) === 'bad') value = null;
    out.value = value;
    out.quality = quality;
    out.sourceTime = state.sourceTime ?? now;
  }
}
