import type { AlarmCondition, AlarmConditionType, AlarmDefinition, AlarmDefinitionInput, AlarmPriority } from '../../../common/alarms.ts';
import type { TagInfo } from '../../../common/tag.ts';

/**
 * The editor's working copy of one definition. Inputs hold text, so a half-typed number stays as
 * typed; `toDefinition` turns it back into what the runtime parses. The runtime is the judge of
 * validity: nothing here refuses a value, it only converts.
 */
export interface DefinitionDraft {
  id: string;
  tag: string;
  conditionType: AlarmConditionType;
  limit: string;
  equals: string;
  setpointTag: string;
  priority: AlarmPriority;
  message: string;
  area: string;
  group: string;
  deadband: string;
  onDelayMs: string;
  offDelayMs: string;
  latched: boolean;
  enabled: boolean;
  suppress: boolean;
  suppressTag: string;
  suppressEquals: string;
  cause: string;
  consequence: string;
  action: string;
}

/** Which parameters each condition type has; the form shows only these. In menu order (names: `condition.<type>` of the 'alarms' catalogue). */
export const CONDITION_PARAMS: Readonly<Record<AlarmConditionType, readonly ('limit' | 'equals' | 'setpointTag')[]>> = {
  hihi: ['limit'],
  hi: ['limit'],
  lo: ['limit'],
  lolo: ['limit'],
  equals: ['equals'],
  deviation: ['setpointTag', 'limit'],
  rate: ['limit'],
  badQuality: [],
};

export function blankDraft(): DefinitionDraft {
  return {
    id: '',
    tag: '',
    conditionType: 'hi',
    limit: '',
    equals: '',
    setpointTag: '',
    priority: 'medium',
    message: '{tag} {value} {units} above {limit} {units}',
    area: '',
    group: '',
    deadband: '0',
    onDelayMs: '0',
    offDelayMs: '0',
    latched: false,
    enabled: true,
    suppress: false,
    suppressTag: '',
    suppressEquals: '',
    cause: '',
    consequence: '',
    action: '',
  };
}

export function draftFrom(def: AlarmDefinition): DefinitionDraft {
  const c = def.condition;
  return {
    id: def.id,
    tag: def.tag,
    conditionType: c.type,
    limit: 'limit' in c ? String(c.limit) : '',
    equals: c.type === 'equals' ? String(c.value) : '',
    setpointTag: c.type === 'deviation' ? c.setpointTag : '',
    priority: def.priority,
    message: def.message,
    area: def.area,
    group: def.group ?? '',
    deadband: String(def.deadband),
    onDelayMs: String(def.onDelayMs),
    offDelayMs: String(def.offDelayMs),
    latched: def.latched,
    enabled: def.enabled,
    suppress: def.suppressWhen !== undefined,
    suppressTag: def.suppressWhen?.tag ?? '',
    suppressEquals: def.suppressWhen === undefined ? '' : String(def.suppressWhen.equals),
    cause: def.help?.cause ?? '',
    consequence: def.help?.consequence ?? '',
    action: def.help?.action ?? '',
  };
}

/** Empty stays empty (the runtime names the missing field); anything else goes as a number, or as typed. */
function number(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

/** A compared value in the type of the tag it is compared with (bool, number or text). */
export function typedValue(text: string, info: TagInfo | undefined): number | boolean | string {
  const trimmed = text.trim();
  const type = info?.dataType;
  if (type === 'string') return text;
  if (type === 'bool' || (type === undefined && /^(true|false)$/.test(trimmed))) return trimmed === 'true' ? true : trimmed === 'false' ? false : trimmed;
  const n = Number(trimmed);
  return trimmed !== '' && Number.isFinite(n) ? n : text;
}

function condition(draft: DefinitionDraft, info: (path: string) => TagInfo | undefined): unknown {
  const limit = number(draft.limit);
  switch (draft.conditionType) {
    case 'hihi':
    case 'hi':
    case 'lo':
    case 'lolo':
    case 'rate':
      return { type: draft.conditionType, limit };
    case 'equals':
      return { type: 'equals', value: typedValue(draft.equals, info(draft.tag)) };
    case 'deviation':
      return { type: 'deviation', setpointTag: draft.setpointTag.trim(), limit };
    case 'badQuality':
      return { type: 'badQuality' };
  }
}

/**
 * What is sent to 'alarms.definitions.save'. Typed as the schema's input, but not checked here: a
 * wrong value (a negative deadband, text in a number) goes as it is and the runtime refuses it,
 * naming the field.
 */
export function toDefinition(draft: DefinitionDraft, info: (path: string) => TagInfo | undefined): AlarmDefinitionInput {
  const def: Record<string, unknown> = {
    id: draft.id.trim(),
    tag: draft.tag.trim(),
    condition: condition(draft, info),
    priority: draft.priority,
    message: draft.message,
    area: draft.area.trim(),
    deadband: number(draft.deadband),
    onDelayMs: number(draft.onDelayMs),
    offDelayMs: number(draft.offDelayMs),
    latched: draft.latched,
    enabled: draft.enabled,
  };
  if (draft.group.trim() !== '') def.group = draft.group.trim();
  if (draft.suppress) def.suppressWhen = { tag: draft.suppressTag.trim(), equals: typedValue(draft.suppressEquals, info(draft.suppressTag.trim())) };
  if (draft.cause || draft.consequence || draft.action) def.help = { cause: draft.cause, consequence: draft.consequence, action: draft.action };
  for (const key of Object.keys(def)) if (def[key] === undefined) delete def[key];
  return def as AlarmDefinitionInput;
}

/** `params.definition.condition.limit` or `definition.deadband` (the runtime's Problem path) → `condition.limit`, `deadband`. */
export function fieldOfProblem(path: string | undefined): string | undefined {
  const match = path === undefined ? null : /^(?:params\.)?(?:definition\.(.+)|(file))$/.exec(path);
  return match ? (match[1] ?? match[2]) : undefined;
}

function formatValue(value: number | boolean | string, info: TagInfo | undefined): string {
  const state = info?.states?.[String(value)];
  return state ? `${String(value)} (${state})` : typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The words of a condition summary that are not symbols, in the reader's language (`summaryOf.*` of the 'alarms' catalogue). */
export interface ConditionWords {
  deviation(limit: string, setpoint: string): string;
  rate(limit: string): string;
  readonly badQuality: string;
}

/** `Hi > 93 %`, `= 5 (Faulted)`, `|dev| > 2 °C from Line1/…`, for the list. */
export function conditionSummary(c: AlarmCondition, info: TagInfo | undefined, words: ConditionWords): string {
  const units = info?.units ? ` ${info.units}` : '';
  switch (c.type) {
    case 'hihi':
      return `HiHi > ${c.limit}${units}`;
    case 'hi':
      return `Hi > ${c.limit}${units}`;
    case 'lo':
      return `Lo < ${c.limit}${units}`;
    case 'lolo':
      return `LoLo < ${c.limit}${units}`;
    case 'equals':
      return `= ${formatValue(c.value, info)}`;
    case 'deviation':
      return words.deviation(`${c.limit}${units}`, c.setpointTag);
    case 'rate':
      return words.rate(`${c.limit}${units}`);
    case 'badQuality':
      return words.badQuality;
  }
}
