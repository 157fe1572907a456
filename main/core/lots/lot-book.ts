import type Database from 'better-sqlite3';
import type { LineConfig, ProductRecipe } from '../../../common/mes-config.ts';
import type { LineInput, LotRule } from '../../../common/lots.ts';
import { LotRuleSchema } from '../../../common/lots.ts';
import type { MaterialConsumption } from '../../../common/mes.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { severityOf } from '../../../common/quality.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import { formatLotNumber, sequenceScope } from './lot-numbering.ts';

export interface LotBookOptions {
  db: Database.Database;
  engine: TagEngine;
  timeZone: string;
  /** mes.json products: each one's lot rule. */
  products(): readonly ProductRecipe[];
  /** The shift running at an instant (its name), when the project has a shift calendar. */
  shiftAt?: (at: number) => string | undefined;
}

interface OpenLot {
  id: string;
  shift: string | null;
  produced: number;
}

/** The output lot an order on a line is making, and where its number comes from. */
export interface OrderRef {
  key: string;
  id: string;
  product: string;
}

const DEFAULT_RULE: LotRule = LotRuleSchema.parse({});

/**
 * The lots of the lines: output lots opened, filled and closed as orders run; the input lot in use
 * per line and material; and the links each consumption makes from an input lot to output lots.
 * Every method writes inside the caller's transaction (the MES store's), so a consumption and its
 * link, or a confirmation and the lots it carries, commit together.
 */
export class LotBook {
  private readonly o: LotBookOptions;
  private readonly db: Database.Database;

  constructor(options: LotBookOptions) {
    this.o = options;
    this.db = options.db;
  }

  rule(product: string): LotRule {
    return this.o.products().find((p) => p.material === product)?.lots ?? DEFAULT_RULE;
  }

  /** The order's open output lot, opening one when it has none (at start, or an order from before lots). */
  current(order: OrderRef, line: string, at: number): OpenLot {
    const open = this.db.prepare("SELECT id, shift, produced FROM lots WHERE order_key = ? AND kind = 'output' AND closed_at IS NULL ORDER BY opened_at DESC LIMIT 1").get(order.key) as OpenLot | undefined;
    return open ?? this.open(order, line, at);
  }

  /** Opens the next output lot of an order: numbered by its product's rule, never reusing an id. */
  open(order: OrderRef, line: string, at: number): OpenLot {
    const rule = this.rule(order.product);
    const shift = this.o.shiftAt?.(at);
    const scope = sequenceScope(line, order.product, at, this.o.timeZone);
    const last = (this.db.prepare('SELECT seq FROM lot_sequences WHERE scope = ?').get(scope) as { seq: number } | undefined)?.seq ?? 0;
    let seq = last;
    let id = '';
    // A pattern without the date (or an id set by hand earlier) can meet an existing lot: take the next number.
    for (let guard = 0; guard < 10_000; guard++) {
      seq++;
      id = formatLotNumber({ pattern: rule.pattern, line, order: order.id, product: order.product, at, timeZone: this.o.timeZone, ...(shift ? { shift } : {}), seq });
      if (!this.db.prepare('SELECT 1 FROM lots WHERE id = ?').get(id)) break;
    }
    this.db.prepare('INSERT INTO lot_sequences (scope, seq) VALUES (?, ?) ON CONFLICT (scope) DO UPDATE SET seq = excluded.seq').run(scope, seq);
    this.db.prepare("INSERT INTO lots (id, material, kind, order_key, line, shift, opened_at, produced) VALUES (?, ?, 'output', ?, ?, ?, ?, 0)").run(id, order.product, order.key, line, shift ?? null, at);
    return { id, shift: shift ?? null, produced: 0 };
  }

