import type { SecretField } from '../../../common/secrets.ts';
import { useT } from '../../i18n/i18n.ts';
import { Check, Field, Select, TextArea, TextInput } from '../../ui/Fields.tsx';
import { withSecretEdits, type SecretEdit } from './secret-draft.ts';
import { SecretFields } from './SecretFields.tsx';

export interface DeviceDraft {
  name: string;
  driver: string;
  description: string;
  enabled: boolean;
  /** The driver's settings as JSON text (each driver has its own; see drivers/<driver>/README.md). */
  config: string;
  /** Secret fields (by path) the person typed or cleared; untouched ones are kept. */
  secrets: Readonly<Record<string, SecretEdit>>;
}

/** An example device name: a name in the project's files, the same in every language. */
const EXAMPLE_NAME = 'plc1';

export const DEVICE_FIELDS = ['name', 'driver', 'description', 'enabled', 'config'] as const;

export function deviceDraftOf(raw: Record<string, unknown> | undefined, driver: string): DeviceDraft {
  if (!raw) return { name: '', driver, description: '', enabled: true, config: driver === 'modbus' ? '{\n  "host": "127.0.0.1",\n  "port": 502\n}' : '{}', secrets: {} };
  return {
    name: String(raw['name'] ?? ''),
    driver: String(raw['driver'] ?? driver),
    description: String(raw['description'] ?? ''),
    enabled: raw['enabled'] !== false,
    config: JSON.stringify(raw['config'] ?? {}, null, 2),
    secrets: {},
  };
}

/** The device to send, or why the draft cannot be sent (a key of the 'devices' catalogue's `editor.*`, with the parser's detail). */
export function toRawDevice(draft: DeviceDraft, base: Record<string, unknown> = {}): { ok: true; raw: Record<string, unknown> } | { ok: false; field: string; problem: 'notJson'; detail: string } {
  let config: unknown;
  try {
    config = JSON.parse(draft.config || '{}');
  } catch (error) {
    return { ok: false, field: 'config', problem: 'notJson', detail: (error as Error).message };
  }
  const raw: Record<string, unknown> = { ...base, name: draft.name.trim(), driver: draft.driver };
  if (draft.description) raw['description'] = draft.description;
  else delete raw['description'];
  if (draft.enabled) delete raw['enabled'];
  else raw['enabled'] = false;
  raw['config'] = typeof config === 'object' && config !== null && !Array.isArray(config) ? withSecretEdits(config as Record<string, unknown>, draft.secrets) : config;
  return { ok: true, raw };
}

export function DeviceForm({
  draft,
  isNew,
  drivers,
  secretFields,
  listed,
  onChange,
}: {
  draft: DeviceDraft;
  isNew: boolean;
  drivers: readonly string[];
  secretFields: readonly SecretField[];
  listed: unknown;
  onChange: (patch: Partial<DeviceDraft>) => void;
}) {
  const { t } = useT('devices');
  return (
    <div className="def-form" data-testid="device-form">
      <section className="def-section" aria-label={t('deviceForm.section')}>
        <h2 className="def-section__title">{t('deviceForm.section')}</h2>
        <div className="def-section__grid">
          <Field name="name" label={t('deviceForm.name')} hint={isNew ? t('deviceForm.nameHintNew') : t('deviceForm.nameHint')}>
            {(a) => <TextInput attrs={a} value={draft.name} readOnly={!isNew} onChange={(name) => onChange({ name })} placeholder={EXAMPLE_NAME} />}
          </Field>
          <Field name="driver" label={t('deviceForm.driver')}>
            {(a) => <Select attrs={a} value={draft.driver} options={drivers.map((value) => ({ value, label: value }))} onChange={(driver) => onChange({ driver })} />}
          </Field>
          <Field name="enabled" label={t('deviceForm.enabled')} bare>
            {(a) => <Check attrs={a} checked={draft.enabled} onChange={(enabled) => onChange({ enabled })} text={t('deviceForm.enabledText')} />}
          </Field>
          <Field name="description" label={t('deviceForm.description')} span="wide">
            {(a) => <TextInput attrs={a} value={draft.description} onChange={(description) => onChange({ description })} />}
          </Field>
          <Field name="config" label={t('deviceForm.settings')} span="wide" hint={t('deviceForm.settingsHint')}>
            {(a) => (
              // The settings are the project's (host names, modes such as "None"), not words of this form.
              <span className="def-project-value" data-project-text="">
                <TextArea attrs={a} value={draft.config} onChange={(config) => onChange({ config })} />
              </span>
            )}
          </Field>
        </div>
      </section>
      <SecretFields fields={secretFields} listed={listed} edits={draft.secrets} onChange={(path, edit) => onChange({ secrets: { ...draft.secrets, [path]: edit } })} />
    </div>
  );
}
