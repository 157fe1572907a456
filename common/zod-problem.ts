import type { z } from 'zod';
import type { Problem } from './result.ts';
import type { ReasonParams } from './reasons.ts';

/** `tags[3].scaling.euMax` from zod's path segments. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Where a value came from in a call (params, body...): not a word a person needs. */
const ENVELOPES = new Set(['params', 'body', 'query', 'frame']);

/** A list's rows as people call them ("Material mapping row 9"), by the list's key. */
export const ROW_NAMES: Record<string, string> = {
  materials: 'Material mapping',
  workCentres: 'Work centre mapping',
  units: 'Unit mapping',
  reasonCodes: 'Reason code mapping',
  tags: 'Tag',
  alarms: 'Alarm',
  devices: 'Device',
  shifts: 'Shift',
  breaks: 'Break',
  paths: 'Tag',
  ids: 'Alarm',
  elements: 'Element',
  pens: 'Pen',
  connectors: 'Connector',
  lines: 'Line',
  items: 'Item',
};

/** Fields whose plain words are not just their name split up. */
export const FIELD_NAMES: Record<string, string> = {
  external: 'external code',
  local: 'local code',
  euMin: 'engineering minimum',
  euMax: 'engineering maximum',
  rawMin: 'raw minimum',
  rawMax: 'raw maximum',
  min: 'minimum',
  max: 'maximum',
  durationMs: 'duration',
  onDelayMs: 'on delay',
  offDelayMs: 'off delay',
  staleAfterMs: 'stale time',
  maxIntervalMs: 'longest interval',
  setpointTag: 'setpoint tag',
  writeLimits: 'write limits',
  pixels: 'width in pixels',
  pollMs: 'poll interval',
  tickMs: 'tick interval',
  from: 'start time',
  to: 'end time',
};

