import { z } from 'zod';

/** `Line1/Filler/Speed`: segments of letters, digits, `_` and `-`, starting with a letter or digit. */
export const TAG_PATH_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/;

export const TagPathSchema = z.string().max(200).regex(TAG_PATH_PATTERN, 'a tag path is segments of letters, digits, _ and - separated by / (e.g. Line1/Filler/Speed)');

/**
 * An element of an array tag: `Line1/Filler/NozzleTemp[3]` (zero-based). Elements are read like tags
 * (bindings, trends, REST) but defined only through their array tag.
 */
export const TAG_REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\/[A-Za-z0-9][A-Za-z0-9_-]*)*(\[(0|[1-9]\d{0,3})\])?$/;

/** A tag path, or an element of an array tag (`Path[3]`): what can be read, bound and trended. */
export const TagRefSchema = z.string().max(210).regex(TAG_REF_PATTERN, 'a tag path is segments of letters, digits, _ and - separated by / (e.g. Line1/Filler/Speed), an array element ends in [index] (e.g. Line1/Filler/Temps[3])');

/** The path of element `index` of the array tag `path`. */
export function elementPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** `Line1/Temps[3]` → `{ path: 'Line1/Temps', index: 3 }`; a plain path has no index. */
export function parseTagRef(ref: string): { path: string; index?: number } {
  const match = /^(.*)\[(\d+)\]$/.exec(ref);
  return match ? { path: match[1]!, index: Number(match[2]) } : { path: ref };
}

/** Elements an array tag may have: each is a live tag of its own (history, bindings). */
export const MAX_ARRAY_LENGTH = 1000;

/** `datetime`: a date and time (OPC UA DateTime), carried as epoch ms and shown in the plant's time zone. */
export const DATA_TYPES = ['bool', 'int16', 'uint16', 'int32', 'uint32', 'float32', 'float64', 'string', 'datetime'] as const;
export const DataTypeSchema = z.enum(DATA_TYPES);
export type DataType = z.infer<typeof DataTypeSchema>;

export const INTEGER_RANGES: Partial<Record<DataType, readonly [number, number]>> = {
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
};

/** Types whose values are quantities: scaling, ranges, limits, deadbands and numeric alarms apply. */
export function isNumericType(type: DataType): boolean {
  return type !== 'bool' && type !== 'string' && type !== 'datetime';
}

/** Decimals shown when a tag does not say: none for whole numbers, one otherwise. */
export function defaultDecimals(type: DataType): number {
  return INTEGER_RANGES[type] ? 0 : 1;
}

const RangeSchema = z.strictObject({ min: z.number(), max: z.number() }).refine((r) => r.min < r.max, { message: 'the maximum must be greater than the minimum', path: ['max'] });

/** Linear scaling between what the device holds (raw) and what people read (engineering units). */
export const ScalingSchema = z
  .strictObject({
    rawMin: z.number(),
    rawMax: z.number(),
    euMin: z.number(),
    euMax: z.number(),
  })
  .refine((s) => s.rawMin !== s.rawMax, { message: 'the raw maximum must differ from the raw minimum', path: ['rawMax'] })
  .refine((s) => s.euMin !== s.euMax, { message: 'the engineering maximum must differ from the engineering minimum', path: ['euMax'] });
export type Scaling = z.infer<typeof ScalingSchema>;

/** Names for the values of a discrete tag (machine states, modes). */
export const StateNamesSchema = z.record(z.string().regex(/^-?\d+$|^true$|^false$/, 'state keys are integers or true/false'), z.string().min(1));

export const TagSourceSchema = z.strictObject({
  /** The device (as named in project.json) that owns the value. */
  device: z.string().min(1),
  /** Where the value lives on that device; the syntax is the driver's own. */
  address: z.string().min(1),
  /** Driver-specific settings of this item (data type, byte order, sampling interval...), checked by the driver. */
  options: z.record(z.string(), z.unknown()).optional(),
});

/** What the historian records of a tag (main/core/historian). Off unless `enabled`. */
export const HistorySettingsSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** Changes smaller than this (engineering units) are not recorded. */
  deadband: z.number().min(0).default(0),
  /** Swinging-door compression: stored points rebuild every received value within this deviation; 0 stores every change. */
  compressionDeviation: z.number().min(0).default(0),
  /** A point is stored at least this often, even without change (a longer silence is a gap). */
  maxIntervalMs: z.number().int().min(1000).max(86_400_000).default(600_000),
  /** Days to keep; default: the historian's retention for the project (730 days). */
  retentionDays: z.number().int().min(1).max(36_500).optional(),
});
export type HistorySettings = z.infer<typeof HistorySettingsSchema>;

/**
 * The pseudo devices of tags Lineside computes or keeps itself: no driver serves them. A memory,
 * expression or accumulator tag gets `source: { device: <its pseudo device>, address: <its path> }`
 * when parsed, so code that routes by device (writes, the device manager) needs no special case.
 */
