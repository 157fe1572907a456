import { z } from 'zod';
import { fail, ok, type Result } from './result.ts';
import { TagPathSchema } from './tag.ts';

/**
 * Tag templates (UDT-like types): member tags and alarms written once with parameters, instantiated
 * per piece of equipment. A template lives in tag-templates/<name>.json; instances live in tags/*.json
 * next to plain tags (`"instances": [{ "template": "Pump", "path": "Line1/P101", "parameters": {...} }]`).
 *
 * In any string of a member, `{name}` is replaced by the parameter's value, `{name+3}` / `{name-1}` by a
 * number parameter plus or minus an offset, and `{path}` by the instance path. A string that is one
 * placeholder of a number parameter becomes that number (limits, scaling). Member paths and alarm
 * tags are relative to the instance path.
 */

export const TemplateNameSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'a template name is letters, digits, _ and -, starting with a letter');
const ParamName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'a parameter name is letters, digits and _, starting with a letter');

export const TemplateParameterSchema = z.strictObject({
  name: ParamName,
  type: z.enum(['string', 'number']).default('string'),
  description: z.string().default(''),
  default: z.union([z.string(), z.number()]).optional(),
});
export type TemplateParameter = z.infer<typeof TemplateParameterSchema>;

/** Member entries stay unparsed here: they are checked as tags / alarms after expansion, naming the instance. */
const MemberSchema = z.record(z.string(), z.unknown());

export const TemplateFileSchema = z.strictObject({
  name: TemplateNameSchema,
  description: z.string().default(''),
  parameters: z.array(TemplateParameterSchema).default([]),
  tags: z.array(MemberSchema).min(1),
  alarms: z.array(MemberSchema).default([]),
});
export type TemplateFile = z.infer<typeof TemplateFileSchema>;

export const TemplateInstanceSchema = z.strictObject({
  template: TemplateNameSchema,
  path: TagPathSchema,
  parameters: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type TemplateInstance = z.infer<typeof TemplateInstanceSchema>;

export interface Expanded {
  tags: Record<string, unknown>[];
  alarms: Record<string, unknown>[];
}

/** The instance's member tags and alarms with every placeholder filled in; a problem names the field. */
export function expandInstance(template: TemplateFile, instance: TemplateInstance): Result<Expanded> {
  const values = new Map<string, string | number>([['path', instance.path]]);
  for (const p of template.parameters) {
    const given = instance.parameters[p.name] ?? p.default;
    if (given === undefined) return fail('bad-request', `parameters.${p.name}: template ${template.name} needs the parameter ${p.name}`, `parameters.${p.name}`);
    if (p.type === 'number' && typeof given !== 'number') return fail('bad-request', `parameters.${p.name}: ${p.name} is a number, not ${JSON.stringify(given)}`, `parameters.${p.name}`);
    values.set(p.name, given);
  }
  const unknown = Object.keys(instance.parameters).find((k) => !template.parameters.some((p) => p.name === k));
  if (unknown !== undefined) return fail('bad-request', `parameters.${unknown}: template ${template.name} has no parameter ${unknown}`, `parameters.${unknown}`);
  try {
    const tags = template.tags.map((member) => {
      const filled = fill(member, values) as Record<string, unknown>;
      filled['path'] = `${instance.path}/${String(filled['path'])}`;
      return filled;
    });
    const alarms = template.alarms.map((member) => {
      const filled = fill(member, values) as Record<string, unknown>;
      filled['id'] = `${instance.path}/${String(filled['id'])}`;
      filled['tag'] = `${instance.path}/${String(filled['tag'])}`;
      const condition = filled['condition'] as Record<string, unknown> | undefined;
      if (condition && typeof condition['setpointTag'] === 'string') condition['setpointTag'] = `${instance.path}/${condition['setpointTag']}`;
      const suppress = filled['suppressWhen'] as Record<string, unknown> | undefined;
      if (suppress && typeof suppress['tag'] === 'string') suppress['tag'] = `${instance.path}/${suppress['tag']}`;
      return filled;
    });
    return ok({ tags, alarms });
  } catch (error) {
    return fail('bad-request', `template ${template.name}: ${(error as Error).message}`, 'template');
  }
}

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)(?:([+-])(\d+))?\}/g;

function fill(value: unknown, values: ReadonlyMap<string, string | number>): unknown {
  if (typeof value === 'string') return fillString(value, values);
  if (Array.isArray(value)) return value.map((v) => fill(v, values));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, values)]));
  return value;
}

function fillString(text: string, values: ReadonlyMap<string, string | number>): string | number {
  const whole = /^\{([A-Za-z][A-Za-z0-9_]*)(?:([+-])(\d+))?\}$/.exec(text);
  if (whole) {
    const v = resolve(whole[1]!, whole[2], whole[3], values);
    if (typeof v === 'number') return v;
  }
  return text.replace(PLACEHOLDER, (_m, name: string, sign?: string, offset?: string) => String(resolve(name, sign, offset, values)));
}

function resolve(name: string, sign: string | undefined, offset: string | undefined, values: ReadonlyMap<string, string | number>): string | number {
  const v = values.get(name);
  if (v === undefined) throw new Error(`{${name}} is not a parameter (parameters: ${[...values.keys()].join(', ')})`);
  if (sign === undefined) return v;
  if (typeof v !== 'number') throw new Error(`{${name}${sign}${offset}}: ${name} is not a number parameter`);
  return sign === '+' ? v + Number(offset) : v - Number(offset);
}

/** What clients see of a template and its instances. */
export const TemplateInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  file: z.string(),
  parameters: z.array(z.object({ name: z.string(), type: z.enum(['string', 'number']), description: z.string(), default: z.union([z.string(), z.number()]).optional() })),
  members: z.array(z.string()),
  alarms: z.array(z.string()),
  instances: z.array(z.object({ path: z.string(), file: z.string(), parameters: z.record(z.string(), z.union([z.string(), z.number()])) })),
});
export type TemplateInfo = z.infer<typeof TemplateInfoSchema>;
