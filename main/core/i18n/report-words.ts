import i18next, { type TFunction } from 'i18next';
import deReports from './locales/de/reports.json' with { type: 'json' };
import enReports from './locales/en/reports.json' with { type: 'json' };

/**
 * The runtime's own texts in people's languages: what it writes into files people read (the shift
 * report's PDF and XLSX). The same library as the renderer (i18next, JSON catalogues, `{{var}}`
 * interpolation), with the runtime's own catalogues here in main/core/i18n/locales/<lang>/<namespace>.json:
 * the runtime may not import the renderer, and these texts are the runtime's alone.
 *
 * Languages: English and German. Arabic falls back to English: the PDF's built-in fonts (Helvetica,
 * WinAnsi) have no Arabic glyphs, and no font is bundled for it.
 */
export const REPORT_LANGUAGES = ['en', 'de'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export const REPORT_CATALOGUES: Record<ReportLanguage, { reports: Record<string, unknown> }> = {
  en: { reports: enReports },
  de: { reports: deReports },
};

/** The locale for numbers when the project names none (`plant.locale`). */
export const DEFAULT_PLANT_LOCALE = 'en-GB';

const instance = i18next.createInstance();
void instance.init({
  resources: REPORT_CATALOGUES,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...REPORT_LANGUAGES],
  ns: ['reports'],
  defaultNS: 'reports',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnEmptyString: false,
});

/** A language a report can be written in: the requested one when there is a catalogue for it, else English. */
export function reportLanguage(requested: string | null | undefined): ReportLanguage {
  return requested === 'de' ? 'de' : 'en';
}

/** What a report file needs to speak a language: its texts, and numbers in the plant's locale. */
export interface ReportWords {
  readonly language: ReportLanguage;
  readonly locale: string;
  readonly t: TFunction<'reports'>;
  /** `0.78` → "78.0 %" (en-GB) or "78,0 %" (de-DE); null → "—". */
  percent(value: number | null): string;
  /** A number with fixed decimals in the plant's locale, without grouping (counts read as the PLC shows them). */
  number(value: number, decimals?: number): string;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, decimals: number | undefined): Intl.NumberFormat {
  const key = `${locale}|${decimals ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { useGrouping: false, ...(decimals === undefined ? { maximumFractionDigits: 6 } : { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) });
    numberFormats.set(key, format);
  }
  return format;
}

/**
 * Report texts in `language` with numbers in `locale` (the plant's). The CSV export does not use these:
 * it keeps one machine-readable form whatever the reader's language (report-tables.ts `MACHINE_WORDS`).
 */
export function reportWords(language: ReportLanguage, locale: string = DEFAULT_PLANT_LOCALE): ReportWords {
  const t = instance.getFixedT(language, 'reports');
  return {
    language,
    locale,
    t,
    percent: (value) => (value === null ? '—' : `${numberFormat(locale, 1).format(value * 100)} %`),
    number: (value, decimals) => numberFormat(locale, decimals).format(value),
  };
}
