import { useEffect, useState, type InputHTMLAttributes } from 'react';

/**
 * A text or number field that edits a draft and commits on Enter or leaving the field, so typing
 * "120" is one undo step, not three. `check` refuses a value with a reason shown under the field.
 */
export function CommitInput({
  value,
  onCommit,
  check,
  testId,
  ...rest
}: {
  value: string;
  onCommit: (text: string) => void;
  check?: (text: string) => string | undefined;
  testId?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'>) {
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | undefined>(undefined);
  useEffect(() => {
    setDraft(value);
    setError(undefined);
  }, [value]);
  const commit = () => {
    if (draft === value) return;
    const problem = check?.(draft);
    setError(problem);
    if (!problem) onCommit(draft);
  };
  return (
    <>
      <input
        {...rest}
        value={draft}
        data-testid={testId}
        aria-invalid={error ? true : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(value);
          event.stopPropagation();
        }}
      />
      {error && (
        <span className="editor-field__error" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
