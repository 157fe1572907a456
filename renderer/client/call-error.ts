import type { Problem, ProblemCode } from '../../common/result.ts';

/**
 * Why a call failed: a runtime Problem, or the connection itself: 'offline' (a command refused at once
 * because the link to the runtime was down: it was never sent), 'disconnected' (lost while in flight, or
 * the client is closed), 'timeout'.
 */
export type CallErrorCode = ProblemCode | 'offline' | 'disconnected' | 'timeout';

/** The rejection of `GatewayClient.call`: the runtime's problem code and readable message. */
export class CallError extends Error {
  readonly code: CallErrorCode;
  readonly path: string | undefined;
  /** The message as a key and parameters (common/reasons.ts), for the reader's language (ui/texts.ts `problemText`). */
  readonly text: Problem['text'];

  constructor(code: CallErrorCode, message: string, path?: string, text?: Problem['text']) {
    super(message);
    this.name = 'CallError';
    this.code = code;
    this.path = path;
    this.text = text;
  }

  static fromProblem(problem: Problem): CallError {
    return new CallError(problem.code, problem.message, problem.path, problem.text);
  }
}

export function isCallError(error: unknown): error is CallError {
  return error instanceof CallError;
}
