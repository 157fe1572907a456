import type { SecretField } from '../../../common/secrets.ts';
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

export function toRawDevice(draft: DeviceDraft, base: Record<string, unknown> = {}): { ok: true; raw: Record<string, unknown> } | { ok: false; field: string; message: string } {
  let config: unknown;
  try {
    config = JSON.parse(draft.config || '{}');
  } catch (error) {
    return { ok: false, field: 'config', message: `not valid JSON: ${(error as Error).message}` };
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
  return (
    <div className="def-form" data-testid="device-form">
      <section className="def-section" aria-label="Device">
        <h2 className="def-section__title">Device</h2>
        <div className="def-section__grid">
          <Field name="name" label="Name" hint={isNew ? 'Letters, digits, _ and -' : 'Tags name their device: a device keeps its name'}>
            {(a) => <TextInput attrs={a} value={draft.name} readOnly={!isNew} onChange={(name) => onChange({ name })} placeholder="plc1" />}
          </Field>
          <Field name="driver" label="Driver">
            {(a) => <Select attrs={a} value={draft.driver} options={drivers.map((value) => ({ value, label: value }))} onChange={(driver) => onChange({ driver })} />}
          </Field>
          <Field name="enabled" label="Enabled" bare>
            {(a) => <Check attrs={a} checked={draft.enabled} onChange={(enabled) => onChange({ enabled })} text="Enabled (connects)" />}
          </Field>
          <Field name="description" label="Description" span="wide">
            {(a) => <TextInput attrs={a} value={draft.description} onChange={(description) => onChange({ description })} />}
          </Field>
          <Field name="config" label="Driver settings (JSON)" span="wide" hint="Modbus: host, port, unitId, pollMs, addressSyntax (lineside | modicon | ignition), maskWriteRegister…; OPC UA: endpointUrl, securityMode…">
            {(a) => <TextArea attrs={a} value={draft.config} onChange={(config) => onChange({ config })} />}
          </Field>
        </div>
      </section>
      <SecretFields fields={secretFields} listed={listed} edits={draft.secrets} onChange={(path, edit) => onChange({ secrets: { ...draft.secrets, [path]: edit } })} />
    </div>
  );
}
