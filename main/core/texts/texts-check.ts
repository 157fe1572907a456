import { placeholdersOf, TextLanguageSchema, unknownPlaceholders, type ProjectLanguages, type TextRef } from '../../../common/project-texts.ts';
import { listJsonFiles, readJson } from '../project/project-json.ts';
import { problem, schemaProblems, type ProjectProblem } from '../project/project-problems.ts';
import { fieldOf, textsOfFile, TextsFileSchema } from './texts-file.ts';
import type { TextSource } from './text-sources.ts';

/** The project's translations: language → text id → text (only texts the project has). */
export interface ProjectTexts {
  languages: ProjectLanguages;
  byLanguage: Map<string, Map<string, string>>;
}

/** `de` → `German`, for messages to engineers (English, as every message of the check). */
export function languageName(language: string): string {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

function describe(ref: TextRef): string {
  switch (ref.kind) {
    case 'alarm':
      return `alarm "${ref.id}"`;
    case 'tag':
      return `tag "${ref.path}"`;
    case 'screen':
    case 'template':
      return ref.field === 'name' ? `${ref.kind} "${ref.id}"` : `element "${ref.field.split('.')[0]}" of ${ref.kind} "${ref.id}"`;
    case 'shift':
      return `shift "${ref.name}"`;
    case 'units':
      return `line "${ref.line}"`;
    case 'reason':
      return `reason code "${ref.code}" of line "${ref.line}"`;
  }
}

/**
 * One translation checked against the project: the text exists and an alarm message keeps to the
 * placeholders the runtime fills. Errors stop the project; a text the project no longer has (an alarm
 * deleted since) is a warning, so deleting an alarm never stops the next start.
 */
export function translationProblems(language: string, field: string, ref: TextRef, text: string, source: TextSource | undefined): ProjectProblem[] {
  const file = `texts/${language}.json`;
  if (!source) return [problem(file, `the project has no ${describe(ref)}${ref.kind === 'screen' || ref.kind === 'template' ? ' with that text' : ''}: this translation is never shown`, field, 'warning')];
  if (ref.kind !== 'alarm' || ref.field !== 'message') return [];
  const unknown = unknownPlaceholders(text);
  if (unknown.length > 0) return [problem(file, `unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')} (an alarm message may hold {value}, {units}, {limit}, {setpoint}, {tag}, {id}, {state})`, field)];
  const lost = placeholdersOf(source.text).filter((p) => !placeholdersOf(text).includes(p));
  return lost.length > 0 ? [problem(file, `leaves out ${lost.map((p) => `{${p}}`).join(', ')} that the message in ${source.file} shows`, field, 'warning')] : [];
}

/**
 * Reads texts/*.json and checks each against project.json's languages and the project's texts; then
 * lists, per translated language, every text without a translation (warnings: it shows in the default
 * language). `npm run check` prints these; the runtime starts with the translations that are right.
 */
export async function checkProjectTexts(dir: string, languages: ProjectLanguages, sources: readonly TextSource[], problems: ProjectProblem[]): Promise<ProjectTexts> {
  const byId = new Map(sources.map((s) => [s.id, s]));
  const byLanguage = new Map<string, Map<string, string>>();
  for (const language of languages.translated) byLanguage.set(language, new Map());
  if (languages.translated.includes(languages.default)) problems.push(problem('project.json', `${languages.default} is the default language: its texts are the project files' own, list only the others`, 'languages.translated'));

  for (const file of await listJsonFiles(dir, 'texts', problems)) {
    const language = file.slice('texts/'.length, -'.json'.length);
    if (!TextLanguageSchema.safeParse(language).success) {
      problems.push(problem(file, 'the file name is a language code: texts/de.json, texts/pt-BR.json'));
      continue;
    }
    if (language === languages.default) {
      problems.push(problem(file, `${language} is the project's default language (project.json languages.default): its texts are the project files' own`));
      continue;
    }
    const translations = byLanguage.get(language);
    if (!translations) {
      const declared = languages.translated.length > 0 ? languages.translated.join(', ') : 'none';
      problems.push(problem(file, `project.json does not translate into ${language} (languages.translated: ${declared}): add it there or remove this file`));
      continue;
    }
    const json = await readJson(dir, file, problems);
    if (json === undefined) continue;
    const parsed = schemaProblems(TextsFileSchema, json, file);
    problems.push(...parsed.problems);
    if (!parsed.value) continue;
    for (const t of textsOfFile(parsed.value)) {
      const found = translationProblems(language, t.field, t.ref, t.text, byId.get(t.id));
      problems.push(...found);
      if (byId.has(t.id) && !found.some((p) => p.severity === 'error')) translations.set(t.id, t.text);
    }
  }
  problems.push(...missingTranslations(languages, sources, byLanguage));
  return { languages, byLanguage };
}

/** One warning per text without a translation (but for optional ones: a symbol's units), per translated language, naming the text and where the project writes it. */
export function missingTranslations(languages: ProjectLanguages, sources: readonly TextSource[], byLanguage: ReadonlyMap<string, ReadonlyMap<string, string>>): ProjectProblem[] {
  const out: ProjectProblem[] = [];
  const shownIn = languageName(languages.default);
  for (const language of languages.translated) {
    const translations = byLanguage.get(language);
    for (const source of sources) {
      if (source.optional || translations?.has(source.id)) continue;
      const quoted = source.text.length > 60 ? `${source.text.slice(0, 57)}…` : source.text;
      out.push(problem(`texts/${language}.json`, `no ${languageName(language)} translation of ${describe(source.ref)}: "${quoted}" (${source.file} ${source.field}) shows in ${shownIn}`, fieldOf(source.ref), 'warning'));
    }
  }
  return out;
}
