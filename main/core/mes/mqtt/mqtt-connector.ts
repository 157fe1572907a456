import { createHash } from 'node:crypto';
import type { IClientPublishOptions, MqttClient } from 'mqtt';
import mqtt from 'mqtt';
import type { ConnectorHealth, InboundMode } from '../../../../common/mes-config.ts';
import type { DowntimeEvent } from '../../../../common/mes.ts';
import type { Disposable } from '../../../../common/emitter.ts';
import type { ConnectorContext, DeliveryOutcome, InboundDelivery, InboundSink, InboundVerdict, MesConnector, OutboundMessage } from '../connector.ts';
import { jsonSnapshotEntries } from '../snapshot.ts';
import { HealthTracker } from '../b2mml/connector-health.ts';
import { resolveSecret } from '../b2mml/options.ts';
import { describeVerdict } from '../b2mml/inbound.ts';
import type { LineSnapshot } from '../line-publisher.ts';
import type { MqttConnectorOptions } from './options.ts';
import { UnsTopics } from './topics.ts';

type AckCallback = (error: Error | number, code?: number) => void;

/**
 * Production events to, and work orders from, an MQTT broker's Unified Namespace (mqtt.js, MQTT 5,
 * QoS 1). The session is persistent (fixed client id, clean start off, a session expiry), so orders published
 * while Lineside is away wait at the broker. An order is PUBACKed only after the core committed it:
 * if the core cannot store it, the connection is dropped unacknowledged and the broker delivers it
 * again after the reconnect. Outbound, a message is delivered when its PUBACK arrives; a resend
 * carries the same key, which is how subscribers drop duplicates.
 */
export class MqttConnector implements MesConnector {
  readonly type = 'mqtt' as const;
  readonly id: string;
  readonly topics: UnsTopics;
  private readonly options: MqttConnectorOptions;
  private readonly context: Pick<ConnectorContext, 'now' | 'log'>;
  private readonly healthTracker: HealthTracker;
  private client: MqttClient | undefined;
  private sink: InboundSink | undefined;
  private readonly inFlight = new Set<Promise<unknown>>();
  private disposed = false;
  /** The latest snapshot of each line, published again after a reconnect. */
  private readonly lines = new Map<string, LineSnapshot>();

  private readonly mode: InboundMode;

  /** `mode` snapshot: each message on the orders topic is the MES's whole schedule, `{ "orders": [...] }`. */
  constructor(id: string, options: MqttConnectorOptions, context: Pick<ConnectorContext, 'now' | 'log'>, mode: InboundMode = 'queue') {
    this.id = id;
    this.mode = mode;
    this.options = options;
    this.context = context;
    this.topics = new UnsTopics(options);
    this.healthTracker = new HealthTracker(context.now);
  }

