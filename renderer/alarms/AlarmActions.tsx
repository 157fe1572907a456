import { useId, useState } from 'react';
import type { AlarmInfo } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { useAccess } from '../ui/access.tsx';
import { FeedbackLine, useFeedback } from '../ui/Feedback.tsx';
import { useT } from '../i18n/i18n.ts';

/** Shelve durations and their catalogue keys (`duration.*`). */
const SHELVE_DURATIONS = [
  [15 * 60_000, 'm15'],
  [60 * 60_000, 'h1'],
  [4 * 60 * 60_000, 'h4'],
  [8 * 60 * 60_000, 'h8'],
  [24 * 60 * 60_000, 'h24'],
] as const;

const CHUNK = 10_000;
/** The key that acknowledges the selection (the summary's own shortcut). */
const ACK_KEY = 'F4';

interface AlarmActionsProps {
  /** Selected alarms that are unacknowledged. */
  readonly selectedUnack: readonly string[];
  /** Visible alarms that are unacknowledged ("acknowledge all visible"). */
  readonly visibleUnack: readonly string[];
  /** The alarm the details panel shows (shelve, out of service and comment act on it). */
  readonly current: AlarmInfo | undefined;
  /** F4 acknowledges with the comment typed here, so the summary can call it. */
  readonly ackRef: { current: (() => void) | undefined };
}

/** Acknowledge (selected or all visible) with a comment; shelve, out of service and comment the current alarm. */
export function AlarmActions({ selectedUnack, visibleUnack, current, ackRef }: AlarmActionsProps) {
  const { client } = useServices();
  const { t } = useT('alarms');
  const { feedback, run } = useFeedback();
  const [comment, setComment] = useState('');
  const [duration, setDuration] = useState<number>(SHELVE_DURATIONS[1][0]);
  const [reason, setReason] = useState('');
  const ids = { comment: useId(), duration: useId(), reason: useId() };
  // Each command needs its own permission (common/call-access.ts): disabled with the reason for everyone else.
  const may = useAccess();

  const acknowledge = async (targets: readonly string[], pending: string) => {
    if (targets.length === 0) return;
    const text = comment.trim();
    const ok = await run(
      pending,
      async () => {
        let count = 0;
        for (let i = 0; i < targets.length; i += CHUNK) {
          const reply = await client.call('alarms.acknowledge', { ids: targets.slice(i, i + CHUNK), comment: text });
          count += reply.acknowledged.length;
        }
        return count;
      },
      (count) => t('actions.acknowledged', { count }),
    );
    if (ok) setComment('');
  };
  ackRef.current = () => void acknowledge(selectedUnack, t('actions.acknowledgingSelected', { count: selectedUnack.length }));

  const shelved = current?.state === 'shelved';
  const outOfService = current?.state === 'outOfService';
  return (
    <div className="alarm-actions" data-testid="alarm-actions">
      <FeedbackLine feedback={feedback} testId="alarm-feedback" className="alarm-actions__feedback" />
      <label className="alarm-field" htmlFor={ids.comment}>
        {t('actions.comment')}
      </label>
      <input id={ids.comment} className="alarm-input" value={comment} maxLength={1000} onChange={(event) => setComment(event.target.value)} placeholder={t('actions.commentPlaceholder')} data-testid="alarm-comment" />
      <div className="alarm-actions__row">
        <button
          type="button"
          className="button button--primary"
          {...may.control('alarms.acknowledge', selectedUnack.length === 0 || feedback.state === 'pending')}
          onClick={() => void acknowledge(selectedUnack, t('actions.acknowledgingSelected', { count: selectedUnack.length }))}
          data-testid="ack-selected"
          title={may.why('alarms.acknowledge') ?? ACK_KEY}
        >
          {t('actions.ackSelected', { count: selectedUnack.length })}
        </button>
        <button
          type="button"
          className="button"
          {...may.control('alarms.acknowledge', visibleUnack.length === 0 || feedback.state === 'pending')}
          onClick={() => void acknowledge(visibleUnack, t('actions.acknowledgingVisible', { count: visibleUnack.length }))}
          data-testid="ack-visible"
        >
          {t('actions.ackVisible', { count: visibleUnack.length })}
        </button>
      </div>
      <div className="alarm-actions__row">
        <button
          type="button"
          className="button"
          {...may.control('alarms.comment', !current || comment.trim() === '' || feedback.state === 'pending')}
          onClick={() =>
            current &&
            void run(
              t('actions.savingComment'),
              () => client.call('alarms.comment', { id: current.id, comment: comment.trim() }),
              () => t('actions.commentSaved'),
            ).then((ok) => ok && setComment(''))
          }
          data-testid="alarm-comment-save"
        >
          {t('actions.addComment')}
        </button>
      </div>
      <h3 className="alarm-actions__title">{t('actions.shelveTitle')}</h3>
      <div className="alarm-actions__grid">
        <label className="alarm-field" htmlFor={ids.duration}>
          {t('actions.shelveFor')}
        </label>
        <select id={ids.duration} className="alarm-input" value={duration} onChange={(event) => setDuration(Number(event.target.value))} data-testid="shelve-duration">
          {SHELVE_DURATIONS.map(([ms, key]) => (
            <option key={ms} value={ms}>
              {t(`duration.${key}`)}
            </option>
          ))}
        </select>
        <label className="alarm-field" htmlFor={ids.reason}>
          {t('actions.reason')}
        </label>
        <input id={ids.reason} className="alarm-input" value={reason} maxLength={1000} onChange={(event) => setReason(event.target.value)} placeholder={t('actions.reasonPlaceholder')} data-testid="shelve-reason" />
      </div>
      <div className="alarm-actions__row">
        {shelved ? (
          <button
            type="button"
            className="button"
            {...may.control('alarms.shelve', !current || feedback.state === 'pending')}
            onClick={() =>
              current &&
              void run(
                t('actions.unshelving'),
                () => client.call('alarms.unshelve', { id: current.id, comment: reason.trim() }),
                () => t('actions.unshelved'),
              )
            }
            data-testid="unshelve"
          >
            {t('actions.unshelve')}
          </button>
        ) : (
          <button
            type="button"
            className="button"
            {...may.control('alarms.shelve', !current || reason.trim() === '' || outOfService || feedback.state === 'pending')}
            onClick={() =>
              current &&
              void run(
                t('actions.shelving'),
                () => client.call('alarms.shelve', { id: current.id, durationMs: duration, reason: reason.trim() }),
                () => t('actions.shelved'),
              ).then((ok) => ok && setReason(''))
            }
            data-testid="shelve"
          >
            {t('actions.shelve')}
          </button>
        )}
        <button
          type="button"
          className="button"
          {...may.control('alarms.outOfService', !current || feedback.state === 'pending')}
          onClick={() =>
            current &&
            void run(
              outOfService ? t('actions.returning') : t('actions.taking'),
              () => client.call('alarms.setOutOfService', { id: current.id, outOfService: !outOfService, reason: reason.trim() }),
              () => (outOfService ? t('actions.returned') : t('actions.takenOut')),
            )
          }
          data-testid="out-of-service"
        >
          {outOfService ? t('actions.returnToService') : t('actions.takeOutOfService')}
        </button>
      </div>
    </div>
  );
}
