import { z } from 'zod';
import { PROBLEM_CODES } from './result.ts';
import { SignatureBlockSchema } from './users.ts';
import type { CallName, CallResult, EventData, EventName } from './contract.ts';
import type { Problem } from './result.ts';

/** The frames carried over the WebSocket. Every frame is one JSON text message. */

export const WS_PATH = '/ws';
/** Browsers cannot set headers on a WebSocket; they offer the token as a subprotocol instead. */
export const WS_PROTOCOL = 'lineside.v1';
export const WS_TOKEN_PROTOCOL_PREFIX = 'bearer.';

export const RequestFrameSchema = z.strictObject({
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  call: z.string().min(1).max(100),
  params: z.unknown().optional(),
  /** An electronic signature, for calls the project marks as critical (users.ts). */
  signature: SignatureBlockSchema.optional(),
});
export type RequestFrame = z.infer<typeof RequestFrameSchema>;

export const ProblemSchema = z.object({
  code: z.enum(PROBLEM_CODES),
  message: z.string(),
  path: z.string().optional(),
  /** The message as a key of common/reasons.ts and its parameters, for the reader's language. */
  text: z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }).optional(),
});

export type ResponseFrame<C extends CallName = CallName> =
  | { id: number; ok: true; result: CallResult<C> }
  /** `id` is null when the request was too malformed to carry one. */
  | { id: number | null; ok: false; error: Problem };

export type EventFrame<E extends EventName = EventName> = { event: E; data: EventData<E> };

export type ServerFrame = ResponseFrame | EventFrame;
