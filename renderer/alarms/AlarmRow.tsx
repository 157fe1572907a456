import { memo, type MouseEvent } from 'react';
import type { AlarmInfo } from '../../common/alarms.ts';
import { useT } from '../i18n/i18n.ts';
import { AlarmIndicator } from '../ui/AlarmIndicator.tsx';
import { formatClock } from '../ui/format.ts';
import { formatValue } from '../ui/value-format.ts';
import { qualityShortCode } from '../../common/quality.ts';

interface AlarmRowProps {
  readonly alarm: AlarmInfo;
  readonly index: number;
  readonly selected: boolean;
  readonly current: boolean;
  readonly timeZone: string | undefined;
  readonly onPick: (id: string, index: number, event: MouseEvent) => void;
}

/** The alarm's value with the one value formatter (whole numbers bare, others with 2 decimals), or the quality code of a value that is not Good (COMM, STALE...), as value readouts show it. */
function valueText(alarm: AlarmInfo): string {
  const code = qualityShortCode(alarm.quality);
  if (code !== '') return code;
  const decimals = typeof alarm.value === 'number' && Number.isInteger(alarm.value) ? 0 : 2;
  return `${formatValue({ decimals }, alarm.value)} ${typeof alarm.value === 'number' ? alarm.units : ''}`.trim();
}

/** One summary row: the indicator blinks while unacknowledged; the text stays steady and grey. */
export const AlarmRow = memo(function AlarmRow({ alarm, index, selected, current, timeZone, onPick }: AlarmRowProps) {
  const { t } = useT('alarms');
  return (
    <div
      className={`alarm-row${selected ? ' alarm-row--selected' : ''}${current ? ' alarm-row--current' : ''}${alarm.active ? '' : ' alarm-row--cleared'}`}
      role="option"
      aria-selected={selected}
      data-testid="alarm-row"
      data-id={alarm.id}
      data-state={alarm.state}
      onClick={(event) => onPick(alarm.id, index, event)}
    >
      <span className="alarm-row__ind">
        <AlarmIndicator priority={alarm.priority} acknowledged={alarm.acknowledged} size={20} />
      </span>
      <span className="alarm-row__time">{formatClock(alarm.raisedAt ?? alarm.since, timeZone)}</span>
      <span className="alarm-row__priority">{t(`priority.${alarm.priority}`)}</span>
      <span className={`alarm-row__state${alarm.acknowledged ? '' : ' alarm-row__state--unack'}`}>{t(`state.${alarm.state}`)}</span>
      <span className="alarm-row__area" data-project-text="">
        {alarm.area}
      </span>
      <span className="alarm-row__message" title={alarm.id} data-project-text="">
        {alarm.message}
      </span>
      <span className="alarm-row__value">{valueText(alarm)}</span>
      <span className="alarm-row__flags">
        {alarm.firstOut && (
          <span className="alarm-flag" title={t('flag.firstOutTitle')} data-testid="flag-first-out">
            {t('flag.firstOut')}
          </span>
        )}
        {alarm.chattering && (
          <span className="alarm-flag" title={t('flag.chatteringTitle')} data-testid="flag-chattering">
            {t('flag.chattering')}
          </span>
        )}
        {alarm.lastComment && (
          <span className="alarm-flag alarm-flag--note" title={alarm.lastComment} data-project-text="">
            {t('flag.note')}
          </span>
        )}
      </span>
    </div>
  );
});
