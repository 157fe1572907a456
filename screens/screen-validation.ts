import { TAG_PATH_PATTERN } from '../common/tag.ts';
import type { Problem } from '../common/result.ts';
import { formatFieldPath } from '../common/zod-problem.ts';
import { describeExpressionError } from './expression/expression-error.ts';
import { parseExpression } from './expression/parser.ts';
import type { ParameterValues } from './expression/tokenizer.ts';
import type { ScreenAction, ScreenDocument, ScreenElement, Template, TemplateParameter } from './screen-schema.ts';
import { COMMON_BINDABLE, type SymbolDefinition } from './symbols/symbol-definition.ts';
import { SYMBOLS, symbolTypeOf } from './symbols/symbol-registry.ts';

/** Stand-in values for a template's declared parameters, to check its bindings before any instance exists. */
export function sampleParameters(params: readonly TemplateParameter[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const p of params) out[p.name] = p.default ?? (p.type === 'number' ? 0 : p.type === 'tag' ? 'P' : '');
  return out;
}

export interface CheckOptions {
  /** Templates by id: when given, template instances and faceplate actions are checked against them. */
  templates?: ReadonlyMap<string, Template>;
}

/**
 * What the schema cannot say: known symbol types, props valid for their symbol, bindings on bindable
 * properties with expressions that parse, unique ids, tag paths in write actions. Every problem names
 * its path (`elements[3].bindings.fill: ...`). Returns the document with symbol props defaulted.
 */
export function checkScreenDocument(doc: ScreenDocument, options: CheckOptions = {}): { value: ScreenDocument; problems: Problem[] } {
  const problems: Problem[] = [];
  const ids = new Set<string>();
  const params = doc.kind === 'template' ? sampleParameters(doc.params) : {};
  if (doc.kind === 'template') {
    const names = new Set<string>();
    doc.params.forEach((p, i) => {
      if (names.has(p.name)) problems.push(problem(`params[${i}].name`, `duplicate parameter "${p.name}"`));
      names.add(p.name);
    });
  }
  if (doc.kind === 'screen' && doc.parent === doc.id) problems.push(problem('parent', 'a screen cannot be its own parent'));
  const check = (elements: readonly ScreenElement[], at: string): ScreenElement[] => elements.map((element, i) => checkElement(element, `${at}[${i}]`));

  const checkElement = (element: ScreenElement, at: string): ScreenElement => {
    if (ids.has(element.id)) problems.push(problem(`${at}.id`, `duplicate element id "${element.id}"`));
    ids.add(element.id);
    element.actions.forEach((a, i) => checkAction(a, `${at}.actions[${i}]`, params, options, problems));
    const type = symbolTypeOf(element);
    const definition = type === undefined ? undefined : SYMBOLS.get(type);
    checkBindings(element, definition, at, params, problems);
    if (element.kind === 'group') return { ...element, children: check(element.children, `${at}.children`) };
    if (element.kind === 'template') {
      checkInstance(element.template, element.params, at, options, problems);
      return element;
    }
    if (!definition) {
      problems.push(problem(`${at}.symbol`, `unknown symbol type "${type}"`));
      return element;
    }
    const props = definition.props.safeParse(element.props);
    if (!props.success) {
      const issue = props.error.issues[0];
      const field = issue ? formatFieldPath(issue.path) : '';
      problems.push(problem(field ? `${at}.props.${field}` : `${at}.props`, issue?.message ?? 'invalid'));
      return element;
    }
    return { ...element, props: props.data };
  };
  const value = { ...doc, elements: check(doc.elements, 'elements') };
  return { value, problems };
}

function checkBindings(element: ScreenElement, definition: SymbolDefinition | undefined, at: string, params: ParameterValues, problems: Problem[]): void {
  const allowed = { ...COMMON_BINDABLE, ...(definition?.bindable ?? {}) };
  for (const [name, text] of Object.entries(element.bindings)) {
    const path = `${at}.bindings.${name}`;
    if (!Object.hasOwn(allowed, name)) {
      const what = definition ? definition.type : element.kind;
      problems.push(problem(path, `"${name}" is not a bindable property of ${what} (${Object.keys(allowed).join(', ')})`));
      continue;
    }
    const parsed = parseExpression(text, { params });
    if (!parsed.ok) problems.push(problem(path, describeExpressionError(parsed.error)));
  }
}

function checkAction(action: ScreenAction, at: string, params: ParameterValues, options: CheckOptions, problems: Problem[]): void {
  if (action.type === 'write') {
    const tag = substitute(action.tag, params);
    if (tag === undefined) problems.push(problem(`${at}.tag`, `"${action.tag}" uses a template parameter that is not declared`));
    else if (!TAG_PATH_PATTERN.test(tag)) problems.push(problem(`${at}.tag`, `"${tag}" is not a tag path`));
  } else if (action.type === 'faceplate') {
    checkInstance(action.template, action.params, at, options, problems);
  }
}

function checkInstance(id: string, values: Readonly<Record<string, unknown>>, at: string, options: CheckOptions, problems: Problem[]): void {
  if (!options.templates) return;
  const template = options.templates.get(id);
  if (!template) {
    problems.push(problem(`${at}.template`, `unknown template "${id}"`));
    return;
  }
  const declared = new Set(template.params.map((p) => p.name));
  for (const name of Object.keys(values)) {
    if (!declared.has(name)) problems.push(problem(`${at}.params.${name}`, `template "${id}" has no parameter "${name}"`));
  }
  for (const p of template.params) {
    const given = Object.hasOwn(values, p.name);
    if (p.default === undefined && !given) problems.push(problem(`${at}.params`, `parameter "${p.name}" of template "${id}" is missing`));
    const value = given ? values[p.name] : undefined;
    if (value === undefined || (typeof value === 'string' && value.includes('{{'))) continue;
    if (p.type === 'number' && typeof value !== 'number') problems.push(problem(`${at}.params.${p.name}`, 'expected a number'));
    if (p.type === 'tag' && (typeof value !== 'string' || !TAG_PATH_PATTERN.test(value))) {
      problems.push(problem(`${at}.params.${p.name}`, `${JSON.stringify(value)} is not a tag path`));
    }
  }
}

/** `{{name}}` in a plain string (a write action's tag) replaced by values; undefined when one is unknown. */
export function substitute(text: string, params: ParameterValues): string | undefined {
  let unknown = false;
  const out = text.replace(/\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/g, (_, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (value === undefined) unknown = true;
    return String(value ?? '');
  });
  return unknown ? undefined : out;
}

function problem(path: string, message: string): Problem {
  return { code: 'bad-request', message: `${path}: ${message}`, path };
}
