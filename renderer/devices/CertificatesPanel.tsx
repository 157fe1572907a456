import { useState } from 'react';
import type { ServerCertificate } from '../../common/devices-contract.ts';
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

type Decision = 'trust' | 'reject';

/** Where one trust/reject stands: asked to confirm, sent, done, or refused with the runtime's reason. */
type Step =
  | { step: 'idle' }
  | { step: 'confirm'; decision: Decision; certificate: ServerCertificate }
  | { step: 'pending'; decision: Decision; certificate: ServerCertificate }
  | { step: 'done'; decision: Decision; certificate: ServerCertificate }
  | { step: 'refused'; decision: Decision; certificate: ServerCertificate; reason: string; forbidden: boolean };

/**
 * The OPC UA server certificates the device has met. Trusting or rejecting is an engineer's decision:
 * asked for confirmation, then checked by the runtime, which may refuse (the reason is shown as is).
 */
export function CertificatesPanel({ device, refreshKey }: { device: string; refreshKey: string }) {
  const { client } = useServices();
  const { t } = useT('devices');
  const read = useCall('devices.certificates', { device }, { refreshKey });
  const list = read.data;
  const [step, setStep] = useState<Step>({ step: 'idle' });
  const access = useAccess();

  const send = (decision: Decision, certificate: ServerCertificate) => {
    setStep({ step: 'pending', decision, certificate });
    const call = decision === 'trust' ? 'devices.trustCertificate' : 'devices.rejectCertificate';
    client.call(call, { device, thumbprint: certificate.thumbprint }).then(
      (after) => {
        read.set(after);
        setStep({ step: 'done', decision, certificate });
      },
      (error: unknown) => {
        const reason = reasonOf(error);
        setStep({ step: 'refused', decision, certificate, reason, forbidden: isCallError(error) && error.code === 'forbidden' });
      },
    );
  };

  const now = Date.now();
  // Trusting or rejecting is 'devices.trust': kept in sight, disabled with the reason, for everyone else.
  const trustControl = access.control('devices.trust');
  return (
    <section className="devices__panel" aria-label={t('certificates.title')} data-testid="certificates-panel">
      <h2 className="devices__panel-title">{t('certificates.title')}</h2>
      <p className="devices__hint">
        {t('certificates.hint')}
        {trustControl.title !== undefined && ` ${trustControl.title}`}
      </p>
      <LoadProblem call={read} what={t('certificates.couldNotList')} />
      {list && list.length === 0 && <p className="devices__empty">{t('certificates.none')}</p>}
      {list && list.length > 0 && (
        <table className="devices__certs">
          <thead>
            <tr>
              <th scope="col">{t('certificates.subject')}</th>
              <th scope="col">{t('certificates.validTo')}</th>
              <th scope="col">{t('certificates.status')}</th>
              <th scope="col">
                <span className="devices__sr">{t('certificates.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((certificate) => {
              const expired = certificate.validTo < now;
              return (
                <tr key={certificate.thumbprint} data-testid={`certificate:${certificate.thumbprint}`} data-status={certificate.status}>
                  <td>
                    <div className="devices__subject" data-project-text="">
                      {certificate.subject}
                    </div>
                    <div className="devices__thumbprint">{groupThumbprint(certificate.thumbprint)}</div>
                  </td>
                  <td data-abnormal={expired || undefined}>
                    {formatDate(certificate.validTo)}
                    {expired && <div className="devices__problem">{t('certificates.expired')}</div>}
                  </td>
                  <td data-testid="certificate-status">{t(`certificates.state.${certificate.status}`)}</td>
                  <td className="devices__actions">
                    {certificate.status !== 'trusted' && (
                      <button type="button" className="button" {...trustControl} onClick={() => setStep({ step: 'confirm', decision: 'trust', certificate })} data-testid="trust">
                        {t('certificates.trust')}
                      </button>
                    )}
                    {certificate.status !== 'rejected' && (
                      <button type="button" className="button" {...trustControl} onClick={() => setStep({ step: 'confirm', decision: 'reject', certificate })} data-testid="reject">
                        {t('certificates.reject')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <DecisionFeedback step={step} device={device} onConfirm={send} onCancel={() => setStep({ step: 'idle' })} />
    </section>
  );
}

function DecisionFeedback({ step, device, onConfirm, onCancel }: { step: Step; device: string; onConfirm: (decision: Decision, certificate: ServerCertificate) => void; onCancel: () => void }) {
  const { t } = useT('devices');
  if (step.step === 'idle') return null;
  const { decision, certificate } = step;
  const what = `${certificate.subject} (${groupThumbprint(certificate.thumbprint)})`;
  switch (step.step) {
    case 'confirm':
      return (
        <Dialog className="feedback devices__confirm" role="alertdialog" label={t('certificates.confirm')} testId="certificate-feedback" onClose={onCancel} data={{ 'data-state': 'confirm' }}>
          <p>{decision === 'trust' ? t('certificates.confirmTrust', { what, device }) : t('certificates.confirmReject', { what, device })}</p>
          <div className="devices__buttons">
            <button type="button" className="button button--primary" onClick={() => onConfirm(decision, certificate)} data-testid="confirm">
              {decision === 'trust' ? t('certificates.trustButton') : t('certificates.rejectButton')}
            </button>
            <button type="button" className="button" onClick={onCancel}>
              {t('certificates.cancel')}
            </button>
          </div>
        </Dialog>
      );
    case 'pending':
      return (
        <Feedback state="pending" testId="certificate-feedback">
          {decision === 'trust' ? t('certificates.trusting') : t('certificates.rejecting')}
        </Feedback>
      );
    case 'done':
      return (
        <Feedback state="accepted" testId="certificate-feedback" dataState="done">
          {decision === 'trust' ? t('certificates.trusted', { device }) : t('certificates.rejected')}
        </Feedback>
      );
    case 'refused':
      return (
        <Feedback state="refused" testId="certificate-feedback">
          <strong>{step.forbidden ? t('certificates.notAllowed') : t('certificates.refused')}</strong> {step.reason}
        </Feedback>
      );
  }
}
