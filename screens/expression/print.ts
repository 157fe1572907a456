import type { Expr } from './ast.ts';

/**
 * Expression text from an AST, parsing back to the same AST. Template expansion parses a binding with
 * the instance's parameter values and prints the result, so a parameter value can never inject code.
 */
export function printExpression(e: Expr): string {
  switch (e.kind) {
    case 'literal':
      return typeof e.value === 'string' ? quote(e.value) : e.value === null ? 'null' : typeof e.value === 'number' && e.value < 0 ? `(${e.value})` : String(e.value);
    case 'constant':
      return e.name;
    case 'tag':
      return `{${e.path}}`;
    case 'tagProperty':
      return `{${e.path}}.${e.property}`;
    case 'unary':
      return `${e.op}${wrap(e.operand)}`;
    case 'binary':
      return `${wrap(e.left)} ${e.op} ${wrap(e.right)}`;
    case 'conditional':
      return `${wrap(e.test)} ? ${wrap(e.then)} : ${wrap(e.otherwise)}`;
    case 'call':
      return `${e.name}(${e.args.map(printExpression).join(', ')})`;
  }
}

function wrap(e: Expr): string {
  const text = printExpression(e);
  return e.kind === 'binary' || e.kind === 'conditional' || e.kind === 'unary' ? `(${text})` : text;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}
