import type Database from 'better-sqlite3';
import type { Characteristic, DueSample, InspectionResult, SpcChart, SpcChartKind } from '../../../common/inspection.ts';
import type { LineConfig, ProductRecipe } from '../../../common/mes-config.ts';
import { Emitter, type Disposable } from '../../../common/emitter.ts';
import type { StoredWorkOrder } from '../../../common/mes-contract.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { LotBook } from '../lots/lot-book.ts';
import { buildChart, defaultChart, type ChartSample } from './spc-chart.ts';

export interface InspectionDeps {
  db: Database.Database;
  book: LotBook;
  lines(): ReadonlyArray<{ config: LineConfig; current(): StoredWorkOrder | undefined }>;
  products(): readonly ProductRecipe[];
  transaction<T>(fn: () => T): T;
  audit(user: { name: string; role: string; station?: string }, action: string, target: string, detail: unknown): void;
  now(): number;
}

interface Row {
  id: number;
  order_key: string;
  lot: string | null;
  line: string;
  product: string;
  characteristic: string;
  at: number;
  user: string;
  good_at: number;
  doc: string;
}

type Doc = { values: number[]; pass?: boolean; count?: number; defect?: string; location?: string };

const MINUTE = 60_000;

/**
 * The inspection plan at work: which samples are due on the running orders (at start, every N
 * minutes, every N good units), operators' results stamped with who, when, order and output lot, and
 * the control chart of a characteristic from its results.
 */
export class InspectionService {
  private readonly deps: InspectionDeps;
  private readonly recorded = new Emitter<InspectionResult>();
  /** Each result stored (after its transaction committed). */
  readonly onDidRecord: (listener: (result: InspectionResult) => void) => Disposable = this.recorded.event;

  constructor(deps: InspectionDeps) {
    this.deps = deps;
  }

  /** Whether the line made another product before this order (its last output lot before the order's first): a changeover. The first order a line makes counts as one. */
  private changedOver(line: string, order: StoredWorkOrder): boolean {
    const first = this.deps.db.prepare("SELECT MIN(opened_at) AS at FROM lots WHERE order_key = ? AND kind = 'output'").get(order.key) as { at: number | null };
    const before = this.deps.db.prepare("SELECT material FROM lots WHERE line = ? AND kind = 'output' AND order_key != ? AND opened_at <= ? ORDER BY opened_at DESC, rowid DESC LIMIT 1").get(line, order.key, first.at ?? this.deps.now()) as
      { material: string } | undefined;
    return before === undefined || before.material !== order.order.material.code;
  }

  /** The newest result of a characteristic taken on a line. */
  latest(line: string, characteristic: string): InspectionResult | undefined {
    const row = this.deps.db.prepare('SELECT * FROM inspection_results WHERE line = ? AND characteristic = ? ORDER BY at DESC, id DESC LIMIT 1').get(line, characteristic) as Row | undefined;
    return row ? toResult(row) : undefined;
  }

  private plan(product: string): readonly Characteristic[] {
    return this.deps.products().find((p) => p.material === product)?.inspection ?? [];
  }

