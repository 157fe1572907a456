import mqtt, { type MqttClient } from 'mqtt';
import { z } from 'zod';
import { dataValue, type DataValue, type Value } from '../../common/data-value.ts';
import type { ConnectionStatus } from '../../common/device.ts';
import { Emitter, type Disposable } from '../../common/emitter.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { BrowseNode, Driver, DriverChange, DriverContext, DriverFactory, DriverItem, DriverStats, StatusChange, WriteTarget } from '../api.ts';
import { HostState, type AddressChange } from './host-state.ts';
import { decodePayload, encodePayload } from './payload.ts';
import { checkId, NAMESPACE, parseMetricAddress, parseTopic, stateTopic, topicOf, type MetricAddress } from './topic.ts';
import { SparkplugType, tagTypeOf, typeName } from './types.ts';

const idSchema = (what: string) =>
  z.string().superRefine((id, ctx) => {
    const checked = checkId(id, what);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.error.message });
  });

export const SparkplugHostConfigSchema = z.strictObject({
  brokerUrl: z.string().regex(/^(mqtts?|wss?):\/\/[^/]+/, 'must look like mqtt://host:1883 (or mqtts://, ws://, wss://)'),
  /** The host application id: its STATE topic is spBv1.0/STATE/<hostId> (Sparkplug 3.0, 7.3). */
  hostId: idSchema('hostId').default('lineside'),
  /** Only these Sparkplug groups; every group when left out. */
  groups: z.array(idSchema('a group')).min(1).optional(),
  username: z.string().min(1).optional(),
  password: z.string().optional(),
  clientId: z.string().min(1).optional(),
  keepaliveS: z.number().int().min(1).max(600).default(10),
  reconnectMs: z.number().int().min(100).max(60_000).default(1000),
  /** How long a rebirth request stays open: until the node's birth, or this long, no second one goes to it (ms). */
  rebirthIntervalMs: z.number().int().min(100).max(600_000).default(5000),
});
export type SparkplugHostConfig = z.infer<typeof SparkplugHostConfigSchema>;

export const sparkplugDriverFactory: DriverFactory<SparkplugHostConfig> = {
  protocol: 'sparkplug',
  description: 'Sparkplug B host application (MQTT): tags from the metrics edge nodes announce, writes as NCMD/DCMD',
  configSchema: SparkplugHostConfigSchema,
  secretFields: [{ path: 'password', label: 'Broker password' }],
  validateAddress(address, config) {
    const parsed = parseMetricAddress(address);
    if (!parsed.ok) return parsed;
    if (config.groups && !config.groups.includes(parsed.value.group)) {
      return fail('config-error', `"${address}": group ${parsed.value.group} is not among this device's groups (${config.groups.join(', ')})`);
    }
    return ok(undefined);
  },
  describeAddress(address) {
    const parsed = parseMetricAddress(address);
    if (!parsed.ok) return parsed;
    const a = parsed.value;
    return ok(`metric "${a.metric}" of ${a.device === undefined ? `edge node ${a.node}` : `device ${a.device} of edge node ${a.node}`} in group ${a.group}`);
  },
  create: (config, context) => new SparkplugHostDriver(config, context),
};

interface Subscription {
  readonly handles: Map<string, number[]>;
  readonly listener: (changes: readonly DriverChange[]) => void;
}

/**
 * A Sparkplug B host application: subscribes to the namespace, turns the metrics edge nodes announce
 * into values, publishes its STATE (online, retained, with an offline will), asks for rebirths when it
 * lost track, and sends writes as NCMD/DCMD with the metric's name, alias and born datatype.
 */
export class SparkplugHostDriver implements Driver {
  readonly #config: SparkplugHostConfig;
  readonly #context: DriverContext;
  readonly #state = new HostState();
  readonly #subscriptions = new Set<Subscription>();
  readonly #statusEmitter = new Emitter<StatusChange>();
  readonly #lastRebirthAsk = new Map<string, number>();
  readonly #stats: DriverStats = { requests: 0, errors: 0 };
  #status: ConnectionStatus = 'off';
  #client: MqttClient | undefined;
  /** The timestamp of this connection's STATE, which its will repeats (Sparkplug 3.0, 7.3.4). */
  #stateTimestamp = 0;

