import { useState, type FormEvent } from 'react';
import { useServices } from '../app/services.tsx';
import { FeedbackLine, reasonOf, type FeedbackValue } from '../ui/Feedback.tsx';

/** The signed-in person's own password (the Users display, and the user dialog of the top bar for everyone). */
export function OwnPassword() {
  const { client } = useServices();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<FeedbackValue>({ state: 'idle' });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    client.call('users.changePassword', { current, next }).then(
      () => (setCurrent(''), setNext(''), setMessage({ state: 'accepted', text: 'Your password is changed.' })),
      (e: unknown) => setMessage({ state: 'refused', text: reasonOf(e) }),
    );
  };
  return (
    <section className="users-section" aria-label="Your password">
      <h2>Your password</h2>
      <form className="users-inline-form" onSubmit={submit}>
        <input type="password" aria-label="Current password" placeholder="current password" value={current} onChange={(e) => setCurrent(e.target.value)} autoComplete="current-password" />
        <input type="password" aria-label="New password" placeholder="new password (12+ characters)" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" />
        <button type="submit" className="users-button users-button--primary" disabled={current === '' || next.length < 12}>
          Change password
        </button>
      </form>
      <FeedbackLine feedback={message} />
    </section>
  );
}