  /**
   * Good units counted on a running order go into its open lot; a new lot starts when the rule says
   * (`count`: the lot is full, the rest goes on in the next; `shift`: the shift changed).
   */
  counted(order: OrderRef, line: string, good: number, at: number): string[] {
    const rule = this.rule(order.product);
    const opened: string[] = [];
    let lot = this.current(order, line, at);
    if (rule.newLot === 'shift' && this.o.shiftAt && (this.o.shiftAt(at) ?? null) !== lot.shift) {
      lot = this.roll(order, line, lot, at);
      opened.push(lot.id);
    }
    let left = good;
    for (let guard = 0; left > 0 && guard < 10_000; guard++) {
      const room = rule.newLot === 'count' && rule.everyUnits ? rule.everyUnits - lot.produced : Infinity;
      if (room <= 0) {
        lot = this.roll(order, line, lot, at);
        opened.push(lot.id);
        continue;
      }
      const put = Math.min(room, left);
      this.db.prepare('UPDATE lots SET produced = produced + ? WHERE id = ?').run(put, lot.id);
      lot = { ...lot, produced: lot.produced + put };
      left -= put;
    }
    return opened;
  }

  private roll(order: OrderRef, line: string, lot: OpenLot, at: number): OpenLot {
    this.db.prepare('UPDATE lots SET closed_at = ? WHERE id = ?').run(at, lot.id);
    return this.open(order, line, at);
  }