  constructor(config: SparkplugHostConfig, context: DriverContext) {
    this.#config = config;
    this.#context = context;
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  readonly onDidChangeStatus = this.#statusEmitter.event;

  async connect(): Promise<void> {
    if (this.#client) return;
    this.#setStatus('connecting');
    this.#stateTimestamp = this.#context.now();
    const client = mqtt.connect(this.#config.brokerUrl, {
      clientId: this.#config.clientId ?? `lineside-host-${this.#config.hostId}-${Math.floor(Math.random() * 1e9).toString(36)}`,
      clean: true,
      keepalive: this.#config.keepaliveS,
      reconnectPeriod: this.#config.reconnectMs,
      connectTimeout: 10_000,
      ...(this.#config.username === undefined ? {} : { username: this.#config.username }),
      ...(this.#config.password === undefined ? {} : { password: this.#config.password }),
      will: { topic: stateTopic(this.#config.hostId), payload: Buffer.from(this.#statePayload(false)), qos: 1, retain: true },
    });
    this.#client = client;
    client.on('connect', () => this.#onConnect(client));
    client.on('message', (topic, payload) => this.#onMessage(topic, payload));
    client.on('offline', () => this.#lost('not connected to the broker'));
    client.on('error', (error) => this.#lost(`broker: ${error.message}`));
    client.on('close', () => this.#lost('the broker closed the connection'));
  }

  async disconnect(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    if (client) {
      if (client.connected) await client.publishAsync(stateTopic(this.#config.hostId), this.#statePayload(false), { qos: 1, retain: true }).catch(() => undefined);
      await client.endAsync();
    }
    this.#state.forgetSession(this.#context.now());
    this.#setStatus('off');
  }

  subscribe(items: readonly DriverItem[], listener: (changes: readonly DriverChange[]) => void): Disposable {
    const subscription: Subscription = { handles: new Map(), listener };
    for (const item of items) {
      const list = subscription.handles.get(item.address);
      if (list) list.push(item.handle);
      else subscription.handles.set(item.address, [item.handle]);
    }
    this.#subscriptions.add(subscription);
    if (this.#status === 'ok') {
      const now = this.#context.now();
      const first = items.map((item) => ({ handle: item.handle, value: this.#current(item.address, now) }));
      if (first.length > 0) queueMicrotask(() => this.#subscriptions.has(subscription) && listener(first));
    }
    return { dispose: () => this.#subscriptions.delete(subscription) };
  }

  async read(items: readonly DriverItem[]): Promise<DataValue[]> {
    const now = this.#context.now();
    if (this.#status !== 'ok') return items.map(() => dataValue(null, 'BadNotConnected', now));
    return items.map((item) => this.#current(item.address, now));
  }

  async write(address: string, value: Value, _target?: WriteTarget): Promise<Result<void>> {
    const parsed = parseMetricAddress(address);
    if (!parsed.ok) return parsed;
    const a = parsed.value;
    const client = this.#client;
    if (!client || this.#status !== 'ok') return fail('device-offline', 'not connected to the MQTT broker');
    const metric = this.#state.metric(a.group, a.node, a.device, a.metric);
    if (!metric) return fail('not-found', `${where(a)} has not announced a metric "${a.metric}"`);
    if (!metric.online) return fail('device-offline', `${where(a)} is offline`);
    let payload: Uint8Array;
    try {
      payload = encodePayload({ timestamp: this.#context.now(), metrics: [{ name: metric.name, ...(metric.alias === undefined ? {} : { alias: metric.alias }), datatype: metric.datatype, value }] });
    } catch (error) {
      return fail('type-mismatch', `${where(a)}, metric "${a.metric}" (${typeName(metric.datatype)}): ${error instanceof Error ? error.message : String(error)}`);
    }
    this.#stats.requests++;
    try {
      await client.publishAsync(topicOf({ group: a.group, type: a.device === undefined ? 'NCMD' : 'DCMD', node: a.node, ...(a.device === undefined ? {} : { device: a.device }) }), Buffer.from(payload), { qos: 0 });
    } catch (error) {
      this.#stats.errors++;
      return fail('device-error', `the broker did not take the command: ${error instanceof Error ? error.message : String(error)}`);
    }
    // Sparkplug commands have no reply: the edge node's DATA with the new value is the answer.
    return ok(undefined);
  }

  async browse(browsePath?: string): Promise<Result<BrowseNode[]>> {
    if (browsePath === undefined || browsePath === '') {
      return ok(this.#state.groups().map((group) => ({ name: group, browsePath: group, description: 'Sparkplug group' })));
    }
    const ids = browsePath.split('/');
    if (ids.length === 1) {
      return ok(this.#state.nodesOf(ids[0]!).map(({ node, online }) => ({ name: node, browsePath: `${ids[0]}/${node}`, description: online ? 'edge node' : 'edge node (offline)' })));
    }
    const [group, node, device] = ids as [string, string, string | undefined];
    const contents = this.#state.contents(group, node, device);
    if (!contents) return fail('not-found', `no edge node or device ${browsePath} has been born since the host connected`);
    const metrics: BrowseNode[] = contents.metrics
      .filter((m) => !m.name.startsWith('Node Control/') && !m.name.startsWith('Device Control/') && m.name !== 'bdSeq')
      .map((m) => {
        const type = tagTypeOf(m.datatype);
        const node: BrowseNode = { name: m.name, dataType: type?.dataType ?? typeName(m.datatype), description: typeName(m.datatype) };
        if (type) node.address = `${group}/${ids.slice(1).join('/')}:${m.name}`;
        if (type?.array) {
          const current = this.#state.value(node.address ?? '')?.value;
          node.arrayLength = Array.isArray(current) ? current.length : 0;
        }
        return node;
      });
    const devices: BrowseNode[] = contents.devices.map((d) => ({ name: d, browsePath: `${group}/${node}/${d}`, description: 'device' }));
    return ok([...devices, ...metrics]);
  }

  stats(): DriverStats {
    return { ...this.#stats };
  }

  dispose(): void {
    this.#subscriptions.clear();
    void this.disconnect();
    this.#statusEmitter.dispose();
  }

  #log(level: 'info' | 'warn' | 'error', message: string): void {
    this.#context.log?.({ level, source: `sparkplug ${this.#context.deviceName}`, message });
  }

  #current(address: string, now: number): DataValue {
    return this.#state.value(address) ?? dataValue(null, 'BadWaitingForInitialData', now);
  }

  #statePayload(online: boolean): string {
    return JSON.stringify({ online, timestamp: this.#stateTimestamp });
  }

  #onConnect(client: MqttClient): void {
    const groups = this.#config.groups ?? ['+'];
    const topics = groups.map((g) => `${NAMESPACE}/${g}/#`);
    client.subscribe(topics, { qos: 0 }, (error) => {
      if (error) return this.#lost(`the broker refused the subscription: ${error.message}`);
      // Births are not retained: after the host's own reconnect it asks every node it knew to be born again.
      client.publish(stateTopic(this.#config.hostId), this.#statePayload(true), { qos: 1, retain: true });
      for (const n of this.#state.knownNodes()) this.#askRebirth(n.group, n.node, true);
      this.#setStatus('ok');
    });
  }

  #lost(why: string): void {
    if (!this.#client) return;
    if (this.#status === 'ok') this.#deliver(this.#state.forgetSession(this.#context.now()));
    this.#setStatus('error', why);
  }

  #onMessage(topic: string, bytes: Buffer): void {
    const parsed = parseTopic(topic);
    if (!parsed) return;
    const payload = decodePayload(bytes);
    if (!payload.ok) {
      this.#stats.errors++;
      this.#log('warn', `${topic}: ${payload.error.message}`);
      return;
    }
    // A birth answers any rebirth request still open: the next problem may ask again at once.
    if (parsed.type === 'NBIRTH') this.#lastRebirthAsk.delete(`${parsed.group}/${parsed.node}`);
    const result = this.#state.handle(parsed, payload.value, this.#context.now());
    if (result.rebirth) {
      this.#log('info', `${result.rebirth}; asking for a rebirth`);
      this.#askRebirth(parsed.group, parsed.node);
    }
    if (result.changes.length > 0) this.#deliver(result.changes);
  }

  #askRebirth(group: string, node: string, force = false): void {
    const client = this.#client;
    if (!client) return;
    const key = `${group}/${node}`;
    const now = this.#context.now();
    const last = this.#lastRebirthAsk.get(key);
    if (!force && last !== undefined && now - last < this.#config.rebirthIntervalMs) return;
    this.#lastRebirthAsk.set(key, now);
    const payload = encodePayload({ timestamp: now, metrics: [{ name: 'Node Control/Rebirth', datatype: SparkplugType.Boolean, value: true }] });
    client.publish(topicOf({ group, type: 'NCMD', node }), Buffer.from(payload), { qos: 0 });
  }

  #deliver(changes: readonly AddressChange[]): void {
    let failure: unknown;
    for (const subscription of this.#subscriptions) {
      const out: DriverChange[] = [];
      for (const change of changes) {
        const handles = subscription.handles.get(change.address);
        if (handles) for (const handle of handles) out.push({ handle, value: change.value });
      }
      if (out.length === 0) continue;
      try {
        subscription.listener(out);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) this.#log('error', `a listener failed: ${failure instanceof Error ? failure.message : String(failure)}`);
  }

  #setStatus(status: ConnectionStatus, error?: string): void {
    if (status === this.#status) return;
    this.#status = status;
    this.#statusEmitter.fire({ status, ...(error === undefined ? {} : { error }), at: this.#context.now() });
  }
}

function where(a: MetricAddress): string {
  return a.device === undefined ? `edge node ${a.group}/${a.node}` : `device ${a.group}/${a.node}/${a.device}`;
}
