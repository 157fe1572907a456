import { DATA_TYPES, type DataType } from '../../../common/tag.ts';
import { Check, Field, NumberInput, Select, TextInput } from '../../ui/Fields.tsx';
import type { TagDraft } from './tag-draft.ts';
import { useResolvedAddress } from './use-resolved-address.ts';
import '../../styles/device-units.css';

const TYPE_OPTIONS = DATA_TYPES.map((value) => ({ value, label: value }));

/** Every field the tag form edits; which one a refusal names is outlined by `Field`. */
export function TagForm({ draft, isNew, devices, addressExample, onChange }: { draft: TagDraft; isNew: boolean; devices: readonly string[]; addressExample?: (device: string) => string; onChange: (patch: Partial<TagDraft>) => void }) {
  const resolved = useResolvedAddress(draft);
  const example = addressExample?.(draft.device) ?? 'hr:100';
  const deviceOptions = (devices.includes(draft.device) ? devices : [draft.device, ...devices]).map((value) => ({ value, label: value }));
  const numeric = draft.dataType !== 'bool' && draft.dataType !== 'string';
  return (
    <div className="def-form" data-testid="tag-form">
      <section className="def-section" aria-label="Tag">
        <h2 className="def-section__title">Tag</h2>
        <div className="def-section__grid">
          <Field name="path" label="Path" span="wide" hint={isNew ? 'Segments separated by /, e.g. Line1/Tank101/Level' : 'To rename, add it under the new path and delete this one'}>
            {(a) => <TextInput attrs={a} value={draft.path} readOnly={!isNew} onChange={(path) => onChange({ path })} placeholder="Line1/Tank101/Level" />}
          </Field>
          <Field name="description" label="Description" span="wide">
            {(a) => <TextInput attrs={a} value={draft.description} onChange={(description) => onChange({ description })} />}
          </Field>
          <Field name="dataType" label="Data type" hint="Modbus decodes registers by it">
            {(a) => <Select<DataType> attrs={a} value={draft.dataType} options={TYPE_OPTIONS} onChange={(dataType) => onChange({ dataType })} />}
          </Field>
          <Field name="units" label="Units">
            {(a) => <TextInput attrs={a} value={draft.units} onChange={(units) => onChange({ units })} placeholder="%" />}
          </Field>
          <Field name="decimals" label="Decimals">
            {(a) => <NumberInput attrs={a} value={draft.decimals} onChange={(decimals) => onChange({ decimals })} />}
          </Field>
        </div>
      </section>
      <section className="def-section" aria-label="Source">
        <h2 className="def-section__title">Source</h2>
        <div className="def-section__grid">
          <Field name="source.device" label="Device">
            {(a) => <Select attrs={a} value={draft.device} options={deviceOptions} onChange={(device) => onChange({ device })} />}
          </Field>
          <Field name="source.address" label="Address" span="two" hint={resolved.state === 'idle' ? `e.g. ${example}` : undefined}>
            {(a) => (
              <>
                <TextInput attrs={a} value={draft.address} onChange={(address) => onChange({ address })} placeholder={example} />
                {resolved.state !== 'idle' && resolved.text !== '' && (
                  <span className="def-field__resolved" data-state={resolved.state} data-testid="resolved-address">
                    {resolved.state === 'ok' ? `→ ${resolved.text}` : `Not understood: ${resolved.text}`}
                  </span>
                )}
              </>
            )}
          </Field>
          <Field name="source.options" label="Driver options (JSON)" span="wide" hint='e.g. {"order": "CDAB", "pollGroup": "fast"}'>
            {(a) => <TextInput attrs={a} value={draft.options} onChange={(options) => onChange({ options })} />}
          </Field>
        </div>
      </section>
      {numeric && (
        <section className="def-section" aria-label="Scaling and limits">
          <h2 className="def-section__title">Scaling and limits</h2>
          <div className="def-section__grid">
            <Field name="scaling.rawMin" label="Raw min">
              {(a) => <NumberInput attrs={a} value={draft.rawMin} onChange={(rawMin) => onChange({ rawMin })} />}
            </Field>
            <Field name="scaling.rawMax" label="Raw max">
              {(a) => <NumberInput attrs={a} value={draft.rawMax} onChange={(rawMax) => onChange({ rawMax })} />}
            </Field>
            <Field name="deadband" label="Display deadband">
              {(a) => <NumberInput attrs={a} value={draft.deadband} units={draft.units} onChange={(deadband) => onChange({ deadband })} />}
            </Field>
            <Field name="scaling.euMin" label="EU min">
              {(a) => <NumberInput attrs={a} value={draft.euMin} units={draft.units} onChange={(euMin) => onChange({ euMin })} />}
            </Field>
            <Field name="scaling.euMax" label="EU max">
              {(a) => <NumberInput attrs={a} value={draft.euMax} units={draft.units} onChange={(euMax) => onChange({ euMax })} />}
            </Field>
            <span />
            <Field name="range.min" label="Range min">
              {(a) => <NumberInput attrs={a} value={draft.rangeMin} units={draft.units} onChange={(rangeMin) => onChange({ rangeMin })} />}
            </Field>
            <Field name="range.max" label="Range max">
              {(a) => <NumberInput attrs={a} value={draft.rangeMax} units={draft.units} onChange={(rangeMax) => onChange({ rangeMax })} />}
            </Field>
          </div>
        </section>
      )}
      <section className="def-section" aria-label="Writes">
        <h2 className="def-section__title">Writes</h2>
        <div className="def-section__grid">
          <Field name="writable" label="Writable" bare>
            {(a) => <Check attrs={a} checked={draft.writable} onChange={(writable) => onChange({ writable })} text="Operators may write it" />}
          </Field>
          {numeric && draft.writable && (
            <>
              <Field name="writeLimits.min" label="Write min">
                {(a) => <NumberInput attrs={a} value={draft.writeMin} units={draft.units} onChange={(writeMin) => onChange({ writeMin })} />}
              </Field>
              <Field name="writeLimits.max" label="Write max">
                {(a) => <NumberInput attrs={a} value={draft.writeMax} units={draft.units} onChange={(writeMax) => onChange({ writeMax })} />}
              </Field>
            </>
          )}
        </div>
      </section>
    </div>
  );
}
