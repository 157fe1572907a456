import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ALARM_TEXT_FIELDS, textId, type TextRef } from '../../../common/project-texts.ts';
import type { TagDefinition } from '../../../common/tag.ts';
import { screenDocumentProblems } from '../../../screens/screen-document.ts';
import type { ScreenDocument, Template } from '../../../screens/screen-schema.ts';
import { documentTexts } from '../../../screens/screen-texts.ts';
import type { AlarmFileEntry } from '../alarms/alarm-validation.ts';
import type { ShiftsFile } from '../shifts/production-schema.ts';
import type { TagOrigin } from '../project/tag-files-loader.ts';

/** One text of the project in its default language, and where the project files write it. */
export interface TextSource {
  ref: TextRef;
  id: string;
  text: string;
  /** `alarms/machines.json`, field `alarms[0].message`. */
  file: string;
  field: string;
  /** May be translated, need not be (a symbol's units): not listed as missing. */
  optional?: true;
}

export interface TextSourceInput {
  alarms: readonly AlarmFileEntry[];
  tags: readonly TagDefinition[];
  tagOrigins: ReadonlyMap<string, TagOrigin>;
  documents: readonly { file: string; doc: ScreenDocument }[];
  shifts: ShiftsFile | undefined;
}

/** Every text of the project that may carry translations (alarm messages and help, tag descriptions, screens, shifts, reasons). */
export function textSources(input: TextSourceInput): TextSource[] {
  const out: TextSource[] = [];
  const add = (ref: TextRef, text: string, file: string, field: string, optional?: true): void => {
    if (text.trim() !== '') out.push({ ref, id: textId(ref), text, file, field, ...(optional ? { optional } : {}) });
  };
  for (const entry of input.alarms)
    for (const [i, def] of entry.alarms.entries())
      for (const field of ALARM_TEXT_FIELDS) {
        const text = field === 'message' ? def.message : def.help?.[field];
        if (text !== undefined) add({ kind: 'alarm', id: def.id, field }, text, entry.file, field === 'message' ? `alarms[${i}].message` : `alarms[${i}].help.${field}`);
      }
  for (const tag of input.tags) {
    const origin = input.tagOrigins.get(tag.path);
    add({ kind: 'tag', path: tag.path }, tag.description, origin?.file ?? 'tags', origin ? `${origin.field}.description` : 'description');
  }
  const templates = new Map(input.documents.filter((d): d is { file: string; doc: Template } => d.doc.kind === 'template').map((d) => [d.doc.id, d.doc]));
  for (const { file, doc } of input.documents) for (const t of documentTexts(doc, templates)) add({ kind: doc.kind, id: doc.id, field: t.field }, t.text, file, t.field === 'name' ? 'name' : `elements(${t.field})`, t.optional);
  for (const [i, shift] of (input.shifts?.shifts ?? []).entries()) add({ kind: 'shift', name: shift.name }, shift.name, 'shifts.json', `shifts[${i}].name`);
  for (const [i, line] of (input.shifts?.lines ?? []).entries()) {
    if (line.units) add({ kind: 'units', line: line.name }, line.units, 'shifts.json', `lines[${i}].units`);
    for (const [state, reason] of Object.entries(line.reasons)) add({ kind: 'reason', line: line.name, code: reason.code }, reason.text, 'shifts.json', `lines[${i}].reasons.${state}.text`);
  }
  return out;
}

/** The valid screens and templates of a project folder (their problems are the screen check's to report). */
export async function readScreenDocuments(dir: string): Promise<{ file: string; doc: ScreenDocument }[]> {
  const out: { file: string; doc: ScreenDocument }[] = [];
  for (const folder of ['templates', 'screens']) {
    let names: string[];
    try {
      names = (await readdir(join(dir, folder))).filter((n) => n.endsWith('.json')).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      try {
        const checked = screenDocumentProblems(JSON.parse(await readFile(join(dir, folder, name), 'utf8')));
        if (checked.value && checked.problems.length === 0) out.push({ file: `${folder}/${name}`, doc: checked.value });
      } catch {
        // Unreadable or not JSON: checkScreenFiles reports it.
      }
    }
  }
  return out;
}
