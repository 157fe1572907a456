import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useServices } from '../app/services.tsx';
import { checkBinding, completeTagPath, insertTagPath, previewBinding, tagPrefixAt } from '../ui/expression-check.ts';
import { useT } from '../i18n/i18n.ts';
import { useTagPaths } from '../store/use-tag.ts';
import { qualityText } from '../ui/texts.ts';

/**
 * An expression as engineers type it in a form (a rule's condition; the screen editor's checks): the
 * parse error at its line and column as it is typed, tag paths completed inside `{…}`, unknown tags
 * named, and what it gives right now from the live tags, with its quality.
 */
export function ExpressionField({ id, value, onChange, disabled, testId, invalid }: { id: string; value: string; onChange: (text: string) => void; disabled: boolean; testId: string; invalid: boolean }) {
  const { t } = useT('rules');
  const [caret, setCaret] = useState(0);
  const [focused, setFocused] = useState(false);
  const input = useRef<HTMLTextAreaElement>(null);
  const paths = useTagPaths();
  const known = useMemo(() => new Set(paths), [paths]);
  const text = value.trim();
  const check = text === '' ? undefined : checkBinding(text, known);
  const prefix = focused ? tagPrefixAt(value, caret) : undefined;
  const suggestions = prefix ? completeTagPath(paths, prefix.prefix).filter((p) => p !== prefix.prefix) : [];

  const choose = (path: string) => {
    const next = insertTagPath(value, caret, path);
    onChange(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  };
  return (
    <div className="rules-expr" data-testid={testId} data-state={check === undefined ? 'empty' : check.ok ? (check.unknownTags.length ? 'unknown-tag' : 'ok') : 'error'}>
      <textarea
        ref={input}
        id={id}
        className="alarm-input def-input rules-expr__input"
        rows={2}
        value={value}
        disabled={disabled}
        spellCheck={false}
        aria-invalid={invalid}
        data-project-text=""
        data-testid={`${testId}-input`}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onChange={(e) => {
          onChange(e.target.value);
          setCaret(e.target.selectionStart ?? e.target.value.length);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && suggestions.length > 0) {
            choose(suggestions[0]!);
            e.preventDefault();
          }
        }}
      />
      {suggestions.length > 0 && (
        <ul className="rules-expr__suggestions" role="listbox" aria-label={t('expression.suggestions')} data-testid={`${testId}-suggestions`}>
          {suggestions.slice(0, 8).map((p) => (
            <li key={p} role="option" aria-selected={false}>
              <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => choose(p)} data-project-text="">
                {p}
              </button>
            </li>
          ))}
        </ul>
      )}
      {check && !check.ok && (
        <pre className="rules-expr__error" role="alert" data-testid={`${testId}-error`}>
          {t('expression.error', { message: check.error.message, line: check.error.line, column: check.error.column })}
          {'\n'}
          {check.error.excerpt}
        </pre>
      )}
      {check?.ok && check.unknownTags.length > 0 && (
        <p className="rules-expr__error" data-testid={`${testId}-unknown`}>
          {t('expression.unknownTags', { count: check.unknownTags.length, tags: check.unknownTags.join(', ') })}
        </p>
      )}
      {check?.ok && check.unknownTags.length === 0 && <Preview text={text} tags={check.tags} testId={testId} />}
    </div>
  );
}

/** The expression's value now, re-evaluated when a tag it reads changes. */
function Preview({ text, tags, testId }: { text: string; tags: readonly string[]; testId: string }) {
  const { tags: store } = useServices();
  const { t } = useT('rules');
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const stops = tags.map((path) => store.subscribe(path, tick));
    return () => stops.forEach((stop) => stop());
  }, [store, tags]);
  const result = previewBinding(text, { value: (p) => store.get(p).value, info: (p) => store.get(p).info });
  if (!result.ok) {
    return (
      <p className="rules-expr__error" data-testid={`${testId}-preview`} data-state="error">
        {t('expression.nowError', { message: result.error.message, line: result.error.line, column: result.error.column })}
      </p>
    );
  }
  const { value, quality } = result.value;
  const shown = value === null ? '—' : typeof value === 'boolean' ? t(value ? 'expression.true' : 'expression.false') : typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : value;
  return (
    <p className="rules-expr__preview" data-testid={`${testId}-preview`} data-quality={quality === 'Good' ? 'good' : 'not-good'}>
      {t('expression.now')} <output data-project-text="">{shown}</output>
      {quality !== 'Good' && <span className="rules-expr__quality"> ({qualityText(quality)})</span>}
    </p>
  );
}
