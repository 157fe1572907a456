import { useEffect, useState, useSyncExternalStore } from 'react';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { FeedbackLine, type FeedbackValue } from './Feedback.tsx';
import { projectTextsOf, useProjectTexts } from './project-texts.ts';
import './text-translations.css';
import { problemText } from './texts.ts';

/** `de` in the reader's language: "Deutsch", "German". */
export function languageLabel(language: string, reader: string): string {
  try {
    return new Intl.DisplayNames([reader], { type: 'language' }).of(language) ?? language;
  } catch {
    return language;
  }
}

/** What the project says about its languages and one text's translations into each, read once per window. */
function useTranslationsOf(id: string, languages: readonly string[]): Record<string, string | undefined> {
  const { client } = useServices();
  const store = projectTextsOf(client);
  const key = languages.join(',');
  useEffect(() => {
    const stops = key === '' ? [] : key.split(',').map((language) => store.want(language));
    return () => stops.forEach((stop) => stop());
  }, [store, key]);
  // The snapshot is a string (stable while nothing changed): each language's translation, or nothing.
  const snapshot = useSyncExternalStore(store.subscribe, () => JSON.stringify(languages.map((language) => store.get(language)?.texts[id] ?? null)));
  const values = JSON.parse(snapshot) as (string | null)[];
  return Object.fromEntries(languages.map((language, i) => [language, values[i] ?? undefined]));
}

export interface TextTranslationsProps {
  /** The text's id (common/project-texts.ts: `alarm|Line1/Filler/Faulted|message`). */
  id: string;
  /** The text in the project's default language, as the project file writes it. */
  text: string;
  /** What the text is (`message`, `text`, `label`, `onText`, `offText`): the heading names it. */
  field: string;
  disabled?: boolean | undefined;
  /** True while what the text belongs to is not saved yet (a new alarm): the translations wait for it. */
  notYet?: boolean | undefined;
}

/**
 * A text's translations into the project's other languages (texts/<lang>.json): the default language's
 * text above, one field per language (empty: the default language shows), saved with `texts.save`,
 * which the runtime checks (an alarm message keeps its placeholders), writes and records in the audit
 * trail. Every window showing the text takes the new translation at once.
 */
export function TextTranslations({ id, text, field, disabled, notYet }: TextTranslationsProps) {
  const { t } = useT('texts');
  const { client } = useServices();
  const project = useProjectTexts();
  const languages = project.translated;
  const saved = useTranslationsOf(id, languages);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [feedback, setFeedback] = useState<FeedbackValue>({ state: 'idle' });
  // Another text (another element or alarm picked): its own translations, nothing typed carried over.
  useEffect(() => {
    setDraft({});
    setFeedback({ state: 'idle' });
  }, [id]);
  if (languages.length === 0) return null;
  const changed = languages.filter((language) => draft[language] !== undefined && draft[language].trim() !== (saved[language] ?? ''));
  const save = async () => {
    setFeedback({ state: 'pending', text: t('translations.saving') });
    try {
      for (const language of changed) await client.call('texts.save', { language, texts: { [id]: draft[language]!.trim() === '' ? null : draft[language]!.trim() } });
      setDraft({});
      setFeedback({ state: 'accepted', text: t('translations.saved', { count: changed.length }) });
    } catch (error) {
      setFeedback({ state: 'refused', text: t('translations.refused', { reason: problemText(error) }) });
    }
  };
  return (
    <fieldset className="text-translations" data-testid={`translations:${id}`} disabled={disabled}>
      <legend className="text-translations__legend">{t('translations.title', { label: t(`props.${field}`, { defaultValue: field }) })}</legend>
      <div className="text-translations__row">
        <span className="text-translations__language">{t('translations.default', { language: languageLabel(project.defaultLanguage, project.language) })}</span>
        <span className="text-translations__source" data-project-text="">
          {text.trim() === '' ? t('translations.empty') : text}
        </span>
      </div>
      {languages.map((language) => (
        <label key={language} className="text-translations__row">
          <span className="text-translations__language">{languageLabel(language, project.language)}</span>
          <input
            type="text"
            className="text-translations__input"
            lang={language}
            data-testid={`translation:${language}`}
            value={draft[language] ?? saved[language] ?? ''}
            placeholder={t('translations.placeholder')}
            maxLength={2000}
            onChange={(e) => setDraft({ ...draft, [language]: e.target.value })}
          />
        </label>
      ))}
      <div className="text-translations__actions">
        {notYet ? (
          <span className="text-translations__note">{t('translations.notYet')}</span>
        ) : (
          <button type="button" className="button" data-testid="translations-save" disabled={changed.length === 0 || feedback.state === 'pending'} onClick={() => void save()}>
            {t('translations.save')}
          </button>
        )}
        <FeedbackLine feedback={feedback} testId="translations-feedback" inline />
      </div>
    </fieldset>
  );
}
