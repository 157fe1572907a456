import type Database from 'better-sqlite3';
import type { Characteristic, DueSample, InspectionResult, SpcChart } from '../../../common/inspection.ts';
import type { LineConfig, ProductRecipe } from '../../../common/mes-config.ts';
import type { StoredWorkOrder } from '../../../common/mes-contract.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { LotBook } from '../lots/lot-book.ts';
import { capabilityOf, overall } from './capability.ts';
import { checkRules, NELSON, RULE_TEXT } from './spc-rules.ts';
import { individualsChart, subgroupChart } from './spc.ts';

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

type Doc = { values: number[]; pass?: boolean; defect?: string; location?: string };

const MINUTE = 60_000;

/**
 * The inspection plan at work: which samples are due on the running orders (at start, every N
 * minutes, every N good units), operators' results stamped with who, when, order and output lot, and
 * the control chart of a characteristic from its results.
 */
export class InspectionService {
  private readonly deps: InspectionDeps;

  constructor(deps: InspectionDeps) {
    this.deps = deps;
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
          ...(last ? { lastAt: last.at } : {}),
        };
        // Overdue: due for longer than a quarter of the interval (at least 2 minutes; 8 minutes' interval assumed without one).
        const grace = Math.max(2 * MINUTE, ((c.every.minutes ?? 8) * MINUTE) / 4);
        if (!last && c.every.atStart) {
          out.push({ ...base, reason: 'start', dueAt: start, due: true, overdue: now - start > grace });
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

  record(input: { order: string; characteristic: string; values: number[]; pass?: boolean; defect?: string; location?: string }, user: { name: string; role: string; station?: string }): Result<InspectionResult> {
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
    }
    const now = this.deps.now();
    const doc: Doc = c.kind === 'variable' ? { values: input.values } : { values: [], pass: input.pass!, ...(input.defect && !input.pass ? { defect: input.defect } : {}), ...(input.location ? { location: input.location } : {}) };
    const id = this.deps.transaction(() => {
      const lot = this.deps.book.current({ key: order.key, id: order.order.id, product: order.order.material.code }, line.config.workCentre, now).id;
      const info = this.deps.db
        .prepare('INSERT INTO inspection_results (order_key, lot, line, product, characteristic, at, user, good_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(order.key, lot, line.config.workCentre, order.order.material.code, c.id, now, user.name, order.progress.good, JSON.stringify(doc));
      this.deps.audit(user, 'quality.record', order.key, { characteristic: c.id, lot, ...doc });
      return Number(info.lastInsertRowid);
    });
    return ok(toResult(this.deps.db.prepare('SELECT * FROM inspection_results WHERE id = ?').get(id) as Row));
  }

  chart(product: string, characteristic: string, limit: number, baseline: number): Result<SpcChart> {
    const c = this.plan(product).find((x) => x.id === characteristic);
    if (!c) return fail('not-found', `product ${product} has no characteristic ${characteristic}`, 'characteristic');
    if (c.kind !== 'variable') return fail('bad-request', `${c.name} is pass/fail: it has no control chart of values`, 'characteristic');
    const rows = (this.deps.db.prepare('SELECT * FROM inspection_results WHERE product = ? AND characteristic = ? ORDER BY at DESC, id DESC LIMIT ?').all(product, characteristic, limit) as Row[])
      .reverse()
      .map(toResult)
      .filter((r) => r.values.length === c.sampleSize);
    const individuals = c.sampleSize === 1;
    if (rows.length < 2) return fail('bad-request', `${c.name} has ${rows.length} sample(s); a chart needs at least 2`, 'characteristic');
    const values = rows.flatMap((r) => r.values);
    const base = { from: 0, to: Math.min(baseline, rows.length) };
    const chart = individuals ? individualsChart(values, base) : subgroupChart(values, c.sampleSize, 'xbar-r', base);
    const points = individuals ? (chart as ReturnType<typeof individualsChart>).values : (chart as ReturnType<typeof subgroupChart>).means;
    const spreads = individuals ? (chart as ReturnType<typeof individualsChart>).movingRanges : (chart as ReturnType<typeof subgroupChart>).spreads;
    const center = individuals ? (chart as ReturnType<typeof individualsChart>).individuals : (chart as ReturnType<typeof subgroupChart>).xbar;
    const spread = individuals ? (chart as ReturnType<typeof individualsChart>).movingRange : (chart as ReturnType<typeof subgroupChart>).spread;
    const sigmaPoint = (center.ucl - center.center) / 3;
    const violations = sigmaPoint > 0 ? checkRules(points, center.center, sigmaPoint, NELSON).map((v) => ({ ...v, text: RULE_TEXT[v.rule] })) : [];
    const all = overall(values);
    const spec = { ...(c.lsl !== undefined ? { lsl: c.lsl } : {}), ...(c.usl !== undefined ? { usl: c.usl } : {}) };
    const capability = spec.lsl !== undefined || spec.usl !== undefined ? capabilityOf({ mean: all.mean, sigmaWithin: chart.sigma, sigmaOverall: all.sd }, spec) : {};
    return ok({
      product,
      characteristic,
      kind: individuals ? 'i-mr' : 'xbar-r',
      points: rows.map((r, i) => ({ at: r.at, order: r.order, ...(r.lot ? { lot: r.lot } : {}), value: points[i]!, spread: Number.isNaN(spreads[i]!) ? null : spreads[i]! })),
      center,
      spread,
      sigma: chart.sigma,
      baseline: chart.baseline,
      violations,
      capability,
      spec: { ...spec, ...(c.nominal !== undefined ? { nominal: c.nominal } : {}) },
    });
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
    ...(doc.defect ? { defect: doc.defect } : {}),
    ...(doc.location ? { location: doc.location } : {}),
  };
}
