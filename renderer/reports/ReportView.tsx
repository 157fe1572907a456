import { useMemo } from 'react';
import { reportInLanguage } from '../../common/report-texts.ts';
import type { Report } from '../../common/reports-contract.ts';
import { qualityWords } from '../../common/quality.ts';
import { useT } from '../i18n/i18n.ts';
import { formatNumber } from '../ui/format.ts';
import { useProjectTexts } from '../ui/project-texts.ts';
import { OeeTiles } from './OeeTiles.tsx';
import { Pareto } from './Pareto.tsx';
import { mins, pct, plantTime } from './report-format.ts';

function fixed(v: number | null, d: number): string {
  return v === null ? '—' : formatNumber(v, d);
}

/** The whole shift report on one page, in the order of the PDF. */
export function ReportView({ report }: { report: Report }) {
  const { t } = useT('reports');
  const texts = useProjectTexts();
  // Shift name, count units, reasons and descriptions in the reader's language (texts/<lang>.json).
  const c = useMemo(() => reportInLanguage(report.content, texts.translation), [report.content, texts]);
  const z = c.timeZone;
  return (
    <article className="report-view" data-testid="report-view">
      <section className="report-panel">
        <h2 className="report-panel__title">{t('view.production')}</h2>
        <table className="report-table" data-testid="report-production">
          <thead>
            <tr>
              <th>{t('view.workOrder')}</th>
              <th>{t('view.product')}</th>
              <th>{t('view.line')}</th>
              <th className="num">{t('view.good')}</th>
              <th className="num">{t('view.reject')}</th>
              <th className="num">{t('view.total')}</th>
              <th>{t('view.units')}</th>
            </tr>
          </thead>
          <tbody>
            {c.production.map((p) => (
              <tr key={`${p.line}-${p.workOrder}`}>
                <td data-project-text="">{p.workOrder}</td>
                <td data-project-text="">{p.product}</td>
                <td data-project-text="">{p.line}</td>
                <td className="num">{p.good}</td>
                <td className="num">{p.reject}</td>
                <td className="num">{p.good + p.reject}</td>
                <td data-project-text="">{p.units}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {c.oee.map((o) => (
        <section key={o.line} className="report-panel">
          <h2 className="report-panel__title">{t('view.lineOee', { line: o.line, oee: pct(o.oee) })}</h2>
          <OeeTiles oee={o} testId={`report-oee-${o.line}`} />
          <div className="oee-columns">
            <div>
              <h3 className="report-panel__subtitle">{t('view.downtimePareto')}</h3>
              <Pareto entries={o.pareto} />
            </div>
            <div>
              <h3 className="report-panel__subtitle">{t('view.downtimeEvents', { count: o.downtime.length })}</h3>
              <table className="report-table report-table--compact" data-testid="report-downtime">
                <thead>
                  <tr>
                    <th>{t('view.start')}</th>
                    <th>{t('view.end')}</th>
                    <th>{t('view.reason')}</th>
                    <th className="num">{t('view.duration')}</th>
                  </tr>
                </thead>
                <tbody>
                  {o.downtime.map((d) => (
                    <tr key={d.start}>
                      <td>{plantTime(d.start, z, false)}</td>
                      <td>{plantTime(d.end, z, false)}</td>
                      <td data-project-text="">
                        {d.reason}
                        {d.classifiedBy ? ` (${d.classifiedBy})` : ''}
                      </td>
                      <td className="num">{mins(d.durationMs)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </section>
      ))}
      <section className="report-panel">
        <h2 className="report-panel__title">{t('view.alarms')}</h2>
        <div className="report-facts" data-testid="report-alarms">
          <span>
            {t('view.raised')} <strong>{c.alarms.totalAlarms}</strong>
          </span>
          <span>
            {t('view.per10Min')} <strong>{formatNumber(c.alarms.averagePer10Min, 2)}</strong>
          </span>
          <span>
            {t('view.peakPer10Min')} <strong>{c.alarms.peakPer10Min}</strong>
          </span>
          <span>
            {t('view.timeInFlood')} <strong>{pct(c.alarms.floodShare)}</strong>
          </span>
          <span>
            {t('view.acknowledged')} <strong>{c.alarms.acknowledgements}</strong>
          </span>
        </div>
        <h3 className="report-panel__subtitle">{t('view.worstActors')}</h3>
        {c.alarms.worstActors.length === 0 ? (
          <p className="report-empty">{t('view.noAlarms')}</p>
        ) : (
          <table className="report-table report-table--compact">
            <thead>
              <tr>
                <th>{t('view.alarm')}</th>
                <th className="num">{t('view.raised')}</th>
                <th className="num">{t('view.share')}</th>
              </tr>
            </thead>
            <tbody>
              {c.alarms.worstActors.map((a) => (
                <tr key={a.alarmId}>
                  <td data-project-text="">{a.alarmId}</td>
                  <td className="num">{a.count}</td>
                  <td className="num">{pct(a.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="report-panel">
        <h2 className="report-panel__title">{t('view.keyValues')}</h2>
        <table className="report-table" data-testid="report-kpv">
          <thead>
            <tr>
              <th>{t('view.tag')}</th>
              <th>{t('view.description')}</th>
              <th className="num">{t('view.min')}</th>
              <th className="num">{t('view.max')}</th>
              <th className="num">{t('view.average')}</th>
              <th>{t('view.units')}</th>
            </tr>
          </thead>
          <tbody>
            {c.keyValues.map((k) => (
              <tr key={k.tag} className={k.quality === null || k.quality !== 'Good' ? 'report-table__row--bad' : undefined}>
                <td data-project-text="">{k.tag}</td>
                <td data-project-text="">{k.description}</td>
                <td className="num">{fixed(k.min, k.decimals)}</td>
                <td className="num">{fixed(k.max, k.decimals)}</td>
                <td className="num">{fixed(k.avg, k.decimals)}</td>
                <td>
                  <span data-project-text="">{k.units}</span>
                  {k.quality === null ? (
                    <span className="report-quality">{t('view.noData')}</span>
                  ) : k.quality !== 'Good' ? (
                    <span className="report-quality" title={k.quality}>
                      {qualityWords(k.quality)}
                    </span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="report-panel">
        <h2 className="report-panel__title">{t('view.logbook')}</h2>
        {c.logbook.length === 0 ? (
          <p className="report-empty">{t('view.noComments')}</p>
        ) : (
          <ul className="logbook-list" data-testid="report-logbook">
            {c.logbook.map((e) => (
              <li key={e.id}>
                <span className="logbook-list__time">{plantTime(e.at, z, false)}</span>
                <span className="logbook-list__user" data-project-text="">
                  {e.user}
                </span>
                <span data-project-text="">{e.text}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="report-panel">
        <h2 className="report-panel__title">{t('view.record')}</h2>
        <dl className="report-record" data-testid="report-record">
          <dt>{t('view.contentSha')}</dt>
          <dd>{report.contentSha256}</dd>
          <dt>{t('view.auditAt')}</dt>
          <dd>{c.auditHead ? t('view.auditRecord', { seq: c.auditHead.seq, hash: c.auditHead.hash }) : t('view.notRecorded')}</dd>
        </dl>
      </section>
    </article>
  );
}
