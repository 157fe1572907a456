import type { z } from 'zod';
import { CommitInput } from './CommitInput.tsx';
import { checkPropValue, propFields, type PropField } from './prop-fields.ts';
import { useT } from '../../i18n/i18n.ts';
import { choiceText, propText } from '../symbol-text.ts';

/** Palette names offered for colour fields; any #rrggbb is accepted too. */
const PALETTE_NAMES = ['background', 'panel', 'panel-border', 'text', 'text-muted', 'process-light', 'process-grey', 'process-dark', 'process-line', 'none'];

/** The inspector fields of one element, generated from its symbol's props schema. */
export function PropFields({
  schema,
  type,
  props,
  disabled,
  onChange,
  omit = [],
}: {
  schema: z.ZodObject;
  /** The symbol type, whose catalogue entries name the fields (`editor:symbols.<type>.props.<key>`). */
  type: string;
  props: Readonly<Record<string, unknown>>;
  disabled: boolean;
  onChange: (key: string, value: unknown) => void;
  omit?: readonly string[];
}) {
  const { t } = useT('editor');
  return (
    <div className="editor-fields">
      {propFields(schema)
        .filter((field) => !omit.includes(field.key))
        .map((field) => ({ ...field, ...propText(t, type, field.key, field) }))
        .map((field) => (
          <label key={field.key} className="editor-field" title={field.description}>
            <span className="editor-field__title">{field.title}</span>
            <FieldInput field={field} value={props[field.key]} disabled={disabled} onChange={(v) => onChange(field.key, v)} check={(v) => checkPropValue(schema, field.key, v)} />
          </label>
        ))}
    </div>
  );
}

function FieldInput({ field, value, disabled, onChange, check }: { field: PropField; value: unknown; disabled: boolean; onChange: (v: unknown) => void; check: (v: unknown) => string | undefined }) {
  const testId = `prop:${field.key}`;
  const { t } = useT('editor');
  switch (field.kind) {
    case 'boolean':
      return <input type="checkbox" checked={value === true} disabled={disabled} data-testid={testId} onChange={(e) => onChange(e.target.checked)} />;
    case 'enum':
      return (
        <select value={String(value ?? '')} disabled={disabled} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
          {field.options.map((o) => (
            <option key={o} value={o}>
              {choiceText(t, o)}
            </option>
          ))}
        </select>
      );
    case 'number':
      return (
        <CommitInput
          type="number"
          inputMode="decimal"
          testId={testId}
          disabled={disabled}
          value={typeof value === 'number' ? String(value) : ''}
          {...(field.min !== undefined ? { min: field.min } : {})}
          {...(field.max !== undefined ? { max: field.max } : {})}
          step={field.integer ? 1 : 'any'}
          check={(text) => (text.trim() === '' || !Number.isFinite(Number(text)) ? t('inspector.enterNumber') : check(Number(text)))}
          onCommit={(text) => onChange(Number(text))}
        />
      );
    case 'colour':
      return (
        <>
          <CommitInput type="text" list={`editor-palette-names-${field.key}`} testId={testId} disabled={disabled} value={String(value ?? '')} check={check} onCommit={onChange} />
          <datalist id={`editor-palette-names-${field.key}`}>
            {PALETTE_NAMES.map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </>
      );
    case 'string': {
      // An emptied field means "not set" when the schema allows that (optional tag paths), else the empty text.
      const typed = (text: string) => (text === '' && check(undefined) === undefined ? undefined : text);
      return (
        <CommitInput
          type="text"
          testId={testId}
          disabled={disabled}
          value={String(value ?? '')}
          {...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {})}
          check={(text) => check(typed(text))}
          onCommit={(text) => onChange(typed(text))}
        />
      );
    }
    case 'json':
      return (
        <CommitInput
          type="text"
          testId={testId}
          disabled={disabled}
          className="editor-field__code"
          value={JSON.stringify(value ?? null)}
          check={(text) => {
            try {
              return check(JSON.parse(text));
            } catch {
              return t('inspector.enterJson');
            }
          }}
          onCommit={(text) => onChange(JSON.parse(text))}
        />
      );
  }
}
