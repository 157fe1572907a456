import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useAccess } from '../ui/access.tsx';
import type { ConnectorOptionField, ConnectorOptionsView } from '../../common/mes-connector-options.ts';
import type { SecretWrite } from '../../common/secrets.ts';
import { CallError } from '../client/call-error.ts';
import { useServices } from '../app/services.tsx';
import { useT } from '../i18n/i18n.ts';
import { FeedbackLine, useAction } from '../ui/Feedback.tsx';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { ConnectorPicker } from './ConnectorPicker.tsx';
import { problemText } from '../ui/texts.ts';

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

/** A field's label in the reader's language: the catalogue's `options.field.<name>`, else the runtime's label. */
function labelOf(f: ConnectorOptionField, t: TFunction<'sync'>): string {
  return t(`options.field.${f.name}`, { defaultValue: f.label });
}

/**
 * Each connector's options (URLs, paths, poll interval, timeouts, credentials), as a form generated
 * from its transport's fields. Engineers (mes.configure) edit and save them: the runtime checks them
 * (a refusal outlines the field), writes mes.json and restarts the connector. Secrets are
 * write-only: shown as set or not set, changed or cleared, never read back. Read-only for others.
 */
export function ConnectorOptionsPanel({ visible }: { visible: boolean }) {
  const { client } = useServices();
  const { t } = useT('sync');
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
    act(t('options.saveAction', { connector: current.id }), async () => {
      try {
        const r = await client.call('mes.connectors.save', { id: current.id, enabled: draft.enabled, options: toOptions(current, draft), secrets: draft.secrets });
        setDirty(false);
        read.set((connectors ?? []).map((c) => (c.id === r.connector.id ? r.connector : c)));
        return r.restarted ? t('options.restarted') : t('options.stopped');
      } catch (error) {
        const path = error instanceof CallError ? error.path : undefined;
        const field = path?.replace(/^(options|secrets)\./, '').split(/[.[]/)[0];
        if (field) setInvalid({ field, message: problemText(error) });
        throw error;
      }
    });
  };

  if (read.error) return <LoadProblem call={read} what={t('options.couldNotRead')} />;
  if (!connectors || !current || !draft) return null;
  return (
    <section className="sync__options" aria-label={t('options.label')} data-testid="sync-options" data-connector={current.id} data-editable={mayEdit}>
      <div className="sync__mappings-head">
        <h2>{t('options.title')}</h2>
        <ConnectorPicker ids={connectors.map((c) => c.id)} current={current.id} locked={dirty} onPick={setChosen} />
        <span className="wo__muted">{current.type}</span>
        {!mayEdit && <span className="wo__muted">{t('options.readOnly', { why: notEditable })}</span>}
        {mayEdit && (
          <>
            <button type="button" className="button button--primary" disabled={!dirty} onClick={save}>
              {t('options.save')}
            </button>
            <button type="button" className="button" disabled={!dirty} onClick={() => (setDirty(false), setInvalid(undefined), setDraft(toDraft(current)))}>
              {t('options.discard')}
            </button>
          </>
        )}
      </div>
      <FeedbackLine feedback={state} testId="wo-feedback" />
      <table className="wo__table sync__options-table">
        <tbody>
          <tr data-field="enabled">
            <th scope="row">{t('options.enabled')}</th>
            <td>
              {mayEdit ? <input type="checkbox" aria-label={t('options.enabled')} checked={draft.enabled} onChange={(e) => edit((d) => ({ ...d, enabled: e.target.checked }))} /> : current.enabled ? t('options.yes') : t('options.noWaiting')}
            </td>
            <td className="wo__muted">{t('options.enabledHint')}</td>
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
  const { t } = useT('sync');
  const label = labelOf(f, t);
  // A default in words: yes / no for a switch, else as the runtime gives it.
  const shownDefault = typeof f.default === 'boolean' ? t(f.default ? 'options.yes' : 'options.no') : String(f.default);
  const hint = [f.required ? t('options.required') : f.default !== undefined ? t('options.default', { value: shownDefault }) : t('options.optional'), f.min !== undefined && f.max !== undefined ? `${f.min}–${f.max}` : '']
    .filter(Boolean)
    .join(', ');
  const setValue = (v: string | boolean) => edit((d) => ({ ...d, values: { ...d.values, [f.name]: v } }));
  let control;
  if (f.kind === 'secret') {
    control = <SecretControl field={f} view={view} draft={draft} mayEdit={mayEdit} invalid={invalid !== undefined} edit={edit} />;
  } else if (!mayEdit) {
    const v = view.options[f.name];
    control = <span>{v === undefined ? <span className="wo__muted">{f.default !== undefined ? t('options.defaultShown', { value: shownDefault }) : '—'}</span> : String(v)}</span>;
  } else if (f.kind === 'boolean') {
    control = <input type="checkbox" aria-label={label} checked={draft.values[f.name] === true} onChange={(e) => setValue(e.target.checked)} />;
  } else if (f.kind === 'choice') {
    control = (
      <select aria-label={label} aria-invalid={invalid !== undefined} value={String(draft.values[f.name] ?? '')} onChange={(e) => setValue(e.target.value)}>
        {!f.required && <option value="">{f.default !== undefined ? t('options.defaultChoice', { value: shownDefault }) : '—'}</option>}
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
        aria-label={label}
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
      <th scope="row">{label}</th>
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
  const { t } = useT('sync');
  const state = view.secrets[f.name] ?? { set: false };
  const change = draft.secrets[f.name];
  const setChange = (c: SecretWrite | undefined) =>
    edit((d) => {
      const secrets = { ...d.secrets };
      if (c) secrets[f.name] = c;
      else delete secrets[f.name];
      return { ...d, secrets };
    });
  const shown = state.set ? (state.reference ? t('options.secretSetRef', { reference: state.reference }) : t('options.secretSet')) : t('options.secretNotSet');
  if (!mayEdit || !change) {
    return (
      <span className="sync__secret">
        <span data-testid="secret-state">{shown}</span>
        {mayEdit && (
          <>
            <button type="button" className="button" onClick={() => setChange({ value: '' })}>
              {state.set ? t('options.change') : t('options.set')}
            </button>
            {state.set && !f.required && (
              <button type="button" className="button" onClick={() => setChange({ clear: true })}>
                {t('options.clear')}
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
        <span data-testid="secret-state">{t('options.clearedWhenSaved')}</span>
        <button type="button" className="button" onClick={() => setChange(undefined)}>
          {t('options.keep')}
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
        aria-label={t('options.newSecret', { label: labelOf(f, t).toLowerCase() })}
        aria-invalid={invalid}
        value={'value' in change ? change.value : ''}
        onChange={(e) => setChange({ value: e.target.value })}
      />
      <button type="button" className="button" onClick={() => setChange(undefined)}>
        {t('options.keepOld')}
      </button>
    </span>
  );
}
