import { useEffect, useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { ConnectorOptionField, ConnectorOptionsView } from '../../common/mes-connector-options.ts';
import type { SecretWrite } from '../../common/secrets.ts';
import { CallError } from '../client/call-error.ts';
import { useServices } from '../app/services.tsx';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { ConnectorPicker } from './ConnectorPicker.tsx';

/** Values as typed: numbers stay text until saved, so a half-typed value is not lost. */
type Draft = { enabled: boolean; values: Record<string, string | boolean>; secrets: Record<string, SecretWrite> };

function toDraft(c: ConnectorOptionsView): Draft {
  const values: Record<string, string | boolean> = {};
  for (const f of c.fields) {
    if (f.kind === 'secret') continue;
    const v = c.options[f.name];
    values[f.name] = f.kind === 'boolean' ? (typeof v === 'boolean' ? v : f.default === true) : v === undefined || v === null ? '' : String(v);
  }
  return { enabled: c.enabled, values, secrets: {} };
}

/** The options to save: typed fields converted, empty ones left out (their default applies), others kept as they were. */
function toOptions(c: ConnectorOptionsView, d: Draft): Record<string, unknown> {
  const described = new Set(c.fields.map((f) => f.name));
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(c.options).filter(([k]) => !described.has(k)));
  for (const f of c.fields) {
    if (f.kind === 'secret') continue;
    const v = d.values[f.name];
    if (typeof v === 'boolean') out[f.name] = v;
    else if (v !== undefined && v.trim() !== '') out[f.name] = f.kind === 'number' && Number.isFinite(Number(v)) ? Number(v) : v.trim();
  }
  return out;
}

/**
 * Each connector's options (URLs, paths, poll interval, timeouts, credentials), as a form generated
 * from its transport's fields. Engineers (mes.configure) edit and save them: the runtime checks them
 * (a refusal outlines the field), writes mes.json and restarts the connector. Secrets are
 * write-only: shown as set or not set, changed or cleared, never read back. Read-only for others.
 */
