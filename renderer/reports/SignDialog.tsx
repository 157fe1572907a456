import { useState } from 'react';
import { Trans } from 'react-i18next';
import type { ReportSummary } from '../../common/reports-contract.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { Feedback, reasonOf } from '../ui/Feedback.tsx';
import { Dialog } from '../ui/Dialog.tsx';

/** What a signature means, as the runtime records it (in English, whatever the signer reads); shown by the catalogue's `sign.meanings.*`. */
const TITLE_ID = 'sign-title';
const MEANINGS = ['Reviewed and approved', 'Reviewed with remarks', 'Reviewed, not approved'] as const;

/** The electronic sign-off: who signs, what the signature means, and why; the runtime verifies and records it. */
export function SignDialog({ report, onClose, onSigned }: { report: ReportSummary; onClose: () => void; onSigned: (r: ReportSummary) => void }) {
  const { client, users } = useServices();
  const { t, i18n } = useT('reports');
  const person = useCell(users.user);
  const [meaning, setMeaning] = useState<string>(MEANINGS[0]);
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<{ state: 'idle' | 'pending' | 'refused'; text: string }>({ state: 'idle', text: '' });

  const sign = () => {
    setStatus({ state: 'pending', text: t('sign.signing') });
    client.call('reports.sign', { id: report.id, meaning, reason, password }).then(
      (signed) => onSigned(signed),
      (e: unknown) => setStatus({ state: 'refused', text: reasonOf(e) }),
    );
  };

  return (
    <div className="sign-dialog__backdrop">
      <Dialog className="sign-dialog" modal labelledBy={TITLE_ID} testId="sign-dialog" onClose={onClose}>
        <h2 id={TITLE_ID}>{t('sign.title')}</h2>
        <p className="sign-dialog__what">
          <Trans i18n={i18n} t={t} i18nKey="sign.what" values={{ shift: report.shiftId, version: report.version }} components={{ 1: <span data-project-text="" /> }} />
          <br />
          <span className="sign-dialog__hash">{t('sign.hash', { hash: report.contentSha256.slice(0, 16) })}</span>
        </p>
        <p>
          <Trans i18n={i18n} t={t} i18nKey="sign.signingAs" values={{ name: person?.name ?? '…', role: person?.role ?? '…' }} components={{ 1: <strong data-testid="sign-user" data-project-text="" />, 2: <span data-project-text="" /> }} />
        </p>
        <label className="sign-dialog__field">
          {t('sign.meaning')}
          <select className="alarm-input" value={meaning} onChange={(e) => setMeaning(e.target.value)} data-testid="sign-meaning">
            {MEANINGS.map((m) => (
              <option key={m} value={m}>
                {t(`sign.meanings.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="sign-dialog__field">
          {t('sign.reason')}
          <textarea className="sign-dialog__reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="sign-reason" placeholder={t('sign.reasonPlaceholder')} />
        </label>
        <label className="sign-dialog__field">
          {t('sign.password')}
          <input className="alarm-input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="sign-password" />
        </label>
        {status.state !== 'idle' && (
          <Feedback state={status.state === 'pending' ? 'pending' : 'refused'} testId="sign-status">
            {status.text}
          </Feedback>
        )}
        <div className="sign-dialog__buttons">
          <button type="button" className="button" onClick={onClose} data-testid="sign-cancel">
            {t('sign.cancel')}
          </button>
          <button type="button" className="button button--primary" disabled={!reason.trim() || !password || status.state === 'pending'} onClick={sign} data-testid="sign-confirm">
            {t('sign.sign')}
          </button>
        </div>
      </Dialog>
    </div>
  );
}
