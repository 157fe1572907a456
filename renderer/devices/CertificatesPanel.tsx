import { useState } from 'react';
import type { ServerCertificate } from '../../common/devices-contract.ts';
import { useServices } from '../app/services.tsx';
import { isCallError } from '../client/call-error.ts';
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

const STATUS_TEXT: Record<ServerCertificate['status'], string> = {
  trusted: 'Trusted',
  untrusted: 'Not trusted yet',
  rejected: 'Rejected',
};

/**
 * The OPC UA server certificates the device has met. Trusting or rejecting is an engineer's decision:
 * asked for confirmation, then checked by the runtime, which may refuse (the reason is shown as is).
 */
export function CertificatesPanel({ device, refreshKey }: { device: string; refreshKey: string }) {
  const { client } = useServices();
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
    <section className="devices__panel" aria-label="Server certificates" data-testid="certificates-panel">
      <h2 className="devices__panel-title">Server certificates</h2>
      <p className="devices__hint">
        Trusting a certificate lets this device talk to that server.
        {trustControl.title !== undefined && ` ${trustControl.title}`}
      </p>
      <LoadProblem call={read} what="Could not list the certificates" />
      {list && list.length === 0 && <p className="devices__empty">No server certificate met yet (the device has not connected with security).</p>}
      {list && list.length > 0 && (
        <table className="devices__certs">
          <thead>
            <tr>
              <th scope="col">Subject and thumbprint (SHA-1)</th>
              <th scope="col">Valid to</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="devices__sr">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((certificate) => {
              const expired = certificate.validTo < now;
              return (
                <tr key={certificate.thumbprint} data-testid={`certificate:${certificate.thumbprint}`} data-status={certificate.status}>
                  <td>
                    <div className="devices__subject">{certificate.subject}</div>
                    <div className="devices__thumbprint">{groupThumbprint(certificate.thumbprint)}</div>
                  </td>
                  <td data-abnormal={expired || undefined}>
                    {formatDate(certificate.validTo)}
                    {expired && <div className="devices__problem">expired</div>}
                  </td>
                  <td data-testid="certificate-status">{STATUS_TEXT[certificate.status]}</td>
                  <td className="devices__actions">
                    {certificate.status !== 'trusted' && (
                      <button type="button" className="button" {...trustControl} onClick={() => setStep({ step: 'confirm', decision: 'trust', certificate })} data-testid="trust">
                        Trust…
                      </button>
                    )}
                    {certificate.status !== 'rejected' && (
                      <button type="button" className="button" {...trustControl} onClick={() => setStep({ step: 'confirm', decision: 'reject', certificate })} data-testid="reject">
                        Reject…
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
  if (step.step === 'idle') return null;
  const { decision, certificate } = step;
  const what = `${certificate.subject} (${groupThumbprint(certificate.thumbprint)})`;
  switch (step.step) {
    case 'confirm':
      return (
        <Dialog className="feedback devices__confirm" role="alertdialog" label="Confirm" testId="certificate-feedback" onClose={onCancel} data={{ 'data-state': 'confirm' }}>
          <p>
            {decision === 'trust'
              ? `Trust ${what} for ${device}? Only do so if it is the certificate of your server: ${device} will connect to it at once.`
              : `Reject ${what} for ${device}? ${device} will not connect to a server that presents it.`}
          </p>
          <div className="devices__buttons">
            <button type="button" className="button button--primary" onClick={() => onConfirm(decision, certificate)} data-testid="confirm">
              {decision === 'trust' ? 'Trust certificate' : 'Reject certificate'}
            </button>
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </Dialog>
      );
    case 'pending':
      return (
        <Feedback state="pending" testId="certificate-feedback">
          {decision === 'trust' ? 'Trusting' : 'Rejecting'} the certificate…
        </Feedback>
      );
    case 'done':
      return (
        <Feedback state="accepted" testId="certificate-feedback" dataState="done">
          {decision === 'trust' ? `Trusted. ${device} connects to the server now.` : 'Rejected.'}
        </Feedback>
      );
    case 'refused':
      return (
        <Feedback state="refused" testId="certificate-feedback">
          <strong>{step.forbidden ? 'Not allowed.' : 'Refused.'}</strong> {step.reason}
        </Feedback>
      );
  }
}
