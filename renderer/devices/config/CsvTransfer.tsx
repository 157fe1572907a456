import { useRef, useState } from 'react';
import type { CsvPreview } from '../../../common/config-contract.ts';
import { useServices } from '../../app/services.tsx';
import { useT } from '../../i18n/i18n.ts';
import { Feedback } from '../../ui/Feedback.tsx';
import { saveCsv } from '../../ui/save-file.ts';
import { isCallError } from '../../client/call-error.ts';
import { CsvPreviewPanel } from './CsvPreviewPanel.tsx';

type State =
  | { readonly state: 'idle' }
  | { readonly state: 'pending' | 'accepted'; readonly text: string }
  | { readonly state: 'refused'; readonly text: string; readonly lines: readonly string[] }
  | { readonly state: 'preview'; readonly name: string; readonly csv: string; readonly preview: CsvPreview };

/**
 * Tags of one device (or all) as CSV: download, and upload in two steps: the runtime checks every row and
 * says what the file would add, change and refuse (and which tags it leaves out); only Apply imports it.
 */
export function CsvTransfer({ device, editable }: { device: string | undefined; editable: boolean }) {
  const { client } = useServices();
  const { t } = useT('devices');
  const [state, setState] = useState<State>({ state: 'idle' });
  const input = useRef<HTMLInputElement>(null);

  const download = async () => {
    try {
      const { csv, rows } = await client.call('config.tags.exportCsv', device ? { device } : {});
      await saveCsv(`${device ?? 'tags'}.csv`, csv);
      setState({ state: 'accepted', text: t('csv.exported', { count: rows }) });
    } catch (error) {
      setState({ state: 'refused', text: t('csv.exportFailed', { reason: String(error) }), lines: [] });
    }
  };

  const refused = (name: string, error: unknown) => {
    const message = isCallError(error) ? error.message : String(error);
    const [first, ...lines] = message.split('\n');
    setState({ state: 'refused', text: t('csv.refused', { name, reason: (first ?? '').replace(/^csv: /, '') }), lines });
  };

  const choose = async (file: File) => {
    setState({ state: 'pending', text: t('csv.checking', { name: file.name }) });
    try {
      const csv = await file.text();
      const preview = await client.call('config.tags.previewCsv', { csv });
      setState({ state: 'preview', name: file.name, csv, preview });
    } catch (error) {
      refused(file.name, error);
    } finally {
      if (input.current) input.current.value = '';
    }
  };

  const apply = async (name: string, csv: string) => {
    setState({ state: 'pending', text: t('csv.importing', { name }) });
    try {
      const change = await client.call('config.tags.importCsv', { csv });
      setState({ state: 'accepted', text: t(change.added.length + change.changed.length === 0 ? 'csv.importedNothing' : 'csv.importedLive', { name, added: change.added.length, changed: change.changed.length }) });
    } catch (error) {
      refused(name, error);
    }
  };

  return (
    <div className="config-csv" data-testid="csv-transfer">
      <button type="button" className="button" onClick={() => void download()} data-testid="csv-export">
        {t('csv.export')}
      </button>
      {editable && (
        <>
          <button type="button" className="button" onClick={() => input.current?.click()} disabled={state.state === 'pending'} data-testid="csv-import">
            {t('csv.import')}
          </button>
          <input ref={input} type="file" accept=".csv,text/csv" hidden onChange={(e) => e.target.files?.[0] && void choose(e.target.files[0])} data-testid="csv-file" />
        </>
      )}
      {state.state === 'preview' && <CsvPreviewPanel name={state.name} preview={state.preview} onApply={() => void apply(state.name, state.csv)} onCancel={() => setState({ state: 'idle' })} />}
      {state.state !== 'idle' && state.state !== 'preview' && (
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
            {t('csv.dismiss')}
          </button>
        </Feedback>
      )}
    </div>
  );
}
