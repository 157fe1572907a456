import type { Report } from '../../common/reports-contract.ts';
import { qualityWords } from '../../common/quality.ts';
import { OeeTiles } from './OeeTiles.tsx';
import { Pareto } from './Pareto.tsx';
import { mins, pct, plantTime } from './report-format.ts';

function fixed(v: number | null, d: number): string {
  return v === null ? '—' : v.toFixed(d);
}

/** The whole shift report on one page, in the order of the PDF. */
export function ReportView({ report }: { report: Report }) {
  const c = report.content;
  const z = c.timeZone;
  return (
    <article className="report-view" data-testid="report-view">
      <section className="report-panel">
        <h2 className="report-panel__title">Production</h2>
        <table className="report-table" data-testid="report-production">
          <thead>
            <tr>
              <th>Work order</th>
              <th>Product</th>
              <th>Line</th>
              <th className="num">Good</th>
              <th className="num">Reject</th>
              <th className="num">Total</th>
              <th>Units</th>
            </tr>
          </thead>
          <tbody>
            {c.production.map((p) => (
              <tr key={`${p.line}-${p.workOrder}`}>
                <td>{p.workOrder}</td>
                <td>{p.product}</td>
                <td>{p.line}</td>
                <td className="num">{p.good}</td>
                <td className="num">{p.reject}</td>
                <td className="num">{p.good + p.reject}</td>
                <td>{p.units}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {c.oee.map((o) => (
        <section key={o.line} className="report-panel">
          <h2 className="report-panel__title">
            {o.line}: OEE {pct(o.oee)}
          </h2>
          <OeeTiles oee={o} testId={`report-oee-${o.line}`} />
          <div className="oee-columns">
            <div>
              <h3 className="report-panel__subtitle">Downtime Pareto</h3>
              <Pareto entries={o.pareto} />
            </div>
            <div>
              <h3 className="report-panel__subtitle">Downtime events ({o.downtime.length})</h3>
              <table className="report-table report-table--compact" data-testid="report-downtime">
                <thead>
                  <tr>
                    <th>Start</th>
                    <th>End</th>
                    <th>Reason</th>
                    <th className="num">Duration</th>
                  </tr>
                </thead>
                <tbody>
                  {o.downtime.map((d) => (
                    <tr key={d.start}>
                      <td>{plantTime(d.start, z, false)}</td>
                      <td>{plantTime(d.end, z, false)}</td>
                      <td>
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
        <h2 className="report-panel__title">Alarms</h2>
        <div className="report-facts" data-testid="report-alarms">
          <span>
            Raised <strong>{c.alarms.totalAlarms}</strong>
          </span>
          <span>
            Per 10 min <strong>{c.alarms.averagePer10Min.toFixed(2)}</strong>
          </span>
          <span>
            Peak per 10 min <strong>{c.alarms.peakPer10Min}</strong>
          </span>
          <span>
            Time in flood <strong>{pct(c.alarms.floodShare)}</strong>
          </span>
          <span>
            Acknowledged <strong>{c.alarms.acknowledgements}</strong>
          </span>
        </div>
        <h3 className="report-panel__subtitle">Worst actors</h3>
        {c.alarms.worstActors.length === 0 ? (
          <p className="report-empty">No alarms this shift.</p>
        ) : (
          <table className="report-table report-table--compact">
            <thead>
              <tr>
                <th>Alarm</th>
                <th className="num">Raised</th>
                <th className="num">Share</th>
              </tr>
            </thead>
            <tbody>
              {c.alarms.worstActors.map((a) => (
                <tr key={a.alarmId}>
                  <td>{a.alarmId}</td>
                  <td className="num">{a.count}</td>
                  <td className="num">{pct(a.share)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="report-panel">
        <h2 className="report-panel__title">Key process values</h2>
        <table className="report-table" data-testid="report-kpv">
          <thead>
            <tr>
              <th>Tag</th>
              <th>Description</th>
              <th className="num">Min</th>
              <th className="num">Max</th>
              <th className="num">Average</th>
              <th>Units</th>
            </tr>
          </thead>
          <tbody>
            {c.keyValues.map((k) => (
              <tr key={k.tag} className={k.quality === null || k.quality !== 'Good' ? 'report-table__row--bad' : undefined}>
                <td>{k.tag}</td>
                <td>{k.description}</td>
                <td className="num">{fixed(k.min, k.decimals)}</td>
                <td className="num">{fixed(k.max, k.decimals)}</td>
                <td className="num">{fixed(k.avg, k.decimals)}</td>
                <td>
                  {k.units}
                  {k.quality === null ? (
                    <span className="report-quality">NO DATA</span>
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
        <h2 className="report-panel__title">Logbook</h2>
        {c.logbook.length === 0 ? (
          <p className="report-empty">No comments this shift.</p>
        ) : (
          <ul className="logbook-list" data-testid="report-logbook">
            {c.logbook.map((e) => (
              <li key={e.id}>
                <span className="logbook-list__time">{plantTime(e.at, z, false)}</span>
                <span className="logbook-list__user">{e.user}</span>
                <span>{e.text}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="report-panel">
        <h2 className="report-panel__title">Record</h2>
        <dl className="report-record" data-testid="report-record">
          <dt>Content SHA-256</dt>
          <dd>{report.contentSha256}</dd>
          <dt>Audit trail at generation</dt>
          <dd>{c.auditHead ? `record ${c.auditHead.seq}, hash ${c.auditHead.hash}` : 'not recorded'}</dd>
        </dl>
      </section>
    </article>
  );
}
