import { useRef } from 'react';
import { useServices } from '../app/services.tsx';
import { LANGUAGE_CODES, LANGUAGES, useT, type Language } from '../i18n/i18n.ts';
import { languages, useLanguage } from '../i18n/language.ts';
import { useCell } from '../store/cell.ts';
import { usePersonLanguage } from '../ui/use-person-settings.ts';

/**
 * The interface language from the frame, beside the theme and chosen the same way: for the station
 * (everyone without a choice of their own) or, signed in, for the person only. It applies at once,
 * without a reload. Each language is named in itself, so a person finds theirs whatever is shown.
 */
export function LanguageSwitch() {
  const { users } = useServices();
  const { t } = useT('frame');
  const user = useCell(users.user);
  const language = useLanguage();
  const menu = useRef<HTMLDetailsElement>(null);
  const name = user?.name;
  usePersonLanguage();
  const own = name !== undefined && languages.userLanguage() !== undefined;

  function choose(next: Language, scope: 'station' | 'user') {
    languages.choose(next, scope);
    if (menu.current) menu.current.open = false;
  }

  const options = (forUser: boolean) =>
    LANGUAGE_CODES.map((option) => (
      <button
        key={option}
        type="button"
        className="button"
        lang={option}
        aria-pressed={forUser === own && language === option}
        onClick={() => choose(option, forUser ? 'user' : 'station')}
        data-testid={`language-${forUser ? 'user' : 'station'}-${option}`}
      >
        {LANGUAGES[option].name}
      </button>
    ));

  return (
    <details className="theme-switch language-switch" ref={menu} data-testid="language-switch" data-language={language}>
      <summary className="theme-switch__summary" title={t('language.title')} lang={language}>
        {LANGUAGES[language].name}
      </summary>
      <div className="theme-switch__popup" role="group" aria-label={t('language.label')}>
        <p className="theme-switch__heading">{t('language.station')}</p>
        <div className="theme-switch__row">{options(false)}</div>
        {name !== undefined && (
          <>
            <p className="theme-switch__heading">{t('language.onlyFor', { name })}</p>
            <div className="theme-switch__row">{options(true)}</div>
          </>
        )}
      </div>
    </details>
  );
}
