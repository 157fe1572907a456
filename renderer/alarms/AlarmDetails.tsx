import type { AlarmInfo } from '../../common/alarms.ts';
import { PRIORITY_LABEL, STATE_LABEL } from './alarm-model.ts';
import { AlarmIndicator } from '../ui/AlarmIndicator.tsx';
import { formatDateTime } from '../ui/format.ts';

/** The selected alarm: what it is, its state and the rationalised help (cause, consequence, action). */
export function AlarmDetails({ alarm, timeZone }: { alarm: AlarmInfo | undefined; timeZone: string | undefined }) {
  if (!alarm) return <p className="alarm-details__none">Select an alarm to see its help and act on it.</p>;
  const time = (ms: number | undefined) => (ms === undefined ? '—' : formatDateTime(ms, timeZone));
  return (
    <div className="alarm-details" data-testid="alarm-details" data-id={alarm.id}>
      <div className="alarm-details__head">
        <AlarmIndicator priority={alarm.priority} acknowledged={alarm.acknowledged} />
        <div>
          <div className="alarm-details__message">{alarm.message}</div>
          <div className="alarm-details__id">{alarm.id}</div>
        </div>
      </div>
      <dl className="alarm-details__facts">
        <dt>Priority</dt>
        <dd>{PRIORITY_LABEL[alarm.priority]}</dd>
        <dt>State</dt>
        <dd data-testid="alarm-details-state">
          {STATE_LABEL[alarm.state]}
          {alarm.firstOut ? ' · first out' : ''}
          {alarm.chattering ? ' · chattering' : ''}
        </dd>
        <dt>Area</dt>
        <dd>{alarm.area || '—'}</dd>
        <dt>Raised</dt>
        <dd>{time(alarm.raisedAt)}</dd>
        {alarm.acknowledgedAt !== undefined && (
          <>
            <dt>Acknowledged</dt>
            <dd>
              {time(alarm.acknowledgedAt)} {alarm.acknowledgedBy ? `by ${alarm.acknowledgedBy}` : ''}
            </dd>
          </>
        )}
        {alarm.shelvedUntil !== undefined && (
          <>
            <dt>Shelved until</dt>
            <dd>
              {time(alarm.shelvedUntil)} {alarm.shelvedBy ? `by ${alarm.shelvedBy}` : ''}
            </dd>
          </>
        )}
        {alarm.reason && (
          <>
            <dt>Reason</dt>
            <dd>{alarm.reason}</dd>
          </>
        )}
        {alarm.lastComment && (
          <>
            <dt>Comment</dt>
            <dd data-testid="alarm-details-comment">{alarm.lastComment}</dd>
          </>
        )}
      </dl>
      {alarm.help ? (
        <dl className="alarm-help" data-testid="alarm-help">
          <dt>Cause</dt>
          <dd>{alarm.help.cause || '—'}</dd>
          <dt>Consequence</dt>
          <dd>{alarm.help.consequence || '—'}</dd>
          <dt>Corrective action</dt>
          <dd>{alarm.help.action || '—'}</dd>
        </dl>
      ) : (
        <p className="alarm-details__none">No help text is configured for this alarm.</p>
      )}
    </div>
  );
}
