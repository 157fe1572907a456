import { useState, type FormEvent } from 'react';
import { permissionPhrase } from '../../common/permission-phrases.ts';
import { PERMISSIONS, type Permission } from '../../common/permissions.ts';
import { useServices } from '../app/services.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { formatDateTime } from '../ui/format.ts';
import { useCall } from '../ui/use-call.ts';
import { Feedback, FeedbackLine, refusalText, type FeedbackValue } from '../ui/Feedback.tsx';

/** API tokens for integrations: scopes chosen here, the token shown once, revocable. */
export function TokensPanel() {
  const { client } = useServices();
  const read = useCall('users.tokens.list', {});
  const tokens = read.data ?? [];
  const reload = read.retry;
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Permission[]>(['view']);
  const [shown, setShown] = useState<string | undefined>();
  const [message, setMessage] = useState<FeedbackValue>({ state: 'idle' });
  const create = (event: FormEvent) => {
    event.preventDefault();
    client.call('users.tokens.create', { name: name.trim(), scopes }).then(
      ({ token }) => (setShown(token), setName(''), reload()),
      (e: unknown) => setMessage({ state: 'refused', text: refusalText(e) }),
    );
  };
  return (
    <section className="users-section" aria-label="API tokens">
      <h2>API tokens</h2>
      <table className="users-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Scopes</th>
            <th>Created</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td title={t.scopes.join(', ')}>{t.scopes.map(permissionPhrase).join(', ')}</td>
              <td>
                {formatDateTime(t.createdAt)} by {t.createdBy}
              </td>
              <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : 'never'}</td>
              <td>
                {t.revokedAt ? (
                  'revoked'
                ) : (
                  <button type="button" className="users-button" onClick={() => client.call('users.tokens.revoke', { id: t.id }).then(reload, (e: unknown) => setMessage({ state: 'refused', text: refusalText(e) }))}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="users-inline-form users-inline-form--wrap" onSubmit={create} aria-label="New API token">
        <input placeholder="token name (e.g. MES)" aria-label="Token name" value={name} onChange={(e) => setName(e.target.value)} />
        {PERMISSIONS.map((p) => (
          <label key={p} className="users-scope" title={p}>
            <input type="checkbox" checked={scopes.includes(p)} onChange={() => setScopes(scopes.includes(p) ? scopes.filter((s) => s !== p) : [...scopes, p])} />
            {permissionPhrase(p)}
          </label>
        ))}
        <button type="submit" className="users-button users-button--primary" disabled={name.trim() === '' || scopes.length === 0}>
          Create token
        </button>
      </form>
      {shown && (
        <Feedback state="accepted">
          Copy the token now; it is not shown again: <code className="users-token">{shown}</code>
        </Feedback>
      )}
      <LoadProblem call={read} what="Could not list the tokens" />
      <FeedbackLine feedback={message} />
    </section>
  );
}