  due(line: string | undefined): DueSample[] {
    const now = this.deps.now();
    const out: DueSample[] = [];
    for (const l of this.deps.lines()) {
      if (line !== undefined && l.config.workCentre !== line) continue;
      const order = l.current();
      if (!order || order.status !== 'Running') continue;
      const start = order.progress.actualStart ? Date.parse(order.progress.actualStart) : now;
      const lot = this.deps.db.prepare("SELECT id FROM lots WHERE order_key = ? AND kind = 'output' AND closed_at IS NULL ORDER BY opened_at DESC LIMIT 1").get(order.key) as { id: string } | undefined;
      for (const c of this.plan(order.order.material.code)) {
        const last = this.deps.db.prepare('SELECT at, good_at FROM inspection_results WHERE order_key = ? AND characteristic = ? ORDER BY at DESC, id DESC LIMIT 1').get(order.key, c.id) as { at: number; good_at: number } | undefined;
        const base = {
          line: l.config.workCentre,
          order: order.key,
          ...(lot ? { lot: lot.id } : {}),
          characteristic: c.id,
          name: c.name,
          kind: c.kind,
          ...(c.unit ? { unit: c.unit } : {}),
          sampleSize: c.sampleSize,
          ...(c.tag ? { tag: c.tag.replaceAll('{line}', l.config.workCentre) } : {}),
          ...(last ? { lastAt: last.at } : {}),
        };
        // Overdue: due for longer than a quarter of the interval (at least 2 minutes; 8 minutes' interval assumed without one).
        const grace = Math.max(2 * MINUTE, ((c.every.minutes ?? 8) * MINUTE) / 4);
        if (!last && c.every.atStart) {
          out.push({ ...base, reason: 'start', dueAt: start, due: true, overdue: now - start > grace });
          continue;
        }
        if (!last && c.every.afterChangeover && this.changedOver(l.config.workCentre, order)) {
          out.push({ ...base, reason: 'changeover', dueAt: start, due: true, overdue: now - start > grace });
          continue;
        }
        const from = last?.at ?? start;
        const dueAt = c.every.minutes !== undefined ? from + c.every.minutes * MINUTE : undefined;
        const dueAtGood = c.every.units !== undefined ? (last?.good_at ?? 0) + c.every.units : undefined;
        const byTime = dueAt !== undefined && now >= dueAt;
        const byUnits = dueAtGood !== undefined && order.progress.good >= dueAtGood;
        const reason = byTime ? 'minutes' : byUnits ? 'units' : dueAt !== undefined ? 'minutes' : dueAtGood !== undefined ? 'units' : undefined;
        const lateByUnits = byUnits && order.progress.good - dueAtGood! >= Math.max(1, c.every.units! / 4);
        out.push({
          ...base,
          ...(reason ? { reason } : {}),
          ...(dueAt !== undefined ? { dueAt } : {}),
          ...(dueAtGood !== undefined ? { dueAtGood } : {}),
          due: byTime || byUnits,
          overdue: (byTime && now - dueAt! > grace) || lateByUnits,
        });
      }
    }
    return out.sort((a, b) => Number(b.overdue) - Number(a.overdue) || Number(b.due) - Number(a.due) || (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity));
  }

  record(input: { order: string; characteristic: string; values: number[]; pass?: boolean; count?: number; defect?: string; location?: string }, user: { name: string; role: string; station?: string }): Result<InspectionResult> {
    const line = this.deps.lines().find((l) => l.current()?.key === input.order);
    const order = line?.current();
    if (!line || !order) return fail('bad-request', `work order ${input.order} is not on a line; results are recorded for a Running or Held order`, 'order');
    const c = this.plan(order.order.material.code).find((x) => x.id === input.characteristic);
    if (!c) return fail('bad-request', `product ${order.order.material.code} has no characteristic ${input.characteristic} in its inspection plan (mes.json products[].inspection)`, 'characteristic');
    if (c.kind === 'variable') {
      if (input.values.length !== c.sampleSize) return fail('bad-request', `${c.name} takes ${c.sampleSize} value(s) a sample, not ${input.values.length}`, 'values');
      const bad = input.values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) return fail('bad-request', `value ${bad + 1} of ${c.name} is not a number`, `values.${bad}`);
    } else {
      if (input.pass === undefined) return fail('bad-request', `${c.name} is pass or fail: say which`, 'pass');
      if (!input.pass && (!input.defect || !c.defectCodes.includes(input.defect))) return fail('bad-request', `a failed ${c.name} needs a defect code (${c.defectCodes.join(', ')})`, 'defect');
      if (input.count !== undefined && input.pass) return fail('bad-request', `a passed ${c.name} has no failed units to count`, 'count');
      if (input.count !== undefined && input.count > c.sampleSize) return fail('bad-request', `${c.name} inspects ${c.sampleSize} unit(s) a sample, so at most ${c.sampleSize} can fail, not ${input.count}`, 'count');
    }
    const now = this.deps.now();
    const doc: Doc =
      c.kind === 'variable'
        ? { values: input.values }
        : { values: [], pass: input.pass!, ...(input.pass ? { count: 0 } : { count: input.count ?? 1 }), ...(input.defect && !input.pass ? { defect: input.defect } : {}), ...(input.location ? { location: input.location } : {}) };
    const id = this.deps.transaction(() => {
      const lot = this.deps.book.current({ key: order.key, id: order.order.id, product: order.order.material.code }, line.config.workCentre, now).id;
      const info = this.deps.db
        .prepare('INSERT INTO inspection_results (order_key, lot, line, product, characteristic, at, user, good_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(order.key, lot, line.config.workCentre, order.order.material.code, c.id, now, user.name, order.progress.good, JSON.stringify(doc));
      this.deps.audit(user, 'quality.record', order.key, { characteristic: c.id, lot, ...doc });
      return Number(info.lastInsertRowid);
    });
    const result = toResult(this.deps.db.prepare('SELECT * FROM inspection_results WHERE id = ?').get(id) as Row);
    this.recorded.fire(result);
    return ok(result);
  }

