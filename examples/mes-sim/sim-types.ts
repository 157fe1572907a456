/** An order as the simulated MES holds it: the MES's own fields, with its id and revision. */
export interface SimOrder {
  id: string;
  revision: number;
  [field: string]: unknown;
}

/** A message Lineside sent, as the simulated MES applied it (once per idempotency key). */
export interface ReceivedMessage {
  key: string;
  /** `cancellation`: a reversal in cancel form (an aware MES only), naming the message it cancels in `body.cancels`. */
  kind: 'completion' | 'consumption' | 'downtime' | 'cancellation';
  /** The work order (`workOrder.id`) or the downtime id it is about. */
  subject: string;
  sequence?: number;
  body: Record<string, unknown>;
  receivedAt: number;
}
