import type { DataValue } from '../../common/data-value.ts';
import type { TagInfo } from '../../common/tag.ts';
import { referencedTags } from '../../screens/expression/ast.ts';
import { evaluateExpression, type Evaluation } from '../../screens/expression/evaluate.ts';
import type { ExpressionError } from '../../screens/expression/expression-error.ts';
import type { ExprValue } from '../../screens/expression/functions.ts';
import { parseExpression } from '../../screens/expression/parser.ts';

export type BindingCheck = { ok: true; tags: string[]; unknownTags: string[] } | { ok: false; error: ExpressionError };

/** Parses a binding and lists the tags it reads that the project does not have (saved, but flagged). */
export function checkBinding(text: string, knownPaths: ReadonlySet<string>): BindingCheck {
  const parsed = parseExpression(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const tags = referencedTags(parsed.value);
  return { ok: true, tags, unknownTags: tags.filter((t) => !knownPaths.has(t)) };
}

export interface LiveTags {
  value(path: string): DataValue | undefined;
  info(path: string): TagInfo | undefined;
}

/** What the binding gives right now with live tag values: the preview beside the editor (never stored). */
export function previewBinding(text: string, live: LiveTags): { ok: true; value: Evaluation } | { ok: false; error: ExpressionError } {
  const parsed = parseExpression(text);
  if (!parsed.ok) return parsed;
  return evaluateExpression(
    parsed.value,
    {
      read: (path) => {
        const v = live.value(path);
        return v === undefined ? undefined : { value: v.value as ExprValue, quality: v.quality };
      },
      info: (path) => {
        const i = live.info(path);
        return i ? { units: i.units, decimals: i.decimals } : undefined;
      },
    },
    text,
  );
}

/** The `{Tag/Path` being typed at the caret, for autocomplete: the text after the last unclosed `{`. */
export function tagPrefixAt(text: string, caret: number): { start: number; prefix: string } | undefined {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{');
  if (open < 0 || before.lastIndexOf('}') > open || before[open - 1] === '{' || before[open + 1] === '{') return undefined;
  const prefix = before.slice(open + 1).trimStart();
  return /^[^{}]*$/.test(prefix) ? { start: open + 1, prefix } : undefined;
}

/** Tag paths for a typed prefix, best first: starts-with before contains, case-insensitive. */
export function completeTagPath(paths: readonly string[], prefix: string, limit = 8): string[] {
  const p = prefix.toLowerCase();
  const starts = paths.filter((t) => t.toLowerCase().startsWith(p));
  const contains = paths.filter((t) => !t.toLowerCase().startsWith(p) && t.toLowerCase().includes(p));
  return [...starts, ...contains].slice(0, limit);
}

/** Puts a chosen path in place of the prefix and closes the brace if needed; returns the new text and caret. */
export function insertTagPath(text: string, caret: number, path: string): { text: string; caret: number } {
  const at = tagPrefixAt(text, caret);
  if (!at) {
    const inserted = `{${path}}`;
    return { text: text.slice(0, caret) + inserted + text.slice(caret), caret: caret + inserted.length };
  }
  const after = text.slice(caret);
  const closes = /^[^{]*\}/.test(after);
  const rest = closes ? after.slice(after.indexOf('}') + 1) : after;
  const next = `${text.slice(0, at.start)}${path}}`;
  return { text: next + rest, caret: next.length };
}
