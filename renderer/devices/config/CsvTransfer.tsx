import { useRef, useState } from 'react';
import { useServices } from '../../app/services.tsx';
import { Feedback } from '../../ui/Feedback.tsx';
import { saveCsv } from '../../ui/save-file.ts';
import { isCallError } from '../../client/call-error.ts';

type State = { readonly state: 'idle' } | { readonly state: 'pending' | 'accepted'; readonly text: string } | { readonly state: 'refused'; readonly text: string; readonly lines: readonly string[] };

/** Tags of one device (or all) as CSV: download, and upload where every row is checked before anything applies. */
export function CsvTransfer({ device, editable }: { device: string | undefined; editable: boolean }) {
  const { client } = useServices();
  const [state, setState] = useState<State>({ state: 'idle' });
  const input = useRef<HTMLInputElement>(null);

  const download = async () => {
    try {
      const { csv, rows } = await client.call('config.tags.exportCsv', device ? { device } : {});
      await saveCsv(`${device ?? 'tags'}.csv`, csv);
      setState({ state: 'accepted', text: `Exported ${rows} tag(s).` });
    } catch (error) {
      setState({ state: 'refused', text: `Export failed: ${String(error)}`, lines: [] });
    }
  };

  const upload = async (file: File) => {
    setState({ state: 'pending', text: `Importing ${file.name}…` });
    try {
      const change = await client.call('config.tags.importCsv', { csv: await file.text() });
      setState({ state: 'accepted', text: `Imported ${file.name}: ${change.added.length} added, ${change.changed.length} changed, ${change.added.length + change.changed.length === 0 ? 'nothing new' : 'applied live'}.` });
    } catch (error) {
      const message = isCallError(error) ? error.message : String(error);
      const [first, ...lines] = message.split('\n');
      setState({ state: 'refused', text: `${file.name} refused. ${(first ?? '').replace(/^csv: /, '')}`, lines });
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="config-csv" data-testid="csv-transfer">
      <button type="button" className="button" onClick={() => void download()} data-testid="csv-export">
        Export CSV
      </button>
      {editable && (
        <>
          <button type="button" className="button" onClick={() => input.current?.click()} disabled={state.state === 'pending'} data-testid="csv-import">
            Import CSV…
          </button>
          <input ref={input} type="file" accept=".csv,text/csv" hidden onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])} data-testid="csv-file" />
        </>
      )}
      {state.state !== 'idle' && (
        <Feedback state={state.state} className="config-csv__result" testId="csv-feedback">
          <span>{state.text}</span>
          {state.state === 'refused' && state.lines.length > 0 && (
            <ul className="config-csv__problems" data-testid="csv-problems">
              {state.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <button type="button" className="button devices__small" onClick={() => setState({ state: 'idle' })}>
            Dismiss
          </button>
        </Feedback>
      )}
    </div>
  );
}
