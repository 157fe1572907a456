import { useEffect } from 'react';
import { toCsv } from '../../common/csv.ts';
import type { RecallRow } from '../../common/lots.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { FeedbackLine, reasonOf, useFeedback } from '../ui/Feedback.tsx';
import { formatCount, formatDateTime, formatIsoDateTime } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { download, saveCsv } from '../ui/save-file.ts';
import { useCall } from '../ui/use-call.ts';

const NONE = '—';
const at = (ms: number, timeZone: string | undefined) => formatDateTime(ms, timeZone, 'minutes');
const COLUMNS = ['lot', 'material', 'level', 'order', 'line', 'shift', 'opened', 'closed', 'produced', 'confirmed'] as const;

/** The recall list of a lot (every output lot it reached, nearest first), with CSV and PDF exports. */
export function RecallPanel({ lot, timeZone }: { lot: string; timeZone: string | undefined }) {
  const { t, i18n } = useT('quality');
  const { client } = useServices();
  const read = useCall('lots.recall', { lot });
  const { feedback, run, clear } = useFeedback();
  // A feedback line was written in the language of its moment: a switch of language clears it.
  useEffect(() => clear(), [i18n.language, clear]);
  const rows = read.data?.rows ?? [];
  const csvCells = (r: RecallRow) => [
    r.lot,
    r.material,
    r.depth,
    r.order ?? '',
    r.line ?? '',
    r.shift ?? '',
    formatIsoDateTime(r.openedAt, timeZone),
    r.closedAt === undefined ? '' : formatIsoDateTime(r.closedAt, timeZone),
    r.produced ?? '',
    r.confirmed ? t('recall.yes') : t('recall.no'),
  ];
  const exportCsv = () => {
    const file = `recall-${lot}.csv`;
    void run(
      t('recall.exporting'),
      () => saveCsv(file, toCsv([COLUMNS.map((c) => t(`recall.columns.${c}`)), ...rows.map(csvCells)])),
      () => t('recall.exported', { file }),
      (error) => t('recall.refused', { reason: reasonOf(error) }),
    );
  };
  const exportPdf = () =>
    void run(
      t('recall.exporting'),
      async () => {
        const pdf = await client.call('lots.recallPdf', { lot });
        download(pdf.fileName, new Blob([Uint8Array.from(atob(pdf.base64), (c) => c.charCodeAt(0))], { type: 'application/pdf' }));
        return pdf.fileName;
      },
      (file) => t('recall.exported', { file }),
      (error) => t('recall.refused', { reason: reasonOf(error) }),
    );
  return (
    <section className="trace__recall" data-testid="recall-panel">
      <div className="wo__toolbar">
        <h2>{t('recall.heading')}</h2>
        <span className="trace__summary" data-testid="recall-count">
          {read.data && t('recall.count', { count: rows.length })}
        </span>
        <button type="button" className="button" onClick={exportCsv} disabled={!read.data}>
          {t('recall.csv')}
        </button>
        <button type="button" className="button" onClick={exportPdf} disabled={!read.data}>
          {t('recall.pdf')}
        </button>
        <FeedbackLine feedback={feedback} inline testId="recall-feedback" />
      </div>
      <LoadProblem call={read} what={t('recall.readProblem')} />
      {read.data && rows.length === 0 && <p>{t('recall.none')}</p>}
      {rows.length > 0 && (
        <table className="wo__table" data-testid="recall-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c} className={c === 'level' || c === 'produced' ? 'wo__num' : undefined}>
                  {t(`recall.columns.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.lot} data-lot={r.lot}>
                <td data-project-text>{r.lot}</td>
                <td data-project-text>{r.material}</td>
                <td className="wo__num">{r.depth}</td>
                <td data-project-text>{r.order ?? NONE}</td>
                <td data-project-text>{r.line ?? NONE}</td>
                <td data-project-text>{r.shift ?? NONE}</td>
                <td>{at(r.openedAt, timeZone)}</td>
                <td>{r.closedAt === undefined ? NONE : at(r.closedAt, timeZone)}</td>
                <td className="wo__num">{r.produced === undefined ? NONE : formatCount(r.produced)}</td>
                <td>{r.confirmed ? t('recall.yes') : t('recall.no')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
