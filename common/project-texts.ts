import { z } from 'zod';

/**
 * Project texts in several languages (issue 19, item 2). The texts an engineer writes in the project
 * files (alarm messages and help, tag descriptions, screen names and labels, shift names, downtime
 * reasons, a line's count units) are in the project's default language; `texts/<lang>.json` holds their
 * translations into another language, keyed by what they translate. A text without a translation shows
 * in the default language. This module names each text with a stable id, the same in the runtime and
 * the renderer: `alarm|Line1/Filler/Faulted|message`, `screen|line1|title.text`, `shift|Early|name`.
 */

/** A language of project texts: `de`, `en`, `pt-BR`. */
export const TextLanguageSchema = z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'a language is a code such as en, de or pt-BR');
export type TextLanguage = z.infer<typeof TextLanguageSchema>;

/** What project.json says: the language its files are written in, and the languages it is translated into. */
export const ProjectLanguagesSchema = z.strictObject({
  default: TextLanguageSchema.default('en'),
  translated: z.array(TextLanguageSchema).max(20).default([]),
});
export type ProjectLanguages = z.infer<typeof ProjectLanguagesSchema>;
export const DEFAULT_PROJECT_LANGUAGES: ProjectLanguages = { default: 'en', translated: [] };

export const ALARM_TEXT_FIELDS = ['message', 'cause', 'consequence', 'action'] as const;
export type AlarmTextField = (typeof ALARM_TEXT_FIELDS)[number];

/** One text of the project, by what it belongs to. */
export type TextRef =
  | { kind: 'alarm'; id: string; field: AlarmTextField }
  | { kind: 'tag'; path: string }
  /** `field`: `name` (the document's) or `<elementId>.<prop>` (`title.text`, `p101.label`, `filler.params.title`). */
  | { kind: 'screen' | 'template'; id: string; field: string }
  | { kind: 'shift'; name: string }
  | { kind: 'units'; line: string }
  | { kind: 'reason'; line: string; code: string };

export function textId(ref: TextRef): string {
  switch (ref.kind) {
    case 'alarm':
      return `alarm|${ref.id}|${ref.field}`;
    case 'tag':
      return `tag|${ref.path}|description`;
    case 'screen':
    case 'template':
      return `${ref.kind}|${ref.id}|${ref.field}`;
    case 'shift':
      return `shift|${ref.name}|name`;
    case 'units':
      return `line|${ref.line}|units`;
    case 'reason':
      return `reason|${ref.line}|${ref.code}`;
  }
}

/** The text an id names, or undefined when it is not a text id. */
export function parseTextId(id: string): TextRef | undefined {
  const first = id.indexOf('|');
  const last = id.lastIndexOf('|');
  if (first <= 0 || last === first || last === id.length - 1) return undefined;
  const kind = id.slice(0, first);
  const owner = id.slice(first + 1, last);
  const field = id.slice(last + 1);
  if (owner === '') return undefined;
  switch (kind) {
    case 'alarm':
      return (ALARM_TEXT_FIELDS as readonly string[]).includes(field) ? { kind, id: owner, field: field as AlarmTextField } : undefined;
    case 'tag':
      return field === 'description' ? { kind, path: owner } : undefined;
    case 'screen':
    case 'template':
      return { kind, id: owner, field };
    case 'shift':
      return field === 'name' ? { kind, name: owner } : undefined;
    case 'line':
      return field === 'units' ? { kind: 'units', line: owner } : undefined;
    case 'reason':
      return { kind, line: owner, code: field };
    default:
      return undefined;
  }
}

export const alarmTextId = (id: string, field: AlarmTextField = 'message'): string => textId({ kind: 'alarm', id, field });
export const tagTextId = (path: string): string => textId({ kind: 'tag', path });
export const screenTextId = (kind: 'screen' | 'template', id: string, field: string): string => textId({ kind, id, field });
export const shiftTextId = (name: string): string => textId({ kind: 'shift', name });
export const reasonTextId = (line: string, code: string): string => textId({ kind: 'reason', line, code });
export const unitsTextId = (line: string): string => textId({ kind: 'units', line });

/** Translations of one language, by text id. */
export type TextMap = Readonly<Record<string, string>>;

/** The placeholders an alarm message may hold (filled by the runtime when the alarm is raised). */
export const MESSAGE_PLACEHOLDERS = ['value', 'units', 'limit', 'setpoint', 'tag', 'id', 'state'] as const;
const PLACEHOLDER = /\{(value|units|limit|setpoint|tag|id|state)\}/g;

/** The placeholders used in a message, once each, in order: `{value} {units} … {limit} {units}` → value, units, limit. */
export function placeholdersOf(message: string): string[] {
  return [...new Set([...message.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** `{word}` placeholders that are not ones the runtime fills (a typo: `{valeu}`). */
export function unknownPlaceholders(message: string): string[] {
  const known = new Set<string>(MESSAGE_PLACEHOLDERS);
  return [...new Set([...message.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]!).filter((name) => !known.has(name)))];
}

/** Fills a message's placeholders with the values the runtime rendered them with (AlarmInfo.messageValues). */
export function fillMessage(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (whole, key: string) => values[key] ?? whole);
}

export const textCalls = {
  /**
   * The project's texts in one language: its translations by text id (only those that exist: a text
   * without one shows as the project files write it, in the default language), with the project's
   * default language and every language it is translated into.
   */
  'texts.get': {
    params: z.strictObject({ language: TextLanguageSchema }),
    result: z.object({ language: z.string(), default: z.string(), translated: z.array(z.string()), revision: z.number().int(), texts: z.record(z.string(), z.string()) }),
  },
  /**
   * Sets or removes translations of one language (texts/<lang>.json): `null` removes one (the default
   * language's text shows again). The language must be one project.json translates into; each id must
   * name a text of the project; an alarm message keeps to the placeholders the runtime fills.
   */
  'texts.save': {
    params: z.strictObject({ language: TextLanguageSchema, texts: z.record(z.string().max(400), z.string().max(2000).nullable()) }),
    result: z.object({ language: z.string(), revision: z.number().int(), texts: z.record(z.string(), z.string()) }),
  },
} as const;

export const textEvents = {
  /** A language's translations changed (texts.save): clients showing that language fetch it again. */
  'texts.changed': z.object({ language: z.string(), revision: z.number().int() }),
} as const;
