import { TAG_REF_PATTERN } from '../../common/tag.ts';
import { ExpressionFailure } from './expression-error.ts';

/** Template parameter values: substituted into tag references and standalone `{{name}}` placeholders. */
export type ParameterValues = Readonly<Record<string, string | number>>;

export type Token =
  | { kind: 'number'; value: number; start: number; end: number }
  | { kind: 'string'; value: string; start: number; end: number }
  | { kind: 'tag'; path: string; start: number; end: number }
  | { kind: 'param'; name: string; value: string | number; start: number; end: number }
  | { kind: 'ident'; name: string; start: number; end: number }
  | { kind: 'op'; op: Operator; start: number; end: number }
  | { kind: 'eof'; start: number; end: number };

export const OPERATORS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '(', ')', ',', '.'] as const;
export type Operator = (typeof OPERATORS)[number];

/** Longest bindings people write are a line or two; anything longer is refused before parsing. */
export const MAX_EXPRESSION_LENGTH = 2000;

const PARAM_AT = /^\{\{([A-Za-z_][A-Za-z0-9_]*)\}\}/;
const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

function paramValue(params: ParameterValues | undefined, name: string, offset: number): string | number {
  if (params !== undefined && Object.hasOwn(params, name)) {
    const value = params[name];
    if (value !== undefined) return value;
  }
  throw new ExpressionFailure(offset, `unknown template parameter "{{${name}}}"`);
}

export function tokenize(text: string, params?: ParameterValues): Token[] {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionFailure(MAX_EXPRESSION_LENGTH, `expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  }
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
    } else if (DIGIT.test(c) || (c === '.' && DIGIT.test(text[i + 1] ?? ''))) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(text.slice(i));
      const raw = m ? m[0] : c;
      i += raw.length;
      if (IDENT_PART.test(text[i] ?? '')) throw new ExpressionFailure(i, `unexpected "${text[i]}" after number`);
      tokens.push({ kind: 'number', value: Number(raw), start, end: i });
    } else if (c === '"' || c === "'") {
      const [value, end] = readString(text, i, c);
      i = end;
      tokens.push({ kind: 'string', value, start, end });
    } else if (c === '{') {
      const param = PARAM_AT.exec(text.slice(i));
      if (param) {
        const name = param[1] as string;
        i += param[0].length;
        tokens.push({ kind: 'param', name, value: paramValue(params, name, start), start, end: i });
      } else {
        const [path, end] = readTagReference(text, i, params);
        i = end;
        tokens.push({ kind: 'tag', path, start, end });
      }
    } else if (IDENT_START.test(c)) {
      while (i < text.length && IDENT_PART.test(text[i] as string)) i++;
      tokens.push({ kind: 'ident', name: text.slice(start, i), start, end: i });
    } else {
      const two = text.slice(i, i + 2);
      const op = (OPERATORS as readonly string[]).includes(two) ? two : c;
      if (!(OPERATORS as readonly string[]).includes(op)) {
        const hint = c === '=' ? ' (use == to compare)' : c === '&' || c === '|' ? ` (use ${c}${c})` : '';
        throw new ExpressionFailure(i, `unexpected character "${c}"${hint}`);
      }
      i += op.length;
      tokens.push({ kind: 'op', op: op as Operator, start, end: i });
    }
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length });
  return tokens;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', "'": "'" };

function readString(text: string, open: number, quote: string): [string, number] {
  let out = '';
  let i = open + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === quote) return [out, i + 1];
    if (c === '\n') break;
    if (c === '\\') {
      const next = text[i + 1] ?? '';
      const escaped = Object.hasOwn(ESCAPES, next) ? ESCAPES[next] : undefined;
      if (escaped === undefined) throw new ExpressionFailure(i, `unknown escape "\\${next}"`);
      out += escaped;
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  throw new ExpressionFailure(open, 'string is not closed');
}

/**
 * `{Line1/Tank101/Level}`, an array tag's element `{Line1/Filler/Temps[3]}`, or, in a template,
 * `{Line1/{{pump}}/Speed}`; spaces inside the braces are ignored.
 */
function readTagReference(text: string, open: number, params: ParameterValues | undefined): [string, number] {
  let path = '';
  let i = open + 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '}') {
      const trimmed = path.trim();
      if (trimmed === '') throw new ExpressionFailure(open, 'empty tag reference');
      if (!TAG_REF_PATTERN.test(trimmed)) {
        throw new ExpressionFailure(open, `"${trimmed}" is not a tag path (segments of letters, digits, _ and - separated by /, an array element ending in [index])`);
      }
      return [trimmed, i + 1];
    }
    if (c === '{') {
      const param = PARAM_AT.exec(text.slice(i));
      if (!param) throw new ExpressionFailure(i, 'unexpected "{" in tag reference');
      path += String(paramValue(params, param[1] as string, i));
      i += param[0].length;
    } else {
      path += c;
      i++;
    }
  }
  throw new ExpressionFailure(open, 'tag reference is not closed (missing "}")');
}
