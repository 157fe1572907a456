import type { DeliveryOutcome, OutboundMessage } from '../connector.ts';
import { encodeDowntimeEvent } from './event-encode.ts';
import { encodeOperationsPerformance } from './performance-encode.ts';
import { validateB2mml } from './schema-validator.ts';

export type EncodedOutbound = { root: 'SyncOperationsPerformance' | 'NotifyOperationsEvent'; xml: string };

/**
 * The B2MML document for an outbox message, optionally checked against MESA's schemas first: a
 * document the schemas refuse is Lineside's bug, and sending it again would not help, so it is
 * quarantined with libxml2's words instead of being sent.
 */
export async function encodeOutbound(message: OutboundMessage, senderId: string, now: number, validate: boolean): Promise<{ ok: true; value: EncodedOutbound } | { ok: false; outcome: DeliveryOutcome }> {
  const options = { senderId, createdAt: new Date(now).toISOString() };
  const encoded: EncodedOutbound = message.kind === 'downtime' ? { root: 'NotifyOperationsEvent', xml: encodeDowntimeEvent(message, options) } : { root: 'SyncOperationsPerformance', xml: encodeOperationsPerformance(message, options) };
  if (!validate) return { ok: true, value: encoded };
  let valid;
  try {
    valid = await validateB2mml(encoded.xml);
  } catch (error) {
    // The schemas could not be loaded (e.g. a package without them): a set-up problem, not the message's.
    return { ok: false, outcome: { kind: 'retry', reason: `cannot check against the B2MML schemas: ${error instanceof Error ? error.message : String(error)}` } };
  }
  if (!valid.ok) return { ok: false, outcome: { kind: 'quarantine', reason: `Lineside built a message the B2MML schemas refuse: ${valid.error.message}` } };
  return { ok: true, value: encoded };
}
