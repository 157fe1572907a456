import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EMPTY_MES_CONFIG, MesConfigSchema, type MesConfig } from '../../../common/mes-config.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { isNumericType, type TagDefinition } from '../../../common/tag.ts';
import { lotPatternProblem } from '../lots/lot-numbering.ts';
import { formatFieldPath } from '../../../common/zod-problem.ts';
import type { ConnectorFactory } from './connector.ts';
import { checkProducts } from './recipes.ts';

export interface LoadedMesConfig {
  config: MesConfig;
  /** Each connector's options, parsed by its transport's schema (by connector id). */
  options: Map<string, unknown>;
}

const FILE = 'mes.json';

/**
 * Reads the project's optional mes.json and checks it whole: the schema, each connector's options
 * against its transport, and every tag a line names. A problem names the file and the field.
 */
export async function loadMesConfig(dir: string, tags: readonly TagDefinition[], factories: ReadonlyMap<string, ConnectorFactory<unknown>>): Promise<Result<LoadedMesConfig>> {
  let text: string;
  try {
    text = await readFile(join(dir, FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok({ config: EMPTY_MES_CONFIG, options: new Map() });
    return problem(`cannot read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return problem(`not valid JSON: ${(error as Error).message}`);
  }
  const parsed = MesConfigSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return problem(issue.message, formatFieldPath(issue.path));
  }
  const config = parsed.data;
  const options = new Map<string, unknown>();
  const ids = new Set<string>();
  for (const [i, c] of config.connectors.entries()) {
    if (ids.has(c.id)) return problem(`connector id "${c.id}" is used twice`, `connectors[${i}].id`);
    ids.add(c.id);
    const factory = factories.get(c.type);
    if (!factory) return problem(`no transport "${c.type}" in this build (known: ${[...factories.keys()].join(', ')})`, `connectors[${i}].type`);
    const opts = factory.optionsSchema.safeParse(c.options);
    if (!opts.success) {
      const issue = opts.error.issues[0]!;
      return problem(issue.message, [`connectors[${i}].options`, formatFieldPath(issue.path)].filter(Boolean).join('.'));
    }
    options.set(c.id, opts.data);
  }
  const byPath = new Map(tags.map((t) => [t.path, t]));
  const lines = new Set<string>();
  for (const [i, line] of config.lines.entries()) {
    const at = `lines[${i}]`;
    if (lines.has(line.workCentre)) return problem(`work centre "${line.workCentre}" is used twice`, `${at}.workCentre`);
    lines.add(line.workCentre);
    const named: Array<[string, string]> = [
      [line.counters.good.tag, `${at}.counters.good.tag`],
      [line.counters.reject.tag, `${at}.counters.reject.tag`],
      [line.stateTag, `${at}.stateTag`],
    ];
    for (const [tag, field] of named) if (!byPath.has(tag)) return problem(`no tag ${tag}`, field);
    for (const [j, p] of line.parameters.entries()) {
      const tag = byPath.get(p.tag);
      if (!tag) return problem(`no tag ${p.tag}`, `${at}.parameters[${j}].tag`);
      if (!tag.writable) return problem(`tag ${p.tag} is not writable, so parameter ${p.name} cannot be written`, `${at}.parameters[${j}].tag`);
    }
    for (const [j, t] of line.lotTags.entries()) {
      const tag = byPath.get(t.tag);
      if (!tag) return problem(`no tag ${t.tag}`, `${at}.lotTags[${j}].tag`);
      if (tag.dataType !== 'string') return problem(`tag ${t.tag} is a ${tag.dataType} tag; a lot tag must be a string tag`, `${at}.lotTags[${j}].tag`);
    }
  }
  for (const [i, p] of config.products.entries()) {
    const pattern = p.lots && lotPatternProblem(p.lots.pattern);
    if (pattern) return problem(pattern, `products[${i}].lots.pattern`);
    if (p.lots?.newLot === 'count' && p.lots.everyUnits === undefined) return problem('a new lot every N units needs everyUnits', `products[${i}].lots.everyUnits`);
    const ids = new Set<string>();
    for (const [j, c] of (p.inspection ?? []).entries()) {
      if (ids.has(c.id)) return problem(`characteristic ${c.id} is listed twice`, `products[${i}].inspection[${j}].id`);
      ids.add(c.id);
      for (const line of c.tag === undefined ? [] : config.lines) {
        const path = c.tag!.replaceAll('{line}', line.workCentre);
        const tag = byPath.get(path);
        if (!tag) return problem(`no tag ${path}${path === c.tag ? '' : ` (for line ${line.workCentre})`}`, `products[${i}].inspection[${j}].tag`);
        if (!isNumericType(tag.dataType)) return problem(`tag ${path} is a ${tag.dataType} tag; measured values need a numeric tag`, `products[${i}].inspection[${j}].tag`);
      }
    }
  }
  const recipe = checkProducts(config, byPath);
  if (recipe) return problem(recipe.message, recipe.field);
  const codes = new Set<string>();
  for (const [i, r] of config.reasonCodes.entries()) {
    if (codes.has(`${r.kind}/${r.code}`)) return problem(`reason code ${r.code} (${r.kind}) is listed twice`, `reasonCodes[${i}].code`);
    codes.add(`${r.kind}/${r.code}`);
  }
  return ok({ config, options });
}

function problem(message: string, field?: string): Result<never> {
  const where = field ? `${FILE}: ${field}` : FILE;
  return fail('config-error', `${where}: ${message}`, field ? `${FILE}#${field}` : FILE);
}
