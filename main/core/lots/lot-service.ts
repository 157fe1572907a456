import type Database from 'better-sqlite3';
import type { LineConfig } from '../../../common/mes-config.ts';
import type { StoredWorkOrder } from '../../../common/mes-contract.ts';
import type { LineInput, Lot, RecallRow, Trace, TraceDirection } from '../../../common/lots.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { Genealogy } from './genealogy.ts';
import type { LotBook } from './lot-book.ts';

export interface LotServiceDeps {
  db: Database.Database;
  book: LotBook;
  /** The lines and the order on each (running or held). */
  lines(): ReadonlyArray<{ config: LineConfig; current(): StoredWorkOrder | undefined }>;
  /** Runs `fn` in the MES store's durable transaction. */
  transaction<T>(fn: () => T): T;
  audit(user: { name: string; role: string; station?: string }, action: string, target: string, detail: unknown): void;
  now(): number;
}

/** The lot calls (`lots.*`): lists, traces, recall lists and the lots in use at the lines. */
export class LotService {
  private readonly deps: LotServiceDeps;
  readonly genealogy: Genealogy;

  constructor(deps: LotServiceDeps) {
    this.deps = deps;
    this.genealogy = new Genealogy(deps.db);
  }

  list(prefix: string, material: string | undefined, limit: number): Lot[] {
    const where = ['id >= ?', 'id < ?'];
    const args: unknown[] = [prefix, `${prefix}\uffff`];
    if (material !== undefined) {
      where.push('material = ?');
      args.push(material);
    }
    const ids = (this.deps.db.prepare(`SELECT id FROM lots WHERE ${where.join(' AND ')} ORDER BY opened_at DESC, id DESC LIMIT ?`).all(...args, limit) as Array<{ id: string }>).map((r) => r.id);
    return this.genealogy.lots(ids);
  }

  trace(lot: string, direction: TraceDirection, maxDepth: number): Result<Trace> {
    if (!this.known(lot)) return fail('not-found', `no lot ${lot}: it was never made, set at a line or consumed here`, 'lot');
    return ok(this.genealogy.trace(lot, direction, maxDepth));
  }

  /** Every output lot the lot reached, nearest first: what a recall has to find. */
  recall(lot: string): Result<{ lot: string; rows: RecallRow[]; truncated: boolean }> {
    const traced = this.trace(lot, 'forward', 50);
    if (!traced.ok) return traced;
    const rows = traced.value.lots
      .filter((l) => l.depth > 0 && l.kind === 'output')
      .sort((a, b) => a.depth - b.depth || a.openedAt - b.openedAt || a.id.localeCompare(b.id))
      .map((l): RecallRow => ({
        lot: l.id,
        material: l.material,
        depth: l.depth,
        ...(l.order !== undefined ? { order: l.order } : {}),
        ...(l.line !== undefined ? { line: l.line } : {}),
        ...(l.shift !== undefined ? { shift: l.shift } : {}),
        openedAt: l.openedAt,
        ...(l.closedAt !== undefined ? { closedAt: l.closedAt } : {}),
        ...(l.produced !== undefined ? { produced: l.produced } : {}),
        confirmed: l.confirmations.some((c) => c.state === 'delivered'),
      }));
    return ok({ lot, rows, truncated: traced.value.truncated });
  }

  lineInputs(line: string | undefined): LineInput[] {
    return this.deps
      .lines()
      .filter((l) => line === undefined || l.config.workCentre === line)
      .flatMap((l) => this.deps.book.inputs(l.config, l.current()?.order.bom.map((b) => b.material.code) ?? []));
  }

  setLineInput(line: string, material: string, lot: string | undefined, user: { name: string; role: string; station?: string }): Result<LineInput> {
    const tracker = this.deps.lines().find((l) => l.config.workCentre === line);
    if (!tracker) return fail('not-found', `no line ${line} in mes.json`, 'line');
    const done = this.deps.transaction(() => {
      const set = this.deps.book.setInUse(line, material, lot, user.name, this.deps.now());
      if (set.ok) this.deps.audit(user, lot === undefined ? 'lots.lineInput.clear' : 'lots.lineInput.set', `${line}/${material}`, { ...(lot ? { lot } : {}), order: tracker.current()?.key ?? null });
      return set;
    });
    if (!done.ok) return done;
    const input = this.deps.book.inputs(tracker.config, tracker.current()?.order.bom.map((b) => b.material.code) ?? []).find((i) => i.material === material);
    return ok(input ?? { line, material, needed: false });
  }

  /** Puts a lot on hold (reason) or releases it (no reason), audited as `lots.hold` / `lots.release`. */
  setHold(lot: string, reason: string | undefined, user: { name: string; role: string; station?: string }): Result<{ lot: string; hold?: { reason: string; by: string; at: number } }> {
    if (!this.known(lot)) return fail('not-found', `no lot ${lot}: it was never made, set at a line or consumed here`, 'lot');
    const was = this.deps.book.held(lot);
    if (reason === undefined && !was) return fail('bad-request', `lot ${lot} is not on hold`, 'lot');
    this.deps.transaction(() => {
      this.deps.book.setHold(lot, reason, user.name, this.deps.now());
      this.deps.audit(user, reason === undefined ? 'lots.release' : 'lots.hold', lot, { ...(reason !== undefined ? { reason } : {}), ...(was ? { was: was.reason } : {}) });
    });
    const hold = this.deps.book.held(lot);
    return ok({ lot, ...(hold ? { hold } : {}) });
  }

  private known(lot: string): boolean {
    return this.deps.db.prepare('SELECT 1 FROM lots WHERE id = ? UNION ALL SELECT 1 FROM lot_links WHERE parent = ? OR child = ? LIMIT 1').get(lot, lot, lot) !== undefined;
  }
}
