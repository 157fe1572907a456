import type { ReversalForm } from '../../../common/mes-config.ts';
import type { Completion, MaterialConsumption, Quantity } from '../../../common/mes.ts';
import type { OutboundMessage } from './connector.ts';

/**
 * A reversal (a completion or consumption naming `reversalOf`) in the form the connector's MES
 * expects (`reversal` in mes.json), applied at delivery after the mapping tables:
 * - `negative` (the default): a new message under its own key, every quantity negated, `reversalOf`
 *   kept as information. An MES that ignores the marker and books it as production still books the
 *   net: it can never count the reversed units twice.
 * - `cancel`: a cancellation of the original message by its id; the transport sends it as such
 *   (REST `POST cancellations`, B2MML Sync actionCode Delete without quantities, MQTT on the
 *   cancellations topic), so no MES can read it as production.
 * Other messages pass unchanged.
 */
export function applyReversalForm(message: OutboundMessage, form: ReversalForm): OutboundMessage {
  if (message.kind === 'downtime' || !message.payload.reversalOf) return message;
  const reversal = { form, of: message.payload.reversalOf };
  if (form === 'cancel') return { ...message, reversal };
  if (message.kind === 'completion') return { ...message, reversal, payload: negateCompletion(message.payload) };
  return { ...message, reversal, payload: negateConsumption(message.payload) };
}

function negate(q: Quantity): Quantity {
  return { ...q, value: q.value === 0 ? 0 : -Math.abs(q.value) };
}

function negateCompletion(c: Completion): Completion {
  return { ...c, good: negate(c.good), scrap: c.scrap.map((s) => ({ ...s, quantity: negate(s.quantity) })), ...(c.rework ? { rework: negate(c.rework) } : {}) };
}

function negateConsumption(c: MaterialConsumption): MaterialConsumption {
  return { ...c, quantity: negate(c.quantity) };
}
