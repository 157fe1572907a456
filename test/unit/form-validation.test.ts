import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkLimitOrder } from '../../common/alarm-limits.ts';
import { AlarmDefinitionSchema, type AlarmDefinition } from '../../common/alarms.ts';
import { MappingTablesSchema } from '../../common/mes.ts';
import { TagDefinitionSchema } from '../../common/tag.ts';
import { issueSentence, problemFromZod } from '../../common/zod-problem.ts';

const limit = (id: string, type: 'lolo' | 'lo' | 'hi' | 'hihi', value: number, tag = 'L/Level'): AlarmDefinition => AlarmDefinitionSchema.parse({ id, tag, condition: { type, limit: value }, priority: 'high', message: id });

describe('alarm limits in order (LoLo < Lo < Hi < HiHi)', () => {
  const set = [limit('L/LoLo', 'lolo', 5), limit('L/Lo', 'lo', 10), limit('L/Hi', 'hi', 90), limit('L/HiHi', 'hihi', 95)];

  it('accepts limits in order, and each against itself', () => {
    for (const def of set) expect(checkLimitOrder(def, set), def.id).toBeUndefined();
  });

  it.each([
    [limit('L/HiHi', 'hihi', 85), 'the HiHi limit (85) must be above the Hi limit (90, alarm L/Hi)'],
    [limit('L/HiHi', 'hihi', 90), 'the HiHi limit (90) must be above the Hi limit (90, alarm L/Hi)'],
    [limit('L/Hi', 'hi', 8), 'the Hi limit (8) must be above the Lo limit (10, alarm L/Lo)'],
    [limit('L/Lo', 'lo', 92), 'the Lo limit (92) must be below the Hi limit (90, alarm L/Hi)'],
    [limit('L/LoLo', 'lolo', 12), 'the LoLo limit (12) must be below the Lo limit (10, alarm L/Lo)'],
  ])('refuses %#, naming the limit field and the other alarm', (def, message) => {
    expect(checkLimitOrder(def, set)).toEqual({ field: 'condition.limit', message });
  });

  it('compares only limit alarms of the same tag, and not two of one type', () => {
    expect(checkLimitOrder(limit('X/HiHi', 'hihi', 1, 'X/Level'), set)).toBeUndefined();
    expect(checkLimitOrder(limit('L/Hi2', 'hi', 99), set)).toMatchObject({ message: 'the Hi limit (99) must be below the HiHi limit (95, alarm L/HiHi)' });
    expect(checkLimitOrder(limit('L/Hi2', 'hi', 50), set)).toBeUndefined();
  });
});

describe('tag ranges and write limits', () => {
  const tag = { path: 'L/Sp', dataType: 'float64', writable: true, source: { device: 'd', address: 'a' }, range: { min: 0, max: 100 } };
  const problem = (input: unknown) => {
    const parsed = TagDefinitionSchema.safeParse(input);
    return parsed.success ? undefined : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts write limits inside the range', () => {
    expect(problem({ ...tag, writeLimits: { min: 10, max: 100 } })).toBeUndefined();
  });

  it('refuses write limits outside the range, naming the end that is out', () => {
    expect(problem({ ...tag, writeLimits: { min: -5, max: 50 } })).toEqual(['writeLimits.min: the lowest value allowed to write (-5) is below the range minimum (0)']);
    expect(problem({ ...tag, writeLimits: { min: 0, max: 120 } })).toEqual(['writeLimits.max: the highest value allowed to write (120) is above the range maximum (100)']);
  });

  it('refuses a range or write limits upside down, and scaling with equal ends', () => {
    expect(problem({ ...tag, range: { min: 100, max: 0 } })).toEqual(['range.max: the maximum must be greater than the minimum']);
    expect(problem({ ...tag, range: undefined, writeLimits: { min: 5, max: 5 } })).toEqual(['writeLimits.max: the maximum must be greater than the minimum']);
    expect(problem({ ...tag, scaling: { rawMin: 0, rawMax: 0, euMin: 0, euMax: 100 } })).toEqual(['scaling.rawMax: the raw maximum must differ from the raw minimum']);
  });
});

describe('validation errors as sentences', () => {
  it('says a mapping row and field in words, not the schema path', () => {
    const materials = [...Array.from({ length: 8 }, (_, i) => ({ external: `E${i}`, local: `L${i}` })), { external: '', local: 'L8' }];
    const parsed = z.strictObject({ mappings: MappingTablesSchema }).safeParse({ mappings: { materials } });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    const problem = problemFromZod(parsed.error, 'params');
    expect(problem).toEqual({
      code: 'bad-request',
      message: 'Material mapping row 9: the external code is empty.',
      path: 'params.mappings.materials[8].external',
      text: { key: 'field.empty', params: { list: 'materials', row: 9, fields: 'external' } },
    });
  });

  const sentence = (schema: z.ZodType, input: unknown) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error('expected a problem');
    return issueSentence(parsed.error.issues[0]!);
  };

  it.each<[string, z.ZodType, unknown, string]>([
    ['a missing field', z.object({ name: z.string() }), {}, 'The name is missing.'],
    ['a wrong type', z.object({ deadband: z.number() }), { deadband: 'x' }, 'The deadband must be a number.'],
    ['a number too small in a row', z.object({ tags: z.array(z.object({ deadband: z.number().min(0) })) }), { tags: [{ deadband: 0 }, { deadband: -1 }] }, 'Tag row 2: the deadband must be at least 0.'],
    ['a value not in the list', z.object({ kind: z.enum(['raw', 'plot']) }), { kind: 'sum' }, 'The kind must be one of "raw", "plot".'],
    ['an unknown field', z.strictObject({ a: z.number() }), { a: 1, colour: 'red' }, 'The value has a field Lineside does not know: colour.'],
    [
      'a refinement of ours',
      z.object({ range: z.object({ min: z.number(), max: z.number() }).refine((r) => r.min < r.max, { message: 'the maximum must be greater than the minimum', path: ['max'] }) }),
      { range: { min: 2, max: 1 } },
      "The range's maximum: the maximum must be greater than the minimum.",
    ],
    ['nested words', z.object({ writeLimits: z.object({ max: z.number() }) }), { writeLimits: {} }, "The write limits' maximum is missing."],
  ])('%s', (_name, schema, input, expected) => {
    expect(sentence(schema, input)).toBe(expected);
  });
});
