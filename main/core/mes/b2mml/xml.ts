import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Result } from '../../../../common/result.ts';
import { fail, ok } from '../../../../common/result.ts';

/** B2MML V0701's namespace (no version suffix). */
export const B2MML_NS = 'http://www.mesa.org/xml/B2MML';
export const B2MML_RELEASE = '0701';

/** A parsed element: child elements by local name, attributes as `@_name`, text as `#text`. */
export type XmlNode = { [key: string]: unknown };

/** Elements that may repeat in the messages Lineside reads; always arrays so paths stay stable. */
const REPEATED = new Set([
  'OperationsSchedule',
  'OperationsRequest',
  'SegmentRequirement',
  'MaterialRequirement',
  'EquipmentRequirement',
  'PersonnelRequirement',
  'SegmentParameter',
  'Description',
  'Note',
  'BOD',
  'ResponseCriteria',
  'ActionCriteria',
  'ActionExpression',
  'Receiver',
]);

const content = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Prefixes are kept so each element's namespace can be resolved (`keepB2mml`): an extension
  // element from another namespace must not pass for a B2MML one of the same local name.
  removeNSPrefix: false,
  // Ids like "0010" must stay strings; the decoder converts numbers where the schema says so.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => REPEATED.has(localName(name)),
});

const rootOnly = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, stopNodes: ['*.*'] });

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });

export type ParsedDocument = { root: string; node: XmlNode };

/**
 * Parses a B2MML document: well-formed, no DOCTYPE (B2MML needs none, and refusing it rules out
 * entity expansion), one root element in the B2MML namespace. Errors say what and where.
 */
export function parseB2mml(xml: string): Result<ParsedDocument> {
  if (/<!DOCTYPE/i.test(xml)) return fail('bad-request', 'a B2MML message must not contain a DOCTYPE');
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) {
    const { msg, line, col } = wellFormed.err;
    return fail('bad-request', `not well-formed XML at line ${line}, column ${col}: ${msg}`);
  }
  const head = rootOnly.parse(xml) as XmlNode;
  const rootName = Object.keys(head).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (!rootName) return fail('bad-request', 'the document has no root element');
  const rootAttrs = (head[rootName] ?? {}) as XmlNode;
  const colon = rootName.indexOf(':');
  const prefix = colon >= 0 ? rootName.slice(0, colon) : '';
  const ns = rootAttrs[prefix ? `@_xmlns:${prefix}` : '@_xmlns'];
  const local = colon >= 0 ? rootName.slice(colon + 1) : rootName;
  if (ns !== B2MML_NS) {
    return fail('bad-request', `${local}: the root element must be in the namespace ${B2MML_NS} (found ${ns === undefined ? 'none' : String(ns)})`, local);
  }
  const doc = content.parse(xml) as XmlNode;
  const node = doc[rootName];
  const rootNode = typeof node === 'object' && node !== null ? (node as XmlNode) : {};
  return ok({ root: local, node: keepB2mml(rootNode, scopeOf(rootNode, new Map())) });
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon >= 0 ? name.slice(colon + 1) : name;
}

/** The namespaces in scope in an element: its parent's, with its own xmlns declarations on top. */
function scopeOf(node: XmlNode, parent: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  let scope: Map<string, string> | undefined;
  for (const key of Object.keys(node)) {
    if (key !== '@_xmlns' && !key.startsWith('@_xmlns:')) continue;
    scope ??= new Map(parent);
    scope.set(key === '@_xmlns' ? '' : key.slice('@_xmlns:'.length), String(node[key]));
  }
  return scope ?? parent;
}

/**
 * The element with only its B2MML children, by local name. Elements of another namespace (a site's
 * extensions, in an Extended group or a UserArea) are dropped, so they are ignored rather than read
 * as, or clashing with, B2MML elements. Attributes and text stay.
 */
function keepB2mml(node: XmlNode, scope: ReadonlyMap<string, string>): XmlNode {
  const out: XmlNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key.startsWith('#')) {
      out[key] = value;
      continue;
    }
    const colon = key.indexOf(':');
    const prefix = colon >= 0 ? key.slice(0, colon) : '';
    const name = colon >= 0 ? key.slice(colon + 1) : key;
    const kept: unknown[] = [];
    for (const item of Array.isArray(value) ? value : [value]) {
      const element = typeof item === 'object' && item !== null ? (item as XmlNode) : undefined;
      const itemScope = element ? scopeOf(element, scope) : scope;
      const ns = itemScope.get(prefix);
      // No namespace at all (a producer that only prefixed the root) still reads as B2MML.
      if (ns !== B2MML_NS && ns !== undefined && ns !== '') continue;
      kept.push(element ? keepB2mml(element, itemScope) : item);
    }
    if (kept.length === 0) continue;
    const before = out[name];
    if (before !== undefined) out[name] = [...(Array.isArray(before) ? before : [before]), ...kept];
    else out[name] = Array.isArray(value) ? kept : kept[0];
  }
  return out;
}

/** Serialises one root element in the B2MML namespace, with the XML declaration. */
export function buildB2mml(root: string, body: XmlNode, withRelease = true): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: { '@_xmlns': B2MML_NS, ...(withRelease ? { '@_releaseID': B2MML_RELEASE } : {}), ...body },
  });
}
