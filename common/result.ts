/** The result of anything that can fail for a reason a person should read. */
export type Result<T, E = Problem> = { ok: true; value: T } | { ok: false; error: E };

/** A readable failure: a stable code for programs, a message for people, and where it happened. */
export interface Problem {
  code: ProblemCode;
  message: string;
  /** The field path (e.g. `tags[3].scaling.euMax`) or file the problem is about, when there is one. */
  path?: string;
  /**
   * The message as a key and its parameters (common/reasons.ts), for the reader's language; the message
   * stays the English sentence for REST clients and logs. Absent on problems not translated yet.
   */
  text?: { key: string; params: Readonly<Record<string, string | number>> };
}

export const PROBLEM_CODES = [
  'bad-request',
  'unknown-call',
  'unauthenticated',
  'forbidden',
  /** The call is configured as critical: repeat it with an electronic signature. */
  'signature-required',
  'not-found',
  /** The thing changed elsewhere since the caller read it (a stale revision): reload, then retry. */
  'conflict',
  'not-writable',
  'type-mismatch',
  'out-of-range',
  'device-offline',
  'device-error',
  'config-error',
  'shutting-down',
  /** A store the action must write (the audit trail, the MES store...) cannot be written now: disk full, read-only. */
  'unavailable',
  'internal',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

export function fail(code: ProblemCode, message: string, path?: string): Result<never, Problem> {
  return { ok: false, error: path === undefined ? { code, message } : { code, message, path } };
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
