import type { XmlNode } from './xml.ts';

/** A malformed element, thrown inside a decoder and turned into a Result at its edge. */
export class DecodeError extends Error {
  readonly path: string;
  readonly detail: string;
  constructor(path: string, detail: string) {
    super(`${path}: ${detail}`);
    this.path = path;
    this.detail = detail;
  }
}

/**
 * A read position in a parsed document that knows its element path
 * (`ProcessOperationsSchedule/DataArea/OperationsSchedule[0]/OperationsRequest[1]/ID`), so every
 * error names the element a person has to fix.
 */
export class Reader {
  readonly node: XmlNode;
  readonly path: string;
  constructor(node: XmlNode, path: string) {
    this.node = node;
    this.path = path;
  }

  child(name: string): Reader | undefined {
    const value = this.node[name];
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined) return undefined;
    return new Reader(asNode(first), `${this.path}/${name}`);
  }

  required(name: string): Reader {
    const found = this.child(name);
    if (!found) throw new DecodeError(`${this.path}/${name}`, 'required element is missing');
    return found;
  }

  children(name: string): Reader[] {
    const value = this.node[name];
    const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
    return list.map((item, i) => new Reader(asNode(item), `${this.path}/${name}[${i}]`));
  }

  /** The trimmed text of a child element, undefined when absent or empty. */
  text(name: string): string | undefined {
    const value = this.node[name];
    const first = Array.isArray(value) ? value[0] : value;
    const text = textOf(first);
    return text === '' ? undefined : text;
  }

  requiredText(name: string): string {
    const text = this.text(name);
    if (text === undefined) throw new DecodeError(`${this.path}/${name}`, 'required element is missing or empty');
    return text;
  }

  /** This element's own text. */
  ownText(): string {
    return textOf(this.node) ?? '';
  }

  attribute(name: string): string | undefined {
    const value = this.node[`@_${name}`];
    return typeof value === 'string' ? value : undefined;
  }

  fail(detail: string, name?: string): never {
    throw new DecodeError(name ? `${this.path}/${name}` : this.path, detail);
  }
}

function asNode(value: unknown): XmlNode {
  if (typeof value === 'object' && value !== null) return value as XmlNode;
  return { '#text': value === undefined ? '' : String(value) };
}

function textOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const text = (value as XmlNode)['#text'];
    return text === undefined ? '' : String(text).trim();
  }
  return undefined;
}
