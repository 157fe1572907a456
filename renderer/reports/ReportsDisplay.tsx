import { useEffect, useState } from 'react';
import { Trans } from 'react-i18next';
import { useAccess } from '../ui/access.tsx';
import type { ReportSummary } from '../../common/reports-contract.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
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
  const { t, i18n } = useT('reports');
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
    setRegenerating({ state: 'pending', text: t('report.generatingNew') });
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
      <aside className="reports-list" aria-label={t('list.label')}>
        <h1 className="display__title">{t('list.title')}</h1>
        <LoadProblem call={listRead} what={t('list.couldNotList')} />
        <LoadProblem call={reportRead} what={t('list.couldNotRead')} />
        <OnDemandReport
          zone={zone}
          visible={visible}
          onMade={(made) => {
            setSelected(made.id);
            reload();
          }}
        />
        {list.length === 0 && !listRead.error && !listRead.loading && <p className="report-empty">{t('list.none')}</p>}
        <ul data-testid="reports-list">
          {list.map((r) => (
            <li key={r.id}>
              <button type="button" className={`reports-list__item${r.id === selected ? ' reports-list__item--selected' : ''}`} aria-pressed={r.id === selected} onClick={() => setSelected(r.id)} data-testid="reports-list-item">
                <span className="reports-list__name">
                  <span data-project-text="">{r.shift}</span> · {plantTime(r.start, zone).slice(0, 10)}
                  {r.version > 1 ? ` · ${t('list.versionShort', { version: r.version })}` : ''}
                </span>
                <span className="reports-list__meta">
                  OEE {pct(r.oee)} · {r.signature ? t('list.signed', { user: r.signature.user }) : t('list.notSigned')}
                  {r.provisional && (
                    <span className="report-provisional report-provisional--small" data-testid="reports-list-provisional">
                      {t('list.provisional')}
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
                {shown.content.kind === 'range' ? (
                  t('report.customRange', { from: plantTime(shown.start, zone), to: plantTime(shown.end, zone, false) })
                ) : (
                  <Trans i18n={i18n} t={t} i18nKey="report.shiftTitle" values={{ shift: shown.shift, from: plantTime(shown.start, zone), to: plantTime(shown.end, zone, false) }} components={{ 1: <span data-project-text="" /> }} />
                )}
              </h1>
              {shown.provisional && (
                <span className="report-provisional" data-testid="report-provisional" title={partial ? t('report.runningTitle') : t('report.notSignedTitle')}>
                  {t('report.provisional')}
                </span>
              )}
              <span className="report-toolbar__note">{partial ? t('report.partial', { version: shown.version, to: plantTime(shown.to, zone, false) }) : t('report.version', { version: shown.version })}</span>
              <ExportButtons reportId={shown.id} />
              {shown.signature ? (
                <span className="report-signed" data-testid="report-signed">
                  {t('report.signedBy', {
                    user: shown.signature.user,
                    role: shown.signature.role,
                    at: plantTime(shown.signature.at, zone),
                    meaning: t(`sign.meanings.${shown.signature.meaning}`, { defaultValue: shown.signature.meaning }),
                    reason: shown.signature.reason,
                  })}
                </span>
              ) : (
                <button
                  type="button"
                  className="button button--primary"
                  {...access.control('reports.sign', partial)}
                  title={access.why('reports.sign') ?? (partial ? t('report.signRunning') : undefined)}
                  onClick={() => setSigning(true)}
                  data-testid="report-sign"
                >
                  {t('report.sign')}
                </button>
              )}
              {shown.signature && (
                <button type="button" className="button" {...access.control('reports.export', regenerating?.state === 'pending')} onClick={() => regenerate(shown.shiftId)} data-testid="report-regenerate">
                  {t('report.newVersion')}
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
