import { useState, type FormEvent } from 'react';
import { permissionText } from '../ui/texts.ts';
import { PERMISSIONS, type Permission } from '../../common/permissions.ts';
import { useServices } from '../app/services.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { formatDateTime } from '../ui/format.ts';
import { useCall } from '../ui/use-call.ts';
import { Feedback, FeedbackLine, refusalText, type FeedbackValue } from '../ui/Feedback.tsx';
import { Trans } from 'react-i18next';
import { i18n, useT } from '../i18n/i18n.ts';

/** API tokens for integrations: scopes chosen here, the token shown once, revocable. */
export function TokensPanel() {
  const { client } = useServices();
  const { t } = useT('users');
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
    <section className="users-section" aria-label={t('tokens.title')}>
      <h2>{t('tokens.title')}</h2>
      <table className="users-table">
        <thead>
          <tr>
            <th>{t('tokens.name')}</th>
            <th>{t('tokens.scopes')}</th>
            <th>{t('tokens.created')}</th>
            <th>{t('tokens.lastUsed')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <tr key={token.id}>
              <td data-project-text="">{token.name}</td>
              <td title={token.scopes.join(', ')}>{token.scopes.map(permissionText).join(', ')}</td>
              <td>{t('tokens.createdBy', { time: formatDateTime(token.createdAt), user: token.createdBy })}</td>
              <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : t('tokens.never')}</td>
              <td>
                {token.revokedAt ? (
                  t('tokens.revoked')
                ) : (
                  <button type="button" className="users-button" onClick={() => client.call('users.tokens.revoke', { id: token.id }).then(reload, (e: unknown) => setMessage({ state: 'refused', text: refusalText(e) }))}>
                    {t('tokens.revoke')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="users-inline-form users-inline-form--wrap" onSubmit={create} aria-label={t('tokens.newToken')}>
        <input placeholder={t('tokens.namePlaceholder')} aria-label={t('tokens.nameLabel')} value={name} onChange={(e) => setName(e.target.value)} />
        {PERMISSIONS.map((p) => (
          <label key={p} className="users-scope">
            <input type="checkbox" title={p} data-project-text="" checked={scopes.includes(p)} onChange={() => setScopes(scopes.includes(p) ? scopes.filter((s) => s !== p) : [...scopes, p])} />
            {permissionText(p)}
          </label>
        ))}
        <button type="submit" className="users-button users-button--primary" disabled={name.trim() === '' || scopes.length === 0}>
          {t('tokens.create')}
        </button>
      </form>
      {shown && (
        <Feedback state="accepted">
          <Trans i18n={i18n} t={t} i18nKey="tokens.copyNow" values={{ token: shown }} components={{ 1: <code className="users-token" data-project-text="" /> }} />
        </Feedback>
      )}
      <LoadProblem call={read} what={t('tokens.cannotList')} />
      <FeedbackLine feedback={message} />
    </section>
  );
}
