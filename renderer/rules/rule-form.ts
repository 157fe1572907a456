import { RULE_EDGES, type RuleAction, type RuleStatus } from '../../common/rules.ts';
import { ROLE_NAMES, type RoleName } from '../../common/permissions.ts';

/** A rule as the form edits it: every field as typed, turned into the rules.json entry on save. */
export interface RuleDraft {
  id: string;
  description: string;
  when: string;
  edge: (typeof RULE_EDGES)[number];
  /** Seconds, as typed. */
  onDelay: string;
  runAs: RoleName;
  enabled: boolean;
  actions: ActionDraft[];
}

export interface ActionDraft {
  kind: RuleAction['kind'];
  /** write: the tag; logbook: the line. */
  target: string;
  /** write: the value as typed; logbook: the text. */
  text: string;
}

export const EMPTY_RULE: RuleDraft = { id: '', description: '', when: '', edge: 'rising', onDelay: '0', runAs: 'engineer', enabled: true, actions: [{ kind: 'write', target: '', text: '' }] };

export function draftOf(rule: RuleStatus): RuleDraft {
  return {
    id: rule.id,
    description: rule.description,
    when: rule.when,
    edge: rule.edge,
    onDelay: String(rule.onDelayMs / 1000),
    runAs: (ROLE_NAMES as readonly string[]).includes(rule.runAs) ? (rule.runAs as RoleName) : 'engineer',
    enabled: rule.enabled,
    actions: rule.actions.map((a) => (a.kind === 'write' ? { kind: 'write', target: a.tag, text: typeof a.value === 'string' ? a.value : JSON.stringify(a.value) } : { kind: 'logbook', target: a.line, text: a.text })),
  };
}

/**
 * The rules.json entry the runtime checks. A written value is a number or true/false when it reads as
 * one, else text; the runtime checks it against the tag's type and limits and names the field.
 */
export function entryOf(draft: RuleDraft): Record<string, unknown> {
  const delay = Number(draft.onDelay.trim() === '' ? '0' : draft.onDelay.replace(',', '.'));
  return {
    id: draft.id.trim(),
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    when: draft.when,
    edge: draft.edge,
    // Not a number: sent as typed, so the runtime's refusal names the field.
    onDelayMs: Number.isFinite(delay) ? Math.round(delay * 1000) : draft.onDelay,
    runAs: draft.runAs,
    enabled: draft.enabled,
    actions: draft.actions.map((a) => (a.kind === 'write' ? { kind: 'write', tag: a.target.trim(), value: valueOf(a.text) } : { kind: 'logbook', text: a.text, line: a.target.trim() })),
  };
}

function valueOf(text: string): number | boolean | string {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t !== '' && Number.isFinite(Number(t))) return Number(t);
  return text;
}

/** The runtime names a field of the rule being saved `rule.when`, `rule.actions[0].tag`; the form's fields are named without `rule.`. */
export function formField(path: string | undefined): string | undefined {
  return path?.startsWith('rule.') ? path.slice('rule.'.length) : undefined;
}