export const MEMORY_DEVICE = 'lineside-memory';
export const EXPRESSION_DEVICE = 'lineside-expression';
export const ACCUMULATOR_DEVICE = 'lineside-accumulator';
const KIND_DEVICES = { memory: MEMORY_DEVICE, expression: EXPRESSION_DEVICE, accumulator: ACCUMULATOR_DEVICE } as const;

/** Where a tag's value comes from: a device, Lineside's memory, an expression over tags, an accumulator. */
export type TagKind = 'device' | 'memory' | 'expression' | 'accumulator';

/** A memory tag: a value owned by Lineside (setpoint, target, flag, text), written like any tag and retained. */
export const MemorySettingsSchema = z.strictObject({
  /** The value on the first start (a retained value wins afterwards). */
  initial: z.union([z.number(), z.boolean(), z.string().max(4096)]),
});

/**
 * An accumulator: a value integrated or counted from another tag, kept across restarts.
 * - `totalizer`: the integral of a rate (`input` in units per `per`), resettable, rolling over at `rollover`;
 * - `runHours`: hours the input (true/non-zero) was on;
 * - `starts`: how many times the input went from off to on;
 * - `shiftDelta`: how much a counter tag grew since the current shift began (counter resets handled).
 */
export const AccumulatorSettingsSchema = z.strictObject({
  kind: z.enum(['totalizer', 'runHours', 'starts', 'shiftDelta']),
  /** The tag it accumulates. */
  input: TagRefSchema,
  /** totalizer: the input's time unit (a rate in m³/h integrates with `per: 'h'`). */
  per: z.enum(['s', 'min', 'h', 'd']).default('s'),
  /** totalizer: back to zero (keeping the excess) at this value. */
  rollover: z.number().positive().optional(),
  /** A tag (bool) whose rising edge sets the accumulator back to zero. */
  resetTag: TagRefSchema.optional(),
});
export type AccumulatorSettings = z.infer<typeof AccumulatorSettingsSchema>;

