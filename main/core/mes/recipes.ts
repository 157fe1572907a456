import type { LineConfig, MesConfig, ProductRecipe } from '../../../common/mes-config.ts';
import type { WorkOrder } from '../../../common/mes.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { TagDefinition } from '../../../common/tag.ts';

type Value = number | boolean | string;

/** A parameter to write at start (or on an accepted revision), and where its value came from. */
export interface ResolvedParameter {
  name: string;
  tag: string;
  value: Value;
  tolerance: number;
  source: 'order' | 'recipe';
}

/**
 * The line's parameters for an order: each from the order when it carries it, else from its
 * product's recipe defaults (mes.json `products`). A required parameter found in neither refuses
 * the order, naming the parameter and where it was looked for.
 */
export function resolveParameters(order: WorkOrder, line: LineConfig, products: readonly ProductRecipe[], key: string): Result<ResolvedParameter[]> {
  const product = products.find((p) => p.material === order.material.code);
  const out: ResolvedParameter[] = [];
  for (const p of line.parameters) {
    const given = order.parameters.find((x) => x.name === p.name);
    const fallback = product?.parameters.find((x) => x.name === p.name);
    if (given) out.push({ name: p.name, tag: p.tag, value: given.value, tolerance: p.tolerance, source: 'order' });
    else if (fallback) out.push({ name: p.name, tag: p.tag, value: fallback.value, tolerance: p.tolerance, source: 'recipe' });
    else if (p.required) {
      const where = product ? `nor has product ${product.material} a recipe default for it` : `and product ${order.material.code} has no recipe defaults (mes.json products)`;
      return fail('bad-request', `work order ${key} has no parameter ${p.name}, which ${line.workCentre} needs, ${where}`, p.name);
    }
  }
  return ok(out);
}

/**
 * Checks mes.json `products` against the lines: each material once, each parameter one a line
 * writes, once, with a value of its tags' type. Returns the first problem with its field.
 */
export function checkProducts(config: Pick<MesConfig, 'lines' | 'products'>, tags: ReadonlyMap<string, TagDefinition>): { field: string; message: string } | undefined {
  const materials = new Set<string>();
  for (const [i, product] of config.products.entries()) {
    const at = `products[${i}]`;
    if (materials.has(product.material)) return { field: `${at}.material`, message: `product ${product.material} is listed twice` };
    materials.add(product.material);
    const names = new Set<string>();
    for (const [j, param] of product.parameters.entries()) {
      const field = `${at}.parameters[${j}]`;
      if (names.has(param.name)) return { field: `${field}.name`, message: `parameter ${param.name} is listed twice for product ${product.material}` };
      names.add(param.name);
      const targets = config.lines.flatMap((l) => l.parameters.filter((p) => p.name === param.name).map((p) => ({ line: l.workCentre, tag: p.tag })));
      if (targets.length === 0) {
        const known = [...new Set(config.lines.flatMap((l) => l.parameters.map((p) => p.name)))];
        return { field: `${field}.name`, message: `no line has a parameter ${param.name} (lines[].parameters: ${known.join(', ') || 'none'})` };
      }
      for (const target of targets) {
        const tag = tags.get(target.tag);
        if (!tag) continue;
        const wrong = typeProblem(param.value, tag);
        if (wrong) return { field: `${field}.value`, message: `${wrong} (${target.line} writes ${param.name} to ${tag.path}, a ${tag.dataType} tag)` };
      }
    }
  }
  return undefined;
}

function typeProblem(value: Value, tag: TagDefinition): string | undefined {
  if (tag.dataType === 'bool') return typeof value === 'boolean' ? undefined : `must be true or false`;
  if (tag.dataType === 'string') return typeof value === 'string' ? undefined : `must be a text`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number`;
  const limits = tag.writeLimits ?? tag.range;
  if (limits && (value < limits.min || value > limits.max)) return `${value} is outside the tag's write limits ${limits.min} to ${limits.max}`;
  return undefined;
}
