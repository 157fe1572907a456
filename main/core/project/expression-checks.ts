import { tagKind } from '../../../common/tag.ts';
import { oeeTagDefinitions } from '../oee/oee-tags.ts';
import { derivedInputs, knownRefs, rankDerived, type DerivedNode } from '../tags/expression-graph.ts';
import type { LoadedProject } from './loaded-project.ts';
import { joinField, problem, type ProjectProblem } from './project-problems.ts';

/**
 * Expression and accumulator tags: each expression parses (the error at its line and column), every
 */
export function expressionChecks(project: LoadedProject): ProjectProblem[] {
  const problems: ProjectProblem[] = [];
  const all = [...project.tags, ...oeeTagDefinitions(project.shifts?.lines ?? [])];
  const known = knownRefs(all);
  const nodes: DerivedNode[] = [];
  const at = (path: string, field: string) => {
    const origin = project.tagOrigins.get(path);
    // A template member is named by its instance; its field inside the member is not in the file.
    return origin ? { file: origin.file, field: origin.field.startsWith('instances') ? origin.field : joinField(origin.field, field) } : { file: 'tags', field: path };
  };
  for (const tag of project.tags) {
    const kind = tagKind(tag);
    if (kind !== 'expression' && kind !== 'accumulator') continue;
    const field = kind === 'expression' ? 'expression' : 'accumulator.input';
    const where = at(tag.path, field);
    const derived = derivedInputs(tag);
    if (derived.error !== undefined) {
      problems.push(problem(where.file, `${tag.path}: ${derived.error}`, where.field));
      continue;
    }
    const missing = derived.inputs.filter((p) => !known.has(p));
    for (const path of missing) problems.push(problem(where.file, `${tag.path} reads the tag ${path}, which does not exist`, where.field));
    if (tag.accumulator?.kind === 'shiftDelta' && !project.shifts) problems.push(problem(where.file, `${tag.path}: a per-shift value needs the shift calendar (shifts.json)`, at(tag.path, 'accumulator.kind').field));
    nodes.push({ path: tag.path, inputs: derived.inputs });
  }
  const ranked = rankDerived(nodes);
  if (!ranked.ok) {
    const where = at(ranked.cycle[0]!, 'expression');
    problems.push(problem(where.file, `these tags read each other in a cycle, so none can be computed: ${ranked.cycle.join(' → ')}`, where.field));
  }
  return problems;
}
