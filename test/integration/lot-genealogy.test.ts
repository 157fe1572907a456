import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Genealogy, TRACE_LIMITS } from '../../main/core/lots/genealogy.ts';
import { MesStore } from '../../main/core/mes/mes-store.ts';

/**
 * Genealogy queries on a real mes.sqlite (schema from the store's migrations), links written as the
 * line writes them. The plant below:
 *
 *   RESIN-1 ─▶ PRE-1 ─▶ BOT-1 ─▶ CASE-1 ─▶ PAL-1          (four levels)
 *   CAP-1 ─────────────▶ BOT-1
 *   PRE-1 ─────────────▶ BOT-2 ─▶ CASE-1                  (two paths to CASE-1)
 *   REW-A ─▶ REW-B ─▶ REW-C ─▶ REW-A                      (rework loop: a cycle)
 */
let dir: string;
let store: MesStore;
let g: Genealogy;

function link(parent: string, child: string, material = parent.split('-')[0]!) {
  store.db.prepare('INSERT INTO lot_links (parent, child, order_key, consumption, material, quantity, unit, at) VALUES (?, ?, ?, ?, ?, 1, ?, 0)').run(parent, child, `erp/${child}`, `${child}.m-${parent}`, material, 'H87');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lineside-genealogy-'));
  store = new MesStore(join(dir, 'mes.sqlite'));
  store.db.prepare("INSERT INTO lots (id, material, kind, order_key, line, shift, opened_at, closed_at, produced) VALUES ('BOT-1', 'BOT', 'output', 'erp/WO-1', 'Line1', 'Early', 1000, 2000, 500)").run();
  for (const [p, c] of [
    ['RESIN-1', 'PRE-1'],
    ['PRE-1', 'BOT-1'],
    ['CAP-1', 'BOT-1'],
    ['BOT-1', 'CASE-1'],
    ['CASE-1', 'PAL-1'],
    ['PRE-1', 'BOT-2'],
    ['BOT-2', 'CASE-1'],
    ['REW-A', 'REW-B'],
    ['REW-B', 'REW-C'],
    ['REW-C', 'REW-A'],
  ] as const)
    link(p, c);
  g = new Genealogy(store.db);
});

afterAll(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const depths = (t: ReturnType<Genealogy['trace']>) => Object.fromEntries(t.lots.map((l) => [l.id, l.depth]));

describe('genealogy', () => {
  it('traces backward through several levels, each lot once at its shortest depth', () => {
    const t = g.trace('PAL-1', 'backward');
    expect(depths(t)).toEqual({ 'PAL-1': 0, 'CASE-1': 1, 'BOT-1': 2, 'BOT-2': 2, 'PRE-1': 3, 'CAP-1': 3, 'RESIN-1': 4 });
    // PRE-1 is reached through BOT-1 and BOT-2: both links are there, the lot once.
    expect(t.links.filter((l) => l.parent === 'PRE-1').map((l) => l.child)).toEqual(['BOT-1', 'BOT-2']);
    expect(t.truncated).toBe(false);
    expect(t.lots.find((l) => l.id === 'BOT-1')).toMatchObject({ kind: 'output', order: 'erp/WO-1', line: 'Line1', shift: 'Early', produced: 500, closedAt: 2000 });
    // A lot never registered (only seen in links) is described from them.
    expect(t.lots.find((l) => l.id === 'RESIN-1')).toMatchObject({ kind: 'input', material: 'RESIN' });
  });

  it('traces forward: where an input lot went', () => {
    expect(depths(g.trace('RESIN-1', 'forward'))).toEqual({ 'RESIN-1': 0, 'PRE-1': 1, 'BOT-1': 2, 'BOT-2': 2, 'CASE-1': 3, 'PAL-1': 4 });
    expect(depths(g.trace('CAP-1', 'forward'))).toEqual({ 'CAP-1': 0, 'BOT-1': 1, 'CASE-1': 2, 'PAL-1': 3 });
  });

  it('ends in a cycle (rework loop) with every lot and every link of the loop once', () => {
    for (const direction of ['forward', 'backward'] as const) {
      const t = g.trace('REW-A', direction);
      expect(Object.keys(depths(t)).sort()).toEqual(['REW-A', 'REW-B', 'REW-C']);
      expect(t.links).toHaveLength(3);
    }
    expect(depths(g.trace('REW-A', 'forward'))).toEqual({ 'REW-A': 0, 'REW-B': 1, 'REW-C': 2 });
  });

  it('stops at maxDepth and says so; not when nothing lies beyond', () => {
    const t = g.trace('PAL-1', 'backward', 2);
    expect(depths(t)).toEqual({ 'PAL-1': 0, 'CASE-1': 1, 'BOT-1': 2, 'BOT-2': 2 });
    expect(t.truncated).toBe(true);
    expect(g.trace('PAL-1', 'backward', 4).truncated).toBe(false);
  });

  it('a lot with no links is its own trace', () => {
    expect(g.trace('PAL-1', 'forward')).toMatchObject({ lots: [{ id: 'PAL-1', depth: 0 }], links: [], truncated: false });
  });

  it('follows a frontier wider than one query chunk', () => {
    const n = TRACE_LIMITS.chunk * 2 + 7;
    store.db.transaction(() => {
      for (let i = 0; i < n; i++) {
        link('BULK-1', `WIDE-${i}`);
        link(`WIDE-${i}`, `OUT-${i}`);
      }
    })();
    const t = g.trace('BULK-1', 'forward');
    expect(t.lots.filter((l) => l.depth === 2)).toHaveLength(n);
    expect(t.links).toHaveLength(2 * n);
  });
});
