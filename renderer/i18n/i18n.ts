import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import type { LanguageCode } from '../../common/preferences.ts';
import arAlarms from './locales/ar/alarms.json' with { type: 'json' };
import arAudit from './locales/ar/audit.json' with { type: 'json' };
import arCommon from './locales/ar/common.json' with { type: 'json' };
import arDevices from './locales/ar/devices.json' with { type: 'json' };
import arEditor from './locales/ar/editor.json' with { type: 'json' };
import arFrame from './locales/ar/frame.json' with { type: 'json' };
import arNotify from './locales/ar/notify.json' with { type: 'json' };
import arRules from './locales/ar/rules.json' with { type: 'json' };
import arOverview from './locales/ar/overview.json' with { type: 'json' };
import arReports from './locales/ar/reports.json' with { type: 'json' };
import arScreens from './locales/ar/screens.json' with { type: 'json' };
import arSearch from './locales/ar/search.json' with { type: 'json' };
import arSync from './locales/ar/sync.json' with { type: 'json' };
import arTags from './locales/ar/tags.json' with { type: 'json' };
import arTexts from './locales/ar/texts.json' with { type: 'json' };
import arQuality from './locales/ar/quality.json' with { type: 'json' };
import arTrends from './locales/ar/trends.json' with { type: 'json' };
import arUi from './locales/ar/ui.json' with { type: 'json' };
import arUsers from './locales/ar/users.json' with { type: 'json' };
import arWorkOrders from './locales/ar/workOrders.json' with { type: 'json' };
import deAlarms from './locales/de/alarms.json' with { type: 'json' };
import deAudit from './locales/de/audit.json' with { type: 'json' };
import deCommon from './locales/de/common.json' with { type: 'json' };
import deDevices from './locales/de/devices.json' with { type: 'json' };
import deEditor from './locales/de/editor.json' with { type: 'json' };
import deFrame from './locales/de/frame.json' with { type: 'json' };
import deNotify from './locales/de/notify.json' with { type: 'json' };
import deRules from './locales/de/rules.json' with { type: 'json' };
import deOverview from './locales/de/overview.json' with { type: 'json' };
import deReports from './locales/de/reports.json' with { type: 'json' };
import deScreens from './locales/de/screens.json' with { type: 'json' };
import deSearch from './locales/de/search.json' with { type: 'json' };
import deSync from './locales/de/sync.json' with { type: 'json' };
import deTags from './locales/de/tags.json' with { type: 'json' };
import deTexts from './locales/de/texts.json' with { type: 'json' };
import deQuality from './locales/de/quality.json' with { type: 'json' };
import deTrends from './locales/de/trends.json' with { type: 'json' };
import deUi from './locales/de/ui.json' with { type: 'json' };
import deUsers from './locales/de/users.json' with { type: 'json' };
import deWorkOrders from './locales/de/workOrders.json' with { type: 'json' };
import enAlarms from './locales/en/alarms.json' with { type: 'json' };
import enAudit from './locales/en/audit.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };
import enDevices from './locales/en/devices.json' with { type: 'json' };
import enEditor from './locales/en/editor.json' with { type: 'json' };
import enFrame from './locales/en/frame.json' with { type: 'json' };
import enNotify from './locales/en/notify.json' with { type: 'json' };
import enRules from './locales/en/rules.json' with { type: 'json' };
import enOverview from './locales/en/overview.json' with { type: 'json' };
import enReports from './locales/en/reports.json' with { type: 'json' };
import enScreens from './locales/en/screens.json' with { type: 'json' };
import enSearch from './locales/en/search.json' with { type: 'json' };
import enSync from './locales/en/sync.json' with { type: 'json' };
import enTags from './locales/en/tags.json' with { type: 'json' };
import enTexts from './locales/en/texts.json' with { type: 'json' };
import enQuality from './locales/en/quality.json' with { type: 'json' };
import enTrends from './locales/en/trends.json' with { type: 'json' };
import enUi from './locales/en/ui.json' with { type: 'json' };
import enUsers from './locales/en/users.json' with { type: 'json' };
import enWorkOrders from './locales/en/workOrders.json' with { type: 'json' };

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
} as const satisfies Record<LanguageCode, { name: string; locale: string; dir: 'ltr' | 'rtl' }>;
export type Language = keyof typeof LANGUAGES;
export const LANGUAGE_CODES = Object.keys(LANGUAGES) as Language[];
export const SOURCE_LANGUAGE: Language = 'en';

/**
 * One namespace per part of the renderer (a display's folder), `common` for texts built in code and shared
 * by several parts (quality words, permission phrases, refusals), `texts` for the project-texts machinery.
 */
export const NAMESPACES = ['frame', 'alarms', 'users', 'ui', 'common', 'overview', 'audit', 'tags', 'search', 'devices', 'sync', 'reports', 'workOrders', 'screens', 'editor', 'trends', 'texts', 'notify', 'quality', 'rules'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export const CATALOGUES: Record<Language, Record<Namespace, Record<string, unknown>>> = {
  en: {
    frame: enFrame,
    alarms: enAlarms,
    users: enUsers,
    ui: enUi,
    common: enCommon,
    overview: enOverview,
    audit: enAudit,
    tags: enTags,
    search: enSearch,
    devices: enDevices,
    sync: enSync,
    reports: enReports,
    workOrders: enWorkOrders,
    screens: enScreens,
    editor: enEditor,
    trends: enTrends,
    texts: enTexts,
    notify: enNotify,
    rules: enRules,
    quality: enQuality,
  },
  de: {
    frame: deFrame,
    alarms: deAlarms,
    users: deUsers,
    ui: deUi,
    common: deCommon,
    overview: deOverview,
    audit: deAudit,
    tags: deTags,
    search: deSearch,
    devices: deDevices,
    sync: deSync,
    reports: deReports,
    workOrders: deWorkOrders,
    screens: deScreens,
    editor: deEditor,
    trends: deTrends,
    texts: deTexts,
    notify: deNotify,
    rules: deRules,
    quality: deQuality,
  },
  ar: {
    frame: arFrame,
    alarms: arAlarms,
    users: arUsers,
    ui: arUi,
    common: arCommon,
    overview: arOverview,
    audit: arAudit,
    tags: arTags,
    search: arSearch,
    devices: arDevices,
    sync: arSync,
    reports: arReports,
    workOrders: arWorkOrders,
    screens: arScreens,
    editor: arEditor,
    trends: arTrends,
    texts: arTexts,
    notify: arNotify,
    rules: arRules,
    quality: arQuality,
  },
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
