/**
 * Imported SVG drawings are untrusted: an SVG can carry scripts, event handlers, links, external
 * resources and embedded HTML. They are drawn as images (where browsers run no script), and before that
 * they are cleaned to a plain drawing by an allowlist: only drawing elements and presentation
 * attributes survive, references only within the document or to embedded raster images.
 *
 * Written against the small part of the DOM that both the browser's DOMParser and @xmldom (tests) have.
 */

export interface XmlParser {
  parseFromString(text: string, type: 'image/svg+xml'): XmlDocument;
}
export interface XmlSerializer {
  serializeToString(node: XmlNode): string;
}
interface XmlNode {
  readonly nodeType: number;
  readonly childNodes: ArrayLike<XmlNode>;
  removeChild(child: XmlNode): unknown;
}
interface XmlAttr {
  readonly name: string;
  readonly value: string;
}
interface XmlElement extends XmlNode {
  readonly localName: string | null;
  readonly namespaceURI: string | null;
  readonly attributes: ArrayLike<XmlAttr>;
  removeAttribute(name: string): void;
}
interface XmlDocument extends XmlNode {
  readonly documentElement: XmlElement | null;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

const ELEMENTS = new Set([
  'svg',
  'g',
  'defs',
  'title',
  'desc',
  'symbol',
  'use',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'textPath',
  'linearGradient',
  'radialGradient',
  'stop',
  'pattern',
  'clipPath',
  'mask',
  'marker',
  'image',
]);

const ATTRIBUTES = new Set([
  'id',
  'class',
  'viewBox',
  'width',
  'height',
  'x',
  'y',
  'x1',
  'x2',
  'y1',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'd',
  'points',
  'transform',
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-miterlimit',
  'opacity',
  'clip-path',
  'clip-rule',
  'mask',
  'marker-start',
  'marker-mid',
  'marker-end',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'text-anchor',
  'dominant-baseline',
  'letter-spacing',
  'offset',
  'stop-color',
  'stop-opacity',
  'gradientUnits',
  'gradientTransform',
  'patternUnits',
  'patternTransform',
  'fx',
  'fy',
  'preserveAspectRatio',
  'visibility',
  'display',
  'dx',
  'dy',
  'markerWidth',
  'markerHeight',
  'refX',
  'refY',
  'orient',
  'href',
  'xlink:href',
  'xmlns',
  'xmlns:xlink',
  'version',
  'clipPathUnits',
  'maskUnits',
  'vector-effect',
]);

/** url(#id) only: no external resources through paint or filters. */
const EXTERNAL_URL = /url\(\s*(?!['"]?#)/i;
const SAFE_IMAGE = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*$/;

export type SanitiseResult = { ok: true; svg: string; removed: number } | { ok: false; error: string };

/**
 * Renames `on…=` handler attributes before the SVG is parsed: the browser's DOMParser shares the page's
 * security policy and reports (and blocks) each inline handler it meets. The sanitiser then drops the
 * renamed attribute like any other unknown one, so the count of removed parts stays the same.
 */
export function defuseHandlers(svg: string): string {
  return svg.replace(/(\s)on([a-z]+)(\s*=)/gi, '$1data-defused-on$2$3');
}

export function sanitiseSvg(text: string, parser: XmlParser, serializer: XmlSerializer): SanitiseResult {
  if (text.length > 2_000_000) return { ok: false, error: 'the SVG is larger than 2 MB' };
  let doc: XmlDocument;
  try {
    doc = parser.parseFromString(defuseHandlers(text), 'image/svg+xml');
  } catch (error) {
    return { ok: false, error: `not an SVG: ${(error as Error).message}` };
  }
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg' || root.namespaceURI !== SVG_NS) return { ok: false, error: 'not an SVG document (no <svg> root in the SVG namespace)' };
  let removed = 0;
  const clean = (node: XmlNode): void => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === TEXT || child.nodeType === CDATA) {
        // Text belongs in text, titles and descriptions only (no <style> survives to hold CSS).
        continue;
      }
      if (child.nodeType !== ELEMENT) {
        node.removeChild(child);
        removed++;
        continue;
      }
      const element = child as XmlElement;
      if (element.namespaceURI !== SVG_NS || !ELEMENTS.has(element.localName ?? '')) {
        node.removeChild(child);
        removed++;
        continue;
      }
      cleanAttributes(element, () => removed++);
      clean(element);
    }
  };
  cleanAttributes(root, () => removed++);
  clean(root);
  return { ok: true, svg: serializer.serializeToString(doc), removed };
}

function cleanAttributes(element: XmlElement, onRemove: () => void): void {
  for (const attr of Array.from(element.attributes)) {
    const name = attr.name;
    const value = attr.value;
    let keep = ATTRIBUTES.has(name) && !EXTERNAL_URL.test(value);
    if (keep && (name === 'href' || name === 'xlink:href')) {
      keep = value.startsWith('#') || (element.localName === 'image' && SAFE_IMAGE.test(value));
    }
    if (!keep) {
      element.removeAttribute(name);
      onRemove();
    }
  }
}

/** `data:image/svg+xml;base64,...` → the SVG text (UTF-8), or undefined when it is not one. */
export function svgFromDataUrl(src: string): string | undefined {
  const match = /^data:image\/svg\+xml;base64,([A-Za-z0-9+/=]*)$/.exec(src);
  if (!match) return undefined;
  try {
    const bytes = Uint8Array.from(atob(match[1]!), (c) => c.charCodeAt(0));
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}

export function svgToDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
