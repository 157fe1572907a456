import { ALARM_PRIORITIES } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useCell } from '../store/cell.ts';
import { bannerAlarm } from './alarm-model.ts';
import { AlarmIndicator } from '../ui/AlarmIndicator.tsx';
import { SoundControl } from './SoundControl.tsx';
import { useAlarmShortcuts } from './use-alarm-shortcuts.ts';
import { useAlarmList, useAlarmSummary } from './use-alarms.ts';
import { formatClock } from '../ui/format.ts';

/**
 * Always under the top bar: annunciated alarms by priority (active / unacknowledged), the newest of
 * the highest-priority alarms, what is hidden (shelved, suppressed, out of service), the sound state,
 * and one click to the summary.
 */
export function AlarmBanner() {
  const { alarms, plant } = useServices();
  const { t } = useT('alarms');
  const summary = useAlarmSummary();
  const list = useAlarmList();
  const live = useCell(alarms.live);
  const session = useCell(plant.session);
  useAlarmShortcuts();
  const top = bannerAlarm(list);
  const hidden = summary ? summary.shelved + summary.suppressed + summary.outOfService : 0;
  return (
    <div className="alarm-banner" role="region" aria-label={t('banner.label')} data-testid="alarm-banner" data-live={String(live)}>
      <a className="alarm-banner__counts" href="#/alarms" title={t('banner.countsTitle')} data-testid="banner-counts">
        {ALARM_PRIORITIES.map((priority) => {
          const active = summary?.active[priority] ?? 0;
          const unack = summary?.unacknowledged[priority] ?? 0;
          return (
            <span
              key={priority}
              className={`alarm-banner__count${active + unack === 0 ? ' alarm-banner__count--zero' : ''}`}
              data-testid={`banner-count-${priority}`}
              data-active={active}
              data-unack={unack}
              title={t('banner.countTitle', { priority: t(`priority.${priority}`), active, unack })}
            >
              <AlarmIndicator priority={priority} acknowledged={unack === 0} size={20} />
              <span className="alarm-banner__num">{active}</span>
              <span className="alarm-banner__sep">/</span>
              <span className="alarm-banner__num alarm-banner__num--unack">{unack}</span>
            </span>
          );
        })}
      </a>
      <a className="alarm-banner__message" href="#/alarms" data-testid="banner-message">
        {!live ? (
          <span className="alarm-banner__muted">{t('banner.notLive')}</span>
        ) : top ? (
          <>
            <AlarmIndicator priority={top.priority} acknowledged={top.acknowledged} size={20} />
            <span className="alarm-banner__time">{formatClock(top.raisedAt ?? top.since, session?.timeZone)}</span>
            <span className="alarm-banner__text" data-testid="banner-text" data-project-text="">
              {top.message}
            </span>
            {!top.active && <span className="alarm-banner__area">{t('banner.returned')}</span>}
            <span className="alarm-banner__area" data-project-text="">
              {top.area}
            </span>
          </>
        ) : (
          <span className="alarm-banner__muted">{t('banner.none')}</span>
        )}
      </a>
      {hidden > 0 && summary && (
        <a className="alarm-banner__hidden" href="#/alarms" title={t('banner.hiddenTitle')} data-testid="banner-hidden">
          {summary.shelved > 0 && <span>{t('banner.shelved', { count: summary.shelved })}</span>}
          {summary.suppressed > 0 && <span>{t('banner.suppressed', { count: summary.suppressed })}</span>}
          {summary.outOfService > 0 && <span>{t('banner.outOfService', { count: summary.outOfService })}</span>}
        </a>
      )}
      <SoundControl />
    </div>
  );
}
