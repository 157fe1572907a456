import { useEffect, useState } from 'react';
import { useT } from '../i18n/i18n.ts';
import { formatDateTime } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import './notify.css';

const REFRESH_MS = 3000;

/**
 * For engineers: the notification log (every message sent, retried, failed or held back by quiet
 * hours, with its attempts) and, with the example, the development mailbox: the messages the
 * example's own mail server received, as the on-call people would read them.
 */
export function MailboxDisplay({ visible }: { visible: boolean }) {
  const { t } = useT('notify');
  const log = useCall('notify.log', { limit: 100 }, { paused: !visible });
  const mailbox = useCall('notify.mailbox', {}, { paused: !visible });
  const [open, setOpen] = useState<string | undefined>();
  const { retry: retryLog } = log;
  const { retry: retryMailbox } = mailbox;
  useEffect(() => {
    if (!visible) return;
    const timer = setInterval(() => {
      retryLog();
      retryMailbox();
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [visible, retryLog, retryMailbox]);

  const messages = mailbox.data?.messages ?? [];
  const counts = log.data?.counts;
  return (
    <div className="notify-display" data-testid="mailbox-display">
      <section className="notify-display__panel" aria-labelledby="notify-mailbox-title">
        <h2 id="notify-mailbox-title">{t('mailbox.title')}</h2>
        <LoadProblem call={mailbox} what={t('mailbox.what')} />
        {mailbox.data && !mailbox.data.configured ? <p className="notify-display__note">{t('mailbox.notConfigured')}</p> : null}
        {mailbox.data?.configured && !mailbox.data.reachable ? <p className="notify-display__note">{t('mailbox.unreachable')}</p> : null}
        {mailbox.data?.reachable ? <p className="notify-display__note">{t('mailbox.count', { count: messages.length })}</p> : null}
        <ul className="notify-display__mails">
          {messages.map((m) => (
            <li key={m.id} className="notify-display__mail" data-testid="mailbox-message">
              <button type="button" className="notify-display__mail-head" aria-expanded={open === m.id} onClick={() => setOpen(open === m.id ? undefined : m.id)}>
                <span className="notify-display__subject" data-project-text>
                  {m.subject}
                </span>
                <span className="notify-display__meta">
                  {t('mailbox.to', { to: m.to.join(', ') })} · {formatDateTime(m.receivedAt)}
                </span>
              </button>
              {open === m.id ? (
                <pre className="notify-display__text" data-project-text>
                  {m.text}
                </pre>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section className="notify-display__panel" aria-labelledby="notify-log-title">
        <h2 id="notify-log-title">{t('log.title')}</h2>
        <LoadProblem call={log} what={t('log.what')} />
        {log.data && !log.data.configured ? <p className="notify-display__note">{t('log.notConfigured')}</p> : null}
        {counts ? <p className="notify-display__note">{t('log.counts', { sent: counts.sent, pending: counts.pending, failed: counts.failed, quiet: counts.quiet })}</p> : null}
        <table className="notify-display__log">
          <thead>
            <tr>
              <th>{t('log.time')}</th>
              <th>{t('log.alarm')}</th>
              <th>{t('log.kind')}</th>
              <th>{t('log.to')}</th>
              <th>{t('log.state')}</th>
              <th>{t('log.attempts')}</th>
            </tr>
          </thead>
          <tbody>
            {(log.data?.entries ?? []).map((e) => (
              <tr key={e.id} data-state={e.state}>
                <td>{formatDateTime(e.createdAt)}</td>
                <td data-project-text>{e.alarmId}</td>
                <td>{t(`log.kinds.${e.kind}`, { level: e.level + 1 })}</td>
                <td data-project-text>{e.recipients.join(', ')}</td>
                <td title={e.lastError || undefined}>
                  {t(`log.states.${e.state}`)}
                  {e.lastError ? <span className="notify-display__error">{e.lastError}</span> : null}
                </td>
                <td className="notify-display__num">{e.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
