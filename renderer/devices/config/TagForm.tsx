import { DATA_TYPES, type DataType } from '../../../common/tag.ts';
import { useT } from '../../i18n/i18n.ts';
import { Check, Field, NumberInput, Select, TextInput } from '../../ui/Fields.tsx';
import type { TagDraft } from './tag-draft.ts';
import { useResolvedAddress } from './use-resolved-address.ts';
import '../../styles/device-units.css';

/** An example tag path: a path in the project's files, the same in every language. */
const EXAMPLE_PATH = 'Line1/Tank101/Level';
const TYPE_OPTIONS = DATA_TYPES.map((value) => ({ value, label: value }));

/** Every field the tag form edits; which one a refusal names is outlined by `Field`. */
export function TagForm({ draft, isNew, devices, addressExample, onChange }: { draft: TagDraft; isNew: boolean; devices: readonly string[]; addressExample?: (device: string) => string; onChange: (patch: Partial<TagDraft>) => void }) {
  const { t } = useT('devices');
  const resolved = useResolvedAddress(draft);
  const example = addressExample?.(draft.device) ?? 'hr:100';
  const deviceOptions = (devices.includes(draft.device) ? devices : [draft.device, ...devices]).map((value) => ({ value, label: value }));
  const numeric = draft.dataType !== 'bool' && draft.dataType !== 'string';
  return (
    <div className="def-form" data-testid="tag-form">
      <section className="def-section" aria-label={t('tagForm.section')}>
        <h2 className="def-section__title">{t('tagForm.section')}</h2>
        <div className="def-section__grid">
          <Field name="path" label={t('tagForm.path')} span="wide" hint={isNew ? t('tagForm.pathHintNew') : t('tagForm.pathHint')}>
            {(a) => <TextInput attrs={a} value={draft.path} readOnly={!isNew} onChange={(path) => onChange({ path })} placeholder={EXAMPLE_PATH} />}
          </Field>
          <Field name="description" label={t('tagForm.description')} span="wide">
            {(a) => <TextInput attrs={a} value={draft.description} onChange={(description) => onChange({ description })} />}
          </Field>
          <Field name="dataType" label={t('tagForm.dataType')} hint={t('tagForm.dataTypeHint')}>
            {(a) => <Select<DataType> attrs={a} value={draft.dataType} options={TYPE_OPTIONS} onChange={(dataType) => onChange({ dataType })} />}
          </Field>
          <Field name="units" label={t('tagForm.units')}>
            {(a) => <TextInput attrs={a} value={draft.units} onChange={(units) => onChange({ units })} placeholder="%" />}
          </Field>
          <Field name="decimals" label={t('tagForm.decimals')}>
            {(a) => <NumberInput attrs={a} value={draft.decimals} onChange={(decimals) => onChange({ decimals })} />}
          </Field>
        </div>
      </section>
      <section className="def-section" aria-label={t('tagForm.source')}>
        <h2 className="def-section__title">{t('tagForm.source')}</h2>
        <div className="def-section__grid">
          <Field name="source.device" label={t('tagForm.device')}>
            {(a) => (
              // The project's device names.
              <span className="def-project-value" data-project-text="">
                <Select attrs={a} value={draft.device} options={deviceOptions} onChange={(device) => onChange({ device })} />
              </span>
            )}
          </Field>
          <Field name="source.address" label={t('tagForm.address')} span="two" hint={resolved.state === 'idle' ? t('tagForm.addressExample', { example }) : undefined}>
            {(a) => (
              <>
                <TextInput attrs={a} value={draft.address} onChange={(address) => onChange({ address })} placeholder={example} />
                {resolved.state !== 'idle' && resolved.text !== '' && (
                  <span className="def-field__resolved" data-state={resolved.state} data-testid="resolved-address">
                    {resolved.state === 'ok' ? `→ ${resolved.text}` : t('tagForm.notUnderstood', { text: resolved.problem ? t(`tagForm.${resolved.problem}`) : resolved.text })}
                  </span>
                )}
              </>
            )}
          </Field>
          <Field name="source.options" label={t('tagForm.options')} span="wide" hint={t('tagForm.optionsHint')}>
            {(a) => <TextInput attrs={a} value={draft.options} onChange={(options) => onChange({ options })} />}
          </Field>
        </div>
      </section>
      {numeric && (
        <section className="def-section" aria-label={t('tagForm.scaling')}>
          <h2 className="def-section__title">{t('tagForm.scaling')}</h2>
          <div className="def-section__grid">
            <Field name="scaling.rawMin" label={t('tagForm.rawMin')}>
              {(a) => <NumberInput attrs={a} value={draft.rawMin} onChange={(rawMin) => onChange({ rawMin })} />}
            </Field>
            <Field name="scaling.rawMax" label={t('tagForm.rawMax')}>
              {(a) => <NumberInput attrs={a} value={draft.rawMax} onChange={(rawMax) => onChange({ rawMax })} />}
            </Field>
            <Field name="deadband" label={t('tagForm.deadband')}>
              {(a) => <NumberInput attrs={a} value={draft.deadband} units={draft.units} onChange={(deadband) => onChange({ deadband })} />}
            </Field>
            <Field name="scaling.euMin" label={t('tagForm.euMin')}>
              {(a) => <NumberInput attrs={a} value={draft.euMin} units={draft.units} onChange={(euMin) => onChange({ euMin })} />}
            </Field>
            <Field name="scaling.euMax" label={t('tagForm.euMax')}>
              {(a) => <NumberInput attrs={a} value={draft.euMax} units={draft.units} onChange={(euMax) => onChange({ euMax })} />}
            </Field>
            <span />
            <Field name="range.min" label={t('tagForm.rangeMin')}>
              {(a) => <NumberInput attrs={a} value={draft.rangeMin} units={draft.units} onChange={(rangeMin) => onChange({ rangeMin })} />}
            </Field>
            <Field name="range.max" label={t('tagForm.rangeMax')}>
              {(a) => <NumberInput attrs={a} value={draft.rangeMax} units={draft.units} onChange={(rangeMax) => onChange({ rangeMax })} />}
            </Field>
          </div>
        </section>
      )}
      <section className="def-section" aria-label={t('tagForm.writes')}>
        <h2 className="def-section__title">{t('tagForm.writes')}</h2>
        <div className="def-section__grid">
          <Field name="writable" label={t('tagForm.writable')} bare>
            {(a) => <Check attrs={a} checked={draft.writable} onChange={(writable) => onChange({ writable })} text={t('tagForm.writableText')} />}
          </Field>
          {numeric && draft.writable && (
            <>
              <Field name="writeLimits.min" label={t('tagForm.writeMin')}>
                {(a) => <NumberInput attrs={a} value={draft.writeMin} units={draft.units} onChange={(writeMin) => onChange({ writeMin })} />}
              </Field>
              <Field name="writeLimits.max" label={t('tagForm.writeMax')}>
                {(a) => <NumberInput attrs={a} value={draft.writeMax} units={draft.units} onChange={(writeMax) => onChange({ writeMax })} />}
              </Field>
            </>
          )}
        </div>
      </section>
    </div>
  );
}
