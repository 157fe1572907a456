import { Trans } from 'react-i18next';
import { i18n, useT } from '../i18n/i18n.ts';

/** Shown instead of the HMI when the page was opened without a gateway token. */
export function MissingToken() {
  const { t } = useT('frame');
  return (
    <main className="missing-token" data-testid="missing-token">
      <div className="missing-token__panel">
        <h1>{t('missingToken.title')}</h1>
        <p className="missing-token__lead">{t('missingToken.lead')}</p>
        <p>
          <Trans i18n={i18n} t={t} i18nKey="missingToken.how" components={[<code key="serve" />, <code key="start" />, <code key="token" />]} />
        </p>
        <p>{t('missingToken.token')}</p>
      </div>
    </main>
  );
}
