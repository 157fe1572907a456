import { useState, type FormEvent } from 'react';
import type { SignatureBlock } from '../../common/users.ts';
import { Trans } from 'react-i18next';
import { i18n, useT } from '../i18n/i18n.ts';
import { Dialog } from './Dialog.tsx';

export interface SignatureRequest {
  /** What is being signed, in words ("Delete alarm definition Tank/Level/HiHi"). */
  action: string;
  /** The runtime asks for a second person too. */
  verifier: boolean;
  /** The signer, as signed in. */
  signer: string;
}

/** What a signature means, recorded in these words (the audit trail's); the person reads them in their language. */
const MEANINGS = ['Approved', 'Reviewed', 'Performed', 'Verified'] as const;

/**
 * An electronic signature (21 CFR Part 11): the signed-in person enters the password again, says what
 * the signature means and why, and where the project asks for it a second person signs as verifier.
 * The runtime checks it; this only collects it. Reusable by any display (see use-signed-call.ts).
 */
export function SignatureDialog({ request, error, onSign, onCancel }: { request: SignatureRequest; error: string | undefined; onSign: (block: SignatureBlock) => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const { t } = useT('ui');
  const [meaning, setMeaning] = useState<string>(MEANINGS[0]);
  const [reason, setReason] = useState('');
  const [verifierName, setVerifierName] = useState('');
  const [verifierPassword, setVerifierPassword] = useState('');
  const complete = password !== '' && reason.trim() !== '' && (!request.verifier || (verifierName.trim() !== '' && verifierPassword !== ''));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!complete) return;
    onSign({ password, meaning, reason: reason.trim(), ...(request.verifier ? { verifier: { name: verifierName.trim(), password: verifierPassword } } : {}) });
    setPassword('');
    setVerifierPassword('');
  };
  return (
    <Dialog className="users-overlay" modal label={t('signature.title')} testId="signature-dialog" onClose={onCancel}>
      <form className="users-card" onSubmit={submit}>
        <h2 className="users-card__title">{t('signature.title')}</h2>
        <p className="users-card__note">
          <Trans i18n={i18n} t={t} i18nKey="signature.needs" values={{ action: request.action }} components={[<strong key="action" />]} />
        </p>
        <label className="users-field">
          <span>{t('signature.signer')}</span>
          <input value={request.signer} readOnly />
        </label>
        <label className="users-field">
          <span>{t('signature.password')}</span>
          <input type="password" autoFocus autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="signature-password" />
        </label>
        <label className="users-field">
          <span>{t('signature.meaning')}</span>
          <select value={meaning} onChange={(e) => setMeaning(e.target.value)} data-testid="signature-meaning">
            {MEANINGS.map((m) => (
              <option key={m} value={m}>
                {t(`signature.meanings.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="users-field">
          <span>{t('signature.reason')}</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="signature-reason" />
        </label>
        {request.verifier && (
          <fieldset className="users-fieldset">
            <legend>{t('signature.verifier')}</legend>
            <label className="users-field">
              <span>{t('signature.verifierName')}</span>
              <input value={verifierName} onChange={(e) => setVerifierName(e.target.value)} data-testid="signature-verifier-name" />
            </label>
            <label className="users-field">
              <span>{t('signature.password')}</span>
              <input type="password" value={verifierPassword} onChange={(e) => setVerifierPassword(e.target.value)} data-testid="signature-verifier-password" />
            </label>
          </fieldset>
        )}
        {error && (
          <p className="users-card__error" role="alert" data-testid="signature-error">
            {error}
          </p>
        )}
        <div className="users-card__actions">
          <button type="button" className="users-button" onClick={onCancel} data-testid="signature-cancel">
            {t('signature.cancel')}
          </button>
          <button type="submit" className="users-button users-button--primary" disabled={!complete} data-testid="signature-submit">
            {t('signature.sign')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
