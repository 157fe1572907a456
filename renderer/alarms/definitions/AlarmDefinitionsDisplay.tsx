import { useCallback, useMemo, useState } from 'react';
import { useAccess } from '../../ui/access.tsx';
import { ALARM_PRIORITIES, type AlarmPriority } from '../../../common/alarms.ts';
import { useServices } from '../../app/services.tsx';
import { useTagPaths } from '../../store/use-tag.ts';
import { Feedback } from '../../ui/Feedback.tsx';
import { useT } from '../../i18n/i18n.ts';
import '../../styles/alarm-definitions.css';
import { blankDraft, draftFrom, toDefinition, type DefinitionDraft } from './definition-draft.ts';
import { ProblemContext, TAG_LIST_ID } from '../../ui/Fields.tsx';
import { DefinitionForm } from './DefinitionForm.tsx';
import { DefinitionList } from './DefinitionList.tsx';
import { EditorActions } from './EditorActions.tsx';
import { fileName, useAlarmDefinitions, type DefinitionEntry } from './use-alarm-definitions.ts';
import { Dialog } from '../../ui/Dialog.tsx';

/** What the form shows: nothing, a stored definition (by id), or a new one not yet saved. */
type Editing = { readonly kind: 'none' } | { readonly kind: 'stored'; readonly id: string } | { readonly kind: 'new' };

function matches(entry: DefinitionEntry, text: string, priority: AlarmPriority | ''): boolean {
  const d = entry.definition;
  if (priority && d.priority !== priority) return false;
  if (!text) return true;
  return [d.id, d.tag, d.area, d.message, d.group ?? ''].some((s) => s.toLowerCase().includes(text));
}

/**
 * Alarm setup, for engineers: every alarm definition of the project, and a form for one of them.
 * Saves go to the runtime, which validates, writes alarms/*.json and applies the change live; its
 * refusal is shown with the field it names. Other roles see the same form, read-only.
 */
