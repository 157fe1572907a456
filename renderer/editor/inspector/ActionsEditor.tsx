import { useMemo, useState } from 'react';
import type { ScreenSummary } from '../../../common/screens-contract.ts';
import type { ScreenAction, ScreenElement, Template } from '../../../screens/screen-schema.ts';
import type { ScalarValue as Value } from '../../../common/data-value.ts';
import { useT } from '../../i18n/i18n.ts';
import { useTagPaths } from '../../store/use-tag.ts';
import type { EditorStore } from '../editor-store.ts';
import { ACTION_TYPES, actionProblems, MAX_ACTIONS, newAction, type ActionType } from '../model/actions.ts';
import { CommitInput } from './CommitInput.tsx';

type WriteAction = Extract<ScreenAction, { type: 'write' }>;
type ValueKind = 'number' | 'boolean' | 'text';

export interface ActionChoices {
  screens: readonly ScreenSummary[];
  templates: ReadonlyMap<string, Template>;
}

/**
 * What happens when an operator clicks the element: actions run in order. Each edit is one undo step
 * (addAction / setAction / removeAction / moveAction); a field the schema would refuse keeps its draft
 * and shows why under it, so nothing invalid reaches the document.
 */
export function ActionsEditor({ store, element, choices, disabled }: { store: EditorStore; element: ScreenElement; choices: ActionChoices; disabled: boolean }) {
  const [adding, setAdding] = useState<ActionType>('navigate');
  const ids = useMemo(() => ({ screens: choices.screens.map((s) => s.id), templates: [...choices.templates.keys()] }), [choices]);
  const full = element.actions.length >= MAX_ACTIONS;
  const { t } = useT('editor');
  return (
    <section data-testid="actions">
      <h3>{t('actions.title')}</h3>
      {element.actions.length === 0 && <p className="editor-muted">{t('actions.none')}</p>}
      {element.actions.map((action, i) => (
        <ActionRow key={`${i}:${action.type}`} index={i} count={element.actions.length} action={action} choices={choices} disabled={disabled} ids={ids} store={store} elementId={element.id} />
      ))}
      <div className="editor-action-add">
        <select value={adding} disabled={disabled || full} data-testid="action-add-type" aria-label={t('actions.kindToAdd')} onChange={(e) => setAdding(e.target.value as ActionType)}>
          {ACTION_TYPES.map((type) => (
            <option key={type} value={type}>
              {t(`actions.types.${type}`)}
            </option>
          ))}
        </select>
        <button type="button" className="button editor-small" disabled={disabled || full} data-testid="action-add" onClick={() => store.dispatch({ type: 'addAction', id: element.id, action: newAction(adding, ids) })}>
          {t('actions.add')}
        </button>
        {full && <span className="editor-muted">{t('actions.full', { count: MAX_ACTIONS })}</span>}
      </div>
    </section>
  );
}

function ActionRow({
  store,
  elementId,
  index,
  count,
  action,
  choices,
  ids,
  disabled,
}: {
  store: EditorStore;
  elementId: string;
  index: number;
  count: number;
  action: ScreenAction;
  choices: ActionChoices;
  ids: { screens: readonly string[]; templates: readonly string[] };
  disabled: boolean;
}) {
  const set = (next: ScreenAction) => store.dispatch({ type: 'setAction', id: elementId, index, action: next });
  const problems = actionProblems(action);
  const { t } = useT('editor');
  const id = (field: string) => `action:${index}:${field}`;
  return (
    <div className="editor-binding editor-action" data-testid={`action:${index}`} data-type={action.type} data-state={Object.keys(problems).length ? 'error' : 'ok'}>
      <div className="editor-binding__head">
        <select value={action.type} disabled={disabled} data-testid={id('type')} aria-label={t('actions.number', { number: index + 1 })} onChange={(e) => set(newAction(e.target.value as ActionType, ids))}>
          {ACTION_TYPES.map((type) => (
            <option key={type} value={type}>
              {index + 1}. {t(`actions.types.${type}`)}
            </option>
          ))}
        </select>
        <span className="editor-action__buttons">
          <button
            type="button"
            className="button editor-small"
            title={t('actions.earlier')}
            aria-label={t('actions.up')}
            disabled={disabled || index === 0}
            data-testid={id('up')}
            onClick={() => store.dispatch({ type: 'moveAction', id: elementId, index, to: index - 1 })}
          >
            ↑
          </button>
          <button
            type="button"
            className="button editor-small"
            title={t('actions.later')}
            aria-label={t('actions.down')}
            disabled={disabled || index === count - 1}
            data-testid={id('down')}
            onClick={() => store.dispatch({ type: 'moveAction', id: elementId, index, to: index + 1 })}
          >
            ↓
          </button>
          <button type="button" className="button editor-small" aria-label={t('actions.removeLabel')} disabled={disabled} data-testid={id('remove')} onClick={() => store.dispatch({ type: 'removeAction', id: elementId, index })}>
            {t('actions.remove')}
          </button>
        </span>
      </div>
      {(action.type === 'navigate' || action.type === 'popup') && (
        <label className="editor-field">
          <span className="editor-field__title">{t('actions.screen')}</span>
          <DocumentPicker testId={id('screen')} value={action.screen} disabled={disabled} options={choices.screens.map((s) => ({ id: s.id, name: s.name }))} onChange={(screen) => set({ ...action, screen })} />
          <FieldError message={problems['screen']} />
        </label>
      )}
      {action.type === 'faceplate' && <FaceplateFields action={action} templates={choices.templates} disabled={disabled} problems={problems} testId={id} onChange={set} />}
      {action.type === 'write' && <WriteFields action={action} disabled={disabled} problems={problems} testId={id} onChange={set} />}
    </div>
  );
}

