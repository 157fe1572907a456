import { useEffect, useMemo, useSyncExternalStore } from 'react';
import type { AlarmInfo, AlarmJournalEntry } from '../../common/alarms.ts';
import type { CallResult } from '../../common/contract.ts';
import { alarmTextId, fillMessage, screenTextId, type TextMap } from '../../common/project-texts.ts';
import type { ScreenDocument } from '../../screens/screen-schema.ts';
import { translateDocument } from '../../screens/screen-texts.ts';
import { useServices } from '../app/services.tsx';
import type { GatewayClient } from '../client/gateway-client.ts';
import { useLanguage } from '../i18n/language.ts';

/**
 * Project texts in the reader's language (common/project-texts.ts): alarm messages, screen texts, tag
 * descriptions, shift names and reasons as texts/<lang>.json translates them, the project files' own
 * text where it does not. The runtime serves one language at a time (`texts.get`); this store keeps
 * each language read, once per window, and reads it again when the runtime says it changed
 * (`texts.changed`) or the link comes back. A language switch shows the texts as soon as they arrive.
 */

type TextsOfLanguage = CallResult<'texts.get'>;

export interface ProjectTextLookup {
  /** The reader's language. */
  readonly language: string;
  /** The project's default language, once known ('en' before). */
  readonly defaultLanguage: string;
  /** The languages the project is translated into (without the default). */
  readonly translated: readonly string[];
  /** The translation of `id` into the reader's language, or `fallback` (the project files' text). */
  text(id: string, fallback: string): string;
  /** The translation of `id`, or undefined when there is none. */
  translation(id: string): string | undefined;
  /** An alarm's message in the reader's language, filled with the values it was raised with. */
  alarmMessage(alarm: Pick<AlarmInfo, 'id' | 'message' | 'messageValues'>): string;
  /** A journal entry's message in the reader's language; one journaled without its values shows as stored. */
  journalMessage(entry: Pick<AlarmJournalEntry, 'alarmId' | 'message' | 'messageValues'>): string;
  /** A screen or template with its texts in the reader's language. */
  document<D extends ScreenDocument>(doc: D): D;
  /** The alarm with its message and help in the reader's language (the same object when none is translated; one copy per alarm object). */
  alarm<A extends Pick<AlarmInfo, 'id' | 'message' | 'messageValues' | 'help'>>(alarm: A): A;
}

const NONE: TextMap = {};

/** A lookup over one language's translations (pure; the hook and tests build it). */
export function projectTextLookup(language: string, data: Pick<TextsOfLanguage, 'texts' | 'default' | 'translated'> | undefined): ProjectTextLookup {
  const texts = data?.texts ?? NONE;
  const translation = (id: string): string | undefined => texts[id];
  const translatedAlarms = new WeakMap<object, object>();
  return {
    language,
    defaultLanguage: data?.default ?? 'en',
    translated: data?.translated ?? [],
    translation,
    text: (id, fallback) => translation(id) ?? fallback,
    alarmMessage: (alarm) => {
      const template = translation(alarmTextId(alarm.id));
      return template === undefined ? alarm.message : fillMessage(template, alarm.messageValues ?? {});
    },
    journalMessage: (entry) => {
      const template = entry.messageValues && translation(alarmTextId(entry.alarmId));
      return template === undefined || !entry.messageValues ? entry.message : fillMessage(template, entry.messageValues);
    },
    alarm: (alarm) => {
      const known = translatedAlarms.get(alarm);
      if (known) return known as typeof alarm;
      const message = translation(alarmTextId(alarm.id));
      const help = alarm.help && {
        cause: texts[alarmTextId(alarm.id, 'cause')] ?? alarm.help.cause,
        consequence: texts[alarmTextId(alarm.id, 'consequence')] ?? alarm.help.consequence,
        action: texts[alarmTextId(alarm.id, 'action')] ?? alarm.help.action,
      };
      const changed = message !== undefined || (help !== undefined && (help.cause !== alarm.help?.cause || help.consequence !== alarm.help.consequence || help.action !== alarm.help.action));
      const out = changed ? { ...alarm, message: message === undefined ? alarm.message : fillMessage(message, alarm.messageValues ?? {}), ...(help ? { help } : {}) } : alarm;
      translatedAlarms.set(alarm, out);
      return out;
    },
    document: (doc) => (data && Object.keys(texts).length > 0 ? translateDocument(doc, (field) => translation(screenTextId(doc.kind, doc.id, field))) : doc),
  };
}

/** Each language's texts as the runtime last gave them, for one gateway client. */
export class ProjectTextsStore {
  readonly #client: GatewayClient;
  readonly #data = new Map<string, TextsOfLanguage>();
  readonly #wanted = new Map<string, number>();
  readonly #listeners = new Set<() => void>();
  readonly #reading = new Set<string>();
  /** Languages that changed while being read: read once more after. */
  readonly #again = new Set<string>();

  constructor(client: GatewayClient) {
    this.#client = client;
    client.on('texts.changed', ({ language }) => {
      if (this.#wanted.has(language)) void this.#read(language);
    });
    client.onDidChangeState((state) => {
      if (state === 'open') for (const language of this.#wanted.keys()) void this.#read(language);
    });
  }

  get = (language: string): TextsOfLanguage | undefined => this.#data.get(language);

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** A component shows texts in `language`: read them unless they are here; the returned function says it no longer does. */
  want(language: string): () => void {
    this.#wanted.set(language, (this.#wanted.get(language) ?? 0) + 1);
    if (!this.#data.has(language)) void this.#read(language);
    return () => {
      const left = (this.#wanted.get(language) ?? 1) - 1;
      if (left > 0) this.#wanted.set(language, left);
      else this.#wanted.delete(language);
    };
  }

  async #read(language: string): Promise<void> {
    if (this.#client.state !== 'open') return;
    if (this.#reading.has(language)) {
      this.#again.add(language);
      return;
    }
    this.#reading.add(language);
    try {
      const data = await this.#client.call('texts.get', { language });
      this.#data.set(language, data);
      for (const listener of [...this.#listeners]) listener();
    } catch {
      // No link or an older runtime: the project files' own texts show, and the next 'open' reads again.
    } finally {
      this.#reading.delete(language);
      if (this.#again.delete(language)) void this.#read(language);
    }
  }
}

const stores = new WeakMap<GatewayClient, ProjectTextsStore>();

/** The window's store of project texts (one per gateway client). */
export function projectTextsOf(client: GatewayClient): ProjectTextsStore {
  let store = stores.get(client);
  if (!store) {
    store = new ProjectTextsStore(client);
    stores.set(client, store);
  }
  return store;
}

/** Project texts in the reader's language; components re-render when the language or the translations change. */
export function useProjectTexts(): ProjectTextLookup {
  const { client } = useServices();
  const language = useLanguage();
  const store = projectTextsOf(client);
  useEffect(() => store.want(language), [store, language]);
  const data = useSyncExternalStore(store.subscribe, () => store.get(language));
  return useMemo(() => projectTextLookup(language, data), [language, data]);
}
