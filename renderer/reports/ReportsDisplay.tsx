import { useEffect, useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { ReportSummary } from '../../common/reports-contract.ts';
import { useServices } from '../app/services.tsx';
import { useCell } from '../store/cell.ts';
import { Feedback, refusalText } from '../ui/Feedback.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { pct, plantTime } from './report-format.ts';
import { ReportView } from './ReportView.tsx';
import { SignDialog } from './SignDialog.tsx';
import { OnDemandReport } from './OnDemandReport.tsx';

/** Shift reports: the list, newest first, and the selected report on one page with exports and sign-off. */
export function ReportsDisplay({ visible }: { visible: boolean }) {
  const { client, plant } = useServices();
  const session = useCell(plant.session);
  const access = useAccess();
  const zone = session?.timeZone;
  // Read afresh each time the display is shown, and when the runtime made a report.
  const listRead = useCall('reports.list', { limit: 100 }, { paused: !visible, refreshKey: String(visible), refreshOn: ['reports.generated'] });
  const list = listRead.data ?? [];
  const reload = listRead.retry;
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const reportRead = useCall('reports.get', selected === undefined ? undefined : { id: selected });
  const report = reportRead.data;
  const [signing, setSigning] = useState(false);
  const first = list[0]?.id;
  useEffect(() => setSelected((s) => s ?? first), [first]);

  const onSigned = (summary: ReportSummary) => {
    setSigning(false);
    if (report && report.id === summary.id) reportRead.set({ ...report, signature: summary.signature, provisional: summary.provisional });
    listRead.set(list.map((row) => (row.id === summary.id ? summary : row)));
  };

  const [regenerating, setRegenerating] = useState<{ state: 'pending' | 'refused'; text: string } | undefined>(undefined);
  const regenerate = (shiftId: string) => {
    setRegenerating({ state: 'pending', text: 'Generating a new version…' });
    client.call('reports.generate', { shiftId }).then(
      (made) => {
        setRegenerating(undefined);
        setSelected(made.id);
        reload();
      },
      (e: unknown) => setRegenerating({ state: 'refused', text: refusalText(e) }),
    );
  };

  const shown = report && report.id === selected ? report : undefined;
  const partial = shown !== undefined && shown.to < shown.end;
  return (
    <div className="reports-display">
      <aside className="reports-list" aria-label="Shift reports">
        <h1 className="display__title">Shift reports</h1>
        <LoadProblem call={listRead} what="Could not list the reports" />
        <LoadProblem call={reportRead} what="Could not read the report" />
        <OnDemandReport
          zone={zone}
          visible={visible}
          onMade={(made) => {
            setSelected(made.id);
            reload();
          }}
        />
        {list.length === 0 && !listRead.error && !listRead.loading && <p className="report-empty">No reports yet: one is made at the end of every shift, or now with Generate report.</p>}
        <ul data-testid="reports-list">
          {list.map((r) => (
            <li key={r.id}>
              <button type="button" className={`reports-list__item${r.id === selected ? ' reports-list__item--selected' : ''}`} aria-pressed={r.id === selected} onClick={() => setSelected(r.id)} data-testid="reports-list-item">
                <span className="reports-list__name">
                  {r.shift} · {plantTime(r.start, zone).slice(0, 10)}
                  {r.version > 1 ? ` · v${r.version}` : ''}
                </span>
                <span className="reports-list__meta">
                  OEE {pct(r.oee)} · {r.signature ? `signed ${r.signature.user}` : 'not signed'}
                  {r.provisional && (
                    <span className="report-provisional report-provisional--small" data-testid="reports-list-provisional">
                      Provisional
                    </span>
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <div className="reports-main">
        {shown && (
          <>
            <div className="report-toolbar">
              <h1 className="display__title" data-testid="report-title">
                {shown.content.kind === 'range' ? 'Custom range' : `${shown.shift} shift`}, {plantTime(shown.start, zone)} – {plantTime(shown.end, zone, false)}
              </h1>
              {shown.provisional && (
                <span className="report-provisional" data-testid="report-provisional" title={partial ? 'The shift was still running when this report was made' : 'Not signed yet'}>
                  Provisional
                </span>
              )}
              <span className="report-toolbar__note">
                version {shown.version}
                {partial ? ` · covers up to ${plantTime(shown.to, zone, false)}, the shift was still running` : ''}
              </span>
              <ExportButtons reportId={shown.id} />
              {shown.signature ? (
                <span className="report-signed" data-testid="report-signed">
                  Signed by {shown.signature.user} ({shown.signature.role}), {plantTime(shown.signature.at, zone)}: {shown.signature.meaning} — {shown.signature.reason}
                </span>
              ) : (
                <button
                  type="button"
                  className="button button--primary"
                  {...access.control('reports.sign', partial)}
                  title={access.why('reports.sign') ?? (partial ? 'A report of a running shift stays provisional: generate it again after the shift ends to sign it' : undefined)}
                  onClick={() => setSigning(true)}
                  data-testid="report-sign"
                >
                  Sign…
                </button>
              )}
              {shown.signature && (
                <button type="button" className="button" {...access.control('reports.export', regenerating?.state === 'pending')} onClick={() => regenerate(shown.shiftId)} data-testid="report-regenerate">
                  New version
                </button>
              )}
              {regenerating && (
                <Feedback state={regenerating.state} inline>
                  {regenerating.text}
                </Feedback>
              )}
            </div>
            <ReportView report={shown} />
          </>
        )}
      </div>
      {signing && shown && <SignDialog report={shown} onClose={() => setSigning(false)} onSigned={onSigned} />}
    </div>
  );
}
