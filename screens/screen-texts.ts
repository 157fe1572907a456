import type { ScreenDocument, ScreenElement, Template } from './screen-schema.ts';
import { symbolDefinition, symbolTypeOf } from './symbols/symbol-registry.ts';

/**
 * The texts of a screen or template that people read, and the same document in another language.
 * A text is named by its field: `name` (the document's) or `<elementId>.<prop>` (`title.text`,
 * `p101.label`, `run.onText`), a multi-state indicator's text per value (`state.states.5`), and for a
 * template instance its text parameters (`filler.params.title`).
 * Project texts (common/project-texts.ts) key their translations by these fields.
 */

/** Props that hold text shown on the screen, wherever a symbol has them (`units`: a readout's or bar's units). */
const TEXT_PROPS = ['text', 'label', 'onText', 'offText', 'units'] as const;
/** Texts that may be translated but need not be: units are mostly international symbols (%, °C, min). */
const OPTIONAL_PROPS: ReadonlySet<string> = new Set(['units']);

export interface DocumentText {
  field: string;
  text: string;
  /** A translation is possible, not expected: `npm run check` does not list it as missing. */
  optional?: true;
}

/** The text props an element's symbol has (a text element: `text`; a pump: `label`; a switch: `onText`, `offText`). */
export function textPropsOf(element: ScreenElement): string[] {
  const type = symbolTypeOf(element);
  const definition = type === undefined ? undefined : symbolDefinition(type);
  if (!definition) return [];
  const shape = definition.props.shape as Record<string, unknown>;
  return TEXT_PROPS.filter((prop) => prop in shape);
}

function textParamsOf(element: ScreenElement, templates: ReadonlyMap<string, Template> | undefined): string[] {
  if (element.kind !== 'template') return [];
  const template = templates?.get(element.template);
  return template ? template.params.filter((p) => p.type === 'text').map((p) => p.name) : [];
}

/** A multi-state indicator's texts per value (`{ value: 5, text: 'Faulted' }`): translated as `<id>.states.<value>`. */
function statesOf(element: ScreenElement): { value: unknown; text: string }[] {
  const states = 'props' in element ? element.props['states'] : undefined;
  if (!Array.isArray(states)) return [];
  return states.filter((s): s is { value: unknown; text: string } => typeof s === 'object' && s !== null && typeof (s as { text?: unknown }).text === 'string');
}

function* walk(elements: readonly ScreenElement[]): Generator<ScreenElement> {
  for (const element of elements) {
    yield element;
    if (element.kind === 'group') yield* walk(element.children);
  }
}

/** Every non-empty text of a document, in element order; a text that is only `{{param}}` is the instance's, not the template's. */
export function documentTexts(doc: ScreenDocument, templates?: ReadonlyMap<string, Template>): DocumentText[] {
  const out: DocumentText[] = [{ field: 'name', text: doc.name }];
  for (const element of walk(doc.elements)) out.push(...elementTexts(element, templates));
  return out;
}

/** One element's texts (not its children's): its text props, a multi-state indicator's texts, a template instance's text parameters. */
export function elementTexts(element: ScreenElement, templates?: ReadonlyMap<string, Template>): DocumentText[] {
  const out: DocumentText[] = [];
  for (const prop of textPropsOf(element)) {
    const text = 'props' in element ? element.props[prop] : undefined;
    if (typeof text === 'string' && text.trim() !== '' && !/^\{\{[A-Za-z_][A-Za-z0-9_]*\}\}$/.test(text.trim())) out.push({ field: `${element.id}.${prop}`, text, ...(OPTIONAL_PROPS.has(prop) ? { optional: true as const } : {}) });
  }
  for (const state of statesOf(element)) if (state.text.trim() !== '') out.push({ field: `${element.id}.states.${String(state.value)}`, text: state.text });
  if (element.kind === 'template')
    for (const name of textParamsOf(element, templates)) {
      const text = element.params[name];
      if (typeof text === 'string' && text.trim() !== '') out.push({ field: `${element.id}.params.${name}`, text });
    }
  return out;
}

/**
 * The document with each text that `lookup` translates replaced (the rest as written). Bindings still
 * override a bound prop at run time. Returns the same object when nothing is translated.
 */
export function translateDocument<D extends ScreenDocument>(doc: D, lookup: (field: string) => string | undefined): D {
  let changed = false;
  const element = (e: ScreenElement): ScreenElement => {
    let next = e;
    for (const prop of textPropsOf(e)) {
      const text = lookup(`${e.id}.${prop}`);
      if (text !== undefined && 'props' in next) next = { ...next, props: { ...next.props, [prop]: text } } as ScreenElement;
    }
    const states = 'props' in next && Array.isArray(next.props['states']) ? (next.props['states'] as unknown[]) : undefined;
    if (states && statesOf(next).length > 0) {
      let any = false;
      const translated = states.map((s) => {
        if (typeof s !== 'object' || s === null || typeof (s as { text?: unknown }).text !== 'string') return s;
        const text = lookup(`${e.id}.states.${String((s as { value: unknown }).value)}`);
        if (text === undefined) return s;
        any = true;
        return { ...s, text };
      });
      if (any && 'props' in next) next = { ...next, props: { ...next.props, states: translated } } as ScreenElement;
    }
    if (next.kind === 'template') {
      const params = Object.keys(next.params).flatMap((name) => {
        const text = lookup(`${e.id}.params.${name}`);
        return text === undefined ? [] : [[name, text] as const];
      });
      if (params.length > 0) next = { ...next, params: { ...next.params, ...Object.fromEntries(params) } };
    }
    if (next.kind === 'group') {
      const children = next.children.map(element);
      if (children.some((c, i) => c !== (next as { children: ScreenElement[] }).children[i])) next = { ...next, children };
    }
    if (next !== e) changed = true;
    return next;
  };
  const elements = doc.elements.map(element);
  const name = lookup('name');
  if (!changed && name === undefined) return doc;
  return { ...doc, ...(name !== undefined ? { name } : {}), elements };
}
