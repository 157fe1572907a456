import type { AlarmInfo } from '../../common/alarms.ts';
import { useT } from '../i18n/i18n.ts';
import { AlarmIndicator } from '../ui/AlarmIndicator.tsx';
import { formatDateTime } from '../ui/format.ts';

/** The selected alarm: what it is, its state and the rationalised help (cause, consequence, action). */
export function AlarmDetails({ alarm, timeZone }: { alarm: AlarmInfo | undefined; timeZone: string | undefined }) {
  const { t } = useT('alarms');
  if (!alarm) return <p className="alarm-details__none">{t('details.none')}</p>;
  const time = (ms: number | undefined) => (ms === undefined ? '—' : formatDateTime(ms, timeZone));
  return (
    <div className="alarm-details" data-testid="alarm-details" data-id={alarm.id}>
      <div className="alarm-details__head">
        <AlarmIndicator priority={alarm.priority} acknowledged={alarm.acknowledged} />
        <div>
          <div className="alarm-details__message" data-project-text="">
            {alarm.message}
          </div>
          <div className="alarm-details__id" data-project-text="">
            {alarm.id}
          </div>
        </div>
      </div>
      <dl className="alarm-details__facts">
        <dt>{t('details.priority')}</dt>
        <dd>{t(`priority.${alarm.priority}`)}</dd>
        <dt>{t('details.state')}</dt>
        <dd data-testid="alarm-details-state">
          {t(`state.${alarm.state}`)}
          {alarm.firstOut ? t('details.firstOut') : ''}
          {alarm.chattering ? t('details.chattering') : ''}
        </dd>
        <dt>{t('details.area')}</dt>
        <dd data-project-text="">{alarm.area || '—'}</dd>
        <dt>{t('details.raised')}</dt>
        <dd>{time(alarm.raisedAt)}</dd>
        {alarm.acknowledgedAt !== undefined && (
          <>
            <dt>{t('details.acknowledged')}</dt>
            <dd>
              {time(alarm.acknowledgedAt)} {alarm.acknowledgedBy ? t('details.by', { user: alarm.acknowledgedBy }) : ''}
            </dd>
          </>
        )}
        {alarm.shelvedUntil !== undefined && (
          <>
            <dt>{t('details.shelvedUntil')}</dt>
            <dd>
              {time(alarm.shelvedUntil)} {alarm.shelvedBy ? t('details.by', { user: alarm.shelvedBy }) : ''}
            </dd>
          </>
        )}
        {alarm.reason && (
          <>
            <dt>{t('details.reason')}</dt>
            <dd data-project-text="">{alarm.reason}</dd>
          </>
        )}
        {alarm.lastComment && (
          <>
            <dt>{t('details.comment')}</dt>
            <dd data-testid="alarm-details-comment" data-project-text="">
              {alarm.lastComment}
            </dd>
          </>
        )}
      </dl>
      {alarm.help ? (
        <dl className="alarm-help" data-testid="alarm-help">
          <dt>{t('details.cause')}</dt>
          <dd data-project-text="">{alarm.help.cause || '—'}</dd>
          <dt>{t('details.consequence')}</dt>
          <dd data-project-text="">{alarm.help.consequence || '—'}</dd>
          <dt>{t('details.action')}</dt>
          <dd data-project-text="">{alarm.help.action || '—'}</dd>
        </dl>
      ) : (
        <p className="alarm-details__none">{t('details.noHelp')}</p>
      )}
    </div>
  );
}
