import { z } from 'zod';
import { ALARM_TEXT_FIELDS, textId, type AlarmTextField, type TextRef } from '../../../common/project-texts.ts';

/** The format of texts/<lang>.json this build reads and writes. */
export const TEXTS_FORMAT_VERSION = 1;

const Text = z.string().trim().min(1, 'an empty translation: leave it out to show the default language').max(2000);
const ElementTexts = z.record(z.string(), z.record(z.string(), z.union([Text, z.record(z.string(), Text)])));
const DocumentTexts = z.strictObject({ name: Text.optional(), elements: ElementTexts.optional() });

/**
 * `texts/de.json`: the German of the project's texts, grouped as the project files are. Every part may
 * be left out; a text without a translation shows in the project's default language.
 */
export const TextsFileSchema = z.strictObject({
  formatVersion: z.literal(TEXTS_FORMAT_VERSION),
  /** Alarm id → its message (same placeholders as the default language's) and help. */
  alarms: z.record(z.string(), z.strictObject({ message: Text.optional(), cause: Text.optional(), consequence: Text.optional(), action: Text.optional() })).optional(),
  /** Tag path → its description. */
  tags: z.record(z.string(), z.strictObject({ description: Text })).optional(),
  /** Screen id → its name and its elements' texts (element id → prop → text; a template instance's text params under `params`). */
  screens: z.record(z.string(), DocumentTexts).optional(),
  /** Template (faceplate) id → as screens. */
  templates: z.record(z.string(), DocumentTexts).optional(),
  /** Shift name → the name shown. */
  shifts: z.record(z.string(), Text).optional(),
  /** Line name → its count units and its downtime reasons by code. */
  lines: z.record(z.string(), z.strictObject({ units: Text.optional(), reasons: z.record(z.string(), Text).optional() })).optional(),
});
export type TextsFile = z.infer<typeof TextsFileSchema>;

/** One translation of a texts file, with where it is written (`alarms.Line1/Filler/Faulted.message`). */
export interface FileText {
  ref: TextRef;
  id: string;
  text: string;
  field: string;
}

/** Every translation in a parsed texts file. */
export function textsOfFile(file: TextsFile): FileText[] {
  const out: FileText[] = [];
  const add = (ref: TextRef, text: string, field: string): void => {
    out.push({ ref, id: textId(ref), text, field });
  };
  for (const [id, texts] of Object.entries(file.alarms ?? {}))
    for (const field of ALARM_TEXT_FIELDS) {
      const text = texts[field];
      if (text !== undefined) add({ kind: 'alarm', id, field }, text, `alarms.${id}.${field}`);
    }
  for (const [path, { description }] of Object.entries(file.tags ?? {})) add({ kind: 'tag', path }, description, `tags.${path}.description`);
  for (const kind of ['screen', 'template'] as const) {
    const group = kind === 'screen' ? file.screens : file.templates;
    for (const [id, doc] of Object.entries(group ?? {})) {
      const where = `${kind}s.${id}`;
      if (doc.name !== undefined) add({ kind, id, field: 'name' }, doc.name, `${where}.name`);
      for (const [element, props] of Object.entries(doc.elements ?? {}))
        for (const [prop, value] of Object.entries(props)) {
          if (typeof value === 'string') add({ kind, id, field: `${element}.${prop}` }, value, `${where}.elements.${element}.${prop}`);
          else for (const [sub, text] of Object.entries(value)) add({ kind, id, field: `${element}.${prop}.${sub}` }, text, `${where}.elements.${element}.${prop}.${sub}`);
        }
    }
  }
  for (const [name, text] of Object.entries(file.shifts ?? {})) add({ kind: 'shift', name }, text, `shifts.${name}`);
  for (const [line, texts] of Object.entries(file.lines ?? {})) {
    if (texts.units !== undefined) add({ kind: 'units', line }, texts.units, `lines.${line}.units`);
    for (const [code, text] of Object.entries(texts.reasons ?? {})) add({ kind: 'reason', line, code }, text, `lines.${line}.reasons.${code}`);
  }
  return out;
}

/** Where a text is written in a texts file (for the check's listing), as `textsOfFile` names it. */
export function fieldOf(ref: TextRef): string {
  switch (ref.kind) {
    case 'alarm':
      return `alarms.${ref.id}.${ref.field}`;
    case 'tag':
      return `tags.${ref.path}.description`;
    case 'screen':
    case 'template':
      return ref.field === 'name' ? `${ref.kind}s.${ref.id}.name` : `${ref.kind}s.${ref.id}.elements.${ref.field}`;
    case 'shift':
      return `shifts.${ref.name}`;
    case 'units':
      return `lines.${ref.line}.units`;
    case 'reason':
      return `lines.${ref.line}.reasons.${ref.code}`;
  }
}

/** A texts file holding these translations, grouped as `TextsFileSchema` reads them (keys sorted, so a save makes a small diff). */
export function textsFileOf(texts: ReadonlyArray<{ ref: TextRef; text: string }>): TextsFile {
  // Sorted by what they translate, an alarm's message before its help, so a save makes a small diff.
  const key = (ref: TextRef): string => (ref.kind === 'alarm' ? `alarm|${ref.id}|${ALARM_TEXT_FIELDS.indexOf(ref.field)}` : textId(ref));
  const sorted = [...texts].sort((a, b) => (key(a.ref) < key(b.ref) ? -1 : 1));
  const file: Required<TextsFile> = { formatVersion: TEXTS_FORMAT_VERSION, alarms: {}, tags: {}, screens: {}, templates: {}, shifts: {}, lines: {} };
  for (const { ref, text } of sorted) {
    switch (ref.kind) {
      case 'alarm':
        (file.alarms[ref.id] ??= {})[ref.field as AlarmTextField] = text;
        break;
      case 'tag':
        file.tags[ref.path] = { description: text };
        break;
      case 'screen':
      case 'template': {
        const group = ref.kind === 'screen' ? file.screens : file.templates;
        const doc = (group[ref.id] ??= {});
        if (ref.field === 'name') doc.name = text;
        else {
          const [element = '', prop = '', sub] = ref.field.split('.');
          const props = ((doc.elements ??= {})[element] ??= {});
          if (sub === undefined) props[prop] = text;
          else {
            const nested = props[prop];
            props[prop] = { ...(typeof nested === 'object' ? nested : {}), [sub]: text };
          }
        }
        break;
      }
      case 'shift':
        file.shifts[ref.name] = text;
        break;
      case 'units':
        (file.lines[ref.line] ??= {}).units = text;
        break;
      case 'reason':
        ((file.lines[ref.line] ??= {}).reasons ??= {})[ref.code] = text;
        break;
    }
  }
  const out: TextsFile = { formatVersion: TEXTS_FORMAT_VERSION };
  for (const key of ['alarms', 'tags', 'screens', 'templates', 'shifts', 'lines'] as const) if (Object.keys(file[key]).length > 0) (out as Record<string, unknown>)[key] = file[key];
  return out;
}
