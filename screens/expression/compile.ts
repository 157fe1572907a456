import type { Problem, Result } from '../../common/result.ts';
import type { Expr } from './ast.ts';
import { referencedTags } from './ast.ts';
import { evaluateExpression, type Evaluation, type ExpressionContext } from './evaluate.ts';
import { describeExpressionError } from './expression-error.ts';
import { parseExpression } from './parser.ts';
import type { ParameterValues } from './tokenizer.ts';

/** A binding's expression, parsed once and evaluated on every change of the tags it reads. */
export interface CompiledBinding {
  /** The bound property, e.g. `fill` (or a field path like `elements[3].bindings.fill`): named in every error. */
  name: string;
  text: string;
  ast: Expr;
  tags: string[];
  evaluate(context: ExpressionContext): Result<Evaluation>;
}

export function compileBinding(name: string, text: string, params?: ParameterValues): Result<CompiledBinding> {
  const parsed = parseExpression(text, params === undefined ? {} : { params });
  if (!parsed.ok) return { ok: false, error: bindingProblem(name, describeExpressionError(parsed.error, name)) };
  const ast = parsed.value;
  return {
    ok: true,
    value: {
      name,
      text,
      ast,
      tags: referencedTags(ast),
      evaluate(context) {
        const result = evaluateExpression(ast, context, text);
        return result.ok ? result : { ok: false, error: bindingProblem(name, describeExpressionError(result.error, name), 'type-mismatch') };
      },
    },
  };
}

function bindingProblem(path: string, message: string, code: Problem['code'] = 'bad-request'): Problem {
  return { code, message, path };
}