/** A screen or template by id; an id the project no longer has stays shown, marked missing. */
function DocumentPicker({ value, options, disabled, testId, onChange }: { value: string; options: readonly { id: string; name: string }[]; disabled: boolean; testId: string; onChange: (id: string) => void }) {
  const known = options.some((o) => o.id === value);
  const { t } = useT('editor');
  return (
    <select value={value} disabled={disabled} data-testid={testId} aria-invalid={!known || undefined} onChange={(e) => onChange(e.target.value)}>
      {!known && <option value={value}>{value ? t('actions.missing', { id: value }) : t('actions.choose')}</option>}
      {options.map((o) => (
        <option key={o.id} value={o.id} data-project-text="">
          {o.name} ({o.id})
        </option>
      ))}
    </select>
  );
}

function FieldError({ message }: { message: string | undefined }) {
  return message ? (
    <span className="editor-field__error" role="alert">
      {message}
    </span>
  ) : null;
}

function FaceplateFields({
  action,
  templates,
  disabled,
  problems,
  testId,
  onChange,
}: {
  action: Extract<ScreenAction, { type: 'faceplate' }>;
  templates: ReadonlyMap<string, Template>;
  disabled: boolean;
  problems: Readonly<Record<string, string>>;
  testId: (f: string) => string;
  onChange: (a: ScreenAction) => void;
}) {
  const template = templates.get(action.template);
  const { t } = useT('editor');
  const paramProblem = (name: string) => problems[`params.${name}`];
  const options = [...templates.values()].map((each) => ({ id: each.id, name: each.name }));
  const setParam = (name: string, value: string | number | undefined) => {
    const params = { ...action.params };
    if (value === undefined) delete params[name];
    else params[name] = value;
    onChange({ ...action, params });
  };
  return (
    <>
      <label className="editor-field">
        <span className="editor-field__title">{t('actions.template')}</span>
        <DocumentPicker testId={testId('template')} value={action.template} disabled={disabled} options={options} onChange={(id) => onChange({ ...action, template: id, params: {} })} />
        <FieldError message={problems['template'] ?? (template ? undefined : action.template ? t('actions.noTemplate', { id: action.template }) : undefined)} />
      </label>
      {template?.params.map((p) => (
        <label key={p.name} className="editor-field">
          <span className="editor-field__title">
            <span data-project-text="" title={p.description}>
              {p.name}
            </span>{' '}
            <span className="editor-muted">({t(`params.types.${p.type}`)})</span>
          </span>
          <CommitInput
            type="text"
            testId={testId(`param:${p.name}`)}
            disabled={disabled}
            value={action.params[p.name] === undefined ? '' : String(action.params[p.name])}
            placeholder={p.default === undefined ? (p.type === 'tag' ? t('actions.tagExample') : '') : t('actions.default', { value: String(p.default) })}
            check={(text) => (p.type === 'number' && text.trim() !== '' && !Number.isFinite(Number(text)) ? t('inspector.enterNumber') : text.length > 200 ? t('actions.tooLong', { count: 200 }) : undefined)}
            onCommit={(text) => setParam(p.name, text.trim() === '' ? undefined : p.type === 'number' ? Number(text) : text.trim())}
          />
          <FieldError message={paramProblem(p.name)} />
        </label>
      ))}
    </>
  );
}

