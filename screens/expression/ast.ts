/** The parsed form of a binding expression. Every node keeps its place in the text for error messages. */
export type Expr =
  | { kind: 'literal'; value: number | string | boolean | null; start: number; end: number }
  | { kind: 'tag'; path: string; start: number; end: number }
  | { kind: 'tagProperty'; path: string; property: TagProperty; start: number; end: number }
  | { kind: 'constant'; name: string; start: number; end: number }
  | { kind: 'unary'; op: UnaryOp; operand: Expr; start: number; end: number }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; start: number; end: number }
  | { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr; start: number; end: number }
  | { kind: 'call'; name: string; args: Expr[]; start: number; end: number };

export type UnaryOp = '-' | '!';
export type BinaryOp = '+' | '-' | '*' | '/' | '%' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/** The only members there are: properties of a tag reference. Nothing else can be reached with `.`. */
export const TAG_PROPERTIES = ['value', 'quality', 'good', 'bad', 'uncertain', 'units', 'decimals'] as const;
export type TagProperty = (typeof TAG_PROPERTIES)[number];

export function isTagProperty(name: string): name is TagProperty {
  return (TAG_PROPERTIES as readonly string[]).includes(name);
}

/** Every tag the expression can read, in order of first appearance, whichever branch runs. */
export function referencedTags(expr: Expr): string[] {
  const seen = new Set<string>();
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'tag':
      case 'tagProperty':
        seen.add(e.path);
        return;
      case 'literal':
      case 'constant':
        return;
      case 'unary':
        visit(e.operand);
        return;
      case 'binary':
        visit(e.left);
        visit(e.right);
        return;
      case 'conditional':
        visit(e.test);
        visit(e.then);
        visit(e.otherwise);
        return;
      case 'call':
        e.args.forEach(visit);
        return;
    }
  };
  visit(expr);
  return [...seen];
}

/** Functions whose first argument is a tag reference (its history, not its value, is what they read). */
export const TAG_FUNCTIONS: ReadonlySet<string> = new Set(['secondsSince', 'rate']);

/** Functions whose result changes with time alone: an expression using one is evaluated on a timer too. */
export const TIME_FUNCTIONS: ReadonlySet<string> = new Set(['now', 'secondsSince']);

/** True when the expression calls one of `names` anywhere. */
export function callsAny(expr: Expr, names: ReadonlySet<string>): boolean {
  switch (expr.kind) {
    case 'literal':
    case 'constant':
    case 'tag':
    case 'tagProperty':
      return false;
    case 'unary':
      return callsAny(expr.operand, names);
    case 'binary':
      return callsAny(expr.left, names) || callsAny(expr.right, names);
    case 'conditional':
      return callsAny(expr.test, names) || callsAny(expr.then, names) || callsAny(expr.otherwise, names);
    case 'call':
      return names.has(expr.name) || expr.args.some((a) => callsAny(a, names));
  }
}
