import { useEffect, useState } from 'react';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { useLanguage } from '../i18n/language.ts';
import { useCell } from '../store/cell.ts';
import { dateTimeFormat, formatClock } from '../ui/format.ts';

const DATE_PARTS: Intl.DateTimeFormatOptions = { weekday: 'short', day: '2-digit', month: 'short', timeZoneName: 'short' };

/** The plant's local time (its time zone, the server's clock), ticking once a second. */
export function PlantClock() {
  const { plant } = useServices();
  const { t } = useT('frame');
  // The date follows the language's locale (ui/format.ts); the time zone stays the plant's.
  useLanguage();
  const session = useCell(plant.session);
  const offset = useCell(plant.clockOffsetMs);
  const now = useNow(1_000) + offset;
  const timeZone = session?.timeZone;
  return (
    <div className="topbar__clock" data-testid="clock" title={timeZone ? t('clock.plantTime', { zone: timeZone }) : t('clock.localTime')}>
      <span className="topbar__clock-time">{formatClock(now, timeZone)}</span>
      <span className="topbar__clock-date">{dateTimeFormat(DATE_PARTS, timeZone).format(now)}</span>
    </div>
  );
}

function useNow(periodMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    // Align ticks to the second so the display does not lag the real second change.
    let timer: ReturnType<typeof setTimeout>;
    const tick = () => {
      setNow(Date.now());
      timer = setTimeout(tick, periodMs - (Date.now() % periodMs));
    };
    timer = setTimeout(tick, periodMs - (Date.now() % periodMs));
    return () => clearTimeout(timer);
  }, [periodMs]);
  return now;
}
