import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import type { BindableProperty } from '../../../screens/symbols/symbol-definition.ts';
import { useServices } from '../../app/services.tsx';
import { useT } from '../../i18n/i18n.ts';
import { useTagPaths } from '../../store/use-tag.ts';
import { checkBinding, completeTagPath, insertTagPath, previewBinding, tagPrefixAt } from './binding-check.ts';
import { TagBrowser } from './TagBrowser.tsx';

/**
 * One bindable property: the expression, checked as it is typed (the error names line and column),
 * tag-path autocomplete inside `{…}`, a tag browser, and the value it gives right now from live tags.
 * Applying writes the binding into the document (one undo step); unknown tags are flagged, not refused.
 */
export function BindingEditor({ name, property, expression, disabled, onApply }: { name: string; property: BindableProperty; expression: string | undefined; disabled: boolean; onApply: (text: string | undefined) => void }) {
  const { t } = useT('editor');
  const [draft, setDraft] = useState(expression ?? '');
  const [caret, setCaret] = useState(0);
  const [browsing, setBrowsing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const paths = useTagPaths();
  useEffect(() => setDraft(expression ?? ''), [expression]);
  const known = useMemo(() => new Set(paths), [paths]);
  const text = draft.trim();
  const check = text === '' ? undefined : checkBinding(text, known);
  const prefix = focusedPrefix(draft, caret, input.current);
  const suggestions = prefix ? completeTagPath(paths, prefix.prefix).filter((p) => p !== prefix.prefix) : [];
  const changed = text !== (expression ?? '');

  const choose = (path: string) => {
    const next = insertTagPath(draft, caret, path);
    setDraft(next.text);
    setCaret(next.caret);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  };
  const apply = () => onApply(text === '' ? undefined : text);
  const errorText = check && !check.ok ? `${t('binding.error', { message: check.error.message, line: check.error.line, column: check.error.column })}\n${check.error.excerpt}` : '';

  return (
    <div className="editor-binding" data-testid={`binding:${name}`} data-state={check === undefined ? 'empty' : check.ok ? (check.unknownTags.length ? 'unknown-tag' : 'ok') : 'error'}>
      <div className="editor-binding__head">
        <span className="editor-field__title" title={property.description}>
          {property.label} <span className="editor-muted">({t(`binding.types.${property.type}`)})</span>
        </span>
        <button type="button" className="button editor-small" disabled={disabled} onClick={() => setBrowsing((b) => !b)} data-testid={`binding-browse:${name}`} aria-expanded={browsing}>
          {t('binding.browse')}
        </button>
      </div>
      <div className="editor-binding__row">
        <input
          ref={input}
          className="editor-field__code"
          value={draft}
          disabled={disabled}
          spellCheck={false}
          placeholder={t('binding.notBound')}
          aria-label={t('binding.label', { property: property.label })}
          data-testid={`binding-input:${name}`}
          onChange={(e) => {
            setDraft(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onKeyDown={(e) => {
            e.stopPropagation();
            if (e.key === 'Enter') {
              if (suggestions.length > 0 && prefix) choose(suggestions[0]!);
              else apply();
              e.preventDefault();
            }
          }}
        />
        <button type="button" className="button editor-small" disabled={disabled || !changed} onClick={apply} data-testid={`binding-apply:${name}`}>
          {t('binding.apply')}
        </button>
      </div>
      {suggestions.length > 0 && (
        <ul className="editor-suggestions" role="listbox" aria-label={t('binding.suggestions')} data-testid={`binding-suggestions:${name}`}>
          {suggestions.map((p) => (
            <li key={p} role="option" aria-selected={false}>
              <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => choose(p)} data-project-text="">
                {p}
              </button>
            </li>
          ))}
        </ul>
      )}
      {browsing && (
        <TagBrowser
          onPick={(p) => {
            choose(p);
            setBrowsing(false);
          }}
        />
      )}
      {check && !check.ok && (
        <pre className="editor-binding__error" role="alert" data-testid={`binding-error:${name}`}>
          {errorText}
        </pre>
      )}
      {check?.ok && check.unknownTags.length > 0 && (
        <p className="editor-binding__warn" data-testid={`binding-unknown:${name}`}>
          {t('binding.unknownTags', { count: check.unknownTags.length, tags: check.unknownTags.join(', ') })}
        </p>
      )}
      {check?.ok && <LivePreview text={text} tags={check.tags} name={name} />}
    </div>
  );
}

function focusedPrefix(draft: string, caret: number, input: HTMLInputElement | null) {
  if (!input || document.activeElement !== input) return undefined;
  return tagPrefixAt(draft, caret);
}

/** The binding's value with the live tags it reads; re-evaluated when one of them changes. */
function LivePreview({ text, tags, name }: { text: string; tags: readonly string[]; name: string }) {
  const { tags: store } = useServices();
  const { t } = useT('editor');
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const stops = tags.map((t) => store.subscribe(t, tick));
    return () => stops.forEach((s) => s());
  }, [store, tags]);
  const result = previewBinding(text, { value: (p) => store.get(p).value, info: (p) => store.get(p).info });
  if (!result.ok) {
    return (
      <p className="editor-binding__error" data-testid={`binding-preview:${name}`} data-state="error">
        {t('binding.nowError', { message: result.error.message })}
      </p>
    );
  }
  const { value, quality } = result.value;
  const good = quality === 'Good';
  return (
    <p className="editor-binding__preview" data-testid={`binding-preview:${name}`} data-quality={good ? 'good' : 'not-good'}>
      {t('binding.now')} <output>{value === null ? '—' : typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : String(value)}</output>
      {!good && <span className="editor-binding__quality"> ({quality})</span>}
    </p>
  );
}
