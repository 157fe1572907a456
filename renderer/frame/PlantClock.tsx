import { useEffect, useState } from 'react';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { dateTimeFormat, formatClock } from '../ui/format.ts';

/** The plant's local time (its time zone, the server's clock), ticking once a second. */
export function PlantClock() {
  const { plant } = useServices();
  const session = useCell(plant.session);
  const offset = useCell(plant.clockOffsetMs);
  const now = useNow(1_000) + offset;
  const timeZone = session?.timeZone;
  return (
    <div className="topbar__clock" data-testid="clock" title={timeZone ? `Plant time (${timeZone})` : 'Local time'}>
      <span className="topbar__clock-time">{formatClock(now, timeZone)}</span>
      <span className="topbar__clock-date">{dateTimeFormat({ weekday: 'short', day: '2-digit', month: 'short', timeZoneName: 'short' }, timeZone).format(now)}</span>
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
