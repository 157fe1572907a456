import { useState, type FormEvent } from 'react';
import type { SignatureBlock } from '../../common/users.ts';
import { Dialog } from './Dialog.tsx';

export interface SignatureRequest {
  /** What is being signed, in words ("Delete alarm definition Tank/Level/HiHi"). */
  action: string;
  /** The runtime asks for a second person too. */
  verifier: boolean;
  /** The signer, as signed in. */
  signer: string;
}

const MEANINGS = ['Approved', 'Reviewed', 'Performed', 'Verified'];

/**
 * An electronic signature (21 CFR Part 11): the signed-in person enters the password again, says what
 * the signature means and why, and where the project asks for it a second person signs as verifier.
 * The runtime checks it; this only collects it. Reusable by any display (see use-signed-call.ts).
 */
export function SignatureDialog({ request, error, onSign, onCancel }: { request: SignatureRequest; error: string | undefined; onSign: (block: SignatureBlock) => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const [meaning, setMeaning] = useState(MEANINGS[0]!);
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
    <Dialog className="users-overlay" modal label="Electronic signature" testId="signature-dialog" onClose={onCancel}>
      <form className="users-card" onSubmit={submit}>
        <h2 className="users-card__title">Electronic signature</h2>
        <p className="users-card__note">
          <strong>{request.action}</strong> needs your signature. Signing is the legally binding equivalent of your handwritten signature.
        </p>
        <label className="users-field">
          <span>Signer</span>
          <input value={request.signer} readOnly />
        </label>
        <label className="users-field">
          <span>Password</span>
          <input type="password" autoFocus autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="signature-password" />
        </label>
        <label className="users-field">
          <span>Meaning</span>
          <select value={meaning} onChange={(e) => setMeaning(e.target.value)} data-testid="signature-meaning">
            {MEANINGS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label className="users-field">
          <span>Reason</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} data-testid="signature-reason" />
        </label>
        {request.verifier && (
          <fieldset className="users-fieldset">
            <legend>Second person (verifier)</legend>
            <label className="users-field">
              <span>User name</span>
              <input value={verifierName} onChange={(e) => setVerifierName(e.target.value)} data-testid="signature-verifier-name" />
            </label>
            <label className="users-field">
              <span>Password</span>
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
            Cancel
          </button>
          <button type="submit" className="users-button users-button--primary" disabled={!complete} data-testid="signature-submit">
            Sign
          </button>
        </div>
      </form>
    </Dialog>
  );
}
