import { useCallback, useEffect, useState } from 'react';
import type { AlarmDefinition, AlarmDefinitionInput } from '../../../common/alarms.ts';
import { useServices } from '../../app/services.tsx';
import { isCallError } from '../../client/call-error.ts';
import { fieldOfProblem } from './definition-draft.ts';
import type { FeedbackValue } from '../../ui/Feedback.tsx';
import { useSignedCall } from '../../ui/use-signed-call.tsx';

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

/** `alarms/line.json` → `line`, the file name 'alarms.definitions.save' takes. */
export function fileName(file: string): string {
  return file.replace(/^alarms\//, '').replace(/\.json$/, '');
}

function reasonOf(error: unknown): string {
  if (!isCallError(error)) return String(error);
  // `params.definition.deadband: …` reads as `deadband: …`, the field as the form names it.
  return `${error.code === 'forbidden' ? 'Not permitted: ' : ''}${error.message.replace(/^(params\.)?definition\./, '')}`;
}

/**
 * The project's alarm definitions, loaded with 'alarms.definitions.list' on every (re)connect and kept
 * in step with this window's own saves and deletes, which the runtime answers with the stored entry.
 */
export function useAlarmDefinitions() {
  const { client } = useServices();
  // Saves and deletes ask for an electronic signature where the project marks them critical.
  const signed = useSignedCall();
  const signedCall = signed.call;
  const [entries, setEntries] = useState<readonly DefinitionEntry[]>([]);
  const [list, setList] = useState<ListState>({ state: 'loading' });
  const [outcome, setOutcome] = useState<EditOutcome>(IDLE);

  const reload = useCallback(() => {
    setList({ state: 'loading' });
    client.call('alarms.definitions.list', {}).then(
      (result) => {
        setEntries(result);
        setList({ state: 'ready' });
      },
      (error: unknown) => setList({ state: 'failed', reason: reasonOf(error) }),
    );
  }, [client]);

  useEffect(() => {
    if (client.state === 'open') reload();
    return client.onDidChangeState((state) => {
      if (state === 'open') reload();
    });
  }, [client, reload]);

  const save = useCallback(
    async (definition: AlarmDefinitionInput, file: string | undefined): Promise<DefinitionEntry | undefined> => {
      setOutcome({ feedback: { state: 'pending', text: `Saving ${definition.id}…` } });
      try {
        const saved = await signedCall('alarms.definitions.save', file === undefined ? { definition } : { definition, file }, `Save alarm definition ${definition.id}`);
        setEntries((old) => {
          const at = old.findIndex((e) => e.definition.id === saved.definition.id);
          return at < 0 ? [...old, saved] : old.map((e, i) => (i === at ? saved : e));
        });
        setOutcome({ feedback: { state: 'accepted', text: `Saved to ${saved.file} and applied.` } });
        return saved;
      } catch (error) {
        const field = isCallError(error) ? fieldOfProblem(error.path) : undefined;
        const detail = isCallError(error) ? error.message.replace(/^[\w.[\]]+: /, '') : undefined;
        setOutcome({ feedback: { state: 'refused', text: `Refused. ${reasonOf(error)}` }, field, detail });
        return undefined;
      }
    },
    [signedCall],
  );

  const remove = useCallback(
    async (id: string): Promise<boolean> => {
      setOutcome({ feedback: { state: 'pending', text: `Deleting ${id}…` } });
      try {
        const deleted = await signedCall('alarms.definitions.delete', { id }, `Delete alarm definition ${id}`);
        setEntries((old) => old.filter((e) => e.definition.id !== deleted.id));
        setOutcome({ feedback: { state: 'accepted', text: `Deleted ${deleted.id} from ${deleted.file}.` } });
        return true;
      } catch (error) {
        setOutcome({ feedback: { state: 'refused', text: `Refused. ${reasonOf(error)}` } });
        return false;
      }
    },
    [signedCall],
  );

  /** A client-side refusal (nothing was sent), shown like the runtime's. */
  const refuseLocally = useCallback((text: string, field: string) => setOutcome({ feedback: { state: 'refused', text: `Not sent. ${text}` }, field, detail: text }), []);
  const clearOutcome = useCallback(() => setOutcome(IDLE), []);

  return { entries, list, outcome, reload, save, remove, refuseLocally, clearOutcome, signatureDialog: signed.dialog };
}
