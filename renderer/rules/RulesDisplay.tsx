import { useEffect, useState } from 'react';
import { ROLE_NAMES } from '../../common/permissions.ts';
import { RULE_EDGES, RuleActionSchema, type RuleStatus } from '../../common/rules.ts';
import { useServices } from '../app/services.tsx';
import { isCallError } from '../client/call-error.ts';
import { useT } from '../i18n/i18n.ts';
import { useAccess } from '../ui/access.tsx';
import { FeedbackLine, reasonOf, useAction, useFeedback } from '../ui/Feedback.tsx';
import { Check, Field, NumberInput, ProblemContext, Select, TextInput, type ProblemMark } from '../ui/Fields.tsx';
import { formatDateTime } from '../ui/format.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { qualityText } from '../ui/texts.ts';
import { useCall } from '../ui/use-call.ts';
import { ExpressionField } from './ExpressionField.tsx';
import { draftOf, EMPTY_RULE, entryOf, formField, type ActionDraft, type RuleDraft } from './rule-form.ts';
import './rules.css';

const REFRESH_MS = 2000;

/** The kinds of action a rule has (common/rules.ts). */
const ACTION_KINDS = RuleActionSchema.options.map((o) => o.shape.kind.value);

/**
 * Event rules for engineers: each rule with its condition now, whether it is switched on, an on-delay
 * under way and its last run; a rule's execution log; a form to add, change or remove rules (saved to
 * rules.json by the runtime, which checks them as the loader does and names the field at fault).
 */