  /** The output lots a confirmation of [from, to] carries: every lot of the order open in that time (at least the open one). */
  forCompletion(order: OrderRef, line: string, from: number, to: number): string[] {
    this.current(order, line, to);
    const rows = this.db.prepare("SELECT id FROM lots WHERE order_key = ? AND kind = 'output' AND opened_at <= ? AND (closed_at IS NULL OR closed_at >= ?) ORDER BY opened_at, rowid").all(order.key, to, from) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  carried(lots: readonly string[], completion: string, orderKey: string): void {
    const put = this.db.prepare('INSERT OR IGNORE INTO lot_completions (lot, completion, order_key) VALUES (?, ?, ?)');
    for (const lot of lots) put.run(lot, completion, orderKey);
  }

  /** The order is done (final confirmation, cancel): its open lot closes. */
  close(orderKey: string, at: number): void {
    this.db.prepare("UPDATE lots SET closed_at = ? WHERE order_key = ? AND kind = 'output' AND closed_at IS NULL").run(at, orderKey);
  }

  /** The lot in use for a material at a line: its lot tag while Good, else what an operator set. */
  inUse(line: LineConfig, material: string): { lot: string; source: 'operator' | 'tag'; setBy?: string; setAt?: number } | undefined {
    const tag = line.lotTags.find((t) => t.material === material);
    const v = tag && this.o.engine.slot(tag.tag)?.current;
    if (v && severityOf(v.quality) === 'good' && typeof v.value === 'string' && v.value.trim() !== '') return { lot: v.value.trim(), source: 'tag', setAt: v.sourceTime };
    const row = this.db.prepare('SELECT lot, set_by, set_at FROM line_inputs WHERE line = ? AND material = ?').get(line.workCentre, material) as { lot: string; set_by: string; set_at: number } | undefined;
    return row ? { lot: row.lot, source: 'operator', setBy: row.set_by, setAt: row.set_at } : undefined;
  }

  /** Why a lot is on hold, if it is. */
  held(lot: string): { reason: string; by: string; at: number } | undefined {
    const row = this.db.prepare('SELECT reason, held_by, held_at FROM lot_holds WHERE lot = ?').get(lot) as { reason: string; held_by: string; held_at: number } | undefined;
    return row && { reason: row.reason, by: row.held_by, at: row.held_at };
  }

  /** Puts a lot on hold (refused: consumed, confirmed as good) or releases it (`reason` undefined). */
  setHold(lot: string, reason: string | undefined, by: string, at: number): void {
    if (reason === undefined) this.db.prepare('DELETE FROM lot_holds WHERE lot = ?').run(lot);
    else this.db.prepare('INSERT INTO lot_holds (lot, reason, held_by, held_at) VALUES (?, ?, ?, ?) ON CONFLICT (lot) DO UPDATE SET reason = excluded.reason, held_by = excluded.held_by, held_at = excluded.held_at').run(lot, reason, by, at);
  }

  /**
   * Why a confirmation of the order cannot be made now, if so: an output lot it would carry is on
   * hold (it cannot be confirmed as good), or a lot in use for a material it backflushes is.
   */
  confirmRefusal(orderKey: string, line: LineConfig, from: number, to: number, materials: readonly string[]): string | undefined {
    const output = this.db
      .prepare("SELECT h.lot AS lot, h.reason AS reason FROM lot_holds h JOIN lots l ON l.id = h.lot WHERE l.order_key = ? AND l.kind = 'output' AND l.opened_at <= ? AND (l.closed_at IS NULL OR l.closed_at >= ?) LIMIT 1")
      .get(orderKey, to, from) as { lot: string; reason: string } | undefined;
    if (output) return `lot ${output.lot} is on hold (${output.reason}): it cannot be confirmed as good until it is released`;
    for (const material of materials) {
      const use = this.inUse(line, material);
      const hold = use && this.held(use.lot);
      if (use && hold) return `lot ${use.lot} of ${material} in use at ${line.workCentre} is on hold (${hold.reason}): it cannot be consumed; set another lot or release it`;
    }
    return undefined;
  }

  /** An input lot as named by a person or a tag: known as a lot of that material (refused if it is another's, or on hold). */
  register(lot: string, material: string, at: number): Result<void> {
    const hold = this.held(lot);
    if (hold) return fail('bad-request', `lot ${lot} is on hold (${hold.reason}): it cannot be consumed until it is released`, 'lot');
    const known = this.db.prepare('SELECT material FROM lots WHERE id = ?').get(lot) as { material: string } | undefined;
    if (known && known.material !== material) return fail('bad-request', `lot ${lot} is a lot of ${known.material}, not of ${material}`, 'lot');
    if (!known) this.db.prepare("INSERT INTO lots (id, material, kind, opened_at) VALUES (?, ?, 'input', ?)").run(lot, material, at);
    return ok(undefined);
  }

  /** Sets (or clears, lot undefined) the lot an operator scanned for a material at a line. */
  setInUse(line: string, material: string, lot: string | undefined, by: string, at: number): Result<void> {
    if (lot === undefined) {
      this.db.prepare('DELETE FROM line_inputs WHERE line = ? AND material = ?').run(line, material);
      return ok(undefined);
    }
    const known = this.register(lot, material, at);
    if (!known.ok) return known;
    this.db
      .prepare('INSERT INTO line_inputs (line, material, lot, set_by, set_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (line, material) DO UPDATE SET lot = excluded.lot, set_by = excluded.set_by, set_at = excluded.set_at')
      .run(line, material, lot, by, at);
    return ok(undefined);
  }

  /** A line's materials: those of the running order's BOM, and any with a lot set or a lot tag. */
  inputs(line: LineConfig, bom: readonly string[]): LineInput[] {
    const set = (this.db.prepare('SELECT material FROM line_inputs WHERE line = ?').all(line.workCentre) as Array<{ material: string }>).map((r) => r.material);
    const materials = [...new Set([...bom, ...set, ...line.lotTags.map((t) => t.material)])];
    return materials.map((material) => {
      const use = this.inUse(line, material);
      return {
        line: line.workCentre,
        material,
        needed: bom.includes(material),
        ...(use ? { lot: use.lot, source: use.source, ...(use.setBy ? { setBy: use.setBy } : {}), ...(use.setAt !== undefined ? { setAt: use.setAt } : {}) } : {}),
      };
    });
  }

  /** The genealogy of one consumption: its lot went into each of `children`. */
  link(orderKey: string, c: MaterialConsumption, children: readonly string[], at: number): void {
    if (!c.lot) return;
    const put = this.db.prepare('INSERT INTO lot_links (parent, child, order_key, consumption, material, quantity, unit, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    // Split evenly over the lots of the confirmation: which unit used which gram is not known.
    const share = children.length > 0 ? Math.round((c.quantity.value / children.length) * 1e6) / 1e6 : 0;
    for (const child of children) put.run(c.lot, child, orderKey, c.id, c.material.code, share, c.quantity.unit, at);
  }

  /** A reversed consumption keeps its links, marked: a recall still finds where the lot may have gone. */
  reversed(consumption: string): void {
    this.db.prepare('UPDATE lot_links SET reversed = 1 WHERE consumption = ?').run(consumption);
  }
}
