import { i18n } from '../../i18n/i18n.ts';
import { ActionSchema, type ScreenAction, type ScreenElement } from '../../../screens/screen-schema.ts';

/** The schema's limit on actions per element. */
export const MAX_ACTIONS = 8;

export type ActionType = ScreenAction['type'];
/** Every action kind the schema has, in the order the inspector offers them. */
export const ACTION_TYPES: readonly ActionType[] = ActionSchema.options.map((o) => o.shape.type.value);

/** What a new action of a kind starts as: the first screen or template offered, a confirmed write. */
export function newAction(type: ActionType, choices: { screens: readonly string[]; templates: readonly string[] }): ScreenAction {
  switch (type) {
    case 'navigate':
    case 'popup':
      return { type, screen: choices.screens[0] ?? '' };
    case 'faceplate':
      return { type, template: choices.templates[0] ?? '', params: {} };
    case 'back':
    case 'forward':
      return { type };
    case 'write':
      return { type, tag: '', value: 1, confirm: true };
  }
}

/**
 * Problems of one action as the schema sees them, by field (`screen`, `template`, `tag`, `value`,
 * `params.<name>`): what the inspector shows under each field. Empty when the action is valid.
 */
export function actionProblems(action: unknown): Readonly<Record<string, string>> {
  const parsed = ActionSchema.safeParse(action);
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path.map(String).join('.') || 'type';
    // The one schema message the editor words itself ("required"), in the reader's language; the others are the schema's.
    out[field] ??= issue.message === 'Too small: expected string to have >=1 characters' ? i18n.t('actions.required', { ns: 'editor' }) : issue.message;
  }
  return out;
}

function withActions(element: ScreenElement, actions: ScreenAction[]): ScreenElement {
  return { ...element, actions };
}

/**
 * Appends an action (refused past the schema's limit). A new action may be incomplete (a write with no
 * tag yet): the inspector names the missing field and the save check refuses the document until it is filled.
 */
export function addAction(element: ScreenElement, action: ScreenAction): ScreenElement {
  if (element.actions.length >= MAX_ACTIONS) return element;
  return withActions(element, [...element.actions, action]);
}

/** Replaces the action at `index` (fields are checked by the inspector before they get here). */
export function setAction(element: ScreenElement, index: number, action: ScreenAction): ScreenElement {
  if (index < 0 || index >= element.actions.length) return element;
  if (JSON.stringify(element.actions[index]) === JSON.stringify(action)) return element;
  return withActions(
    element,
    element.actions.map((a, i) => (i === index ? action : a)),
  );
}

export function removeAction(element: ScreenElement, index: number): ScreenElement {
  if (index < 0 || index >= element.actions.length) return element;
  return withActions(
    element,
    element.actions.filter((_, i) => i !== index),
  );
}

/** Actions run in order: moves one to position `to`. */
export function moveAction(element: ScreenElement, index: number, to: number): ScreenElement {
  const n = element.actions.length;
  if (index < 0 || index >= n || to < 0 || to >= n || to === index) return element;
  const actions = [...element.actions];
  const [moved] = actions.splice(index, 1);
  actions.splice(to, 0, moved!);
  return withActions(element, actions);
}
