import { useSyncExternalStore } from 'react';
import type { i18n as I18n } from 'i18next';
import { setFormatLocale } from '../ui/format.ts';
import { ChoiceStore, localStorageOrUndefined, type ChoiceStorage } from '../ui/choice-store.ts';
import { i18n, isLanguage, LANGUAGES, SOURCE_LANGUAGE, type Language } from './i18n.ts';

/**
 * The interface language, chosen as the theme is (ui/choice-store.ts): the station's choice is the
 * default, kept in the station's browser storage; a signed-in person may keep their own, which wins and
 * which the runtime keeps with their account, so it follows them to any station. A change applies at
 * once, without a reload: i18next switches (components using `useT` re-render), `<html lang dir>`
 * follow (Arabic lays the frame out right to left) and numbers and dates take the language's locale
 * (ui/format.ts), in the plant's time zone still.
 */
const STATION_KEY = 'lineside.language';
const LEGACY_USER_PREFIX = 'lineside.language.user.';

/** The language shown: the person's own choice, else the station's, else English. */
export function resolveLanguage(station: Language | undefined, user: Language | undefined): Language {
  return user ?? station ?? SOURCE_LANGUAGE;
}

export class LanguageStore extends ChoiceStore<Language> {
  constructor(storage: ChoiceStorage | undefined, root: HTMLElement | undefined, instance: I18n) {
    super({
      storage,
      stationKey: STATION_KEY,
      legacyUserPrefix: LEGACY_USER_PREFIX,
      isValid: isLanguage,
      fallback: SOURCE_LANGUAGE,
      what: 'language',
      apply: (language) => {
        const info = LANGUAGES[language];
        // The locale first: components re-rendered by the language change format with the new one.
        setFormatLocale(info.locale);
        void instance.changeLanguage(language);
        if (root) {
          root.lang = language;
          root.dir = info.dir;
        }
      },
    });
  }

  stationLanguage(): Language | undefined {
    return this.station();
  }

  userLanguage(): Language | undefined {
    return this.own();
  }

  override choose(language: Language, scope: 'station' | 'user'): void {
    if (!isLanguage(language)) throw new Error(`unknown language '${String(language)}' (known: ${Object.keys(LANGUAGES).join(', ')})`);
    super.choose(language, scope);
  }
}

/** The page's one language store. */
export const languages = new LanguageStore(localStorageOrUndefined(), typeof document === 'undefined' ? undefined : document.documentElement, i18n);

export function useLanguage(): Language {
  return useSyncExternalStore(languages.subscribe, languages.get);
}
