import { ALARM_PRIORITIES, type AlarmConditionType } from '../../../common/alarms.ts';
import { alarmTextId } from '../../../common/project-texts.ts';
import { TextTranslations } from '../../ui/TextTranslations.tsx';
import type { TagInfo } from '../../../common/tag.ts';
import { PRIORITY_NUMBER } from '../alarm-model.ts';
import { CONDITION_PARAMS, type DefinitionDraft } from './definition-draft.ts';
import { useT } from '../../i18n/i18n.ts';
import { Check, Field, NumberInput, Select, TAG_LIST_ID, TextArea, TextInput } from '../../ui/Fields.tsx';
import { FIELD_SPECS, type FieldSpec, type SpecKey } from './field-specs.ts';

const CONDITION_TYPES = Object.keys(CONDITION_PARAMS) as AlarmConditionType[];
/** A checkbox's value when unticked, as the suppression condition's example. */
const FALSE_TEXT = String(false);
const MS = 'ms';
/** The definition's field whose translations the project texts keep. */
const MESSAGE_FIELD = 'message';
/** Example paths: the format of ids and tags (project data, the same in every language). */
const EXAMPLE_ID = 'Line1/Tank101/Level/Hi';
const EXAMPLE_TAG = 'Line1/Tank101/Level';
const EXAMPLE_RUN_TAG = 'Line1/RunCommand';
/** The plain fields of each section, in order. */
const ALARM_SPECS = ['enabled'] as const satisfies readonly SpecKey[];
const CONDITION_SPECS = ['deadband', 'onDelayMs', 'offDelayMs', 'latched'] as const satisfies readonly SpecKey[];
const ANNUNCIATION_SPECS = ['priority', 'area', 'group', 'message'] as const satisfies readonly SpecKey[];

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
  const { t } = useT('alarms');
  const conditionOptions = CONDITION_TYPES.map((value) => ({ value, label: t(`condition.${value}`) }));
  const tag = info(draft.tag.trim());
  const units = tag?.units ?? '';
  const params = CONDITION_PARAMS[draft.conditionType];
  const spec = (key: SpecKey) => <SpecField key={key} spec={FIELD_SPECS[key]} draft={draft} units={units} onChange={onChange} />;
  const states = tag?.states
    ? Object.entries(tag.states)
        .map(([value, name]) => `${value} ${name}`)
        .join(', ')
    : undefined;
  const fileHint = `alarms/${file || '…'}.json`;
  const limitUnits = draft.conditionType === 'rate' ? `${units}/s` : units;

  return (
    <div className="def-form" data-testid="def-form">
      <Section title={t('form.alarm')}>
        <Field name="id" label={t('form.id')} span="wide" hint={isNew ? t('form.idHintNew') : t('form.idHintStored')}>
          {(a) => <TextInput attrs={a} value={draft.id} readOnly={!isNew} onChange={(id) => onChange({ id })} placeholder={EXAMPLE_ID} />}
        </Field>
        <Field name="tag" label={t('form.tag')} span="two" hint={tag ? `${tag.dataType}${units ? `, ${units}` : ''}${tag.description ? ` — ${tag.description}` : ''}` : t('form.tagHint')}>
          {(a) => <TextInput attrs={a} value={draft.tag} list={TAG_LIST_ID} onChange={(path) => onChange({ tag: path })} placeholder={EXAMPLE_TAG} />}
        </Field>
        {ALARM_SPECS.map(spec)}
        {isNew && (
          <Field name="file" label={t('form.file')} hint={fileHint}>
            {(a) => <TextInput attrs={a} value={file} list="alarm-def-files" onChange={onFileChange} />}
          </Field>
        )}
        <datalist id="alarm-def-files">
          {files.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      </Section>

      <Section title={t('form.condition')}>
        <Field name="condition.type" label={t('form.type')}>
          {(a) => <Select attrs={a} value={draft.conditionType} options={conditionOptions} onChange={(conditionType) => onChange({ conditionType })} />}
        </Field>
        {params.includes('setpointTag') && (
          <Field name="condition.setpointTag" label={t('form.setpointTag')} span="wide">
            {(a) => <TextInput attrs={a} value={draft.setpointTag} list={TAG_LIST_ID} onChange={(setpointTag) => onChange({ setpointTag })} />}
          </Field>
        )}
        {params.includes('limit') && (
          <Field name="condition.limit" label={draft.conditionType === 'rate' ? t('form.limitRate') : draft.conditionType === 'deviation' ? t('form.limitDeviation') : t('form.limit')}>
            {(a) => <NumberInput attrs={a} value={draft.limit} units={limitUnits} onChange={(limit) => onChange({ limit })} />}
          </Field>
        )}
        {params.includes('equals') && (
          <Field name="condition.value" label={t('form.equals')} hint={states ? t('form.statesHint', { states }) : tag ? t('form.typeHint', { type: tag.dataType }) : undefined}>
            {(a) => <TextInput attrs={a} value={draft.equals} onChange={(equals) => onChange({ equals })} />}
          </Field>
        )}
        {CONDITION_SPECS.map(spec)}
      </Section>

      <Section title={t('form.annunciation')}>
        {ANNUNCIATION_SPECS.map(spec)}
        <TextTranslations id={alarmTextId(draft.id.trim())} text={draft.message} field={MESSAGE_FIELD} notYet={isNew} />
      </Section>

      <Section title={t('form.suppression')}>
        <Field name="suppressWhen" label={t('form.suppress')} bare span="wide">
          {(a) => <Check attrs={a} checked={draft.suppress} onChange={(suppress) => onChange({ suppress })} text={t('form.suppressText')} />}
        </Field>
        {draft.suppress && (
          <>
            <Field name="suppressWhen.tag" label={t('form.whileTag')} span="two">
              {(a) => <TextInput attrs={a} value={draft.suppressTag} list={TAG_LIST_ID} onChange={(suppressTag) => onChange({ suppressTag })} placeholder={EXAMPLE_RUN_TAG} />}
            </Field>
            <Field name="suppressWhen.equals" label={t('form.equals')}>
              {(a) => <TextInput attrs={a} value={draft.suppressEquals} onChange={(suppressEquals) => onChange({ suppressEquals })} placeholder={FALSE_TEXT} />}
            </Field>
          </>
        )}
      </Section>

      <Section title={t('form.help')}>
        <Field name="help.cause" label={t('form.cause')} span="wide">
          {(a) => <TextArea attrs={a} value={draft.cause} onChange={(cause) => onChange({ cause })} />}
        </Field>
        <Field name="help.consequence" label={t('form.consequence')} span="wide">
          {(a) => <TextArea attrs={a} value={draft.consequence} onChange={(consequence) => onChange({ consequence })} />}
        </Field>
        <Field name="help.action" label={t('form.action')} span="wide">
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
  const { t } = useT('alarms');
  const label = t(`form.${spec.key}`);
  const hint = 'hint' in spec && spec.hint ? t(`form.${spec.key}Hint`) : undefined;
  const numberUnits = spec.kind === 'number' && spec.units === 'ms' ? MS : units;
  switch (spec.kind) {
    case 'text':
      return (
        <Field name={spec.key} label={label} hint={hint} span={spec.wide ? 'wide' : undefined}>
          {(a) => <TextInput attrs={a} value={draft[spec.key]} onChange={(v) => onChange({ [spec.key]: v })} />}
        </Field>
      );
    case 'number':
      return (
        <Field name={spec.key} label={label} hint={hint}>
          {(a) => <NumberInput attrs={a} value={draft[spec.key]} units={numberUnits} onChange={(v) => onChange({ [spec.key]: v })} />}
        </Field>
      );
    case 'check':
      return (
        <Field name={spec.key} label={label} bare>
          {(a) => <Check attrs={a} checked={draft[spec.key]} text={t(`form.${spec.key}Text`)} onChange={(v) => onChange({ [spec.key]: v })} />}
        </Field>
      );
    case 'priority':
      return (
        <Field name="priority" label={label}>
          {(a) => <Select attrs={a} value={draft.priority} options={ALARM_PRIORITIES.map((value) => ({ value, label: `${PRIORITY_NUMBER[value]} ${t(`priority.${value}`)}` }))} onChange={(priority) => onChange({ priority })} />}
        </Field>
      );
  }
}