function valueKind(value: Value): ValueKind {
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'text';
}

function WriteFields({ action, disabled, problems, testId, onChange }: { action: WriteAction; disabled: boolean; problems: Readonly<Record<string, string>>; testId: (f: string) => string; onChange: (a: ScreenAction) => void }) {
  const paths = useTagPaths();
  const known = useMemo(() => new Set(paths), [paths]);
  const kind = valueKind(action.value);
  const checkTag = (text: string) => actionProblems({ ...action, tag: text.trim() })['tag'];
  const plainTag = !action.tag.includes('{{');
  const unknown = action.tag !== '' && plainTag && known.size > 0 && !known.has(action.tag);
  const { t } = useT('editor');
  return (
    <>
      <label className="editor-field">
        <span className="editor-field__title">{t('actions.tag')}</span>
        <CommitInput
          type="text"
          list="editor-action-tags"
          className="editor-field__code"
          testId={testId('tag')}
          disabled={disabled}
          value={action.tag}
          placeholder={t('actions.tagPlaceholder', { example: 'Line1/Filler/Speed', param: '{{pump}}/Start', interpolation: { skipOnVariables: true } })}
          check={checkTag}
          onCommit={(text) => onChange({ ...action, tag: text.trim() })}
        />
        <datalist id="editor-action-tags">
          {paths.slice(0, 500).map((p) => (
            <option key={p} value={p} />
          ))}
        </datalist>
        <FieldError message={action.tag.trim() === '' ? t('actions.tagRequired') : problems['tag']} />
        {unknown && <span className="editor-binding__warn">{t('actions.unknownTag', { tag: action.tag })}</span>}
      </label>
      <div className="editor-geometry">
        <label className="editor-field editor-field--short">
          <span className="editor-field__title">{t('actions.valueType')}</span>
          <select value={kind} disabled={disabled} data-testid={testId('value-kind')} onChange={(e) => onChange({ ...action, value: convertValue(action.value, e.target.value as ValueKind) })}>
            <option value="number">{t('actions.kinds.number')}</option>
            <option value="boolean">{t('actions.kinds.boolean')}</option>
            <option value="text">{t('actions.kinds.text')}</option>
          </select>
        </label>
        <label className="editor-field">
          <span className="editor-field__title">{t('actions.value')}</span>
          {kind === 'boolean' ? (
            <select value={String(action.value)} disabled={disabled} data-testid={testId('value')} onChange={(e) => onChange({ ...action, value: e.target.value === 'true' })}>
              <option value="true">{t('actions.true')}</option>
              <option value="false">{t('actions.false')}</option>
            </select>
          ) : (
            <CommitInput
              type={kind === 'number' ? 'number' : 'text'}
              step="any"
              testId={testId('value')}
              disabled={disabled}
              value={action.value === null ? '' : String(action.value)}
              maxLength={200}
              check={(text) => (kind === 'number' && (text.trim() === '' || !Number.isFinite(Number(text))) ? t('inspector.enterNumber') : undefined)}
              onCommit={(text) => onChange({ ...action, value: kind === 'number' ? Number(text) : text })}
            />
          )}
          <FieldError message={problems['value']} />
        </label>
      </div>
      <label className="editor-field editor-field--check">
        <input type="checkbox" checked={action.confirm} disabled={disabled} data-testid={testId('confirm')} onChange={(e) => onChange({ ...action, confirm: e.target.checked })} />
        <span>{t('actions.confirm')}</span>
      </label>
      {!action.confirm && <span className="editor-binding__warn">{t('actions.noConfirm')}</span>}
    </>
  );
}

function convertValue(value: Value, kind: ValueKind): Value {
  if (kind === 'number') return typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : Number.isFinite(Number(value)) && value !== '' && value !== null ? Number(value) : 0;
  if (kind === 'boolean') return typeof value === 'boolean' ? value : value === 1 || value === 'true';
  return value === null ? '' : String(value);
}