export function RulesDisplay({ visible }: { visible: boolean }) {
  const { t } = useT('rules');
  const access = useAccess();
  const rules = useCall('rules.list', {}, { paused: !visible });
  const [selected, setSelected] = useState<string | undefined>();
  const [editing, setEditing] = useState<RuleDraft | undefined>();
  const [switched, act] = useAction();
  const { client } = useServices();
  const { retry } = rules;
  useEffect(() => {
    if (!visible) return;
    const timer = setInterval(retry, REFRESH_MS);
    return () => clearInterval(timer);
  }, [visible, retry]);
  const list = rules.data ?? [];
  const chosen = list.find((r) => r.id === selected);
  const toggle = (rule: RuleStatus) =>
    act(t(rule.enabled ? 'list.switchOff' : 'list.switchOn'), async () => {
      const next = await client.call('rules.setEnabled', { id: rule.id, enabled: !rule.enabled });
      retry();
      return t(next.enabled ? 'list.isOn' : 'list.isOff', { id: next.id });
    });

  return (
    <div className="rules-display" data-testid="rules-display">
      <section className="rules-display__panel" aria-labelledby="rules-list-title">
        <div className="rules-display__head">
          <h2 id="rules-list-title">{t('list.title')}</h2>
          <button type="button" className="button" {...access.control('tags.configure')} onClick={() => setEditing({ ...EMPTY_RULE, actions: [...EMPTY_RULE.actions] })} data-testid="rule-new">
            {t('list.new')}
          </button>
        </div>
        <p className="rules-display__note">{t('list.note')}</p>
        <LoadProblem call={rules} what={t('list.what')} />
        <FeedbackLine feedback={switched} testId="rule-switch-feedback" />
        {rules.data && list.length === 0 ? <p className="rules-display__note">{t('list.none')}</p> : null}
        <table className="rules-display__table">
          <thead>
            <tr>
              <th>{t('list.rule')}</th>
              <th>{t('list.when')}</th>
              <th>{t('list.now')}</th>
              <th>{t('list.lastRun')}</th>
              <th>{t('list.enabled')}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((rule) => (
              <tr key={rule.id} aria-selected={rule.id === selected} data-testid={`rule-row:${rule.id}`} data-enabled={rule.enabled} onClick={() => setSelected(rule.id)}>
                <td>
                  <button type="button" className="rules-display__link" onClick={() => setSelected(rule.id)} data-project-text="">
                    {rule.id}
                  </button>
                  {rule.description ? (
                    <span className="rules-display__sub" data-project-text="">
                      {rule.description}
                    </span>
                  ) : null}
                </td>
                <td>
                  <code data-project-text="">{rule.when}</code>
                  <span className="rules-display__sub">{t(`edges.${rule.edge}`, { delay: rule.onDelayMs / 1000 })}</span>
                </td>
                <td data-testid={`rule-condition:${rule.id}`} data-condition={String(rule.condition)}>
                  <ConditionNow rule={rule} />
                </td>
                <td data-testid={`rule-last:${rule.id}`} data-result={rule.lastRun?.result ?? 'none'}>
                  {rule.lastRun ? (
                    <>
                      <span className={`rules-display__result rules-display__result--${rule.lastRun.result}`}>{t(`results.${rule.lastRun.result}`)}</span>
                      <span className="rules-display__sub">{formatDateTime(rule.lastRun.at)}</span>
                    </>
                  ) : (
                    t('list.never')
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    className="button"
                    aria-pressed={rule.enabled}
                    {...access.control('tags.configure')}
                    onClick={(e) => {
                      e.stopPropagation();
                      toggle(rule);
                    }}
                    data-testid={`rule-enabled:${rule.id}`}
                  >
                    {t(rule.enabled ? 'list.on' : 'list.off')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {editing ? (
        <RuleForm
          key={editing.id || 'new'}
          initial={editing}
          isNew={!list.some((r) => r.id === editing.id)}
          onDone={(id) => {
            setEditing(undefined);
            if (id) setSelected(id);
            retry();
          }}
        />
      ) : chosen ? (
        <RuleDetail rule={chosen} visible={visible} onEdit={() => setEditing(draftOf(chosen))} />
      ) : (
        <section className="rules-display__panel">
          <p className="rules-display__note">{t('detail.choose')}</p>
        </section>
      )}
    </div>
  );
}

function ConditionNow({ rule }: { rule: RuleStatus }) {
  const { t } = useT('rules');
  if (rule.error) return <span className="rules-display__error">{t('list.error', { error: rule.error })}</span>;
  if (rule.condition === null) return <span>{t('list.unknown', { quality: qualityText(rule.quality) })}</span>;
  return (
    <span>
      {t(rule.condition ? 'expression.true' : 'expression.false')}
      {rule.pendingUntil !== null ? <span className="rules-display__sub">{t('list.pending', { at: formatDateTime(rule.pendingUntil) })}</span> : null}
    </span>
  );
}

function RuleDetail({ rule, visible, onEdit }: { rule: RuleStatus; visible: boolean; onEdit: () => void }) {
  const { t } = useT('rules');
  const access = useAccess();
  const runs = useCall('rules.runs', { id: rule.id, limit: 50 }, { paused: !visible, refreshKey: rule.lastRun?.seq ?? 0 });
  return (
    <section className="rules-display__panel" aria-labelledby="rule-detail-title" data-testid="rule-detail">
      <div className="rules-display__head">
        <h2 id="rule-detail-title">
          {t('detail.title')} <span data-project-text="">{rule.id}</span>
        </h2>
        <button type="button" className="button" {...access.control('tags.configure')} onClick={onEdit} data-testid="rule-edit">
          {t('detail.edit')}
        </button>
      </div>
      <p className="rules-display__note">{t('detail.runAs', { role: rule.runAs })}</p>
      <ol className="rules-display__actions">
        {rule.actions.map((a, i) => (
          <li key={i} data-project-text="">
            {a.kind === 'write' ? t('actions.writeText', { value: JSON.stringify(a.value), tag: a.tag }) : t('actions.logbookText', { text: a.text })}
          </li>
        ))}
      </ol>
      <h3>{t('detail.runs')}</h3>
      <LoadProblem call={runs} what={t('detail.runsWhat')} />
      {runs.data && runs.data.length === 0 ? <p className="rules-display__note">{t('list.never')}</p> : null}
      <table className="rules-display__table" data-testid="rule-runs">
        <thead>
          <tr>
            <th>{t('detail.at')}</th>
            <th>{t('detail.result')}</th>
            <th>{t('detail.what')}</th>
          </tr>
        </thead>
        <tbody>
          {(runs.data ?? []).map((run) => (
            <tr key={run.seq} data-result={run.result}>
              <td>{formatDateTime(run.at)}</td>
              <td>
                <span className={`rules-display__result rules-display__result--${run.result}`}>{t(`results.${run.result}`)}</span>
              </td>
              <td data-project-text="">{run.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RuleForm({ initial, isNew, onDone }: { initial: RuleDraft; isNew: boolean; onDone: (id?: string) => void }) {
  const { t } = useT('rules');
  const { client } = useServices();
  const access = useAccess();
  const [draft, setDraft] = useState(initial);
  const [problem, setProblem] = useState<ProblemMark>({ field: undefined, message: '' });
  const { feedback, run, set } = useFeedback();
  const editable = access.may('tags.configure');
  const patch = (change: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...change }));
  const patchAction = (i: number, change: Partial<ActionDraft>) => setDraft((d) => ({ ...d, actions: d.actions.map((a, j) => (j === i ? { ...a, ...change } : a)) }));
  const save = async () => {
    setProblem({ field: undefined, message: '' });
    const ok = await run(
      t('form.saving'),
      () => client.call('rules.save', { rule: entryOf(draft) }),
      (saved) => t('form.saved', { id: saved.id }),
      (error) => {
        const field = isCallError(error) ? formField(error.path) : undefined;
        // The runtime's message starts with the field it names; beside the field that is said already.
        if (field && isCallError(error)) setProblem({ field, message: reasonOf(error).replace(`${error.path ?? ''}: `, '') });
        return t('form.refused', { reason: reasonOf(error) });
      },
    );
    if (ok) onDone(draft.id.trim());
  };
  const remove = async () => {
    const ok = await run(
      t('form.removing'),
      () => client.call('rules.remove', { id: initial.id }),
      () => t('form.removed', { id: initial.id }),
    );
    if (ok) onDone();
  };
  return (
    <section className="rules-display__panel" aria-labelledby="rule-form-title" data-testid="rule-form">
      <h2 id="rule-form-title">{isNew ? t('form.newTitle') : t('form.editTitle', { id: initial.id })}</h2>
      <ProblemContext.Provider value={problem}>
        <form
          className="def-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <div className="def-section__grid">
            <Field name="id" label={t('form.id')} hint={t('form.idHint')}>
              {(attrs) => <TextInput attrs={attrs} value={draft.id} readOnly={!isNew} onChange={(id) => patch({ id })} />}
            </Field>
            <Field name="description" label={t('form.description')} span="two">
              {(attrs) => <TextInput attrs={attrs} value={draft.description} onChange={(description) => patch({ description })} />}
            </Field>
            <Field name="when" label={t('form.when')} hint={t('form.whenHint')} span="wide">
              {(attrs) => <ExpressionField id={attrs.id} value={draft.when} disabled={!editable} invalid={attrs.invalid} testId="rule-when" onChange={(when) => patch({ when })} />}
            </Field>
            <Field name="edge" label={t('form.edge')}>
              {(attrs) => <Select attrs={attrs} value={draft.edge} options={RULE_EDGES.map((e) => ({ value: e, label: t(`form.edges.${e}`) }))} onChange={(edge) => patch({ edge })} />}
            </Field>
            <Field name="onDelayMs" label={t('form.onDelay')}>
              {(attrs) => <NumberInput attrs={attrs} value={draft.onDelay} units={t('form.seconds')} onChange={(onDelay) => patch({ onDelay })} />}
            </Field>
            <Field name="runAs" label={t('form.runAs')} hint={t('form.runAsHint')}>
              {(attrs) => <Select attrs={attrs} value={draft.runAs} options={ROLE_NAMES.map((r) => ({ value: r, label: r }))} onChange={(runAs) => patch({ runAs })} />}
            </Field>
            <Field name="enabled" label={t('form.enabled')} bare>
              {(attrs) => <Check attrs={attrs} checked={draft.enabled} text={t('form.enabled')} onChange={(enabled) => patch({ enabled })} />}
            </Field>
          </div>
          <div className="def-section">
            <div className="def-section__title">{t('form.actions')}</div>
            {draft.actions.map((a, i) => (
              <div key={i} className="def-section__grid rules-display__action" data-testid={`rule-action:${i}`}>
                <Field name={`actions[${i}].kind`} label={t('form.actionKind', { n: i + 1 })}>
                  {(attrs) => <Select attrs={attrs} value={a.kind} options={ACTION_KINDS.map((k) => ({ value: k, label: t(`actions.${k}`) }))} onChange={(kind) => patchAction(i, { kind })} />}
                </Field>
                <Field name={`actions[${i}].${a.kind === 'write' ? 'tag' : 'line'}`} label={t(a.kind === 'write' ? 'form.tag' : 'form.line')}>
                  {(attrs) => <TextInput attrs={attrs} value={a.target} onChange={(target) => patchAction(i, { target })} />}
                </Field>
                <Field name={`actions[${i}].${a.kind === 'write' ? 'value' : 'text'}`} label={t(a.kind === 'write' ? 'form.value' : 'form.text')}>
                  {(attrs) => <TextInput attrs={attrs} value={a.text} onChange={(text) => patchAction(i, { text })} />}
                </Field>
              </div>
            ))}
            <p className="rules-display__buttons">
              <button type="button" className="button" disabled={!editable || draft.actions.length >= 20} onClick={() => patch({ actions: [...draft.actions, { kind: 'write', target: '', text: '' }] })} data-testid="rule-action-add">
                {t('form.addAction')}
              </button>
              <button type="button" className="button" disabled={!editable || draft.actions.length <= 1} onClick={() => patch({ actions: draft.actions.slice(0, -1) })}>
                {t('form.removeAction')}
              </button>
            </p>
          </div>
          <FeedbackLine feedback={feedback} testId="rule-feedback" />
          <p className="rules-display__buttons">
            <button type="submit" className="button button--primary" {...access.control('tags.configure')} data-testid="rule-save">
              {t('form.save')}
            </button>
            {!isNew && (
              <button type="button" className="button" {...access.control('tags.configure')} onClick={() => void remove()} data-testid="rule-remove">
                {t('form.remove')}
              </button>
            )}
            <button
              type="button"
              className="button"
              onClick={() => {
                set({ state: 'idle' });
                onDone();
              }}
            >
              {t('form.cancel')}
            </button>
          </p>
        </form>
      </ProblemContext.Provider>
    </section>
  );
}
