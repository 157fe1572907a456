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
  removeNSPrefix: true,
  // Ids like "0010" must stay strings; the decoder converts numbers where the schema says so.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => REPEATED.has(name),
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
  const node = doc[local];
  return ok({ root: local, node: typeof node === 'object' && node !== null ? (node as XmlNode) : {} });
}

/** Serialises one root element in the B2MML namespace, with the XML declaration. */
export function buildB2mml(root: string, body: XmlNode, withRelease = true): string {
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    [root]: { '@_xmlns': B2MML_NS, ...(withRelease ? { '@_releaseID': B2MML_RELEASE } : {}), ...body },
  });
}
