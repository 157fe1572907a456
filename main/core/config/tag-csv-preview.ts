import type { CsvPreview } from '../../../common/config-contract.ts';
import type { Result } from '../../../common/result.ts';
import type { CandidateTag } from './config-candidate.ts';
import type { CsvTagRow, RowProblem } from './tag-csv.ts';

/** Field names as the engineer reads them in the preview. */
const FIELD_WORDS: Record<string, string> = {
  dataType: 'data type',
  staleAfterMs: 'stale time',
  writeLimits: 'write limits',
  arrayLength: 'array length',
};

/**
 * What an import of the read rows would do against the current tags: each row added (new path),
 * changed (which settings differ from the project's entry), unchanged, or refused (a bad cell, a member
 * of a template instance); and the tags of the file's devices that the file leaves out (kept).
 */
export function previewRows(read: { rows: CsvTagRow[]; problems: RowProblem[] }, current: readonly CandidateTag[], memberProblem: (path: string) => Result<never> | undefined): CsvPreview {
  const preview: CsvPreview = { added: [], changed: [], unchanged: [], refused: read.problems.map((p) => ({ row: p.row, column: p.column, reason: p.message, ...(p.text ? { text: p.text } : {}) })), notInFile: [] };
  const byPath = new Map(current.map((t) => [t.def.path, t]));
  for (const { row, path, def } of read.rows) {
    const member = memberProblem(path);
    if (member && !member.ok) {
      preview.refused.push({ row, column: 'path', reason: member.error.message.replace(/^path: /, ''), ...(member.error.text ? { text: member.error.text } : {}) });
      continue;
    }
    const existing = byPath.get(path);
    if (!existing?.raw) {
      preview.added.push({ row, path });
      continue;
    }
    const fields = differingFields(existing.def, def);
    if (fields.length === 0) preview.unchanged.push({ row, path });
    else preview.changed.push({ row, path, fields: fields.map((k) => FIELD_WORDS[k] ?? k), fieldKeys: fields });
  }
  preview.refused.sort((a, b) => a.row - b.row);
  const inFile = new Set(read.rows.map((r) => r.path));
  const devices = new Set(read.rows.map((r) => String((r.raw['source'] as Record<string, unknown> | undefined)?.['device'] ?? '')));
  preview.notInFile = current.filter((t) => t.raw !== undefined && devices.has(t.def.source.device) && !inFile.has(t.def.path)).map((t) => t.def.path);
  return preview;
}

/** The settings that differ between two tags with defaults filled in (key order does not count). */
function differingFields(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('path');
  return [...keys].filter((k) => stable(a[k]) !== stable(b[k]));
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y))) : v));
}
