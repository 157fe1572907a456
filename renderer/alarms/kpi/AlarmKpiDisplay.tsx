import { useEffect, useMemo, useRef, useState } from 'react';
import type { AlarmHistoryPage, AlarmJournalEntry, AlarmKpis } from '../../../common/alarms.ts';
import { useServices } from '../../app/services.tsx';
import { isCallError } from '../../client/call-error.ts';
import { useCell } from '../../store/cell.ts';
import { KpiChart } from './KpiChart.tsx';
import { useTheme } from '../../ui/theme.ts';
import { CHART_GREYS } from './echarts.ts';
import { per10MinOption, priorityOption, topTenOption } from './kpi-options.ts';
import { raisesPer10Min } from './kpi-series.ts';
import { formatClock, formatDateTime } from '../../ui/format.ts';

const PERIODS = [
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '8h', label: 'Last 8 hours (shift)', ms: 8 * 3_600_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3_600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3_600_000 },
] as const;
type PeriodId = (typeof PERIODS)[number]['id'];
/** Raises fetched for the 10-minute chart (the journal answers 1,000 per page). */
const MAX_RAISES = 5_000;

interface Loaded {
  kpis: AlarmKpis;
  raises: AlarmJournalEntry[];
  truncated: boolean;
}

function Tile({ label, value, note, testId }: { label: string; value: string; note?: string; testId?: string }) {
  return (
    <div className="kpi-tile" data-testid={testId}>
      <div className="kpi-tile__label">{label}</div>
      <div className="kpi-tile__value">{value}</div>
      {note && <div className="kpi-tile__note">{note}</div>}
    </div>
  );
}

