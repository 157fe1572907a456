import type { SecretField } from '../../../common/secrets.ts';
import { Field } from '../../ui/Fields.tsx';
import { KEEP, secretFieldName, secretStatusAt, type SecretEdit } from './secret-draft.ts';

interface SecretFieldsProps {
  /** The driver's secret fields. */
  fields: readonly SecretField[];
  /** The device's config as listed (secret fields as `{ set, name }`); undefined for a new device. */
  listed: unknown;
  edits: Readonly<Record<string, SecretEdit>>;
  onChange: (path: string, edit: SecretEdit) => void;
}

/**
 * The driver's secrets, write-only: each shows whether it is set, never its value. Left empty it is
 * kept; typed, it is replaced on save; Clear removes it on save.
 */
export function SecretFields({ fields, listed, edits, onChange }: SecretFieldsProps) {
  if (fields.length === 0) return null;
  return (
    <section className="def-section" aria-label="Secrets">
      <h2 className="def-section__title">Secrets</h2>
      <p className="def-section__note">Kept in this station&apos;s secrets file, never in project.json; shown only as set or not set.</p>
      <div className="def-section__grid">
        {fields.map((field) => {
          const edit = edits[field.path] ?? KEEP;
          const status = secretStatusAt(listed, field.path);
          const set = status?.set === true;
          const hint = edit.kind === 'clear' ? 'Cleared when you save.' : edit.kind === 'value' && edit.value !== '' ? 'Replaced when you save.' : set ? `Set${status?.name ? ` (${status.name})` : ''}. Leave empty to keep it.` : 'Not set.';
          return (
            <Field key={field.path} name={secretFieldName(field)} label={field.label} span="wide" hint={hint}>
              {(a) => {
                const { invalid: _invalid, ...attrs } = a;
                return (
                  <span className="def-secret" data-state={edit.kind === 'keep' ? (set ? 'set' : 'not-set') : edit.kind}>
                    {field.format === 'pem' ? (
                      // A key has several lines: read from its file, never shown.
                      <input
                        key={edit.kind}
                        className="alarm-input def-input"
                        type="file"
                        accept=".pem,.key,.txt"
                        {...attrs}
                        disabled={edit.kind === 'clear'}
                        onChange={(e) => void e.target.files?.[0]?.text().then((text) => onChange(field.path, { kind: 'value', value: text }))}
                      />
                    ) : (
                      <input
                        className="alarm-input def-input"
                        type="password"
                        {...attrs}
                        value={edit.kind === 'value' ? edit.value : ''}
                        placeholder={edit.kind === 'clear' ? 'cleared on save' : set ? '•••••••• (set)' : 'not set'}
                        disabled={edit.kind === 'clear'}
                        autoComplete="new-password"
                        onChange={(e) => onChange(field.path, { kind: 'value', value: e.target.value })}
                      />
                    )}
                    {edit.kind === 'keep' && !set ? null : (
                      <button type="button" className="button" data-testid={`secret-clear:${field.path}`} onClick={() => onChange(field.path, edit.kind === 'clear' || edit.kind === 'value' ? KEEP : { kind: 'clear' })}>
                        {edit.kind === 'clear' ? 'Keep' : edit.kind === 'value' ? 'Undo' : 'Clear'}
                      </button>
                    )}
                  </span>
                );
              }}
            </Field>
          );
        })}
      </div>
    </section>
  );
}
