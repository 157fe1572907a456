import { useState } from 'react';
import { useServices } from '../app/services.tsx';
import { isCallError } from '../client/call-error.ts';
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
    <section className="devices__panel" aria-label="Lineside's certificate" data-testid="own-certificate-panel">
      <div className="devices__panel-head">
        <h2 className="devices__panel-title">Lineside&apos;s certificate</h2>
        {own && (
          <button type="button" className="button" {...access.control('devices.trust', step.step === 'pending')} onClick={() => setStep({ step: 'confirm' })} data-testid="renew">
            Renew…
          </button>
        )}
      </div>
      <LoadProblem call={read} what="Could not read it" />
      {own === null && <p className="devices__empty">Not made yet: it is created at the first connection of an OPC UA device.</p>}
      {own && (
        <dl className="devices__own" data-testid="own-certificate">
          <dt>Subject</dt>
          <dd data-testid="own-subject">{own.subject}</dd>
          <dt>Thumbprint</dt>
          <dd className="devices__thumbprint" data-testid="own-thumbprint">
            {groupThumbprint(own.thumbprint)}
          </dd>
          <dt>Valid</dt>
          <dd>
            {formatDate(own.validFrom)} to {formatDate(own.validTo)}
          </dd>
          <dt>File</dt>
          <dd className="devices__path">{own.file}</dd>
        </dl>
      )}
      <p className="devices__hint">Servers must trust this certificate for secured connections; it is shared by every OPC UA device of the project.</p>
      <RenewFeedback step={step} onConfirm={renew} onCancel={() => setStep({ step: 'idle' })} />
    </section>
  );
}

function RenewFeedback({ step, onConfirm, onCancel }: { step: Step; onConfirm: () => void; onCancel: () => void }) {
  switch (step.step) {
    case 'idle':
      return null;
    case 'confirm':
      return (
        <Dialog className="feedback devices__confirm" role="alertdialog" label="Confirm" testId="renew-feedback" onClose={onCancel} data={{ 'data-state': 'confirm' }}>
          <p>Renew Lineside&apos;s certificate? Every secured OPC UA device reconnects with the new one at once, and each server must trust the new certificate before it accepts Lineside again.</p>
          <div className="devices__buttons">
            <button type="button" className="button button--primary" onClick={onConfirm} data-testid="confirm-renew">
              Renew certificate
            </button>
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </Dialog>
      );
    case 'pending':
      return (
        <Feedback state="pending" testId="renew-feedback">
          Renewing the certificate…
        </Feedback>
      );
    case 'done':
      return (
        <Feedback state="accepted" testId="renew-feedback" dataState="done">
          Renewed{step.old ? ` (it replaces ${groupThumbprint(step.old)})` : ''}. Trust the new certificate on each server.
        </Feedback>
      );
    case 'refused':
      return (
        <Feedback state="refused" testId="renew-feedback">
          <strong>{step.forbidden ? 'Not allowed.' : 'Refused.'}</strong> {step.reason}
        </Feedback>
      );
  }
}
