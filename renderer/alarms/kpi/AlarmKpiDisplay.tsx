import { useEffect, useMemo, useRef, useState } from 'react';
import type { AlarmHistoryPage, AlarmJournalEntry, AlarmKpis } from '../../../common/alarms.ts';
import { useServices } from '../../app/services.tsx';
import { useCell } from '../../store/cell.ts';
import { KpiChart } from './KpiChart.tsx';
import { useTheme } from '../../ui/theme.ts';
import { CHART_GREYS } from './echarts.ts';
import { per10MinOption, priorityOption, topTenOption, type ChartTexts } from './kpi-options.ts';
import { useT } from '../../i18n/i18n.ts';
import { raisesPer10Min } from './kpi-series.ts';
import { formatClock, formatDateTime, formatNumber } from '../../ui/format.ts';
import { problemText } from '../../ui/texts.ts';

/** The periods (their names: `kpi.periods.<id>`). */
const PERIODS = [
  { id: '1h', ms: 3_600_000 },
  { id: '8h', ms: 8 * 3_600_000 },
  { id: '24h', ms: 24 * 3_600_000 },
  { id: '7d', ms: 7 * 24 * 3_600_000 },
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
  const { t } = useT('alarms');
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
    setStatus({ state: 'loading', text: '' });
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
        setStatus({ state: 'error', text: problemText(error) });
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
    const texts: ChartTexts = {
      raised: t('kpi.raised'),
      flood: t('kpi.floodLine'),
      priority: { critical: t('priority.critical'), high: t('priority.high'), medium: t('priority.medium'), low: t('priority.low') },
      share: (value, percent) => t('kpi.share', { value, percent }),
    };
    return { per10: per10MinOption(starts, counts, label, texts, greys), top: topTenOption(loaded.kpis, texts, greys), priority: priorityOption(loaded.kpis, texts, greys) };
    // `t` is new when the language changes: the chart words and the axis times' locale follow.
  }, [loaded, timeZone, theme, t]);

  const k = loaded?.kpis;
  return (
    <div className="alarm-kpis">
      <div className="alarm-toolbar">
        <h1 className="display__title">{t('kpi.title')}</h1>
        <select className="alarm-input" aria-label={t('kpi.period')} value={period} onChange={(e) => setPeriod(e.target.value as PeriodId)} data-testid="kpi-period">
          {PERIODS.map((p) => (
            <option key={p.id} value={p.id}>
              {t(`kpi.periods.${p.id}`)}
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={() => setRefresh((n) => n + 1)} data-testid="kpi-refresh">
          {t('kpi.refresh')}
        </button>
        <span className="alarm-toolbar__count" data-testid="kpi-status" data-state={status.state}>
          {status.state === 'loading' ? t('kpi.loading') : status.state === 'error' ? status.text : k ? t('kpi.range', { from: formatDateTime(k.from, timeZone), to: formatDateTime(k.to, timeZone) }) : ''}
        </span>
      </div>
      {k && options && (
        <div className="alarm-kpis__body" data-testid="kpi-body">
          <div className="alarm-kpis__tiles">
            <Tile label={t('kpi.total')} value={String(k.totalAlarms)} testId="kpi-total" />
            <Tile label={t('kpi.per10')} value={formatNumber(k.averagePer10Min, 2)} note={t('kpi.per10Note')} />
            <Tile label={t('kpi.perHour')} value={formatNumber(k.averagePerHour, 1)} note={t('kpi.perHourNote')} />
            <Tile label={t('kpi.peak')} value={String(k.peakPer10Min)} />
            <Tile label={t('kpi.flood')} value={t('kpi.percent', { value: formatNumber(k.floodShare * 100, 1) })} note={t('kpi.floodNote', { flood: k.floodPeriods, periods: k.periods })} />
            <Tile label={t('kpi.acks')} value={String(k.acknowledgements)} />
            <Tile label={t('kpi.shelves')} value={String(k.shelveActions)} note={k.current ? t('kpi.shelvedNow', { count: k.current.shelved }) : undefined} />
            <Tile label={t('kpi.suppressions')} value={String(k.suppressions)} note={k.current ? t('kpi.suppressedNow', { count: k.current.suppressed }) : undefined} />
            <Tile label={t('kpi.outOfService')} value={String(k.outOfServiceActions)} note={k.current ? t('kpi.outOfServiceNow', { count: k.current.outOfService }) : undefined} />
          </div>
          <section className="kpi-panel kpi-panel--wide">
            <h2 className="kpi-panel__title">{loaded?.truncated ? t('kpi.per10TitleFirst', { count: MAX_RAISES }) : t('kpi.per10Title')}</h2>
            <KpiChart option={options.per10} height={200} label={t('kpi.per10Title')} testId="kpi-chart-rate" />
          </section>
          <section className="kpi-panel">
            <h2 className="kpi-panel__title">{t('kpi.top')}</h2>
            <KpiChart option={options.top} height={260} label={t('kpi.topLabel')} testId="kpi-chart-top" />
          </section>
          <section className="kpi-panel">
            <h2 className="kpi-panel__title">{t('kpi.priority')}</h2>
            <KpiChart option={options.priority} height={260} label={t('kpi.priority')} testId="kpi-chart-priority" />
          </section>
          <section className="kpi-panel">
            <h2 className="kpi-panel__title">{t('kpi.chattering')}</h2>
            <KpiList rows={k.chattering.map((c) => [c.alarmId, t('kpi.times', { count: c.count })])} empty={t('kpi.none')} />
          </section>
          <section className="kpi-panel">
            <h2 className="kpi-panel__title">{t('kpi.stale')}</h2>
            <KpiList rows={k.stale.map((s) => [s.alarmId, t('kpi.since', { time: formatDateTime(s.activeSince, timeZone) })])} empty={t('kpi.none')} />
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
          <span data-project-text="">{id}</span>
          <span className="kpi-list__note">{note}</span>
        </li>
      ))}
    </ul>
  );
}
