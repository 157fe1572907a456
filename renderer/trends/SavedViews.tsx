import { useEffect, useState } from 'react';
import type { TrendView } from '../../common/trend-views.ts';
import { useServices } from '../app/services.tsx';
import { useCall } from '../ui/use-call.ts';
import type { Pen } from './pens.ts';
import type { TimeRange } from './time-range.ts';

interface Props {
  pens: readonly Pen[];
  range: TimeRange;
  onOpen(view: TrendView): void;
}

/** Saved views, shared through the runtime: pick one to open, save the current one under a name, delete. */
export function SavedViews({ pens, range, onOpen }: Props) {
  const { client } = useServices();
  const read = useCall('trends.views.list', {});
  const views = read.data ?? [];
  const reload = read.retry;
  const [selected, setSelected] = useState('');
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | undefined>(undefined);

  // Views saved at another station while this one was cut off are read again on reconnect.
  useEffect(
    () =>
      client.onDidChangeState((state) => {
        if (state === 'open') reload();
      }),
    [client, reload],
  );

  const save = () => {
    const trimmed = name.trim() || selected;
    if (!trimmed || pens.length === 0) return;
    const span = Math.round(range.to - range.from);
    const params = { name: trimmed, pens: pens.map((pen) => pen.path), live: range.live, span, ...(range.live ? {} : { from: Math.round(range.from) }) };
    client.call('trends.views.save', params).then(
      (view) => {
        setMessage({ kind: 'ok', text: `Saved “${view.name}”` });
        setSelected(view.name);
        setName('');
        reload();
      },
      (error: unknown) => setMessage({ kind: 'error', text: `Not saved: ${(error as Error).message}` }),
    );
  };
  const remove = () => {
    if (!selected) return;
    client.call('trends.views.delete', { name: selected }).then(
      () => {
        setMessage({ kind: 'ok', text: `Deleted “${selected}”` });
        setSelected('');
        reload();
      },
      (error: unknown) => setMessage({ kind: 'error', text: `Not deleted: ${(error as Error).message}` }),
    );
  };

  return (
    <div className="trend__views" data-testid="trend-views">
      <label className="trend__views-label">
        View
        <select
          className="trend__select"
          value={selected}
          data-testid="trend-view-select"
          onFocus={reload}
          onChange={(event) => {
            setSelected(event.target.value);
            const view = views.find((v) => v.name === event.target.value);
            if (view) onOpen(view);
          }}
        >
          <option value="">— saved views —</option>
          {views.map((view) => (
            <option key={view.name} value={view.name}>
              {view.name}
            </option>
          ))}
        </select>
      </label>
      <input
        className="tags__filter trend__view-name"
        placeholder="Name to save as"
        aria-label="View name"
        value={name}
        maxLength={80}
        onChange={(event) => setName(event.target.value)}
        data-testid="trend-view-name"
      />
      <button type="button" className="button" onClick={save} disabled={pens.length === 0 || !(name.trim() || selected)} data-testid="trend-view-save">
        Save
      </button>
      <button type="button" className="button" onClick={remove} disabled={!selected} data-testid="trend-view-delete">
        Delete
      </button>
      {read.error && !message && (
        <span className="trend__views-message trend__views-message--error" role="status" data-testid="trend-view-message">
          {read.error.message}
        </span>
      )}
      {message && (
        <span className={`trend__views-message trend__views-message--${message.kind}`} role="status" data-testid="trend-view-message">
          {message.text}
        </span>
      )}
    </div>
  );
}
