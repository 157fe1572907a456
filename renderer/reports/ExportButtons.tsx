import { useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import { reasonOf } from '../ui/Feedback.tsx';
import { EXPORT_FORMATS, type ExportFormat } from '../../common/reports-contract.ts';
import { useServices } from '../app/services.tsx';
import { download } from '../ui/save-file.ts';

type State = { format: ExportFormat; state: 'working' | 'done' | 'refused'; done: number; text: string };

/** PDF, CSV and XLSX exports: rendered in the runtime with progress events, then downloaded with the token. */
export function ExportButtons({ reportId }: { reportId: number }) {
  const { client, token } = useServices();
  const [state, setState] = useState<State | undefined>(undefined);
  const access = useAccess();

  const run = async (format: ExportFormat) => {
    setState({ format, state: 'working', done: 0, text: 'Rendering…' });
    const off = client.on('reports.progress', (p) => {
      if (p.reportId === reportId && p.format === format) setState({ format, state: 'working', done: p.done, text: p.stage });
    });
    try {
      const prepared = await client.call('reports.export', { id: reportId, format });
      setState({ format, state: 'working', done: 1, text: 'Downloading…' });
      const response = await fetch(prepared.url, { headers: { Authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`download failed: HTTP ${response.status}`);
      download(prepared.fileName, await response.blob());
      setState({ format, state: 'done', done: 1, text: `${prepared.fileName} (${Math.ceil(prepared.bytes / 1024)} KiB)` });
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
          Export {f.toUpperCase()}
        </button>
      ))}
      {state && (
        <span className={`report-exports__status report-exports__status--${state.state}`} data-testid="export-status" data-state={state.state}>
          {state.state === 'working' && <progress className="report-exports__progress" max={1} value={state.done} aria-label={`${state.format.toUpperCase()} export progress`} />}
          {state.format.toUpperCase()}: {state.text}
        </span>
      )}
    </div>
  );
}