export function ConnectorOptionsPanel({ visible }: { visible: boolean }) {
  const { client } = useServices();
  const notEditable = useAccess().why('mes.configure');
  const mayEdit = notEditable === undefined;
  // Read afresh each time the display is shown.
  const read = useCall('mes.connectors.list', {}, { paused: !visible, refreshKey: String(visible) });
  const connectors = read.data;
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const [invalid, setInvalid] = useState<{ field: string; message: string } | undefined>(undefined);
  const [state, act] = useAction();
  const current = connectors?.find((c) => c.id === chosen) ?? connectors?.[0];

  useEffect(() => {
    if (current && !dirty) setDraft(toDraft(current));
  }, [current, dirty]);

  const edit = (change: (d: Draft) => Draft) => {
    if (!draft) return;
    setDraft(change(draft));
    setDirty(true);
    // A refusal is about what was saved; once the engineer edits, it no longer describes the form.
    setInvalid(undefined);
  };
  const save = () => {
    if (!current || !draft) return;
    setInvalid(undefined);
    act(`Save ${current.id}`, async () => {
      try {
        const r = await client.call('mes.connectors.save', { id: current.id, enabled: draft.enabled, options: toOptions(current, draft), secrets: draft.secrets });
        setDirty(false);
        read.set((connectors ?? []).map((c) => (c.id === r.connector.id ? r.connector : c)));
        return `written to mes.json; ${r.restarted ? 'the connector restarted with them' : 'the connector is stopped (disabled)'}`;
      } catch (error) {
        const path = error instanceof CallError ? error.path : undefined;
        const field = path?.replace(/^(options|secrets)\./, '').split(/[.[]/)[0];
        if (field) setInvalid({ field, message: (error as Error).message });
        throw error;
      }
    });
  };

  if (read.error) return <LoadProblem call={read} what="Could not read the connectors" />;
  if (!connectors || !current || !draft) return null;
  return (
    <section className="sync__options" aria-label="Connector options" data-testid="sync-options" data-connector={current.id} data-editable={mayEdit}>
      <div className="sync__mappings-head">
        <h2>Connector options</h2>
        <ConnectorPicker ids={connectors.map((c) => c.id)} current={current.id} locked={dirty} onPick={setChosen} />
        <span className="wo__muted">{current.type}</span>
        {!mayEdit && <span className="wo__muted">Read only. {notEditable}</span>}
        {mayEdit && (
          <>
            <button type="button" className="button button--primary" disabled={!dirty} onClick={save}>
              Save
            </button>
            <button type="button" className="button" disabled={!dirty} onClick={() => (setDirty(false), setInvalid(undefined), setDraft(toDraft(current)))}>
              Discard changes
            </button>
          </>
        )}
      </div>
      <FeedbackLine feedback={state} testId="wo-feedback" />
      <table className="wo__table sync__options-table">
        <tbody>
          <tr data-field="enabled">
            <th scope="row">Enabled</th>
            <td>{mayEdit ? <input type="checkbox" aria-label="Enabled" checked={draft.enabled} onChange={(e) => edit((d) => ({ ...d, enabled: e.target.checked }))} /> : current.enabled ? 'yes' : 'no (messages wait in the outbox)'}</td>
            <td className="wo__muted">A disabled connector sends and pulls nothing; its messages wait.</td>
          </tr>
          {current.fields.map((f) => (
            <OptionRow key={f.name} field={f} view={current} draft={draft} mayEdit={mayEdit} invalid={invalid?.field === f.name ? invalid.message : undefined} edit={edit} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function OptionRow({ field: f, view, draft, mayEdit, invalid, edit }: { field: ConnectorOptionField; view: ConnectorOptionsView; draft: Draft; mayEdit: boolean; invalid: string | undefined; edit: (change: (d: Draft) => Draft) => void }) {
  const hint = [f.required ? 'required' : f.default !== undefined ? `default ${String(f.default)}` : 'optional', f.min !== undefined && f.max !== undefined ? `${f.min}–${f.max}` : ''].filter(Boolean).join(', ');
  const setValue = (v: string | boolean) => edit((d) => ({ ...d, values: { ...d.values, [f.name]: v } }));
  let control;
  if (f.kind === 'secret') {
    control = <SecretControl field={f} view={view} draft={draft} mayEdit={mayEdit} invalid={invalid !== undefined} edit={edit} />;
  } else if (!mayEdit) {
    const v = view.options[f.name];
    control = <span>{v === undefined ? <span className="wo__muted">{f.default !== undefined ? `(default ${String(f.default)})` : '—'}</span> : String(v)}</span>;
  } else if (f.kind === 'boolean') {
    control = <input type="checkbox" aria-label={f.label} checked={draft.values[f.name] === true} onChange={(e) => setValue(e.target.checked)} />;
  } else if (f.kind === 'choice') {
    control = (
      <select aria-label={f.label} aria-invalid={invalid !== undefined} value={String(draft.values[f.name] ?? '')} onChange={(e) => setValue(e.target.value)}>
        {!f.required && <option value="">{f.default !== undefined ? `default (${String(f.default)})` : '—'}</option>}
        {f.choices?.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        type="text"
        inputMode={f.kind === 'number' ? 'numeric' : undefined}
        className={`sync__option-input${f.kind === 'number' ? ' sync__option-input--number' : ''}`}
        aria-label={f.label}
        aria-invalid={invalid !== undefined}
        name={f.name}
        value={String(draft.values[f.name] ?? '')}
        placeholder={f.default !== undefined ? String(f.default) : ''}
        onChange={(e) => setValue(e.target.value)}
      />
    );
  }
  return (
    <tr data-field={f.name} data-kind={f.kind} data-invalid={invalid !== undefined}>
      <th scope="row">{f.label}</th>
      <td>
        {control}
        {f.unit && <span className="wo__muted"> {f.unit}</span>}
        {invalid && (
          <p className="wo__bad sync__option-problem" role="alert">
            {invalid}
          </p>
        )}
      </td>
      <td className="wo__muted">{hint}</td>
    </tr>
  );
}

/** A secret: whether it is set, and (engineers) a new value or a clear; never the value itself. */
function SecretControl({ field: f, view, draft, mayEdit, invalid, edit }: { field: ConnectorOptionField; view: ConnectorOptionsView; draft: Draft; mayEdit: boolean; invalid: boolean; edit: (change: (d: Draft) => Draft) => void }) {
  const state = view.secrets[f.name] ?? { set: false };
  const change = draft.secrets[f.name];
  const setChange = (c: SecretWrite | undefined) =>
    edit((d) => {
      const secrets = { ...d.secrets };
      if (c) secrets[f.name] = c;
      else delete secrets[f.name];
      return { ...d, secrets };
    });
  const shown = state.set ? `set${state.reference ? ` (${state.reference})` : ''}` : 'not set';
  if (!mayEdit || !change) {
    return (
      <span className="sync__secret">
        <span data-testid="secret-state">{shown}</span>
        {mayEdit && (
          <>
            <button type="button" className="button" onClick={() => setChange({ value: '' })}>
              {state.set ? 'Change' : 'Set'}
            </button>
            {state.set && !f.required && (
              <button type="button" className="button" onClick={() => setChange({ clear: true })}>
                Clear
              </button>
            )}
          </>
        )}
      </span>
    );
  }
  if ('clear' in change) {
    return (
      <span className="sync__secret">
        <span data-testid="secret-state">cleared when saved</span>
        <button type="button" className="button" onClick={() => setChange(undefined)}>
          Keep
        </button>
      </span>
    );
  }
  return (
    <span className="sync__secret">
      <input
        type="password"
        autoComplete="new-password"
        className="sync__option-input"
        aria-label={`New ${f.label.toLowerCase()}`}
        aria-invalid={invalid}
        value={'value' in change ? change.value : ''}
        onChange={(e) => setChange({ value: e.target.value })}
      />
      <button type="button" className="button" onClick={() => setChange(undefined)}>
        Keep the old one
      </button>
    </span>
  );
}
