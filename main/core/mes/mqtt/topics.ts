import type { OutboundMessage } from '../connector.ts';
import type { MqttConnectorOptions } from './options.ts';

/**
 * The connector's place in the Unified Namespace, under `topicRoot` (enterprise/site/area/line):
 * - `<root>/lineside/completions/<order>`, `…/consumptions/<order>`, `…/downtime/<equipment>`:
 *   one QoS 1 event per outbox message (not retained: each is a fact, not a state);
 * - `<root>/lineside/cancellations/<order>`: a reversal in `cancel` form, naming the message it cancels;
 * - `<root>/lineside/state/downtime/<equipment>`: retained, the equipment's latest stop;
 * - `<root>/lineside/status`: retained `{"online": true|false}` (false is also the last will);
 * - `<root>/lineside/lines/<line>/state | counters | oee`: retained, QoS 1, each line's live state;
 * - `<root>/lineside/orders/verdicts`: what the core made of each received order;
 * - orders are taken from `ordersTopic` (default `<root>/mes/orders/+`).
 */
export class UnsTopics {
  readonly root: string;
  readonly status: string;
  readonly verdicts: string;
  readonly orders: string;

  constructor(options: Pick<MqttConnectorOptions, 'topicRoot' | 'ordersTopic'>) {
    this.root = `${options.topicRoot}/lineside`;
    this.status = `${this.root}/status`;
    this.verdicts = `${this.root}/orders/verdicts`;
    this.orders = options.ordersTopic ?? `${options.topicRoot}/mes/orders/+`;
  }

  event(message: OutboundMessage): string {
    if (message.reversal?.form === 'cancel' && message.kind !== 'downtime') return `${this.root}/cancellations/${level(message.payload.workOrder.id)}`;
    switch (message.kind) {
      case 'completion':
        return `${this.root}/completions/${level(message.payload.workOrder.id)}`;
      case 'consumption':
        return `${this.root}/consumptions/${level(message.payload.workOrder.id)}`;
      case 'downtime':
        return `${this.root}/downtime/${level(message.payload.equipment)}`;
    }
  }

  downtimeState(equipment: string): string {
    return `${this.root}/state/downtime/${level(equipment)}`;
  }

  /** A line's live state: `<root>/lineside/lines/<line>/state | counters | oee` (retained). */
  line(line: string, part: 'state' | 'counters' | 'oee'): string {
    return `${this.root}/lines/${level(line)}/${part}`;
  }
}

/** One topic level from an id: `/`, `+` and `#` would change the topic's meaning. */
export function level(id: string): string {
  return id.replace(/[/+#]/g, '_');
}