/** Alarm system performance (ISA-18.2 / EEMUA 191) for a period: rates, floods, bad actors. */
export function AlarmKpiDisplay({ visible }: { visible: boolean }) {
  const { client, plant } = useServices();
  const session = useCell(plant.session);
  const [period, setPeriod] = useState<PeriodId>('8h');
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const [status, setStatus] = useState<{ state: 'idle' | 'loading' | 'error'; text: string }>({ state: 'idle', text: '' });
  const [refresh, setRefresh] = useState(0);
  const generation = useRef(0);

  useEffect(() => {
    if (!visible) return;
    const mine = ++generation.current;
    // The period ends at the plant server's now.
    const to = Date.now() + Math.round(plant.clockOffsetMs.get());
    const from = to - PERIODS.find((p) => p.id === period)!.ms;
    setStatus({ state: 'loading', text: 'Loading…' });
    (async () => {
      const kpis = await client.call('alarms.kpis', { from: Math.floor(from), to: Math.floor(to), operatorPositions: 1 });
      const raises: AlarmJournalEntry[] = [];
      let offset: number | undefined = 0;
      while (offset !== undefined && raises.length < MAX_RAISES) {
        const page: AlarmHistoryPage = await client.call('alarms.history', { from: Math.floor(from), to: Math.floor(to), kinds: ['raise'], limit: 1000, offset });
        raises.push(...page.entries);
        offset = page.nextOffset;
      }
      return { kpis, raises, truncated: offset !== undefined };
    })().then(
      (result) => {
        if (mine !== generation.current) return;
        setLoaded(result);
        setStatus({ state: 'idle', text: '' });
      },
      (error: unknown) => {
        if (mine !== generation.current) return;
        setStatus({ state: 'error', text: isCallError(error) ? error.message : String(error) });
      },
    );
  }, [visible, period, refresh, client, plant]);

  const timeZone = session?.timeZone;
  const theme = useTheme();
  const options = useMemo(() => {
    if (!loaded) return undefined;
    const { starts, counts } = raisesPer10Min(loaded.raises, loaded.kpis.from, loaded.kpis.to);
    const longPeriod = loaded.kpis.to - loaded.kpis.from > 24 * 3_600_000;
    const label = (ms: number) => (longPeriod ? formatDateTime(ms, timeZone).slice(0, 17) : formatClock(ms, timeZone).slice(0, 5));
    const greys = CHART_GREYS[theme];
    return { per10: per10MinOption(starts, counts, label, greys), top: topTenOption(loaded.kpis, greys), priority: priorityOption(loaded.kpis, greys) };
  }, [loaded, timeZone, theme]);

  const k = loaded?.kpis;
  return (
    <div className="alarm-kpis">
      <div className="alarm-toolbar">
        <h1 className="display__title">Alarm KPIs</h1>
        <select className="alarm-input" aria-label="Period" value={period} onChange={(e) => setPeriod(e.target.value as PeriodId)} data-testid="kpi-period">
          {PERIODS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={() => setRefresh((n) => n + 1)} data-testid="kpi-refresh">
          Refresh
        </button>
        <span className="alarm-toolbar__count" data-testid="kpi-status" data-state={status.state}>
          {status.state !== 'idle' ? status.text : k ? `${formatDateTime(k.from, timeZone)} – ${formatDateTime(k.to, timeZone)}` : ''}
        </span>
      </div>
      {k && options && (
        <div className="alarm-kpis__body" data-testid="kpi-body">
          <div className="alarm-kpis__tiles">
            <Tile label="Alarms raised" value={String(k.totalAlarms)} testId="kpi-total" />
            <Tile label="Per 10 min (avg)" value={k.averagePer10Min.toFixed(2)} note="acceptable ≤ 1" />
            <Tile label="Per hour (avg)" value={k.averagePerHour.toFixed(1)} note="acceptable ≤ 6" />
            <Tile label="Peak per 10 min" value={String(k.peakPer10Min)} />
            <Tile label="Time in flood" value={`${(k.floodShare * 100).toFixed(1)} %`} note={`${k.floodPeriods} of ${k.periods} periods; target < 1 %`} />
            <Tile label="Acknowledgements" value={String(k.acknowledgements)} />
            <Tile label="Shelve actions" value={String(k.shelveActions)} note={k.current ? `${k.current.shelved} shelved now` : undefined} />
            <Tile label="Suppressions" value={String(k.suppressions)} note={k.current ? `${k.current.suppressed} suppressed now` : undefined} />
            <Tile label="Out of service" value={String(k.outOfServiceActions)} note={k.current ? `${k.current.outOfService} now` : undefined} />
          </div>
          <section className="kpi-panel kpi-panel--wide">
            <h2 className="kpi-panel__title">Alarms raised per 10 minutes{loaded?.truncated ? ` (first ${MAX_RAISES})` : ''}</h2>
            <KpiChart option={options.per10} height={200} label="Alarms raised per 10 minutes" testId="kpi-chart-rate" />
          </section>
          <section className="kpi-panel">
            <h2 className="kpi-panel__title">Top ten most frequent</h2>
            <KpiChart option={options.top} height={260} label="Top ten most frequent alarms" testId="kpi-chart-top" />
          </section>
          <section className="kpi-panel">
            <h2 className="kpi-panel__title">Priority distribution</h2>
            <KpiChart option={options.priority} height={260} label="Priority distribution" testId="kpi-chart-priority" />
          </section>
          <section className="kpi-panel">
            <h2 className="kpi-panel__title">Chattering (≥ 3 in 60 s)</h2>
            <KpiList rows={k.chattering.map((c) => [c.alarmId, `${c.count}×`])} empty="None" />
          </section>
          <section className="kpi-panel">
            <h2 className="kpi-panel__title">Stale (active &gt; 24 h)</h2>
            <KpiList rows={k.stale.map((s) => [s.alarmId, `since ${formatDateTime(s.activeSince, timeZone)}`])} empty="None" />
          </section>
        </div>
      )}
    </div>
  );
}

function KpiList({ rows, empty }: { rows: readonly (readonly [string, string])[]; empty: string }) {
  if (rows.length === 0) return <p className="kpi-panel__empty">{empty}</p>;
  return (
    <ul className="kpi-list">
      {rows.map(([id, note]) => (
        <li key={id}>
          <span>{id}</span>
          <span className="kpi-list__note">{note}</span>
        </li>
      ))}
    </ul>
  );
}
