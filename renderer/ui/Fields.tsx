import { createContext, useContext, useEffect, useRef, type ReactNode } from 'react';

/** The field the runtime refused (e.g. `condition.limit`), and the message to show beside it. */
export interface ProblemMark {
  readonly field: string | undefined;
  readonly message: string;
}

export const ProblemContext = createContext<ProblemMark>({ field: undefined, message: '' });

/** The id of the one datalist of tag paths the tag fields share. */
export const TAG_LIST_ID = 'alarm-def-tag-paths';

interface FieldProps {
  /** The definition's field path, as the runtime names it in a Problem (`deadband`, `condition.limit`). */
  name: string;
  label: string;
  hint?: string;
  /** `wide` takes the whole row, `two` two of its three columns. */
  span?: 'wide' | 'two' | undefined;
  /** A checkbox names itself: no label above it. */
  bare?: boolean;
  children: (props: { id: string; invalid: boolean; 'aria-invalid': boolean; 'data-testid': string }) => ReactNode;
}

/**
 * One labelled field. When the runtime's refusal names it, it is outlined, carries the runtime's
 * message and takes the focus once.
 */
export function Field({ name, label, hint, span, bare, children }: FieldProps) {
  const problem = useContext(ProblemContext);
  const invalid = isProblemField(name, problem.field);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const input = invalid ? ref.current?.querySelector<HTMLElement>('input, select, textarea') : undefined;
    if (!input) return;
    // Centred, so the field's label and the message under it are in view too.
    input.focus({ preventScroll: true });
    ref.current?.scrollIntoView({ block: 'center' });
    // Once per refusal: typing elsewhere afterwards re-renders, but must not pull the focus back.
  }, [invalid, problem.message]);
  const id = `def-${name.replace(/\./g, '-')}`;
  const control = { id, invalid, 'aria-invalid': invalid, 'data-testid': `def-field:${name}` };
  return (
    <div ref={ref} className={`def-field${span ? ` def-field--${span}` : ''}${bare ? ' def-field--bare' : ''}${invalid ? ' def-field--invalid' : ''}`} data-invalid={invalid} data-field={name}>
      {bare ? null : (
        <label className="def-field__label" htmlFor={id}>
          {label}
        </label>
      )}
      {children(control)}
      {invalid && problem.message ? (
        <span className="def-field__problem" data-testid="def-field-problem">
          {problem.message}
        </span>
      ) : hint ? (
        <span className="def-field__hint">{hint}</span>
      ) : null}
    </div>
  );
}

type InputAttrs = Parameters<FieldProps['children']>[0];

export function TextInput({ attrs, value, onChange, list, placeholder, readOnly }: { attrs: InputAttrs; value: string; onChange: (value: string) => void; list?: string; placeholder?: string; readOnly?: boolean }) {
  const { invalid: _invalid, ...rest } = attrs;
  return <input className="alarm-input def-input" type="text" {...rest} value={value} list={list} placeholder={placeholder} readOnly={readOnly} onChange={(e) => onChange(e.target.value)} autoComplete="off" spellCheck={false} />;
}

export function NumberInput({ attrs, value, onChange, units }: { attrs: InputAttrs; value: string; onChange: (value: string) => void; units?: string }) {
  const { invalid: _invalid, ...rest } = attrs;
  return (
    <span className="def-number">
      <input className="alarm-input def-input def-input--number" type="number" step="any" {...rest} value={value} onChange={(e) => onChange(e.target.value)} />
      {units ? <span className="def-number__units">{units}</span> : null}
    </span>
  );
}

export function TextArea({ attrs, value, onChange }: { attrs: InputAttrs; value: string; onChange: (value: string) => void }) {
  const { invalid: _invalid, ...rest } = attrs;
  // What is typed here is the project's text (help, descriptions), not the interface's: language checks skip it.
  return <textarea className="alarm-input def-input def-textarea" rows={2} {...rest} value={value} onChange={(e) => onChange(e.target.value)} data-project-text="" />;
}

export function Select<T extends string>({ attrs, value, options, onChange }: { attrs: InputAttrs; value: T; options: readonly { value: T; label: string }[]; onChange: (value: T) => void }) {
  const { invalid: _invalid, ...rest } = attrs;
  return (
    <select className="alarm-input def-input" {...rest} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

export function Check({ attrs, checked, onChange, text }: { attrs: InputAttrs; checked: boolean; onChange: (checked: boolean) => void; text: string }) {
  const { invalid: _invalid, ...rest } = attrs;
  return (
    <label className="def-check">
      <input type="checkbox" {...rest} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>{text}</span>
    </label>
  );
}

/** Whether the form field `name` is the one (or inside the one) the problem names. */
export function isProblemField(name: string, problem: string | undefined): boolean {
  if (problem === undefined) return false;
  return name === problem || name.startsWith(`${problem}.`);
}
