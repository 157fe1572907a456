/** A parse or evaluation error at a place in the expression text. */
export interface ExpressionError {
  message: string;
  /** Offset (0-based, UTF-16 units) into the expression text. */
  offset: number;
  /** 1-based line and column of `offset`. */
  line: number;
  column: number;
  /** The offending line and a caret under the position, for people. */
  excerpt: string;
}

export function expressionError(text: string, offset: number, message: string): ExpressionError {
  const at = Math.max(0, Math.min(offset, text.length));
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = text.indexOf('\n', at);
  const lineText = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  const column = at - lineStart + 1;
  const excerpt = `${lineText}\n${' '.repeat(column - 1)}^`;
  return { message, offset: at, line, column, excerpt };
}

/** `fill: unexpected ")" at 1:7` followed by the excerpt, naming the binding. */
export function describeExpressionError(error: ExpressionError, binding?: string): string {
  const head = `${error.message} at ${error.line}:${error.column}`;
  return `${binding ? `${binding}: ` : ''}${head}\n${error.excerpt}`;
}

/** Thrown inside the tokenizer/parser/evaluator only; every public entry point returns a Result. */
export class ExpressionFailure extends Error {
  readonly offset: number;
  constructor(offset: number, message: string) {
    super(message);
    this.offset = offset;
  }
}
