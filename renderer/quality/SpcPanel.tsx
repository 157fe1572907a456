import { useEffect, useMemo, useState } from 'react';
import type { SpcChart, SpcChartKind } from '../../common/inspection.ts';
import { useT } from '../i18n/i18n.ts';
import { formatCount, formatDateTime, formatNumber } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { SpcChartView } from './SpcChartView.tsx';
import { SPREAD_NAMES, VALUE_NAMES, type SpcWords } from './spc-option.ts';

const MARK = '▲';
const at = (ms: number, timeZone: string | undefined) => formatDateTime(ms, timeZone, 'minutes');
const TICK_MS = 30_000;
const VARIABLE_CHARTS: readonly SpcChartKind[] = ['xbar-r', 'xbar-s'];
const INDIVIDUAL_CHARTS: readonly SpcChartKind[] = ['i-mr'];
const ATTRIBUTE_CHARTS: readonly SpcChartKind[] = ['p', 'np', 'c', 'u'];
const LIMITS = [50, 200, 1000] as const;
/** Not capable: a Cpk or Ppk below 1 (the process spreads past a specification limit). */
const CAPABLE = 1;

/**
 * SPC (issue 20, item 3): the control chart of a characteristic chosen from the inspection plans,
 * limits from a baseline, rule violations marked and listed, capability overall and per lot and
 * shift. Read again every 30 s while shown.
 */