export function AlarmDefinitionsDisplay() {
  const { tags } = useServices();
  const { t } = useT('alarms');
  const access = useAccess();
  const mayEdit = access.may('alarms.editDefinitions');
  const paths = useTagPaths();
  // Tag infos arrive with a new `paths` array, so a lookup made anew with it reads the current infos.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `paths` is listed only to renew the lookup, as said above
  const info = useCallback((path: string) => tags.get(path).info, [tags, paths]);
  const defs = useAlarmDefinitions();
  const [text, setText] = useState('');
  const [priority, setPriority] = useState<AlarmPriority | ''>('');
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [draft, setDraft] = useState<DefinitionDraft>(blankDraft);
  const [baseline, setBaseline] = useState<DefinitionDraft>(blankDraft);
  const [file, setFile] = useState('');
  /** A switch away from unsaved changes, waiting for "discard". */
  const [leaving, setLeaving] = useState<(() => void) | undefined>(undefined);

  const shown = useMemo(() => defs.entries.filter((e) => matches(e, text.trim().toLowerCase(), priority)), [defs.entries, text, priority]);
  const files = useMemo(() => [...new Set(defs.entries.map((e) => fileName(e.file)))].sort(), [defs.entries]);
  const stored = editing.kind === 'stored' ? defs.entries.find((e) => e.definition.id === editing.id) : undefined;
  const dirty = JSON.stringify(draft) !== JSON.stringify(baseline);
  // While a save is out, the form holds still: the runtime's answer replaces the draft.
  const busy = defs.outcome.feedback.state === 'pending';

  const open = (next: Editing, nextDraft: DefinitionDraft, base: DefinitionDraft = nextDraft) => {
    setEditing(next);
    setDraft(nextDraft);
    setBaseline(base);
    setLeaving(undefined);
    defs.clearOutcome();
  };
  const guarded = (go: () => void) => {
    if (dirty && mayEdit) setLeaving(() => go);
    else go();
  };
  const select = (id: string) =>
    guarded(() => {
      const entry = defs.entries.find((e) => e.definition.id === id);
      if (entry) open({ kind: 'stored', id }, draftFrom(entry.definition));
    });
  const startNew = () =>
    guarded(() => {
      setFile(files[0] ?? 'alarms');
      open({ kind: 'new' }, blankDraft(), blankDraft());
    });
  const duplicate = () => {
    setFile(stored ? fileName(stored.file) : (files[0] ?? 'alarms'));
    open({ kind: 'new' }, { ...draft, id: draft.id ? `${draft.id}-copy` : '' }, blankDraft());
  };
  const save = async () => {
    const definition = toDefinition(draft, info);
    if (editing.kind === 'new' && defs.entries.some((e) => e.definition.id === definition.id)) {
      defs.refuseLocally(t('defs.exists', { id: definition.id }), 'id');
      return;
    }
    const saved = await defs.save(definition, editing.kind === 'new' ? file.trim() : undefined);
    if (!saved) return;
    const next = draftFrom(saved.definition);
    setEditing({ kind: 'stored', id: saved.definition.id });
    setDraft(next);
    setBaseline(next);
  };
  const remove = async () => {
    if (editing.kind !== 'stored') return;
    if (await defs.remove(editing.id)) {
      setEditing({ kind: 'none' });
      setDraft(blankDraft());
      setBaseline(blankDraft());
    }
  };

  const refused = defs.outcome.feedback.state === 'refused';
  const problem = { field: refused ? defs.outcome.field : undefined, message: refused ? (defs.outcome.detail ?? '') : '' };
  const title = editing.kind === 'new' ? t('defs.newAlarm') : editing.kind === 'stored' ? editing.id : '';

  return (
    <div className="alarm-defs" data-testid="alarm-definitions">
      {defs.signatureDialog}
      <div className="alarm-toolbar">
        <h1 className="display__title">{t('defs.title')}</h1>
        <input className="alarm-input" type="search" aria-label={t('defs.filter')} placeholder={t('defs.filterPlaceholder')} value={text} onChange={(e) => setText(e.target.value)} data-testid="def-filter" />
        <select className="alarm-input" aria-label={t('form.priority')} value={priority} onChange={(e) => setPriority(e.target.value as AlarmPriority | '')} data-testid="def-filter-priority">
          <option value="">{t('defs.allPriorities')}</option>
          {ALARM_PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
        <button type="button" className="button" onClick={defs.reload} data-testid="def-reload">
          {t('defs.reload')}
        </button>
        <span className="alarm-toolbar__count" data-testid="def-count">
          {defs.list.state === 'loading' ? t('defs.loading') : t('defs.count', { shown: shown.length, total: defs.entries.length })}
        </span>
        <button type="button" className="button" onClick={startNew} {...access.control('alarms.editDefinitions')} data-testid="def-new">
          {t('defs.newAlarm')}
        </button>
      </div>
      {defs.list.state === 'failed' && <Feedback state="refused">{t('defs.cannotLoad', { reason: defs.list.reason })}</Feedback>}
      <div className="alarm-defs__body">
        <div className="alarm-defs__list">
          {shown.length === 0 && defs.list.state === 'ready' ? (
            <p className="alarm-summary__empty">{defs.entries.length === 0 ? t('defs.noneDefined') : t('defs.noMatch')}</p>
          ) : (
            <DefinitionList entries={shown} selectedId={editing.kind === 'stored' ? editing.id : undefined} info={info} onSelect={select} />
          )}
        </div>
        <aside className="alarm-defs__side" aria-label={t('defs.editor')} data-testid="def-editor" data-mode={editing.kind}>
          {editing.kind === 'none' ? (
            <p className="alarm-details__none">{mayEdit ? t('defs.selectOrNew') : t('defs.select')}</p>
          ) : (
            <>
              <div className="alarm-defs__head">
                <h2 className="alarm-defs__title" data-testid="def-title" data-project-text={editing.kind === 'stored' ? '' : undefined}>
                  {title}
                </h2>
                {stored && (
                  <span className="alarm-defs__file" data-project-text="">
                    {stored.file}
                  </span>
                )}
                {dirty && mayEdit && (
                  <span className="alarm-defs__dirty" data-testid="def-dirty">
                    {t('defs.unsaved')}
                  </span>
                )}
              </div>
              {leaving && (
                <Dialog className="alarm-defs__confirm" role="alertdialog" label={t('defs.unsaved')} testId="def-discard-confirm" onClose={() => setLeaving(undefined)}>
                  <span>{t('defs.discardQuestion', { title })}</span>
                  <button type="button" className="button button--primary" onClick={leaving} data-testid="def-discard-yes">
                    {t('defs.discard')}
                  </button>
                  <button type="button" className="button" onClick={() => setLeaving(undefined)} data-testid="def-discard-no">
                    {t('defs.keepEditing')}
                  </button>
                </Dialog>
              )}
              {!mayEdit && (
                <p className="alarm-defs__note" data-testid="def-read-only">
                  {t('defs.readOnly', { why: access.why('alarms.editDefinitions') })}
                </p>
              )}
              <ProblemContext value={problem}>
                <fieldset className="alarm-defs__fieldset" disabled={!mayEdit || busy}>
                  <DefinitionForm draft={draft} isNew={editing.kind === 'new'} file={file} files={files} info={info} onChange={(patch) => setDraft((old) => ({ ...old, ...patch }))} onFileChange={setFile} />
                </fieldset>
              </ProblemContext>
              {mayEdit && <EditorActions id={title} outcome={defs.outcome} isNew={editing.kind === 'new'} dirty={dirty} onSave={() => void save()} onDuplicate={duplicate} onRevert={() => setDraft(baseline)} onDelete={() => remove()} />}
            </>
          )}
        </aside>
      </div>
      <datalist id={TAG_LIST_ID}>
        {paths.map((path) => (
          <option key={path} value={path} />
        ))}
      </datalist>
    </div>
  );
}
