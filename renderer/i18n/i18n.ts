import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import arAlarms from './locales/ar/alarms.json' with { type: 'json' };
import arFrame from './locales/ar/frame.json' with { type: 'json' };
import arUi from './locales/ar/ui.json' with { type: 'json' };
import arUsers from './locales/ar/users.json' with { type: 'json' };
import deAlarms from './locales/de/alarms.json' with { type: 'json' };
import deFrame from './locales/de/frame.json' with { type: 'json' };
import deUi from './locales/de/ui.json' with { type: 'json' };
import deUsers from './locales/de/users.json' with { type: 'json' };
import enAlarms from './locales/en/alarms.json' with { type: 'json' };
import enFrame from './locales/en/frame.json' with { type: 'json' };
import enUi from './locales/en/ui.json' with { type: 'json' };
import enUsers from './locales/en/users.json' with { type: 'json' };

/**
 * The interface's languages. English is the source and the fallback: a key a catalogue lacks shows in
 * English (test/unit/i18n-catalogues.test.ts lists what each catalogue lacks). German is complete for
 * what is converted; Arabic is partial, there to keep the right-to-left layout honest.
 * `locale` is what numbers and dates follow (ui/format.ts); the plant's time zone stays the plant's.
 * Arabic keeps Western digits (`nu-latn`), as the plant's panels and PLC tags show them.
 */
export const LANGUAGES = {
  en: { name: 'English', locale: 'en-GB', dir: 'ltr' },
  de: { name: 'Deutsch', locale: 'de-DE', dir: 'ltr' },
  ar: { name: 'العربية', locale: 'ar-u-nu-latn', dir: 'rtl' },
} as const satisfies Record<string, { name: string; locale: string; dir: 'ltr' | 'rtl' }>;
export type Language = keyof typeof LANGUAGES;
export const LANGUAGE_CODES = Object.keys(LANGUAGES) as Language[];
export const SOURCE_LANGUAGE: Language = 'en';

/** One namespace per part of the renderer; a display converted later adds its own. */
export const NAMESPACES = ['frame', 'alarms', 'users', 'ui'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const CATALOGUES: Record<Language, Record<Namespace, Record<string, unknown>>> = {
  en: { frame: enFrame, alarms: enAlarms, users: enUsers, ui: enUi },
  de: { frame: deFrame, alarms: deAlarms, users: deUsers, ui: deUi },
  ar: { frame: arFrame, alarms: arAlarms, users: arUsers, ui: arUi },
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && Object.hasOwn(LANGUAGES, value);
}

/**
 * An i18next instance on the bundled catalogues, ready when this returns (no backend, nothing loaded
 * later): plurals by `count` (`key_one`/`key_other`, Intl.PluralRules of the language), `{{var}}`
 * interpolation; React escapes, so i18next does not.
 */
export function createI18n(language: Language = SOURCE_LANGUAGE): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources: CATALOGUES,
    lng: language,
    fallbackLng: SOURCE_LANGUAGE,
    supportedLngs: LANGUAGE_CODES,
    ns: NAMESPACES,
    defaultNS: 'frame',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnEmptyString: false,
  });
  return instance;
}

/** The page's one instance (the language is a property of the document, as the theme is). */
export const i18n = createI18n();

/** `t` of a namespace, re-rendering the component when the language changes. */
export function useT(namespace: Namespace) {
  return useTranslation(namespace, { i18n });
}
