import { useSyncExternalStore } from 'react';
import type { i18n as I18n } from 'i18next';
import { setFormatLocale } from '../ui/format.ts';
import { i18n, isLanguage, LANGUAGES, SOURCE_LANGUAGE, type Language } from './i18n.ts';

/**
 * The interface language, chosen as the theme is (ui/theme.ts): the station's choice is the default, a
 * signed-in person may keep their own, which wins on this station; both in the station's browser
 * storage. A change applies at once, without a reload: i18next switches (components using `useT`
 * re-render), `<html lang dir>` follow (Arabic lays the frame out right to left) and numbers and dates
 * take the language's locale (ui/format.ts), in the plant's time zone still.
 */
const STATION_KEY = 'lineside.language';
const USER_KEY_PREFIX = 'lineside.language.user.';

/** The language shown: the person's own choice, else the station's, else English. */
export function resolveLanguage(station: Language | undefined, user: Language | undefined): Language {
  return user ?? station ?? SOURCE_LANGUAGE;
}

type LanguageStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class LanguageStore {
  readonly #storage: LanguageStorage | undefined;
  readonly #root: HTMLElement | undefined;
  readonly #i18n: I18n;
  readonly #listeners = new Set<() => void>();
  #user: string | undefined;
  #language: Language;

  constructor(storage: LanguageStorage | undefined, root: HTMLElement | undefined, instance: I18n) {
    this.#storage = storage;
    this.#root = root;
    this.#i18n = instance;
    this.#language = this.#resolve();
    this.#apply();
  }

  get = (): Language => this.#language;

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  stationLanguage(): Language | undefined {
    return this.#read(STATION_KEY);
  }

  userLanguage(): Language | undefined {
    return this.#user === undefined ? undefined : this.#read(USER_KEY_PREFIX + this.#user);
  }

  /** Who is signed in (undefined: nobody); their own choice, if any, takes over at once. */
  setUser(name: string | undefined): void {
    this.#user = name;
    this.#update();
  }

  /** 'station' sets the default and drops the person's own choice; 'user' keeps it for the signed-in person. */
  choose(language: Language, scope: 'station' | 'user'): void {
    if (!isLanguage(language)) throw new Error(`unknown language '${String(language)}' (known: ${Object.keys(LANGUAGES).join(', ')})`);
    if (scope === 'user') {
      if (this.#user === undefined) throw new Error('a language for the person needs someone signed in');
      this.#storage?.setItem(USER_KEY_PREFIX + this.#user, language);
    } else {
      this.#storage?.setItem(STATION_KEY, language);
      if (this.#user !== undefined) this.#storage?.removeItem(USER_KEY_PREFIX + this.#user);
    }
    this.#update();
  }

  #read(key: string): Language | undefined {
    const value = this.#storage?.getItem(key);
    return isLanguage(value) ? value : undefined;
  }

  #resolve(): Language {
    return resolveLanguage(this.stationLanguage(), this.userLanguage());
  }

  #update(): void {
    const next = this.#resolve();
    if (next === this.#language) return;
    this.#language = next;
    this.#apply();
    for (const listener of [...this.#listeners]) listener();
  }

  #apply(): void {
    const info = LANGUAGES[this.#language];
    // The locale first: components re-rendered by the language change format with the new one.
    setFormatLocale(info.locale);
    void this.#i18n.changeLanguage(this.#language);
    if (this.#root) {
      this.#root.lang = this.#language;
      this.#root.dir = info.dir;
    }
  }
}

function localStorageOrUndefined(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage;
  } catch {
    return undefined;
  }
}

/** The page's one language store. */
export const languages = new LanguageStore(localStorageOrUndefined(), typeof document === 'undefined' ? undefined : document.documentElement, i18n);

export function useLanguage(): Language {
  return useSyncExternalStore(languages.subscribe, languages.get);
}
