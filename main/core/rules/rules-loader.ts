import { RuleDefinitionSchema, RulesFileSchema, type RuleDefinition } from '../../../common/rules.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import { referencedTags } from '../../../screens/expression/ast.ts';
import { describeExpressionError } from '../../../screens/expression/expression-error.ts';
import { parseExpression } from '../../../screens/expression/parser.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readJson } from '../project/project-json.ts';
import { problem, schemaProblems, type ProjectProblem } from '../project/project-problems.ts';
import { knownRefs } from '../tags/expression-graph.ts';
import { checkWriteValue } from '../tags/value-checks.ts';

export const RULES_FILE = 'rules.json';

/**
 * rules.json, when the project has one: every rule checked (schema, unique id, its condition parses
 * and reads tags that exist, each write goes to a writable tag with a value it accepts), every
 * problem added to `problems`.
 */
export async function loadRules(dir: string, tags: readonly TagDefinition[], problems: ProjectProblem[]): Promise<RuleDefinition[]> {
  if (!existsSync(join(dir, RULES_FILE))) return [];
  const json = await readJson(dir, RULES_FILE, problems);
  if (json === undefined) return [];
  const shape = schemaProblems(RulesFileSchema, json, RULES_FILE);
  problems.push(...shape.problems);
  if (!shape.value) return [];
  return checkRules(shape.value.rules, tags, problems);
}

export function checkRules(entries: readonly unknown[], tags: readonly TagDefinition[], problems: ProjectProblem[]): RuleDefinition[] {
  const known = knownRefs(tags);
  const byPath = new Map(tags.map((t) => [t.path, t]));
  const seen = new Set<string>();
  const rules: RuleDefinition[] = [];
  for (const [i, raw] of entries.entries()) {
    const where = `rules[${i}]`;
    const parsed = schemaProblems(RuleDefinitionSchema, raw, RULES_FILE, where);
    problems.push(...parsed.problems);
    const rule = parsed.value;
    if (!rule) continue;
    const before = problems.length;
    if (seen.has(rule.id)) problems.push(problem(RULES_FILE, `rule id "${rule.id}" is used twice`, `${where}.id`));
    seen.add(rule.id);
    const when = parseExpression(rule.when);
    if (!when.ok) problems.push(problem(RULES_FILE, describeExpressionError(when.error), `${where}.when`));
    else for (const path of referencedTags(when.value)) if (!known.has(path)) problems.push(problem(RULES_FILE, `the condition reads the tag ${path}, which does not exist`, `${where}.when`));
    for (const [j, action] of rule.actions.entries()) {
      if (action.kind !== 'write') continue;
      const field = `${where}.actions[${j}]`;
      const tag = byPath.get(action.tag);
      if (!tag) problems.push(problem(RULES_FILE, `no tag ${action.tag} to write`, `${field}.tag`));
      else if (!tag.writable) problems.push(problem(RULES_FILE, `${action.tag} is read-only: a rule cannot write it`, `${field}.tag`));
      else {
        const value = checkWriteValue(action.value, tag);
        if (!value.ok) problems.push(problem(RULES_FILE, value.error.message, `${field}.value`));
      }
    }
    if (problems.length === before) rules.push(rule);
  }
  return rules;
}
