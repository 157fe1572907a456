import type Database from 'better-sqlite3';
import type { Lot, LotLink, Trace, TraceDirection } from '../../../common/lots.ts';

/** Bounds of one trace: a recall of a bulk material can reach far; the answer says when it stopped. */
export const TRACE_LIMITS = { maxLots: 20_000, chunk: 500 } as const;

interface LinkRow {
  parent: string;
  child: string;
  order_key: string;
  consumption: string;
  material: string;
  quantity: number;
  unit: string;
  at: number;
  reversed: number;
}

interface LotRow {
  id: string;
  material: string;
  kind: string;
  order_key: string | null;
  line: string | null;
  shift: string | null;
  opened_at: number;
  closed_at: number | null;
  produced: number | null;
}

/**
 * Genealogy queries over `lot_links`: level by level, each level one indexed lookup per chunk of the
 * frontier, each lot visited once (so rework loops and two paths to one lot end), to `maxDepth`
 * levels and at most `TRACE_LIMITS.maxLots` lots.
 */
export class Genealogy {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database) {
    this.db = db;
  }

  trace(root: string, direction: TraceDirection, maxDepth = 20): Trace {
    const from = direction === 'backward' ? 'child' : 'parent';
    const depth = new Map<string, number>([[root, 0]]);
    const links: LotLink[] = [];
    let frontier = [root];
    let truncated = false;
    for (let level = 1; level <= maxDepth && frontier.length > 0; level++) {
      const next: string[] = [];
      for (const rows of this.chunks(frontier, (ids) => `SELECT * FROM lot_links WHERE ${from} IN (${ids}) ORDER BY at, rowid`) as Generator<LinkRow[]>) {
        for (const r of rows) {
          links.push(toLink(r));
          const other = direction === 'backward' ? r.parent : r.child;
          if (depth.has(other)) continue;
          if (depth.size >= TRACE_LIMITS.maxLots) {
            truncated = true;
            continue;
          }
          depth.set(other, level);
          next.push(other);
        }
      }
      frontier = next;
      if (level === maxDepth && next.length > 0) truncated ||= this.hasMore(next, from);
    }
    const lots = this.lots([...depth.keys()], links);
    return { root, direction, lots: lots.map((l) => ({ ...l, depth: depth.get(l.id)! })), links: links.filter((l) => depth.has(l.parent) && depth.has(l.child)), truncated };
  }

  /** Lots by id with their confirmations; an id with no row (never registered) is described from its links. */
  lots(ids: readonly string[], links: readonly LotLink[] = []): Lot[] {
    const rows = new Map<string, LotRow>();
    for (const chunk of this.chunks(ids, (list) => `SELECT * FROM lots WHERE id IN (${list})`) as Generator<LotRow[]>) for (const r of chunk) rows.set(r.id, r);
    const confirmations = new Map<string, Lot['confirmations']>();
    const confirmSql = (list: string) =>
      `SELECT lc.lot AS lot, lc.completion AS completion, o.connector AS connector, o.state AS state FROM lot_completions lc JOIN outbox o ON o.key = lc.completion WHERE lc.lot IN (${list}) ORDER BY o.seq`;
    for (const chunk of this.chunks(ids, confirmSql) as Generator<Array<{ lot: string; completion: string; connector: string; state: string }>>) {
      for (const c of chunk) {
        const list = confirmations.get(c.lot) ?? [];
        list.push({ completion: c.completion, connector: c.connector, state: c.state });
        confirmations.set(c.lot, list);
      }
    }
    return ids.map((id) => {
      const r = rows.get(id);
      if (!r) {
        const seen = links.find((l) => l.parent === id);
        return { id, material: seen?.material ?? '', kind: 'input', openedAt: seen?.at ?? 0, confirmations: confirmations.get(id) ?? [] };
      }
      return {
        id,
        material: r.material,
        kind: r.kind === 'output' ? 'output' : 'input',
        ...(r.order_key !== null ? { order: r.order_key } : {}),
        ...(r.line !== null ? { line: r.line } : {}),
        ...(r.shift !== null ? { shift: r.shift } : {}),
        openedAt: r.opened_at,
        ...(r.closed_at !== null ? { closedAt: r.closed_at } : {}),
        ...(r.produced !== null ? { produced: r.produced } : {}),
        confirmations: confirmations.get(id) ?? [],
      };
    });
  }

  private hasMore(ids: readonly string[], from: string): boolean {
    for (const rows of this.chunks(ids, (list) => `SELECT 1 FROM lot_links WHERE ${from} IN (${list}) LIMIT 1`)) if (rows.length > 0) return true;
    return false;
  }

  /** Runs a query per chunk of ids (SQLite binds at most a few thousand parameters). */
  private *chunks(ids: readonly string[], sql: (placeholders: string) => string): Generator<unknown[]> {
    for (let i = 0; i < ids.length; i += TRACE_LIMITS.chunk) {
      const part = ids.slice(i, i + TRACE_LIMITS.chunk);
      const text = sql(part.map(() => '?').join(', '));
      let stmt = this.statements.get(text);
      if (!stmt) {
        stmt = this.db.prepare(text);
        // Statements per frontier size: bounded by the chunk size, so the cache cannot grow without end.
        this.statements.set(text, stmt);
      }
      yield stmt.all(...part);
    }
  }
}

function toLink(r: LinkRow): LotLink {
  return { parent: r.parent, child: r.child, order: r.order_key, consumption: r.consumption, material: r.material, quantity: r.quantity, unit: r.unit, at: r.at, reversed: r.reversed === 1 };
}
