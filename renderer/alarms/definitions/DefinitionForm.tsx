import { ALARM_PRIORITIES, type AlarmConditionType } from '../../../common/alarms.ts';
import { alarmTextId } from '../../../common/project-texts.ts';
import { TextTranslations } from '../../ui/TextTranslations.tsx';
import type { TagInfo } from '../../../common/tag.ts';
import { PRIORITY_LABEL, PRIORITY_NUMBER } from '../alarm-model.ts';
import { CONDITION_LABEL, CONDITION_PARAMS, type DefinitionDraft } from './definition-draft.ts';
import { Check, Field, NumberInput, Select, TAG_LIST_ID, TextArea, TextInput } from '../../ui/Fields.tsx';
import { FIELD_SPECS, type FieldSpec, type SpecKey } from './field-specs.ts';

const CONDITION_OPTIONS = (Object.keys(CONDITION_LABEL) as AlarmConditionType[]).map((value) => ({ value, label: CONDITION_LABEL[value] }));
const PRIORITY_OPTIONS = ALARM_PRIORITIES.map((value) => ({ value, label: `${PRIORITY_NUMBER[value]} ${PRIORITY_LABEL[value]}` }));

export interface DefinitionFormProps {
  draft: DefinitionDraft;
  isNew: boolean;
  /** For a new definition: the file (without .json) it goes to. */
  file: string;
  files: readonly string[];
  info: (path: string) => TagInfo | undefined;
  onChange: (patch: Partial<DefinitionDraft>) => void;
  onFileChange: (file: string) => void;
}

