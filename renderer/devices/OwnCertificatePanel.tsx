import { useState } from 'react';
import { useServices } from '../app/services.tsx';
import { isCallError } from '../client/call-error.ts';
import { useT } from '../i18n/i18n.ts';
import { Feedback, reasonOf } from '../ui/Feedback.tsx';
import { formatDate } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { groupThumbprint } from './device-format.ts';
import { Dialog } from '../ui/Dialog.tsx';
import { useAccess } from '../ui/access.tsx';

/** Where a renewal stands: asked to confirm, sent, done (with the old thumbprint), or refused with the runtime's reason. */
type Step = { step: 'idle' } | { step: 'confirm' } | { step: 'pending' } | { step: 'done'; old: string | undefined } | { step: 'refused'; reason: string; forbidden: boolean };

/**
 * Lineside's own application certificate: what a server's administrator must trust (they find it by its
 * thumbprint). Renewing makes a new one with the project's plant name and this host; the runtime checks
 * the permission (devices.trust) and records it in the audit trail.
 */
export function OwnCertificatePanel({ device, refreshKey }: { device: string; refreshKey: string }) {
  const { client } = useServices();
  const { t } = useT('devices');
  const read = useCall('devices.ownCertificate', { device }, { refreshKey });
  const own = read.data;
  const [step, setStep] = useState<Step>({ step: 'idle' });
  const access = useAccess();

  const renew = () => {
    const old = own?.thumbprint;
    setStep({ step: 'pending' });
    client.call('devices.renewCertificate', { device }).then(
      (renewed) => {
        read.set(renewed);
        setStep({ step: 'done', old });
      },
      (error: unknown) => {
        const reason = reasonOf(error);
        setStep({ step: 'refused', reason, forbidden: isCallError(error) && error.code === 'forbidden' });
      },
    );
  };

  return (
    <section className="devices__panel" aria-label={t('own.title')} data-testid="own-certificate-panel">
      <div className="devices__panel-head">
        <h2 className="devices__panel-title">{t('own.title')}</h2>
        {own && (
          <button type="button" className="button" {...access.control('devices.trust', step.step === 'pending')} onClick={() => setStep({ step: 'confirm' })} data-testid="renew">
            {t('own.renew')}
          </button>
        )}
      </div>
      <LoadProblem call={read} what={t('own.couldNotRead')} />
      {own === null && <p className="devices__empty">{t('own.notMade')}</p>}
      {own && (
        <dl className="devices__own" data-testid="own-certificate">
          <dt>{t('own.subject')}</dt>
          <dd data-testid="own-subject" data-project-text="">
            {own.subject}
          </dd>
          <dt>{t('own.thumbprint')}</dt>
          <dd className="devices__thumbprint" data-testid="own-thumbprint">
            {groupThumbprint(own.thumbprint)}
          </dd>
          <dt>{t('own.valid')}</dt>
          <dd>{t('own.validRange', { from: formatDate(own.validFrom), to: formatDate(own.validTo) })}</dd>
          <dt>{t('own.file')}</dt>
          <dd className="devices__path" data-project-text="">
            {own.file}
          </dd>
        </dl>
      )}
      <p className="devices__hint">{t('own.hint')}</p>
      <RenewFeedback step={step} onConfirm={renew} onCancel={() => setStep({ step: 'idle' })} />
    </section>
  );
}

function RenewFeedback({ step, onConfirm, onCancel }: { step: Step; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useT('devices');
  switch (step.step) {
    case 'idle':
      return null;
    case 'confirm':
      return (
        <Dialog className="feedback devices__confirm" role="alertdialog" label={t('own.confirm')} testId="renew-feedback" onClose={onCancel} data={{ 'data-state': 'confirm' }}>
          <p>{t('own.confirmText')}</p>
          <div className="devices__buttons">
            <button type="button" className="button button--primary" onClick={onConfirm} data-testid="confirm-renew">
              {t('own.renewButton')}
            </button>
            <button type="button" className="button" onClick={onCancel}>
              {t('own.cancel')}
            </button>
          </div>
        </Dialog>
      );
    case 'pending':
      return (
        <Feedback state="pending" testId="renew-feedback">
          {t('own.renewing')}
        </Feedback>
      );
    case 'done':
      return (
        <Feedback state="accepted" testId="renew-feedback" dataState="done">
          {step.old ? t('own.renewedReplacing', { old: groupThumbprint(step.old) }) : t('own.renewed')}
        </Feedback>
      );
    case 'refused':
      return (
        <Feedback state="refused" testId="renew-feedback">
          <strong>{step.forbidden ? t('own.notAllowed') : t('own.refused')}</strong> {step.reason}
        </Feedback>
      );
  }
}
