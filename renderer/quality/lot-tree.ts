import type { Lot, Trace } from '../../common/lots.ts';

/** A lot in the tree, under the lot it went into (backward) or came from (forward). */
export interface LotNode {
  lot: Lot & { depth: number };
  /** The link from the parent node: summed over its consumptions. */
  via?: { quantity: number; unit: string; consumptions: string[]; reversed: boolean };
  children: LotNode[];
  /** The lot is already in the tree above: not expanded again (two paths to it, or a rework loop). */
  repeated: boolean;
  /** Path of lot ids from the root, unique per node (a React key and a collapse key). */
  path: string;
}

/**
 * The trace as a tree from its root: each lot's children are the lots linked to it in the trace's
 * direction; a lot appears in full once (the first time it is met, depth first) and as a marked leaf
 * at every further place, so a cycle cannot recurse.
 */
export function lotTree(trace: Trace): LotNode | undefined {
  const lots = new Map(trace.lots.map((l) => [l.id, l]));
  const root = lots.get(trace.root);
  if (!root) return undefined;
  const backward = trace.direction === 'backward';
  const next = new Map<string, Map<string, NonNullable<LotNode['via']>>>();
  for (const link of trace.links) {
    const from = backward ? link.child : link.parent;
    const to = backward ? link.parent : link.child;
    const targets = next.get(from) ?? new Map<string, NonNullable<LotNode['via']>>();
    const via = targets.get(to) ?? { quantity: 0, unit: link.unit, consumptions: [], reversed: true };
    via.quantity = Math.round((via.quantity + link.quantity) * 1e6) / 1e6;
    via.consumptions.push(link.consumption);
    via.reversed &&= link.reversed;
    targets.set(to, via);
    next.set(from, targets);
  }
  const shown = new Set<string>();
  const build = (lot: Lot & { depth: number }, path: string, via?: LotNode['via']): LotNode => {
    const repeated = shown.has(lot.id);
    shown.add(lot.id);
    const node: LotNode = { lot, children: [], repeated, path, ...(via ? { via } : {}) };
    if (repeated) return node;
    for (const [id, link] of next.get(lot.id) ?? []) {
      const child = lots.get(id);
      if (child) node.children.push(build(child, `${path}/${id}`, link));
    }
    return node;
  };
  return build(root, root.id);
}

/** How many levels the tree has below its root. */
export function levelsOf(trace: Trace): number {
  return trace.lots.reduce((max, l) => Math.max(max, l.depth), 0);
}
