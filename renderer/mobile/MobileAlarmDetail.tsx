import { useState } from 'react';
import type { AlarmInfo } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { AlarmIndicator } from '../ui/AlarmIndicator.tsx';
import { FeedbackLine, useFeedback } from '../ui/Feedback.tsx';
import { formatDayTime } from '../ui/format.ts';
import { formatValue } from '../ui/value-format.ts';
import { MobileRequestMaintenance } from './MobileMaintenance.tsx';

const SHELVE_HOURS = [1, 4, 8, 24] as const;

/** As the alarm list shows it: whole numbers bare, others with 2 decimals, with the units. */
function valueText(alarm: AlarmInfo): string {
  const decimals = typeof alarm.value === 'number' && Number.isInteger(alarm.value) ? 0 : 2;
  return `${formatValue({ decimals }, alarm.value)} ${typeof alarm.value === 'number' ? alarm.units : ''}`.trim();
}

/** One alarm on the phone: what, the value, since when, and acknowledge / shelve / comment. */
export function MobileAlarmDetail({ id, alarm, onBack }: { id: string; alarm: AlarmInfo | undefined; onBack: () => void }) {
  const { client } = useServices();
  const { t } = useT('notify');
  const { feedback, run } = useFeedback();
  const [comment, setComment] = useState('');
  const [hours, setHours] = useState<number>(1);
  const [reason, setReason] = useState('');
  return (
    <main className="mobile__detail" data-testid="mobile-alarm" data-alarm={id}>
      <button type="button" className="mobile__back" onClick={onBack}>
        {t('mobile.back')}
      </button>
      {!alarm ? (
        <p className="mobile__gone">{t('mobile.notStanding', { id })}</p>
      ) : (
        <>
          <div className="mobile__headline">
            <AlarmIndicator priority={alarm.priority} acknowledged={alarm.acknowledged} size={32} />
            <h2 data-project-text>{alarm.message}</h2>
          </div>
          <dl className="mobile__facts">
            <dt>{t('mobile.state')}</dt>
            <dd data-testid="mobile-state">{alarm.acknowledged ? t('mobile.acknowledged') : t('mobile.unacknowledged')}</dd>
            <dt>{t('mobile.value')}</dt>
            <dd className="mobile__value">{valueText(alarm)}</dd>
            <dt>{t('mobile.equipment')}</dt>
            <dd data-project-text>{alarm.tag.split('/').slice(0, -1).join('/') || alarm.tag}</dd>
            <dt>{t('mobile.raised')}</dt>
            <dd>{formatDayTime(alarm.raisedAt ?? alarm.since)}</dd>
            {alarm.acknowledgedBy ? (
              <>
                <dt>{t('mobile.acknowledgedBy')}</dt>
                <dd data-project-text>{alarm.acknowledgedBy}</dd>
              </>
            ) : null}
            {alarm.lastComment ? (
              <>
                <dt>{t('mobile.lastComment')}</dt>
                <dd data-project-text>{alarm.lastComment}</dd>
              </>
            ) : null}
          </dl>
          {alarm.help?.action ? (
            <p className="mobile__help" data-project-text>
              {alarm.help.action}
            </p>
          ) : null}
          <FeedbackLine feedback={feedback} testId="mobile-feedback" />
          <button
            type="button"
            className="mobile__primary"
            disabled={alarm.acknowledged}
            onClick={() =>
              void run(
                t('mobile.pending'),
                () => client.call('alarms.acknowledge', { ids: [alarm.id], comment: comment.trim() }),
                () => t('mobile.acknowledgedDone'),
              )
            }
          >
            {t('mobile.acknowledge')}
          </button>
          <label className="mobile__field">
            {t('mobile.comment')}
            <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} maxLength={1000} />
          </label>
          <button
            type="button"
            disabled={comment.trim() === ''}
            onClick={() =>
              void run(
                t('mobile.pending'),
                () => client.call('alarms.comment', { id: alarm.id, comment: comment.trim() }),
                () => {
                  setComment('');
                  return t('mobile.commented');
                },
              )
            }
          >
            {t('mobile.addComment')}
          </button>
          <fieldset className="mobile__shelve">
            <legend>{t('mobile.shelve')}</legend>
            <label className="mobile__field">
              {t('mobile.shelveFor')}
              <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
                {SHELVE_HOURS.map((h) => (
                  <option key={h} value={h}>
                    {t('mobile.hours', { count: h })}
                  </option>
                ))}
              </select>
            </label>
            <label className="mobile__field">
              {t('mobile.reason')}
              <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
            </label>
            <button
              type="button"
              disabled={reason.trim() === ''}
              onClick={() =>
                void run(
                  t('mobile.pending'),
                  () => client.call('alarms.shelve', { id: alarm.id, durationMs: hours * 3_600_000, reason: reason.trim() }),
                  () => t('mobile.shelved'),
                )
              }
            >
              {t('mobile.shelveButton')}
            </button>
          </fieldset>
          <MobileRequestMaintenance alarm={alarm} />
        </>
      )}
    </main>
  );
}
