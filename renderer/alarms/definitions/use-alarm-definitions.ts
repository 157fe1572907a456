import { useCallback, useRef, useState } from 'react';
import type { AlarmDefinition, AlarmDefinitionInput } from '../../../common/alarms.ts';
import { isCallError } from '../../client/call-error.ts';
import { fieldOfProblem } from './definition-draft.ts';
import type { FeedbackValue } from '../../ui/Feedback.tsx';
import { useSignedCall } from '../../ui/use-signed-call.tsx';
import { useCall } from '../../ui/use-call.ts';
import { useT } from '../../i18n/i18n.ts';
import type { TFunction } from 'i18next';
import { translatedProblem } from '../../ui/texts.ts';

export interface DefinitionEntry {
  /** `alarms/line.json` */
  readonly file: string;
  readonly definition: AlarmDefinition;
}

export type ListState = { readonly state: 'loading' } | { readonly state: 'ready' } | { readonly state: 'failed'; readonly reason: string };

/** The save or delete in progress or last done, with the field the runtime named when it refused. */
export interface EditOutcome {
  readonly feedback: FeedbackValue;
  readonly field?: string | undefined;
  /** The refusal without the field path in front, to show beside the field. */
  readonly detail?: string | undefined;
}

const IDLE: EditOutcome = { feedback: { state: 'idle' } };
const NONE: readonly DefinitionEntry[] = [];

/** `alarms/line.json` → `line`, the file name 'alarms.definitions.save' takes. */
export function fileName(file: string): string {
  return file.replace(/^alarms\//, '').replace(/\.json$/, '');
}

function reasonOf(error: unknown, t: TFunction<'alarms'>): string {
  if (!isCallError(error)) return String(error);
  // `params.definition.deadband: …` reads as `deadband: …`, the field as the form names it.
  const reason = translatedProblem(error) ?? error.message.replace(/^(params\.)?definition\./, '');
  return error.code === 'forbidden' ? t('defs.notPermitted', { reason }) : reason;
}

/**
 * The project's alarm definitions, loaded with 'alarms.definitions.list' on every (re)connect and kept
 * in step with this window's own saves and deletes, which the runtime answers with the stored entry.
 */
export function useAlarmDefinitions() {
  // Saves and deletes ask for an electronic signature where the project marks them critical.
  const { t } = useT('alarms');
  const signed = useSignedCall();
  const signedCall = signed.call;
  // Read on mount and again when the link comes back; this window's own saves and deletes patch the list
  // with the entry the runtime answered (set), so nothing is read twice.
  const read = useCall('alarms.definitions.list', {});
  const entries: readonly DefinitionEntry[] = read.data ?? NONE;
  const list: ListState = read.error ? { state: 'failed', reason: reasonOf(read.error, t) } : read.data === undefined ? { state: 'loading' } : { state: 'ready' };
  const { retry: reload, set } = read;
  const [outcome, setOutcome] = useState<EditOutcome>(IDLE);
  // The list as last answered or patched: a save's patch starts from it even when two land in one render.
  const latest = useRef(entries);
  latest.current = entries;
  const setEntries = useCallback(
    (patch: (old: readonly DefinitionEntry[]) => readonly DefinitionEntry[]) => {
      latest.current = patch(latest.current);
      set(latest.current as DefinitionEntry[]);
    },
    [set],
  );

  const save = useCallback(
    async (definition: AlarmDefinitionInput, file: string | undefined): Promise<DefinitionEntry | undefined> => {
      setOutcome({ feedback: { state: 'pending', text: t('defs.saving', { id: definition.id }) } });
      try {
        const saved = await signedCall('alarms.definitions.save', file === undefined ? { definition } : { definition, file }, t('defs.signSave', { id: definition.id }));
        setEntries((old) => {
          const at = old.findIndex((e) => e.definition.id === saved.definition.id);
          return at < 0 ? [...old, saved] : old.map((e, i) => (i === at ? saved : e));
        });
        setOutcome({ feedback: { state: 'accepted', text: t('defs.saved', { file: saved.file }) } });
        return saved;
      } catch (error) {
        const field = isCallError(error) ? fieldOfProblem(error.path) : undefined;
        const detail = isCallError(error) ? (translatedProblem(error) ?? error.message.replace(/^[\w.[\]]+: /, '')) : undefined;
        setOutcome({ feedback: { state: 'refused', text: t('defs.refused', { reason: reasonOf(error, t) }) }, field, detail });
        return undefined;
      }
    },
    [signedCall, setEntries, t],
  );

  const remove = useCallback(
    async (id: string): Promise<boolean> => {
      setOutcome({ feedback: { state: 'pending', text: t('defs.deleting', { id }) } });
      try {
        const deleted = await signedCall('alarms.definitions.delete', { id }, t('defs.signDelete', { id }));
        setEntries((old) => old.filter((e) => e.definition.id !== deleted.id));
        setOutcome({ feedback: { state: 'accepted', text: t('defs.deleted', { id: deleted.id, file: deleted.file }) } });
        return true;
      } catch (error) {
        setOutcome({ feedback: { state: 'refused', text: t('defs.refused', { reason: reasonOf(error, t) }) } });
        return false;
      }
    },
    [signedCall, setEntries, t],
  );

  /** A client-side refusal (nothing was sent), shown like the runtime's. */
  const refuseLocally = useCallback((text: string, field: string) => setOutcome({ feedback: { state: 'refused', text: t('defs.notSent', { reason: text }) }, field, detail: text }), [t]);
  const clearOutcome = useCallback(() => setOutcome(IDLE), []);

  return { entries, list, outcome, reload, save, remove, refuseLocally, clearOutcome, signatureDialog: signed.dialog };
}
