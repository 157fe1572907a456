import { useState } from 'react';
import type { ReportSummary } from '../../common/reports-contract.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { Feedback, reasonOf } from '../ui/Feedback.tsx';
import { Dialog } from '../ui/Dialog.tsx';

const MEANINGS = ['Reviewed and approved', 'Reviewed with remarks', 'Reviewed, not approved'] as const;

/** The electronic sign-off: who signs, what the signature means, and why; the runtime verifies and records it. */
export function SignDialog({ report, onClose, onSigned }: { report: ReportSummary; onClose: () => void; onSigned: (r: ReportSummary) => void }) {
  const { client, users } = useServices();
  const person = useCell(users.user);
  const [meaning, setMeaning] = useState<string>(MEANINGS[0]);
  const [reason, setReason] = useState('');
  const [password, setPassword] = useState('');
  const [status, setStatus] = useState<{ state: 'idle' | 'pending' | 'refused'; text: string }>({ state: 'idle', text: '' });

  const sign = () => {
    setStatus({ state: 'pending', text: 'Signing…' });
    client.call('reports.sign', { id: report.id, meaning, reason, password }).then(
      (signed) => onSigned(signed),
      (e: unknown) => setStatus({ state: 'refused', text: reasonOf(e) }),
    );
  };

  return (
    <div className="sign-dialog__backdrop">
      <Dialog className="sign-dialog" modal labelledBy="sign-title" testId="sign-dialog" onClose={onClose}>
        <h2 id="sign-title">Sign shift report</h2>
        <p className="sign-dialog__what">
          {report.shiftId}, version {report.version}
          <br />
          <span className="sign-dialog__hash">SHA-256 {report.contentSha256.slice(0, 16)}…</span>
        </p>
        <p>
          Signing as <strong data-testid="sign-user">{person?.name ?? '…'}</strong> ({person?.role ?? '…'}). A signed report is locked; later changes need a new version.
        </p>
        <label className="sign-dialog__field">
          Meaning
          <select className="alarm-input" value={meaning} onChange={(e) => setMeaning(e.target.value)} data-testid="sign-meaning">
            {MEANINGS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="sign-dialog__field">
          Reason
          <textarea className="sign-dialog__reason" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="sign-reason" placeholder="e.g. Shift handover, figures checked" />
        </label>
        <label className="sign-dialog__field">
          Password (your own, again)
          <input className="alarm-input" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="sign-password" />
        </label>
        {status.state !== 'idle' && (
          <Feedback state={status.state === 'pending' ? 'pending' : 'refused'} testId="sign-status">
            {status.text}
          </Feedback>
        )}
        <div className="sign-dialog__buttons">
          <button type="button" className="button" onClick={onClose} data-testid="sign-cancel">
            Cancel
          </button>
          <button type="button" className="button button--primary" disabled={!reason.trim() || !password || status.state === 'pending'} onClick={sign} data-testid="sign-confirm">
            Sign
          </button>
        </div>
      </Dialog>
    </div>
  );
}
