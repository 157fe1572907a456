import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlarmDefinition, AlarmInfo, AlarmJournalEntry } from '../../../common/alarms.ts';
import { Emitter } from '../../../common/emitter.ts';
import { alarmTextId, fillMessage, parseTextId, placeholdersOf, unknownPlaceholders, type ProjectLanguages } from '../../../common/project-texts.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { formatJson, writeFilesAtomically } from '../config/project-files.ts';
import type { ProjectTexts } from './texts-check.ts';
import { languageName } from './texts-check.ts';
import { textsFileOf, textsOfFile, TextsFileSchema } from './texts-file.ts';

export interface TextsOfLanguage {
  language: string;
  default: string;
  translated: string[];
  revision: number;
  texts: Record<string, string>;
}

/** What a text id may be checked against at the time of a save (the alarm setup may have added the alarm since the start). */
export interface TextOwners {
  alarm(id: string): AlarmDefinition | undefined;
}

/**
 * The project's translations while the runtime runs: served by language (`texts.get`), changed by the
 * editor and the alarm setup (`texts.save`), each save written to texts/<lang>.json atomically (the
 * whole file, in the loader's order) before it applies, one at a time.
 */
export class TextsService {
  readonly #dir: string;
  readonly #languages: ProjectLanguages;
  readonly #byLanguage: Map<string, Map<string, string>>;
  readonly #owners: TextOwners;
  readonly #changed = new Emitter<{ language: string; revision: number }>();
  #revision = 0;
  #queue: Promise<unknown> = Promise.resolve();

  readonly onDidChange = this.#changed.event;

  constructor(dir: string, texts: ProjectTexts, owners: TextOwners) {
    this.#dir = dir;
    this.#languages = texts.languages;
    this.#byLanguage = new Map([...texts.byLanguage].map(([language, map]) => [language, new Map(map)]));
    this.#owners = owners;
  }

  get languages(): ProjectLanguages {
    return this.#languages;
  }

  /** The translations into `language`; the default language (or one the project lacks) has none: its texts are the files' own. */
  get(language: string): TextsOfLanguage {
    const map = this.#byLanguage.get(language);
    return { language, default: this.#languages.default, translated: [...this.#languages.translated], revision: this.#revision, texts: map ? Object.fromEntries(map) : {} };
  }

  /** One translation, or undefined (the caller shows the default language's text). */
  text(language: string, id: string): string | undefined {
    return this.#byLanguage.get(language)?.get(id);
  }

  /** An alarm as a list shows it, its message (filled with the same values) and help in `language` where translated. */
  alarm<A extends Pick<AlarmInfo, 'id' | 'message' | 'messageValues' | 'help'>>(info: A, language: string): A {
    const map = this.#byLanguage.get(language);
    if (!map) return info;
    const message = map.get(alarmTextId(info.id));
    const help = info.help && {
      cause: map.get(alarmTextId(info.id, 'cause')) ?? info.help.cause,
      consequence: map.get(alarmTextId(info.id, 'consequence')) ?? info.help.consequence,
      action: map.get(alarmTextId(info.id, 'action')) ?? info.help.action,
    };
    return { ...info, ...(message !== undefined ? { message: fillMessage(message, info.messageValues ?? {}) } : {}), ...(help ? { help } : {}) };
  }

  /** A journal entry with its message in `language` where translated; an entry journaled without its values keeps the stored message. */
  journalEntry<E extends Pick<AlarmJournalEntry, 'alarmId' | 'message' | 'messageValues'>>(entry: E, language: string): E {
    if (!entry.messageValues) return entry;
    const message = this.text(language, alarmTextId(entry.alarmId));
    return message === undefined ? entry : { ...entry, message: fillMessage(message, entry.messageValues) };
  }

  /** Sets (a text) or removes (null) translations into one language; all are checked before any is written. */
  save(language: string, changes: Readonly<Record<string, string | null>>): Promise<Result<TextsOfLanguage>> {
    const run = this.#queue.then(() => this.#save(language, changes));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  dispose(): void {
    this.#changed.dispose();
  }

  async #save(language: string, changes: Readonly<Record<string, string | null>>): Promise<Result<TextsOfLanguage>> {
    const current = this.#byLanguage.get(language);
    if (!current) {
      if (language === this.#languages.default) return fail('bad-request', `${language} is the project's default language: change the text itself, not a translation`, 'language');
      const declared = this.#languages.translated.join(', ') || 'none';
      return fail('bad-request', `the project is not translated into ${languageName(language)} (${language}); project.json languages.translated: ${declared}`, 'language');
    }
    const next = new Map(current);
    for (const [id, text] of Object.entries(changes)) {
      const problem = this.#check(id, text);
      if (problem) return fail('bad-request', `texts["${id}"]: ${problem}`, `texts.${id}`);
      if (text === null || text.trim() === '') next.delete(id);
      else next.set(id, text.trim());
    }
    // Entries of the file this runtime does not hold (a text the project no longer has) are kept as written.
    const file = `texts/${language}.json`;
    const kept = await this.#unheld(file, (id) => next.has(id) || Object.hasOwn(changes, id));
    const doc = textsFileOf([...kept, ...[...next].map(([id, text]) => ({ ref: parseTextId(id)!, text }))]);
    const written = await writeFilesAtomically(this.#dir, new Map([[file, formatJson(doc)]]));
    if (!written.ok) return written;
    this.#byLanguage.set(language, next);
    this.#revision += 1;
    this.#changed.fire({ language, revision: this.#revision });
    return ok(this.get(language));
  }

  #check(id: string, text: string | null): string | undefined {
    const ref = parseTextId(id);
    if (!ref) return 'not a text id (such as alarm|Line1/Tank101/Level/Hi|message)';
    if (text === null || ref.kind !== 'alarm') return undefined;
    const alarm = this.#owners.alarm(ref.id);
    if (!alarm) return `the project has no alarm "${ref.id}"`;
    if (ref.field !== 'message') return undefined;
    const unknown = unknownPlaceholders(text);
    if (unknown.length > 0) return `unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')} (an alarm message may hold {value}, {units}, {limit}, {setpoint}, {tag}, {id}, {state})`;
    const lost = placeholdersOf(alarm.message).filter((p) => !placeholdersOf(text).includes(p));
    return lost.length > 0 ? `the translation leaves out ${lost.map((p) => `{${p}}`).join(', ')}, which the message shows` : undefined;
  }

  async #unheld(file: string, held: (id: string) => boolean): Promise<ReturnType<typeof textsOfFile>> {
    try {
      const parsed = TextsFileSchema.safeParse(JSON.parse(await readFile(join(this.#dir, file), 'utf8')));
      return parsed.success ? textsOfFile(parsed.data).filter((t) => !held(t.id)) : [];
    } catch {
      return [];
    }
  }
}