  /** The control chart of a characteristic's last `limit` samples, limits from the first `baseline` of them or from those taken in [baselineFrom, baselineTo]. */
  chart(q: { product: string; characteristic: string; limit: number; baseline: number; baselineFrom?: number; baselineTo?: number; chart?: SpcChartKind }): Result<SpcChart> {
    const c = this.plan(q.product).find((x) => x.id === q.characteristic);
    if (!c) return fail('not-found', `product ${q.product} has no characteristic ${q.characteristic}`, 'characteristic');
    const rows = (
      this.deps.db
        .prepare('SELECT r.*, l.shift AS shift FROM inspection_results r LEFT JOIN lots l ON l.id = r.lot WHERE r.product = ? AND r.characteristic = ? ORDER BY r.at DESC, r.id DESC LIMIT ?')
        .all(q.product, q.characteristic, q.limit) as Array<Row & { shift: string | null }>
    )
      .reverse()
      .map((r): ChartSample => ({ ...toResult(r), ...(r.shift ? { shift: r.shift } : {}) }));
    let baseline = { from: 0, to: q.baseline };
    if (q.baselineFrom !== undefined || q.baselineTo !== undefined) {
      const inside = (at: number) => at >= (q.baselineFrom ?? -Infinity) && at <= (q.baselineTo ?? Infinity);
      const first = rows.findIndex((r) => inside(r.at));
      const last = rows.findLastIndex((r) => inside(r.at));
      if (first < 0) return fail('bad-request', `no sample of ${c.name} was taken in the baseline's time window`, 'baselineFrom');
      baseline = { from: first, to: last + 1 };
    }
    return buildChart(q.product, c, rows, q.chart ?? defaultChart(c), baseline);
  }

  /** Every characteristic of every product's plan, with its product. */
  plans(): Array<{ product: string; characteristic: Characteristic }> {
    return this.deps.products().flatMap((p) => (p.inspection ?? []).map((characteristic) => ({ product: p.material, characteristic })));
  }

  /** Every characteristic of every product's plan. */
  characteristics(): Array<{ product: string; characteristic: string; name: string; kind: 'variable' | 'attribute'; sampleSize: number; unit?: string }> {
    return this.deps.products().flatMap((p) => (p.inspection ?? []).map((c) => ({ product: p.material, characteristic: c.id, name: c.name, kind: c.kind, sampleSize: c.sampleSize, ...(c.unit ? { unit: c.unit } : {}) })));
  }
}

function toResult(r: Row): InspectionResult {
  const doc = JSON.parse(r.doc) as Doc;
  return {
    id: r.id,
    order: r.order_key,
    ...(r.lot !== null ? { lot: r.lot } : {}),
    line: r.line,
    product: r.product,
    characteristic: r.characteristic,
    at: r.at,
    user: r.user,
    values: doc.values,
    ...(doc.pass !== undefined ? { pass: doc.pass } : {}),
    ...(doc.count !== undefined ? { count: doc.count } : {}),
    ...(doc.defect ? { defect: doc.defect } : {}),
    ...(doc.location ? { location: doc.location } : {}),
  };
}
