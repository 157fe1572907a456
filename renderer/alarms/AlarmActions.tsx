import { useId, useState } from 'react';
import type { AlarmInfo } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { useAccess } from '../ui/access.tsx';
import { FeedbackLine, useFeedback } from '../ui/Feedback.tsx';

const SHELVE_DURATIONS = [
  [15 * 60_000, '15 min'],
  [60 * 60_000, '1 hour'],
  [4 * 60 * 60_000, '4 hours'],
  [8 * 60 * 60_000, '8 hours (shift)'],
  [24 * 60 * 60_000, '24 hours'],
] as const;

const CHUNK = 10_000;

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
  const { feedback, run } = useFeedback();
  const [comment, setComment] = useState('');
  const [duration, setDuration] = useState<number>(SHELVE_DURATIONS[1][0]);
  const [reason, setReason] = useState('');
  const ids = { comment: useId(), duration: useId(), reason: useId() };
  // Each command needs its own permission (common/call-access.ts): disabled with the reason for everyone else.
  const may = useAccess();

  const acknowledge = async (targets: readonly string[], what: string) => {
    if (targets.length === 0) return;
    const text = comment.trim();
    const ok = await run(
      `Acknowledging ${what}…`,
      async () => {
        let count = 0;
        for (let i = 0; i < targets.length; i += CHUNK) {
          const reply = await client.call('alarms.acknowledge', { ids: targets.slice(i, i + CHUNK), comment: text });
          count += reply.acknowledged.length;
        }
        return count;
      },
      (count) => `Acknowledged ${count} alarm${count === 1 ? '' : 's'}.`,
    );
    if (ok) setComment('');
  };
  ackRef.current = () => void acknowledge(selectedUnack, `${selectedUnack.length} selected`);

  const shelved = current?.state === 'shelved';
  const outOfService = current?.state === 'outOfService';
  return (
    <div className="alarm-actions" data-testid="alarm-actions">
      <FeedbackLine feedback={feedback} testId="alarm-feedback" className="alarm-actions__feedback" />
      <label className="alarm-field" htmlFor={ids.comment}>
        Comment
      </label>
      <input id={ids.comment} className="alarm-input" value={comment} maxLength={1000} onChange={(event) => setComment(event.target.value)} placeholder="what you found or did" data-testid="alarm-comment" />
      <div className="alarm-actions__row">
        <button
          type="button"
          className="button button--primary"
          {...may.control('alarms.acknowledge', selectedUnack.length === 0 || feedback.state === 'pending')}
          onClick={() => void acknowledge(selectedUnack, `${selectedUnack.length} selected`)}
          data-testid="ack-selected"
          title={may.why('alarms.acknowledge') ?? 'F4'}
        >
          Acknowledge selected ({selectedUnack.length})
        </button>
        <button
          type="button"
          className="button"
          {...may.control('alarms.acknowledge', visibleUnack.length === 0 || feedback.state === 'pending')}
          onClick={() => void acknowledge(visibleUnack, `all ${visibleUnack.length} visible`)}
          data-testid="ack-visible"
        >
          Acknowledge all visible ({visibleUnack.length})
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
              'Saving the comment…',
              () => client.call('alarms.comment', { id: current.id, comment: comment.trim() }),
              () => 'Comment saved.',
            ).then((ok) => ok && setComment(''))
          }
          data-testid="alarm-comment-save"
        >
          Add comment
        </button>
      </div>
      <h3 className="alarm-actions__title">Shelve or take out of service</h3>
      <div className="alarm-actions__grid">
        <label className="alarm-field" htmlFor={ids.duration}>
          Shelve for
        </label>
        <select id={ids.duration} className="alarm-input" value={duration} onChange={(event) => setDuration(Number(event.target.value))} data-testid="shelve-duration">
          {SHELVE_DURATIONS.map(([ms, label]) => (
            <option key={ms} value={ms}>
              {label}
            </option>
          ))}
        </select>
        <label className="alarm-field" htmlFor={ids.reason}>
          Reason
        </label>
        <input id={ids.reason} className="alarm-input" value={reason} maxLength={1000} onChange={(event) => setReason(event.target.value)} placeholder="required to shelve" data-testid="shelve-reason" />
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
                'Unshelving…',
                () => client.call('alarms.unshelve', { id: current.id, comment: reason.trim() }),
                () => 'Unshelved.',
              )
            }
            data-testid="unshelve"
          >
            Unshelve
          </button>
        ) : (
          <button
            type="button"
            className="button"
            {...may.control('alarms.shelve', !current || reason.trim() === '' || outOfService || feedback.state === 'pending')}
            onClick={() =>
              current &&
              void run(
                'Shelving…',
                () => client.call('alarms.shelve', { id: current.id, durationMs: duration, reason: reason.trim() }),
                () => 'Shelved.',
              ).then((ok) => ok && setReason(''))
            }
            data-testid="shelve"
          >
            Shelve
          </button>
        )}
        <button
          type="button"
          className="button"
          {...may.control('alarms.outOfService', !current || feedback.state === 'pending')}
          onClick={() =>
            current &&
            void run(
              outOfService ? 'Returning to service…' : 'Taking out of service…',
              () => client.call('alarms.setOutOfService', { id: current.id, outOfService: !outOfService, reason: reason.trim() }),
              () => (outOfService ? 'Returned to service.' : 'Out of service.'),
            )
          }
          data-testid="out-of-service"
        >
          {outOfService ? 'Return to service' : 'Take out of service'}
        </button>
      </div>
    </div>
  );
}