/** `workCentre` → `work centre`. */
export function words(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

function fieldName(key: string): string {
  return FIELD_NAMES[key] ?? words(key);
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Where the problem is, in words: the last list row it is in ("Material mapping row 9") and the field
 * ("the external code"); fields between them are said as "the write limits' maximum".
 */
export function describeField(path: readonly PropertyKey[]): { row: string | undefined; field: string | undefined } {
  const segments = path.filter((s, i) => !(i === 0 && typeof s === 'string' && ENVELOPES.has(s)));
  let lastRow = -1;
  for (let i = segments.length - 1; i >= 0; i--) {
    if (typeof segments[i] === 'number') {
      lastRow = i;
      break;
    }
  }
  let row: string | undefined;
  if (lastRow >= 0) {
    const list = segments[lastRow - 1];
    const name = typeof list === 'string' ? (ROW_NAMES[list] ?? capital(words(list))) : 'Row';
    row = `${name} row ${(segments[lastRow] as number) + 1}`;
  }
  const rest = segments.slice(lastRow + 1).filter((s): s is string => typeof s === 'string');
  const field = rest.length === 0 ? undefined : rest.map(fieldName).reduce((whole, part) => `${whole}'s ${part}`.replace(/s's /, "s' "));
  return { row, field };
}

/** What is wrong with the value, as the end of a sentence ("is empty", "must be at least 0"). */
function whatIsWrong(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined && /received undefined/.test(issue.message) ? 'is missing' : `must be ${issue.expected === 'array' ? 'a list' : issue.expected === 'object' ? 'a group of fields' : `a ${issue.expected}`}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'is empty' : `must be at least ${issue.minimum} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return Number(issue.minimum) <= 1 ? 'is empty' : `must have at least ${issue.minimum} entries`;
      return `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${issue.maximum} entries`;
      return `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}`;
    case 'invalid_value':
      return `must be ${issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`}`;
    case 'unrecognized_keys':
      return `has ${issue.keys.length === 1 ? 'a field' : 'fields'} Lineside does not know: ${issue.keys.join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'invalid_format':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      // Our own refinements and patterns already say it in words ("a tag path is segments of...").
      return issue.message.startsWith('Invalid') || issue.message.startsWith('Too ') ? 'is not valid' : `: ${issue.message}`;
  }
}

/**
 * One zod issue as a sentence naming the row and the field, never the schema path:
 * `params.mappings.materials[8].external: Too small` → "Material mapping row 9: the external code is empty."
 */
export function issueSentence(issue: z.core.$ZodIssue): string {
  const { row, field } = describeField(issue.path);
  const wrong = whatIsWrong(issue);
  let sentence: string;
  if (wrong.startsWith(': ')) {
    // A message of our own: said after where it is, unless it names its field itself ("from must be before to").
    const last = issue.path.at(-1);
    const named = typeof last === 'string' && wrong.slice(2).startsWith(`${last} `);
    const where = [row, field && !named ? `the ${field}` : undefined].filter(Boolean).join(', ');
    sentence = where ? `${capital(where)}${wrong}` : capital(wrong.slice(2));
  } else {
    const clause = `${field ? `the ${field}` : row ? 'it' : 'the value'} ${wrong}`;
    sentence = row ? `${row}: ${clause}` : capital(clause);
  }
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

/** What a zod issue says is wrong, as a code the renderer words in the reader's language (`fieldProblem.wrong.<code>`). */
export const FIELD_WRONG_CODES = [
  'missing',
  'type',
  'empty',
  'atLeastChars',
  'atLeastEntries',
  'atLeast',
  'moreThan',
  'atMostChars',
  'atMostEntries',
  'atMost',
  'lessThan',
  'oneValue',
  'oneOf',
  'unknownFields',
  'multipleOf',
  'notValid',
  'custom',
] as const;
export type FieldWrongCode = (typeof FIELD_WRONG_CODES)[number];

/** The key of a Problem's `text` made from a zod issue: `field.<code>` (renderer/ui/texts.ts composes it). */
export const FIELD_TEXT_PREFIX = 'field.';

function wrongOf(issue: z.core.$ZodIssue): { code: FieldWrongCode; params: Record<string, string | number> } {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined && /received undefined/.test(issue.message) ? { code: 'missing', params: {} } : { code: 'type', params: { expected: String(issue.expected) } };
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum <= 1 ? { code: 'empty', params: {} } : { code: 'atLeastChars', params: { minimum } };
      if (issue.origin === 'array' || issue.origin === 'set') return minimum <= 1 ? { code: 'empty', params: {} } : { code: 'atLeastEntries', params: { minimum } };
      return { code: issue.inclusive === false ? 'moreThan' : 'atLeast', params: { minimum } };
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return { code: 'atMostChars', params: { maximum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'atMostEntries', params: { maximum } };
      return { code: issue.inclusive === false ? 'lessThan' : 'atMost', params: { maximum } };
    }
    case 'invalid_value':
      return issue.values.length === 1 ? { code: 'oneValue', params: { values: JSON.stringify(issue.values[0]) } } : { code: 'oneOf', params: { values: issue.values.map((v) => JSON.stringify(v)).join(', ') } };
    case 'unrecognized_keys':
      return { code: 'unknownFields', params: { keys: issue.keys.join(', '), count: issue.keys.length } };
    case 'not_multiple_of':
      return { code: 'multipleOf', params: { divisor: Number(issue.divisor) } };
    case 'invalid_format':
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return issue.message.startsWith('Invalid') || issue.message.startsWith('Too ') ? { code: 'notValid', params: {} } : { code: 'custom', params: { detail: issue.message } };
  }
}

/**
 * A zod issue as a key and parameters for the reader's language: what is wrong (`field.<code>` and its
 * values), the list and row it is in (`list`: the list's key, `row`: counted from 1) and the fields below
 * the row (`fields`: their keys joined by dots); `named` when our own message names its field itself.
 * The renderer words them (renderer/ui/texts.ts); `issueSentence` is the same in English.
 */
export function issueText(issue: z.core.$ZodIssue): { key: string; params: ReasonParams } {
  const segments = issue.path.filter((s, i) => !(i === 0 && typeof s === 'string' && ENVELOPES.has(s)));
  let lastRow = -1;
  for (let i = segments.length - 1; i >= 0; i--) {
    if (typeof segments[i] === 'number') {
      lastRow = i;
      break;
    }
  }
  const params: Record<string, string | number> = {};
  if (lastRow >= 0) {
    const list = segments[lastRow - 1];
    params['list'] = typeof list === 'string' ? list : '';
    params['row'] = (segments[lastRow] as number) + 1;
  }
  const rest = segments.slice(lastRow + 1).filter((s): s is string => typeof s === 'string');
  if (rest.length > 0) params['fields'] = rest.join('.');
  const wrong = wrongOf(issue);
  const last = issue.path.at(-1);
  if (wrong.code === 'custom' && typeof last === 'string' && String(wrong.params['detail']).startsWith(`${last} `)) params['named'] = 1;
  return { key: `${FIELD_TEXT_PREFIX}${wrong.code}`, params: { ...params, ...wrong.params } };
}

/**
 * The first issue of a zod error as a readable problem: the message is a sentence naming the row and
 * field (`issueSentence`); `path` keeps the field's path for forms to mark the field (`params.deadband`).
 */
export function problemFromZod(error: z.ZodError, prefix = ''): Problem {
  const issue = error.issues[0];
  if (!issue) return { code: 'bad-request', message: 'The request is not valid.' };
  const field = formatFieldPath(issue.path);
  const where = [prefix, field].filter(Boolean).join(field && prefix ? '.' : '');
  const message = issueSentence(issue);
  const text = issueText(issue);
  return where ? { code: 'bad-request', message, path: where, text } : { code: 'bad-request', message, text };
}

/**
 * The first issue as a machine peer reads it (an MES/ERP integrator's log): the field's path, then what is
 * wrong, `order.quantity.value: must not be negative`. People get `problemFromZod`'s sentence instead.
 */
export function peerProblemText(error: z.ZodError, prefix = ''): string {
  const issue = error.issues[0];
  if (!issue) return prefix ? `${prefix}: invalid` : 'invalid';
  const field = formatFieldPath(issue.path);
  const where = [prefix, field].filter(Boolean).join(field && prefix ? '.' : '');
  return where ? `${where}: ${issue.message}` : issue.message;
}
