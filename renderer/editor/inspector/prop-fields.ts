import type { z } from 'zod';
import { ColorSchema } from '../../../screens/symbols/symbol-definition.ts';

/** One inspector field, read off a symbol's props schema (never written per symbol). */
export type PropField =
  | { kind: 'number'; key: string; title: string; description: string; min?: number; max?: number; integer: boolean }
  | { kind: 'string'; key: string; title: string; description: string; maxLength?: number }
  | { kind: 'colour'; key: string; title: string; description: string }
  | { kind: 'boolean'; key: string; title: string; description: string }
  | { kind: 'enum'; key: string; title: string; description: string; options: string[] }
  /** Lists and other structured values: edited as JSON text, checked by the schema. */
  | { kind: 'json'; key: string; title: string; description: string };

type Def = { type: string; innerType?: z.ZodType; checks?: { _zod: { def: Record<string, unknown> } }[]; entries?: Record<string, string> };
const defOf = (schema: z.ZodType): Def => (schema as unknown as { def: Def }).def;

/** The schema under `.default()` / `.optional()` / `.nullable()` wrappers. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (let i = 0; i < 8; i++) {
    const def = defOf(current);
    if ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable' || def.type === 'prefault') && def.innerType) current = def.innerType;
    else break;
  }
  return current;
}

function check(inner: z.ZodType, name: string): Record<string, unknown> | undefined {
  return defOf(inner)
    .checks?.map((c) => c._zod.def)
    .find((d) => d['check'] === name);
}

export function propFields(props: z.ZodObject): PropField[] {
  const fields: PropField[] = [];
  for (const [key, schema] of Object.entries(props.shape as Record<string, z.ZodType>)) {
    const meta = (schema.meta() ?? {}) as { title?: string; description?: string };
    const title = meta.title ?? key;
    const description = meta.description ?? '';
    const inner = unwrap(schema);
    const type = defOf(inner).type;
    const base = { key, title, description };
    if (inner === ColorSchema) fields.push({ kind: 'colour', ...base });
    else if (type === 'number') {
      const min = check(inner, 'greater_than')?.['value'] as number | undefined;
      const max = check(inner, 'less_than')?.['value'] as number | undefined;
      const integer = check(inner, 'number_format') !== undefined;
      fields.push({ kind: 'number', ...base, integer, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) });
    } else if (type === 'string') {
      const maxLength = check(inner, 'max_length')?.['maximum'] as number | undefined;
      fields.push({ kind: 'string', ...base, ...(maxLength !== undefined ? { maxLength } : {}) });
    } else if (type === 'boolean') fields.push({ kind: 'boolean', ...base });
    else if (type === 'enum') fields.push({ kind: 'enum', ...base, options: Object.values(defOf(inner).entries ?? {}) });
    else fields.push({ kind: 'json', ...base });
  }
  return fields;
}

/** Checks one prop value against the symbol's schema; the message is the schema's own. */
export function checkPropValue(props: z.ZodObject, key: string, value: unknown): string | undefined {
  const schema = (props.shape as Record<string, z.ZodType>)[key];
  if (!schema) return `unknown property ${key}`;
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? 'invalid');
}