export const TagDefinitionSchema = z
  .strictObject({
    path: TagPathSchema,
    description: z.string().default(''),
    dataType: DataTypeSchema,
    /** A device tag's source; memory, expression and accumulator tags have none (Lineside fills in its own). */
    source: TagSourceSchema.optional(),
    memory: MemorySettingsSchema.optional(),
    /** An expression tag: its value is this expression over other tags (`{Line1/Flow1} + {Line1/Flow2}`). */
    expression: z.string().min(1).max(2000).optional(),
    accumulator: AccumulatorSettingsSchema.optional(),
    scaling: ScalingSchema.optional(),
    units: z.string().max(20).default(''),
    /** Decimals shown on screens; default: 0 for integer types, 1 for the others. */
    decimals: z.number().int().min(0).max(10).optional(),
    /**
     * An array of this many elements of `dataType` (OPC UA arrays): the tag's value is the list, and
     * each element is also a tag of its own (`Path[0]`...) that screens bind and trends draw.
     */
    arrayLength: z.number().int().min(1).max(MAX_ARRAY_LENGTH).optional(),
    /** Engineering range: bars and gauges are drawn over it; values outside it are flagged uncertain. */
    range: RangeSchema.optional(),
    /** Changes smaller than this are not sent to displays (engineering units). */
    deadband: z.number().min(0).default(0),
    /** No new value within this many ms marks the value stale (uncertain, last usable value). */
    staleAfterMs: z.number().int().positive().optional(),
    states: StateNamesSchema.optional(),
    writable: z.boolean().default(false),
    /** Limits checked on every write; default: the engineering range. */
    writeLimits: RangeSchema.optional(),
    history: HistorySettingsSchema.optional(),
  })
  .superRefine((tag, ctx) => {
    const kinds = (['memory', 'expression', 'accumulator'] as const).filter((k) => tag[k] !== undefined);
    if (kinds.length > 1) ctx.addIssue({ code: 'custom', path: [kinds[1]!], message: `a tag is one kind: ${kinds.join(' and ')} cannot be combined` });
    const kind = kinds[0];
    if (kind === undefined && tag.source === undefined) {
      ctx.addIssue({ code: 'custom', path: ['source'], message: 'a tag needs a source (device and address), or is a memory, expression or accumulator tag' });
    }
    if (tag.source !== undefined) {
      const pseudo = Object.values(KIND_DEVICES) as string[];
      if (kind !== undefined && tag.source.device !== KIND_DEVICES[kind]) ctx.addIssue({ code: 'custom', path: ['source'], message: `a ${kind} tag has no device source` });
      if (kind === undefined && pseudo.includes(tag.source.device)) ctx.addIssue({ code: 'custom', path: ['source', 'device'], message: `${tag.source.device} is Lineside's own: write "memory", "expression" or "accumulator" instead` });
    }
    if (kind !== undefined && tag.arrayLength !== undefined) ctx.addIssue({ code: 'custom', path: ['arrayLength'], message: `a ${kind} tag holds one value, not an array` });
    if ((kind === 'expression' || kind === 'accumulator') && tag.writable) {
      ctx.addIssue({ code: 'custom', path: ['writable'], message: `a${kind === 'expression' ? 'n expression' : 'n accumulator'} tag is computed by Lineside and cannot be written` });
    }
    if (kind === 'accumulator' && !isNumericType(tag.dataType)) ctx.addIssue({ code: 'custom', path: ['dataType'], message: `an accumulator holds a number, not ${tag.dataType}` });
    if (tag.memory !== undefined) {
      const initial = tag.memory.initial;
      const fits = tag.dataType === 'bool' ? typeof initial === 'boolean' : tag.dataType === 'string' ? typeof initial === 'string' : typeof initial === 'number';
      if (!fits) ctx.addIssue({ code: 'custom', path: ['memory', 'initial'], message: `the initial value ${JSON.stringify(initial)} does not fit a ${tag.dataType} tag` });
    }
    if (tag.arrayLength !== undefined && tag.writable) {
      ctx.addIssue({ code: 'custom', path: ['writable'], message: 'array tags are read-only in Lineside (their elements are read, bound and trended)' });
    }
    // Write limits inside the engineering range: a setpoint the range calls impossible is not allowed either.
    if (tag.range && tag.writeLimits) {
      if (tag.writeLimits.min < tag.range.min) ctx.addIssue({ code: 'custom', path: ['writeLimits', 'min'], message: `the lowest value allowed to write (${tag.writeLimits.min}) is below the range minimum (${tag.range.min})` });
      if (tag.writeLimits.max > tag.range.max) ctx.addIssue({ code: 'custom', path: ['writeLimits', 'max'], message: `the highest value allowed to write (${tag.writeLimits.max}) is above the range maximum (${tag.range.max})` });
    }
    const numeric = isNumericType(tag.dataType);
    if (!numeric) {
      for (const key of ['scaling', 'range', 'writeLimits'] as const) {
        if (tag[key] !== undefined) {
          ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies only to numeric tags, not ${tag.dataType}` });
        }
      }
    }
  })
  // Integer tags show whole numbers unless the tag says otherwise; Lineside's own tags get their pseudo device.
  .transform((tag) => ({ ...tag, source: tag.source ?? ownSource(tag), decimals: tag.decimals ?? defaultDecimals(tag.dataType) }));

function ownSource(tag: { path: string; memory?: unknown; expression?: unknown }): z.infer<typeof TagSourceSchema> {
  const device = tag.memory !== undefined ? MEMORY_DEVICE : tag.expression !== undefined ? EXPRESSION_DEVICE : ACCUMULATOR_DEVICE;
  return { device, address: tag.path };
}

/** Where the tag's value comes from. */
export function tagKind(tag: Pick<TagDefinition, 'memory' | 'expression' | 'accumulator'>): TagKind {
  return tag.memory !== undefined ? 'memory' : tag.expression !== undefined ? 'expression' : tag.accumulator !== undefined ? 'accumulator' : 'device';
}
/** A tag as an engineer writes it in a project file. */
export type TagDefinitionInput = z.input<typeof TagDefinitionSchema>;
/** A tag after validation, with defaults filled in. */
export type TagDefinition = z.infer<typeof TagDefinitionSchema>;

/** What the renderer and integrations learn about a tag (no device internals). */
export const TagInfoSchema = z.object({
  path: TagRefSchema,
  description: z.string(),
  dataType: DataTypeSchema,
  units: z.string(),
  decimals: z.number(),
  range: z.object({ min: z.number(), max: z.number() }).optional(),
  writeLimits: z.object({ min: z.number(), max: z.number() }).optional(),
  states: z.record(z.string(), z.string()).optional(),
  writable: z.boolean(),
  device: z.string(),
  /** True when the historian records this tag (it can be trended back in time). */
  history: z.boolean(),
  /** An array tag: its value is a list of this many elements, each also a tag (`Path[i]`). */
  arrayLength: z.number().optional(),
  /** An element of an array tag: that tag's path (this one's is `<elementOf>[i]`). */
  elementOf: z.string().optional(),
  /** Where the value comes from, when not a device: Lineside's memory, an expression, an accumulator. */
  kind: z.enum(['memory', 'expression', 'accumulator']).optional(),
  /** An expression tag's expression. */
  expression: z.string().optional(),
});
export type TagInfo = z.infer<typeof TagInfoSchema>;

export function tagInfo(tag: TagDefinition): TagInfo {
  const info: TagInfo = {
    path: tag.path,
    description: tag.description,
    dataType: tag.dataType,
    units: tag.units,
    decimals: tag.decimals,
    writable: tag.writable,
    device: tag.source.device,
    history: tag.history?.enabled ?? false,
  };
  if (tag.range) info.range = tag.range;
  const writeLimits = tag.writeLimits ?? tag.range;
  if (tag.writable && writeLimits) info.writeLimits = writeLimits;
  if (tag.states) info.states = tag.states;
  if (tag.arrayLength !== undefined) info.arrayLength = tag.arrayLength;
  const element = parseTagRef(tag.path);
  if (element.index !== undefined) info.elementOf = element.path;
  const kind = tagKind(tag);
  if (kind !== 'device') info.kind = kind;
  if (tag.expression !== undefined) info.expression = tag.expression;
  return info;
}