  async start(inbound: InboundSink): Promise<void> {
    this.sink = inbound;
    this.healthTracker.status('connecting');
    const password = resolveSecret(this.options.password);
    const client = mqtt.connect(this.options.url, {
      clientId: this.options.clientId ?? `lineside-${this.id}`,
      // MQTT 5: mqtt.js only lets the application hold back a PUBACK (customHandleAcks) on v5.
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: this.options.sessionExpirySeconds },
      keepalive: this.options.keepaliveSeconds,
      reconnectPeriod: this.options.reconnectPeriodMs,
      connectTimeout: this.options.timeoutMs,
      resubscribe: true,
      ...(this.options.username ? { username: this.options.username } : {}),
      ...(password ? { password } : {}),
      will: { topic: this.topics.status, payload: Buffer.from(JSON.stringify({ online: false })), qos: 1, retain: true },
      customHandleAcks: (topic: string, payload: Buffer, packet: { qos: number }, done: AckCallback) => {
        if (packet.qos === 0) return done(0);
        void this.receive(topic, payload, done);
      },
    });
    this.client = client;
    client.on('connect', () => {
      this.healthTracker.success();
      void this.publish(this.topics.status, JSON.stringify({ online: true, since: new Date(this.context.now()).toISOString() }), { qos: 1, retain: true }).catch(() => undefined);
      for (const snapshot of this.lines.values()) this.sendLine(snapshot);
    });
    client.on('offline', () => this.healthTracker.error('not connected to the broker', 'connecting'));
    client.on('error', (error) => this.healthTracker.error(`broker: ${error.message}`));
    // Subscribing while offline is queued by mqtt.js and sent on connect; resubscribe repeats it
    // after a broker that lost its sessions comes back.
    client.subscribe(this.topics.orders, { qos: 1 }, (error) => {
      if (error) this.healthTracker.error(`cannot subscribe to ${this.topics.orders}: ${error.message}`);
    });
  }

  deliver(message: OutboundMessage): Promise<DeliveryOutcome> {
    const run = this.send(message);
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  get lineIntervalMs(): number {
    return this.options.lineIntervalMs;
  }

  /**
   * A line's live state on `<root>/lineside/lines/<line>/{state,counters,oee}`, retained, QoS 1.
   * While the broker is away only the latest is kept (sent on reconnect), so an outage never queues
   * a backlog of stale states.
   */
  publishLine(snapshot: LineSnapshot): void {
    if (this.disposed || this.options.lineIntervalMs === 0) return;
    this.lines.set(snapshot.line, snapshot);
    if (this.client?.connected) this.sendLine(snapshot);
  }

  private sendLine(snapshot: LineSnapshot): void {
    const parts: Array<['state' | 'counters' | 'oee', unknown]> = [['state', snapshot.state], ['counters', snapshot.counters], ...(snapshot.oee ? [['oee', snapshot.oee] as ['oee', unknown]] : [])];
    for (const [part, body] of parts) {
      const sent = this.publish(this.topics.line(snapshot.line, part), JSON.stringify(body), { qos: 1, retain: true }).catch(() => undefined);
      this.inFlight.add(sent);
      void sent.finally(() => this.inFlight.delete(sent));
    }
  }

  health(): ConnectorHealth {
    return this.healthTracker.current;
  }

  onDidChangeHealth(listener: (health: ConnectorHealth) => void): Disposable {
    return this.healthTracker.onDidChange(listener);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled([...this.inFlight]);
    const client = this.client;
    if (client) {
      if (client.connected) await this.publish(this.topics.status, JSON.stringify({ online: false }), { qos: 1, retain: true }).catch(() => undefined);
      await client.endAsync(!client.connected);
    }
    this.healthTracker.dispose();
  }

  private async send(message: OutboundMessage): Promise<DeliveryOutcome> {
    const client = this.client;
    if (!client || !client.connected || this.disposed) return { kind: 'retry', reason: 'not connected to the broker' };
    const envelope = { key: message.key, kind: message.kind, stream: message.stream, sequence: message.sequence, createdAt: new Date(message.createdAt).toISOString() };
    // A reversal in `cancel` form names the message it cancels and carries no quantities.
    const cancel = message.reversal?.form === 'cancel' && message.kind !== 'downtime' ? { cancels: message.reversal.of, workOrder: message.payload.workOrder, operator: message.payload.operator } : undefined;
    const body = JSON.stringify(cancel ? { ...envelope, cancellation: cancel } : { ...envelope, payload: message.payload });
    try {
      await this.publish(this.topics.event(message), body, { qos: 1, retain: false });
      if (message.kind === 'downtime') {
        await this.publish(this.topics.downtimeState(message.payload.equipment), JSON.stringify(downtimeState(message.payload)), { qos: 1, retain: true });
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      // A PUBACK with a failure reason code: the broker refused it, so nothing was delivered.
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'number' && code >= 0x80) return { kind: 'retry', reason: `the broker refused the message (reason code 0x${code.toString(16)}): ${reason}` };
      // Handed to the socket but not PUBACKed: it may still arrive (mqtt.js resends in-flight QoS 1).
      this.healthTracker.error(reason, client.connected ? 'error' : 'connecting');
      return { kind: 'ambiguous', reason };
    }
    return { kind: 'delivered' };
  }

  private publish(topic: string, payload: string, options: IClientPublishOptions): Promise<void> {
    const client = this.client!;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no PUBACK within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
      client.publish(topic, payload, options, (error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      });
    });
  }

  private async receive(topic: string, payload: Buffer, done: AckCallback): Promise<void> {
    if (this.mode === 'snapshot') return this.receiveSnapshot(topic, payload, done);
    const raw = payload.toString('utf8');
    const delivery = decodeOrder(this.id, topic, raw);
    let verdict;
    try {
      verdict = await this.sink!.receive(delivery);
    } catch (error) {
      // Not committed: no PUBACK. Dropping the connection makes the broker deliver it again.
      this.healthTracker.error(`an order from ${topic} could not be stored: ${error instanceof Error ? error.message : String(error)}`);
      this.client?.stream.destroy();
      return;
    }
    done(0);
    this.publishVerdict({ messageId: delivery.messageId, topic, verdict: verdict.kind, detail: describeVerdict(verdict) });
  }

  /** A whole schedule: only new, changed and refused orders are stored, and only they get a verdict. */
  private async receiveSnapshot(topic: string, payload: Buffer, done: AckCallback): Promise<void> {
    const raw = payload.toString('utf8');
    const orders = snapshotOrders(raw);
    const verdicts: Array<{ messageId: string; verdict: InboundVerdict }> = [];
    try {
      if (typeof orders === 'string') {
        const messageId = createHash('sha256').update(topic).update('\n').update(raw).digest('hex').slice(0, 32);
        const verdict = await this.sink!.receive({ connector: this.id, messageId, kind: 'undecodable', reason: `the snapshot on ${topic} is ${orders}`, raw });
        if (verdict.kind !== 'duplicate') verdicts.push({ messageId, verdict });
      } else {
        const entries = jsonSnapshotEntries(this.id, orders, (o) => (typeof o === 'object' && o !== null && !Array.isArray(o) ? { ...o, system: this.id } : o));
        const receipt = await this.sink!.receiveSnapshot!(this.id, entries);
        for (const c of receipt.changed) verdicts.push({ messageId: entries.find((e) => e.orderId === c.orderId)!.delivery.messageId, verdict: c.verdict });
      }
    } catch (error) {
      this.healthTracker.error(`a snapshot from ${topic} could not be stored: ${error instanceof Error ? error.message : String(error)}`);
      this.client?.stream.destroy();
      return;
    }
    done(0);
    for (const v of verdicts) this.publishVerdict({ messageId: v.messageId, topic, verdict: v.verdict.kind, detail: describeVerdict(v.verdict) });
  }

  private publishVerdict(note: { messageId: string; topic: string; verdict: string; detail: string }): void {
    if (this.client?.connected) void this.publish(this.topics.verdicts, JSON.stringify(note), { qos: 1, retain: false }).catch(() => undefined);
  }
}