/** Every field of one alarm definition. Read-only is the enclosing fieldset's business. */
export function DefinitionForm({ draft, isNew, file, files, info, onChange, onFileChange }: DefinitionFormProps) {
  const tag = info(draft.tag.trim());
  const units = tag?.units ?? '';
  const params = CONDITION_PARAMS[draft.conditionType];
  const spec = (key: SpecKey) => <SpecField key={key} spec={FIELD_SPECS[key]} draft={draft} units={units} onChange={onChange} />;
  const states = tag?.states
    ? Object.entries(tag.states)
        .map(([value, name]) => `${value} ${name}`)
        .join(', ')
    : undefined;

  return (
    <div className="def-form" data-testid="def-form">
      <Section title="Alarm">
        <Field name="id" label="Id" span="wide" hint={isNew ? 'Segments separated by /, e.g. Line1/Tank101/Level/Hi' : 'To rename, duplicate under the new id and delete this one'}>
          {(a) => <TextInput attrs={a} value={draft.id} readOnly={!isNew} onChange={(id) => onChange({ id })} placeholder="Line1/Tank101/Level/Hi" />}
        </Field>
        <Field name="tag" label="Tag" span="two" hint={tag ? `${tag.dataType}${units ? `, ${units}` : ''}${tag.description ? ` — ${tag.description}` : ''}` : 'Pick a tag of the project'}>
          {(a) => <TextInput attrs={a} value={draft.tag} list={TAG_LIST_ID} onChange={(t) => onChange({ tag: t })} placeholder="Line1/Tank101/Level" />}
        </Field>
        {spec('enabled')}
        {isNew && (
          <Field name="file" label="File" hint={`alarms/${file || '…'}.json`}>
            {(a) => <TextInput attrs={a} value={file} list="alarm-def-files" onChange={onFileChange} />}
          </Field>
        )}
        <datalist id="alarm-def-files">
          {files.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      </Section>

      <Section title="Condition">
        <Field name="condition.type" label="Type">
          {(a) => <Select attrs={a} value={draft.conditionType} options={CONDITION_OPTIONS} onChange={(conditionType) => onChange({ conditionType })} />}
        </Field>
        {params.includes('setpointTag') && (
          <Field name="condition.setpointTag" label="Setpoint tag" span="wide">
            {(a) => <TextInput attrs={a} value={draft.setpointTag} list={TAG_LIST_ID} onChange={(setpointTag) => onChange({ setpointTag })} />}
          </Field>
        )}
        {params.includes('limit') && (
          <Field name="condition.limit" label={draft.conditionType === 'rate' ? 'Limit per second' : draft.conditionType === 'deviation' ? 'Allowed deviation' : 'Limit'}>
            {(a) => <NumberInput attrs={a} value={draft.limit} units={draft.conditionType === 'rate' ? `${units}/s` : units} onChange={(limit) => onChange({ limit })} />}
          </Field>
        )}
        {params.includes('equals') && (
          <Field name="condition.value" label="Equals" hint={states ? `States: ${states}` : tag ? `A ${tag.dataType} value` : undefined}>
            {(a) => <TextInput attrs={a} value={draft.equals} onChange={(equals) => onChange({ equals })} />}
          </Field>
        )}
        {spec('deadband')}
        {spec('onDelayMs')}
        {spec('offDelayMs')}
        {spec('latched')}
      </Section>

      <Section title="Annunciation">
        {spec('priority')}
        {spec('area')}
        {spec('group')}
        {spec('message')}
        <TextTranslations id={alarmTextId(draft.id.trim())} text={draft.message} field="message" notYet={isNew} />
      </Section>

      <Section title="Suppression by design">
        <Field name="suppressWhen" label="Suppress" bare span="wide">
          {(a) => <Check attrs={a} checked={draft.suppress} onChange={(suppress) => onChange({ suppress })} text="Suppress while another tag equals a value (e.g. line stopped)" />}
        </Field>
        {draft.suppress && (
          <>
            <Field name="suppressWhen.tag" label="While tag" span="two">
              {(a) => <TextInput attrs={a} value={draft.suppressTag} list={TAG_LIST_ID} onChange={(suppressTag) => onChange({ suppressTag })} placeholder="Line1/RunCommand" />}
            </Field>
            <Field name="suppressWhen.equals" label="Equals">
              {(a) => <TextInput attrs={a} value={draft.suppressEquals} onChange={(suppressEquals) => onChange({ suppressEquals })} placeholder="false" />}
            </Field>
          </>
        )}
      </Section>

      <Section title="Operator help">
        <Field name="help.cause" label="Cause" span="wide">
          {(a) => <TextArea attrs={a} value={draft.cause} onChange={(cause) => onChange({ cause })} />}
        </Field>
        <Field name="help.consequence" label="Consequence" span="wide">
          {(a) => <TextArea attrs={a} value={draft.consequence} onChange={(consequence) => onChange({ consequence })} />}
        </Field>
        <Field name="help.action" label="Corrective action" span="wide">
          {(a) => <TextArea attrs={a} value={draft.action} onChange={(action) => onChange({ action })} />}
        </Field>
      </Section>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="def-section" aria-label={title}>
      <h2 className="def-section__title">{title}</h2>
      <div className="def-section__grid">{children}</div>
    </section>
  );
}

/** A plain field, drawn from its spec. */
function SpecField({ spec, draft, units, onChange }: { spec: FieldSpec; draft: DefinitionDraft; units: string; onChange: (patch: Partial<DefinitionDraft>) => void }) {
  switch (spec.kind) {
    case 'text':
      return (
        <Field name={spec.key} label={spec.label} hint={spec.hint} span={spec.wide ? 'wide' : undefined}>
          {(a) => <TextInput attrs={a} value={draft[spec.key]} onChange={(v) => onChange({ [spec.key]: v })} />}
        </Field>
      );
    case 'number':
      return (
        <Field name={spec.key} label={spec.label} hint={spec.hint}>
          {(a) => <NumberInput attrs={a} value={draft[spec.key]} units={spec.units === 'ms' ? 'ms' : units} onChange={(v) => onChange({ [spec.key]: v })} />}
        </Field>
      );
    case 'check':
      return (
        <Field name={spec.key} label={spec.label} bare>
          {(a) => <Check attrs={a} checked={draft[spec.key]} text={spec.text} onChange={(v) => onChange({ [spec.key]: v })} />}
        </Field>
      );
    case 'priority':
      return (
        <Field name="priority" label={spec.label}>
          {(a) => <Select attrs={a} value={draft.priority} options={PRIORITY_OPTIONS} onChange={(priority) => onChange({ priority })} />}
        </Field>
      );
  }
}
