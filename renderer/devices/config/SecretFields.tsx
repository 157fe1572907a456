import type { SecretField } from '../../../common/secrets.ts';
import { useT } from '../../i18n/i18n.ts';
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
  const { t } = useT('devices');
  if (fields.length === 0) return null;
  return (
    <section className="def-section" aria-label={t('secrets.section')}>
      <h2 className="def-section__title">{t('secrets.section')}</h2>
      <p className="def-section__note">{t('secrets.note')}</p>
      <div className="def-section__grid">
        {fields.map((field) => {
          const edit = edits[field.path] ?? KEEP;
          const status = secretStatusAt(listed, field.path);
          const set = status?.set === true;
          const hint =
            edit.kind === 'clear' ? t('secrets.cleared') : edit.kind === 'value' && edit.value !== '' ? t('secrets.replaced') : set ? (status?.name ? t('secrets.setNamed', { name: status.name }) : t('secrets.set')) : t('secrets.notSet');
          return (
            <Field key={field.path} name={secretFieldName(field)} label={t(`secrets.field.${field.path}`, { defaultValue: field.label })} span="wide" hint={hint}>
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
                        placeholder={edit.kind === 'clear' ? t('secrets.clearedOnSave') : set ? t('secrets.setPlaceholder') : t('secrets.notSetPlaceholder')}
                        disabled={edit.kind === 'clear'}
                        autoComplete="new-password"
                        onChange={(e) => onChange(field.path, { kind: 'value', value: e.target.value })}
                      />
                    )}
                    {edit.kind === 'keep' && !set ? null : (
                      <button type="button" className="button" data-testid={`secret-clear:${field.path}`} onClick={() => onChange(field.path, edit.kind === 'clear' || edit.kind === 'value' ? KEEP : { kind: 'clear' })}>
                        {edit.kind === 'clear' ? t('secrets.keep') : edit.kind === 'value' ? t('secrets.undo') : t('secrets.clear')}
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