/** `{ "orders": [...] }` or a bare array: the MES's whole schedule; anything else cannot be read. */
function snapshotOrders(raw: string): unknown[] | string {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  const orders = Array.isArray(body) ? body : typeof body === 'object' && body !== null ? (body as { orders?: unknown }).orders : undefined;
  return Array.isArray(orders) ? orders : 'a snapshot is { "orders": [...] } or an array of orders';
}

/**
 * The retained state of an equipment's latest stop: `down: true` from its start, the reason
 * `unclassified` until an operator gives one, and the duration once it ended.
 */
export function downtimeState(event: DowntimeEvent): DowntimeEvent & { down: boolean; reason: string } {
  return { ...event, down: event.end === undefined, reason: event.reason ?? 'unclassified' };
}

/** A JSON work order (or `{ messageId, order }`), still in the MES's codes. */
function decodeOrder(connector: string, topic: string, raw: string): InboundDelivery {
  const digest = createHash('sha256').update(topic).update('\n').update(raw).digest('hex').slice(0, 32);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    return { connector, messageId: digest, kind: 'undecodable', reason: `the message on ${topic} is not JSON: ${(error as Error).message}`, raw };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { connector, messageId: digest, kind: 'undecodable', reason: `the message on ${topic} is not a JSON object`, raw };
  const wrapped = body as { messageId?: unknown; order?: unknown };
  const isWrapped = typeof wrapped.messageId === 'string' && typeof wrapped.order === 'object' && wrapped.order !== null && !Array.isArray(wrapped.order);
  const order = { ...((isWrapped ? wrapped.order : body) as object), system: connector };
  // raw is the order itself, so the core can apply a held order again once its mapping exists.
  return { connector, messageId: isWrapped ? (wrapped.messageId as string) : digest, kind: 'order', order, raw: JSON.stringify(order) };
}
