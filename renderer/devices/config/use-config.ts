import { useCallback, useState } from 'react';
import type { ConfigChange, ConfigDevice, ConfigTag } from '../../../common/config-contract.ts';
import type { SecretField } from '../../../common/secrets.ts';
import { useServices } from '../../app/services.tsx';
import type { TFunction } from 'i18next';
import { isCallError } from '../../client/call-error.ts';
import { useT } from '../../i18n/i18n.ts';
import { useCall } from '../../ui/use-call.ts';
import { translatedProblem } from '../../ui/texts.ts';

export type Feedback = { readonly state: 'idle' } | { readonly state: 'pending' | 'accepted' | 'refused'; readonly text: string };

/** The last save or delete: its feedback and, on a refusal, the field the runtime named (`source.address`). */
export interface Outcome {
  readonly feedback: Feedback;
  /** Relative to the entry (`tag.` / `device.` taken off). */
  readonly field?: string | undefined;
  readonly detail?: string | undefined;
}

export const IDLE: Outcome = { feedback: { state: 'idle' } };

const NONE: readonly never[] = [];
const NO_SECRET_FIELDS: Readonly<Record<string, readonly SecretField[]>> = {};

/** The configuration as written in the project files, reloaded on every `config.changed` and reconnect. */
export function useConfig() {
  const { client } = useServices();
  const { t } = useT('devices');
  // Both lists are read again on every config.changed (an edit here or in another window) and reconnect;
  // a failed read keeps what was shown.
  const deviceList = useCall('config.devices.list', {}, { refreshOn: ['config.changed'] }).data;
  const tags: readonly ConfigTag[] = useCall('config.tags.list', {}, { refreshOn: ['config.changed'] }).data ?? NONE;
  const devices: readonly ConfigDevice[] = deviceList?.devices ?? NONE;
  const drivers: readonly string[] = deviceList?.drivers ?? NONE;
  const secretFields: Readonly<Record<string, readonly SecretField[]>> = deviceList?.secretFields ?? NO_SECRET_FIELDS;
  const [outcome, setOutcome] = useState<Outcome>(IDLE);

  /** Runs one change call with pending / accepted / refused feedback; resolves with the change or undefined. */
  const run = useCallback(
    async (pending: string, done: (c: ConfigChange) => string, call: () => Promise<ConfigChange>): Promise<ConfigChange | undefined> => {
      setOutcome({ feedback: { state: 'pending', text: pending } });
      try {
        const change = await call();
        setOutcome({ feedback: { state: 'accepted', text: done(change) } });
        return change;
      } catch (error) {
        setOutcome(refusal(error, t));
        return undefined;
      }
    },
    [t],
  );

  const saveTag = (tag: Record<string, unknown>, file?: string) =>
    run(
      t('outcome.saving', { name: String(tag['path']) }),
      (c) => (c.retagged.length ? t('outcome.savedResubscribed', { tags: c.retagged.join(', ') }) : t('outcome.savedApplied')),
      () => client.call('config.tags.save', file ? { tag, file } : { tag }),
    );
  const deleteTag = (path: string) =>
    run(
      t('outcome.deleting', { name: path }),
      () => t('outcome.deleted', { name: path }),
      () => client.call('config.tags.delete', { path }),
    );
  const saveDevice = (device: Record<string, unknown>) =>
    run(
      t('outcome.saving', { name: String(device['name']) }),
      (c) => (c.devices.length ? t('outcome.savedReconnecting', { devices: c.devices.join(', ') }) : t('outcome.savedNothing')),
      () => client.call('config.devices.save', { device }),
    );
  const deleteDevice = (name: string, withTags: boolean) =>
    run(
      t('outcome.deleting', { name }),
      (c) => (c.removed.length ? t('outcome.deletedWithTags', { name, count: c.removed.length }) : t('outcome.deleted', { name })),
      () => client.call('config.devices.delete', { name, withTags }),
    );
  const importTags = (entries: Record<string, unknown>[], file?: string) =>
    run(
      t('outcome.importing', { count: entries.length }),
      (c) => t('outcome.imported', { added: c.added.length, changed: c.changed.length }),
      () => client.call('config.tags.import', file ? { tags: entries, file } : { tags: entries }),
    );
  const clear = useCallback(() => setOutcome(IDLE), []);

  return { devices, drivers, secretFields, tags, outcome, saveTag, deleteTag, saveDevice, deleteDevice, importTags, clear, setOutcome };
}

export function refusal(error: unknown, t: TFunction<'devices'>): Outcome {
  if (!isCallError(error)) return { feedback: { state: 'refused', text: t('outcome.refused', { reason: String(error) }) } };
  const field = error.path?.replace(/^(?:params\.)?(?:tag|device)(?:\.|$)/, '') || undefined;
  const translated = translatedProblem(error);
  const detail = translated ?? error.message.replace(/^[\w.[\]]+: /, '');
  // The field is outlined with the reason beside it; the line says the reason as a sentence, without the schema path.
  const sentence = translated ?? (field && detail !== error.message ? `${detail.charAt(0).toUpperCase()}${detail.slice(1)}` : error.message.replace(/^(?:tag|device)\./, ''));
  const text = t(error.code === 'forbidden' ? 'outcome.notPermitted' : 'outcome.refused', { reason: sentence });
  return { feedback: { state: 'refused', text }, field, detail };
}

/** The form field that shows a problem: the deepest field name the problem path lies in (`config.host` → `config`). */
export function fieldFor(problem: string | undefined, fields: readonly string[]): string | undefined {
  if (problem === undefined) return undefined;
  let best: string | undefined;
  for (const name of fields) {
    const hit = problem === name || problem.startsWith(`${name}.`) || problem.startsWith(`${name}[`);
    if (hit && (best === undefined || name.length > best.length)) best = name;
  }
  if (best) return best;
  // A problem about a whole group (`scaling`) outlines each of its fields.
  return fields.some((name) => name.startsWith(`${problem}.`)) ? problem : undefined;
}