export function SpcPanel({ visible, timeZone }: { visible: boolean; timeZone: string | undefined }) {
  const { t } = useT('quality');
  const list = useCall('quality.characteristics', {}, { paused: !visible, keep: true });
  const [chosen, setChosen] = useState<string>('');
  const [kind, setKind] = useState<SpcChartKind | ''>('');
  const [limit, setLimit] = useState<number>(200);
  const [baseline, setBaseline] = useState('25');
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!visible) return;
    const timer = setInterval(() => setTick((n) => n + 1), TICK_MS);
    return () => clearInterval(timer);
  }, [visible]);
  const all = list.data ?? [];
  const current = all.find((c) => `${c.product}|${c.characteristic}` === chosen) ?? all.find((c) => c.kind === 'variable') ?? all[0];
  const kinds = current ? (current.kind === 'attribute' ? ATTRIBUTE_CHARTS : current.sampleSize === 1 ? INDIVIDUAL_CHARTS : VARIABLE_CHARTS) : [];
  const shownKind = kind !== '' && kinds.includes(kind) ? kind : kinds[0];
  const base = Number(baseline);
  const baseOk = Number.isInteger(base) && base >= 2 && base <= 1000;
  const chart = useCall('quality.chart', current && shownKind && baseOk ? { product: current.product, characteristic: current.characteristic, chart: shownKind, limit, baseline: base } : undefined, {
    paused: !visible,
    keep: true,
    refreshKey: tick,
  });
  return (
    <section className="spc" aria-label={t('spc.heading')} data-testid="spc">
      <div className="wo__toolbar spc__toolbar">
        <h2>{t('spc.heading')}</h2>
        <label className="trace__field">
          {t('spc.characteristic')}
          <select className="input" value={current ? `${current.product}|${current.characteristic}` : ''} onChange={(e) => setChosen(e.target.value)} disabled={all.length === 0} data-testid="spc-characteristic">
            {all.map((c) => (
              <option key={`${c.product}|${c.characteristic}`} value={`${c.product}|${c.characteristic}`} data-project-text>
                {c.product} · {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="trace__field">
          {t('spc.chart')}
          <select className="input" value={shownKind ?? ''} onChange={(e) => setKind(e.target.value as SpcChartKind)} disabled={kinds.length < 2} data-testid="spc-kind">
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`spc.kinds.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="trace__field">
          {t('spc.samples')}
          <select className="input" value={limit} onChange={(e) => setLimit(Number(e.target.value))}>
            {LIMITS.map((l) => (
              <option key={l} value={l}>
                {t('spc.last', { count: l, n: formatCount(l) })}
              </option>
            ))}
          </select>
        </label>
        <label className="trace__field">
          {t('spc.baseline')}
          <input type="number" className="input spc__baseline" min={2} max={1000} value={baseline} onChange={(e) => setBaseline(e.target.value)} aria-invalid={!baseOk} />
        </label>
      </div>
      <LoadProblem call={list} what={t('spc.listProblem')} />
      {list.data && all.length === 0 && <p>{t('spc.noPlans')}</p>}
      {!baseOk && <p className="wo__warn">{t('spc.baselineRange')}</p>}
      <LoadProblem call={chart} what={t('spc.readProblem')} />
      {chart.data && current && !chart.error && <ChartBody chart={chart.data} timeZone={timeZone} />}
    </section>
  );
}

function ChartBody({ chart, timeZone }: { chart: SpcChart; timeZone: string | undefined }) {
  const { t } = useT('quality');
  const attribute = chart.kind === 'p' || chart.kind === 'np' || chart.kind === 'c' || chart.kind === 'u';
  // Means and limits carry one decimal more than the values they come from.
  const decimals = attribute ? (chart.kind === 'p' || chart.kind === 'u' ? 3 : 1) : chart.decimals + 1;
  const format = useMemo(() => (n: number) => formatNumber(n, decimals), [decimals]);
  const words = useMemo<SpcWords>(
    () => ({
      value: VALUE_NAMES[chart.kind],
      spread: SPREAD_NAMES[chart.kind],
      ucl: t('spc.ucl'),
      lcl: t('spc.lcl'),
      center: t('spc.center'),
      usl: t('spc.usl'),
      lsl: t('spc.lsl'),
      baseline: t('spc.baselineArea'),
      tooltip: (i) => {
        const p = chart.points[i];
        if (!p) return '';
        const lines = [t('spc.sample', { n: i + 1 }), at(p.at, timeZone), t('spc.order', { order: p.order }), ...(p.lot ? [t('spc.lot', { lot: p.lot })] : []), `${VALUE_NAMES[chart.kind]} ${format(p.value)}`];
        if (p.spread !== null && SPREAD_NAMES[chart.kind]) lines.push(`${SPREAD_NAMES[chart.kind]} ${format(p.spread)}`);
        return lines.map((l) => l.replace(/[<>&]/g, '')).join('<br>');
      },
    }),
    [chart, t, timeZone, format],
  );
  const signals = chart.violations;
  const cap = (v: number | undefined) =>
    v === undefined ? (
      '—'
    ) : v < CAPABLE ? (
      <span className="wo__warn">
        <span aria-hidden="true">{MARK}</span> {formatNumber(v, 2)}
      </span>
    ) : (
      formatNumber(v, 2)
    );
  return (
    <>
      <p className="trace__summary" data-testid="spc-summary">
        {t('spc.limitsFrom', { from: chart.baseline.from + 1, to: chart.baseline.to })}
        {chart.sigma !== undefined && ` · ${t('spc.sigma', { sigma: format(chart.sigma) })}`}
        {chart.unit && (
          <>
            {' · '}
            {t('spc.unit')} <span data-project-text>{chart.unit}</span>
          </>
        )}
      </p>
      <SpcChartView chart={chart} words={words} format={format} label={t('spc.chartLabel', { name: chart.name, kind: t(`spc.kinds.${chart.kind}`) })} />
      <div className="spc__tables">
        <div>
          <h3>
            {signals.length > 0 && (
              <span className="wo__warn" aria-hidden="true">
                {MARK}{' '}
              </span>
            )}
            {t('spc.signals', { count: signals.length, n: formatCount(signals.length) })}
          </h3>
          {signals.length > 0 && (
            <table className="wo__table" data-testid="spc-signals">
              <thead>
                <tr>
                  <th>{t('spc.columns.sample')}</th>
                  <th>{t('spc.columns.time')}</th>
                  <th>{t('spc.columns.lot')}</th>
                  <th>{t('spc.columns.rule')}</th>
                </tr>
              </thead>
              <tbody>
                {signals.map((v) => {
                  const p = chart.points[v.index]!;
                  return (
                    <tr key={`${v.chart}-${v.rule}-${v.index}`} data-rule={v.rule}>
                      <td className="num">{v.index + 1}</td>
                      <td>{at(p.at, timeZone)}</td>
                      <td data-project-text>{p.lot ?? '—'}</td>
                      <td>
                        {v.chart === 'spread' ? `${SPREAD_NAMES[chart.kind] ?? ''}: ` : ''}
                        {t(`spc.rules.${v.rule}`)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
        {!attribute && (
          <div>
            <h3>{t('spc.capability')}</h3>
            <table className="wo__table" data-testid="spc-capability">
              <thead>
                <tr>
                  <th>{t('spc.columns.group')}</th>
                  <th>{t('spc.columns.samples')}</th>
                  <th>{t('spc.columns.mean')}</th>
                  <th>{t('spc.columns.cp')}</th>
                  <th>{t('spc.columns.cpk')}</th>
                  <th>{t('spc.columns.pp')}</th>
                  <th>{t('spc.columns.ppk')}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td>{t('spc.all')}</td>
                  <td className="num">{formatCount(chart.points.length)}</td>
                  <td className="num">{chart.mean === undefined ? '—' : format(chart.mean)}</td>
                  <td className="num">{cap(chart.capability.cp)}</td>
                  <td className="num">{cap(chart.capability.cpk)}</td>
                  <td className="num">{cap(chart.capability.pp)}</td>
                  <td className="num">{cap(chart.capability.ppk)}</td>
                </tr>
                {chart.groups.map((g) => (
                  <tr key={`${g.by}|${g.key}`}>
                    <td>
                      {t(`spc.by.${g.by}`)} <span data-project-text>{g.key}</span>
                    </td>
                    <td className="num">{formatCount(g.samples)}</td>
                    <td className="num">{format(g.mean)}</td>
                    <td className="num">{cap(g.capability.cp)}</td>
                    <td className="num">{cap(g.capability.cpk)}</td>
                    <td className="num">{cap(g.capability.pp)}</td>
                    <td className="num">{cap(g.capability.ppk)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </>
  );
}
