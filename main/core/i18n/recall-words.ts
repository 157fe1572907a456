import i18next, { type TFunction } from 'i18next';
import deRecall from './locales/de/recall.json' with { type: 'json' };
import enRecall from './locales/en/recall.json' with { type: 'json' };
import { reportLanguage, type ReportLanguage } from './report-words.ts';

/**
 * The recall list's PDF in the language of whoever exports it (the same languages as the shift report:
 * English and German; others in English). The CSV keeps one machine-readable form (recall-export.ts).
 */
export const RECALL_CATALOGUES = { en: { recall: enRecall }, de: { recall: deRecall } } as const;

const instance = i18next.createInstance();
void instance.init({
  resources: RECALL_CATALOGUES,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: ['en', 'de'],
  ns: ['recall'],
  defaultNS: 'recall',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnEmptyString: false,
});

export interface RecallWords {
  readonly language: ReportLanguage;
  readonly t: TFunction<'recall'>;
}

/** The recall list's words in `requested` (English where there is no catalogue for it). */
export function recallWords(requested: string | null | undefined): RecallWords {
  const language = reportLanguage(requested);
  return { language, t: instance.getFixedT(language, 'recall') };
}
