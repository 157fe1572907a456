import { fail, ok, type Result } from '../common/result.ts';
import { describeExpressionError } from './expression/expression-error.ts';
import { parseExpression } from './expression/parser.ts';
import { printExpression } from './expression/print.ts';
import type { ParameterValues } from './expression/tokenizer.ts';
import type { GroupElement, ScreenAction, ScreenElement, Template } from './screen-schema.ts';
import { substitute } from './screen-validation.ts';

/** Templates inside templates are expanded to this depth; deeper (or circular) use is refused. */
export const MAX_TEMPLATE_DEPTH = 8;

type TemplateInstance = Extract<ScreenElement, { kind: 'template' }>;

/**
 * A template instance as concrete elements: a group at the instance's place whose children are the
 * template's elements (drawn in the template's own coordinates, scaled to the instance box), with
 * `{{param}}` replaced by the instance's values in bindings, props text and write actions. Run at
 * render time, so editing a template changes every instance. Bindings are re-printed from their parsed
 * form, so a parameter value is only ever data (a path segment or a literal), never expression code.
 */
export function expandTemplateInstance(instance: TemplateInstance, templates: ReadonlyMap<string, Template>, depth = 0): Result<GroupElement> {
  if (depth >= MAX_TEMPLATE_DEPTH) return fail('config-error', `${instance.id}: templates nested more than ${MAX_TEMPLATE_DEPTH} deep (a template that contains itself?)`, instance.id);
  const template = templates.get(instance.template);
  if (!template) return fail('not-found', `${instance.id}.template: unknown template "${instance.template}"`, `${instance.id}.template`);
  const values: Record<string, string | number> = {};
  for (const name of Object.keys(instance.params)) {
    if (!template.params.some((p) => p.name === name)) return fail('config-error', `${instance.id}.params.${name}: template "${template.id}" has no parameter "${name}"`, `${instance.id}.params.${name}`);
  }
  for (const p of template.params) {
    const value = Object.hasOwn(instance.params, p.name) ? instance.params[p.name] : p.default;
    if (value === undefined) return fail('config-error', `${instance.id}.params: parameter "${p.name}" of template "${template.id}" is missing`, `${instance.id}.params`);
    if (p.type === 'number' && typeof value !== 'number') return fail('config-error', `${instance.id}.params.${p.name}: expected a number`, `${instance.id}.params.${p.name}`);
    values[p.name] = value;
  }
  const children: ScreenElement[] = [];
  for (const [i, element] of template.elements.entries()) {
    const expanded = expandElement(element, values, templates, depth, `${instance.id}/`, `template ${template.id}: elements[${i}]`);
    if (!expanded.ok) return expanded;
    children.push(expanded.value);
  }
  const { template: _template, params: _params, kind: _kind, ...base } = instance;
  return ok({ ...base, kind: 'group', contentSize: { width: template.size.width, height: template.size.height }, children });
}

/** Every template instance in an element tree expanded (what the renderer draws). */
export function expandTemplates(elements: readonly ScreenElement[], templates: ReadonlyMap<string, Template>): Result<ScreenElement[]> {
  const out: ScreenElement[] = [];
  for (const [i, element] of elements.entries()) {
    const expanded = expandElement(element, {}, templates, -1, '', `elements[${i}]`);
    if (!expanded.ok) return expanded;
    out.push(expanded.value);
  }
  return ok(out);
}

function expandElement(element: ScreenElement, values: ParameterValues, templates: ReadonlyMap<string, Template>, depth: number, idPrefix: string, at: string): Result<ScreenElement> {
  const bindings: Record<string, string> = {};
  for (const [name, text] of Object.entries(element.bindings)) {
    const parsed = parseExpression(text, { params: values });
    if (!parsed.ok) return fail('config-error', describeExpressionError(parsed.error, `${at}.bindings.${name}`), `${at}.bindings.${name}`);
    bindings[name] = printExpression(parsed.value);
  }
  const actions: ScreenAction[] = [];
  for (const [i, action] of element.actions.entries()) {
    const done = substituteAction(action, values);
    if (done === undefined) return fail('config-error', `${at}.actions[${i}]: uses an unknown template parameter`, `${at}.actions[${i}]`);
    actions.push(done);
  }
  const id = `${idPrefix}${element.id}`;
  if (element.kind === 'group') {
    const children: ScreenElement[] = [];
    for (const [i, child] of element.children.entries()) {
      const expanded = expandElement(child, values, templates, depth, idPrefix, `${at}.children[${i}]`);
      if (!expanded.ok) return expanded;
      children.push(expanded.value);
    }
    return ok({ ...element, id, bindings, actions, children });
  }
  if (element.kind === 'template') {
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(element.params)) {
      const text = typeof value === 'string' ? substitute(value, values) : value;
      if (text === undefined) return fail('config-error', `${at}.params.${name}: uses an unknown template parameter`, `${at}.params.${name}`);
      params[name] = text;
    }
    return expandTemplateInstance({ ...element, id, bindings, actions, params }, templates, depth + 1);
  }
  return ok({ ...element, id, bindings, actions, props: substituteDeep(element.props, values) as Record<string, unknown> });
}

function substituteAction(action: ScreenAction, values: ParameterValues): ScreenAction | undefined {
  if (action.type === 'write') {
    const tag = substitute(action.tag, values);
    return tag === undefined ? undefined : { ...action, tag };
  }
  if (action.type === 'faceplate') {
    const params: Record<string, string | number> = {};
    for (const [name, value] of Object.entries(action.params)) {
      const text = typeof value === 'string' ? substitute(value, values) : value;
      if (text === undefined) return undefined;
      params[name] = text;
    }
    return { ...action, params };
  }
  return action;
}

/** `{{param}}` in the text of props (labels, tag props); unknown placeholders are left as written. */
function substituteDeep(value: unknown, values: ParameterValues): unknown {
  if (typeof value === 'string') return substitute(value, values) ?? value;
  if (Array.isArray(value)) return value.map((v) => substituteDeep(v, values));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteDeep(v, values)]));
  }
  return value;
}
