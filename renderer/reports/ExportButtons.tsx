import { useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import { reasonOf } from '../ui/Feedback.tsx';
import { EXPORT_FORMATS, type ExportFormat } from '../../common/reports-contract.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { download } from '../ui/save-file.ts';

type State = { format: ExportFormat; state: 'working' | 'done' | 'refused'; done: number; text: string };

/** PDF, CSV and XLSX exports: rendered in the runtime with progress events, then downloaded with the token. */
export function ExportButtons({ reportId }: { reportId: number }) {
  const { client, token } = useServices();
  const { t } = useT('reports');
  const [state, setState] = useState<State | undefined>(undefined);
  const access = useAccess();

  const run = async (format: ExportFormat) => {
    setState({ format, state: 'working', done: 0, text: t('export.rendering') });
    const off = client.on('reports.progress', (p) => {
      if (p.reportId === reportId && p.format === format) setState({ format, state: 'working', done: p.done, text: p.stage });
    });
    try {
      const prepared = await client.call('reports.export', { id: reportId, format });
      setState({ format, state: 'working', done: 1, text: t('export.downloading') });
      const response = await fetch(prepared.url, { headers: { Authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(t('export.downloadFailed', { status: response.status }));
      download(prepared.fileName, await response.blob());
      setState({ format, state: 'done', done: 1, text: t('export.done', { file: prepared.fileName, size: Math.ceil(prepared.bytes / 1024) }) });
    } catch (e) {
      setState({ format, state: 'refused', done: 0, text: reasonOf(e) });
    } finally {
      off();
    }
  };

  const busy = state?.state === 'working';
  return (
    <div className="report-exports">
      {EXPORT_FORMATS.map((f) => (
        <button key={f} type="button" className="button" {...access.control('reports.export', busy)} onClick={() => void run(f)} data-testid={`export-${f}`}>
          {t('export.button', { format: f.toUpperCase() })}
        </button>
      ))}
      {state && (
        <span className={`report-exports__status report-exports__status--${state.state}`} data-testid="export-status" data-state={state.state}>
          {state.state === 'working' && <progress className="report-exports__progress" max={1} value={state.done} aria-label={t('export.progress', { format: state.format.toUpperCase() })} />}
          {t('export.status', { format: state.format.toUpperCase(), text: state.text })}
        </span>
      )}
    </div>
  );
}
