import { referencedTags } from '../../../screens/expression/ast.ts';
import { describeExpressionError } from '../../../screens/expression/expression-error.ts';
import { parseExpression } from '../../../screens/expression/parser.ts';
import type { Expr } from '../../../screens/expression/ast.ts';
import { elementPath, parseTagRef, tagKind, type TagDefinition } from '../../../common/tag.ts';

/** A tag computed from others (expression or accumulator), with the tags it reads. */
export interface DerivedNode {
  path: string;
  inputs: readonly string[];
}

/**
 * Ranks for evaluation in dependency order: a derived tag's rank is one more than the highest rank of
 * the derived tags it reads (0 when it reads only device and memory tags), so evaluating rank by rank
 * never reads an input that is still to change. A cycle is refused, naming its tags in order.
 */
export function rankDerived(nodes: readonly DerivedNode[]): { ok: true; rank: Map<string, number> } | { ok: false; cycle: string[] } {
  const byPath = new Map(nodes.map((n) => [n.path, n]));
  const rank = new Map<string, number>();
  const onStack: string[] = [];
  const visiting = new Set<string>();
  // Iterative depth-first search: chains of thousands of tags must not overflow the stack.
  for (const start of nodes) {
    if (rank.has(start.path)) continue;
    const stack: Array<{ node: DerivedNode; next: number; rank: number }> = [{ node: start, next: 0, rank: 0 }];
    visiting.add(start.path);
    onStack.push(start.path);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.node.inputs.length) {
        const input = inputTag(top.node.inputs[top.next++]!);
        const dep = byPath.get(input);
        if (!dep) continue;
        const known = rank.get(input);
        if (known !== undefined) {
          top.rank = Math.max(top.rank, known + 1);
          continue;
        }
        if (visiting.has(input)) return { ok: false, cycle: [...onStack.slice(onStack.indexOf(input)), input] };
        visiting.add(input);
        onStack.push(input);
        stack.push({ node: dep, next: 0, rank: 0 });
        continue;
      }
      stack.pop();
      onStack.pop();
      visiting.delete(top.node.path);
      rank.set(top.node.path, top.rank);
      const parent = stack[stack.length - 1];
      if (parent) parent.rank = Math.max(parent.rank, top.rank + 1);
    }
  }
  return { ok: true, rank };
}

/** An element `Path[3]` depends on its array tag `Path`. */
function inputTag(ref: string): string {
  return parseTagRef(ref).path;
}

/** The tags a derived tag reads; for an expression, its parsed form too (or the parse error, described). */
export function derivedInputs(tag: TagDefinition): { inputs: string[]; expr?: Expr; error?: string } {
  const kind = tagKind(tag);
  if (kind === 'expression') {
    const parsed = parseExpression(tag.expression!);
    if (!parsed.ok) return { inputs: [], error: describeExpressionError(parsed.error) };
    return { inputs: referencedTags(parsed.value), expr: parsed.value };
  }
  if (kind === 'accumulator') {
    const a = tag.accumulator!;
    return { inputs: a.resetTag ? [a.input, a.resetTag] : [a.input] };
  }
  return { inputs: [] };
}

/** Every path a reference may name: the tags and the elements of array tags. */
export function knownRefs(tags: readonly TagDefinition[]): Set<string> {
  const known = new Set<string>();
  for (const t of tags) {
    known.add(t.path);
    for (let i = 0; i < (t.arrayLength ?? 0); i++) known.add(elementPath(t.path, i));
  }
  return known;
}

/** Why a set of tags cannot be computed: the tag at fault, the field, and what is wrong with it. */
export interface DerivedProblem {
  path: string;
  field: 'expression' | 'accumulator.input';
  message: string;
}

/**
 * The loader's checks of expression and accumulator tags, for an edit made in the running runtime:
 * every expression parses, every tag read exists (among `tags` and the built-in `others`, such as the
 * live OEE tags), and no tags read each other in a cycle. The first problem, or undefined.
 */
export function derivedProblem(tags: readonly TagDefinition[], others: readonly TagDefinition[] = []): DerivedProblem | undefined {
  const known = knownRefs([...tags, ...others]);
  const nodes: DerivedNode[] = [];
  for (const tag of tags) {
    const kind = tagKind(tag);
    if (kind !== 'expression' && kind !== 'accumulator') continue;
    const field = kind === 'expression' ? 'expression' : 'accumulator.input';
    const derived = derivedInputs(tag);
    if (derived.error !== undefined) return { path: tag.path, field, message: derived.error };
    const missing = derived.inputs.find((p) => !known.has(p));
    if (missing !== undefined) return { path: tag.path, field, message: `reads the tag ${missing}, which does not exist` };
    nodes.push({ path: tag.path, inputs: derived.inputs });
  }
  const ranked = rankDerived(nodes);
  if (ranked.ok) return undefined;
  const first = tags.find((t) => t.path === ranked.cycle[0]);
  return {
    path: ranked.cycle[0]!,
    field: first && tagKind(first) === 'accumulator' ? 'accumulator.input' : 'expression',
    message: `these tags read each other in a cycle, so none can be computed: ${ranked.cycle.join(' → ')}`,
  };
}
