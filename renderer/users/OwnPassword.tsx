import { useState, type FormEvent } from 'react';
import { useServices } from '../app/services.tsx';
import { FeedbackLine, reasonOf, type FeedbackValue } from '../ui/Feedback.tsx';
import { useT } from '../i18n/i18n.ts';

/** The signed-in person's own password (the Users display, and the user dialog of the top bar for everyone). */
export function OwnPassword() {
  const { client } = useServices();
  const { t } = useT('users');
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<FeedbackValue>({ state: 'idle' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    client.call('users.changePassword', { current, next }).then(
      () => (setCurrent(''), setNext(''), setMessage({ state: 'accepted', text: t('ownPassword.changed') })),
      (e: unknown) => setMessage({ state: 'refused', text: reasonOf(e) }),
    );
  };
  return (
    <section className="users-section" aria-label={t('ownPassword.title')}>
      <h2>{t('ownPassword.title')}</h2>
      <form className="users-inline-form" onSubmit={submit}>
        <input type="password" aria-label={t('ownPassword.current')} placeholder={t('ownPassword.currentPlaceholder')} value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" />
        <input type="password" aria-label={t('ownPassword.next')} placeholder={t('ownPassword.nextPlaceholder')} value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" />
        <button type="submit" className="users-button users-button--primary" disabled={current === '' || next.length < 12}>
          {t('ownPassword.change')}
        </button>
      </form>
      <FeedbackLine feedback={message} />
    </section>
  );
}
