import { ALARM_PRIORITIES } from '../../common/alarms.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { bannerAlarm, PRIORITY_LABEL } from './alarm-model.ts';
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
  const summary = useAlarmSummary();
  const list = useAlarmList();
  const live = useCell(alarms.live);
  const session = useCell(plant.session);
  useAlarmShortcuts();
  const top = bannerAlarm(list);
  const hidden = summary ? summary.shelved + summary.suppressed + summary.outOfService : 0;
  return (
    <div className="alarm-banner" role="region" aria-label="Alarm banner" data-testid="alarm-banner" data-live={String(live)}>
      <a className="alarm-banner__counts" href="#/alarms" title="Open the alarm summary (F2)" data-testid="banner-counts">
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
              title={`${PRIORITY_LABEL[priority]}: ${active} active, ${unack} unacknowledged`}
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
          <span className="alarm-banner__muted">Alarms not live: no connection to the runtime</span>
        ) : top ? (
          <>
            <AlarmIndicator priority={top.priority} acknowledged={top.acknowledged} size={20} />
            <span className="alarm-banner__time">{formatClock(top.raisedAt ?? top.since, session?.timeZone)}</span>
            <span className="alarm-banner__text" data-testid="banner-text">
              {top.message}
            </span>
            {!top.active && <span className="alarm-banner__area">returned to normal</span>}
            <span className="alarm-banner__area">{top.area}</span>
          </>
        ) : (
          <span className="alarm-banner__muted">No active alarms</span>
        )}
      </a>
      {hidden > 0 && summary && (
        <a className="alarm-banner__hidden" href="#/alarms" title="Alarms that are not annunciated" data-testid="banner-hidden">
          {summary.shelved > 0 && <span>Shelved {summary.shelved}</span>}
          {summary.suppressed > 0 && <span>Suppressed {summary.suppressed}</span>}
          {summary.outOfService > 0 && <span>OOS {summary.outOfService}</span>}
        </a>
      )}
      <SoundControl />
    </div>
  );
}
