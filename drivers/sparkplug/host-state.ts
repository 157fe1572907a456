import { dataValue, type DataValue } from '../../common/data-value.ts';
import type { Quality } from '../../common/quality.ts';
import { metricValue, type IncomingMetric, type IncomingPayload } from './payload.ts';
import { formatMetricAddress, type NodeTopic } from './topic.ts';

/**
 * What a Sparkplug host application knows about the edge nodes it hears (Sparkplug 3.0, chapter 7):
 * births define metrics and aliases, DATA updates them, deaths turn them Bad, and anything that does
 * not fit what the host knows (a gap in `seq`, an alias never born, data from a node whose birth it
 * missed) makes it ask the node for a rebirth. Pure: the driver feeds it messages and sends what it says.
 */

export interface MetricInfo {
  name: string;
  datatype: number;
  alias?: number;
}

interface MetricState extends MetricInfo {
  address: string;
}

interface DeviceState {
  online: boolean;
  metrics: Map<string, MetricState>;
}

interface NodeState {
  group: string;
  node: string;
  online: boolean;
  bdSeq?: number;
  seq?: number;
  metrics: Map<string, MetricState>;
  /** Aliases are unique across an edge node and its devices. */
  aliases: Map<number, { device?: string; name: string }>;
  devices: Map<string, DeviceState>;
}

export interface AddressChange {
  address: string;
  value: DataValue;
}

export interface HandleResult {
  changes: AddressChange[];
  /** Why the host should ask this edge node for a rebirth, when it should. */
  rebirth?: string;
}

/** Sparkplug sequence numbers run 0..255 and wrap. */
const SEQ_MODULO = 256;

export class HostState {
  private readonly nodes = new Map<string, NodeState>();
  /** Every metric's latest value by address, also for reads and new subscriptions. */
  private readonly values = new Map<string, DataValue>();

  value(address: string): DataValue | undefined {
    return this.values.get(address);
  }

  /** The metric an address names, while its node (and device) is born. */
  metric(group: string, node: string, device: string | undefined, name: string): (MetricInfo & { online: boolean }) | undefined {
    const n = this.nodes.get(`${group}/${node}`);
    if (!n) return undefined;
    if (device === undefined) {
      const m = n.metrics.get(name);
      return m && { ...m, online: n.online };
    }
    const d = n.devices.get(device);
    const m = d?.metrics.get(name);
    return m && d && { ...m, online: n.online && d.online };
  }

  groups(): string[] {
    return [...new Set([...this.nodes.values()].map((n) => n.group))].sort();
  }

  nodesOf(group: string): { node: string; online: boolean }[] {
    return [...this.nodes.values()].filter((n) => n.group === group).map((n) => ({ node: n.node, online: n.online }));
  }

  /** A node's (or a device's) metrics and, for a node, its devices. */
  contents(group: string, node: string, device?: string): { metrics: MetricInfo[]; devices: string[] } | undefined {
    const n = this.nodes.get(`${group}/${node}`);
    if (!n) return undefined;
    if (device === undefined) return { metrics: [...n.metrics.values()], devices: [...n.devices.keys()].sort() };
    const d = n.devices.get(device);
    return d && { metrics: [...d.metrics.values()], devices: [] };
  }

  /** Known edge nodes, for asking each for a rebirth after the host's own reconnect. */
  knownNodes(): { group: string; node: string }[] {
    return [...this.nodes.values()].map((n) => ({ group: n.group, node: n.node }));
  }

  /**
   * The host lost the broker: what it knew is no longer news. Every metric turns Bad until the node's
   * next birth, so a reconnect never shows the values from before the outage as live ones.
   */
  forgetSession(now: number): AddressChange[] {
    const changes: AddressChange[] = [];
    for (const n of this.nodes.values()) {
      n.online = false;
      n.seq = undefined;
      for (const m of n.metrics.values()) this.set(m.address, dataValue(null, 'BadNotConnected', now), changes);
      for (const d of n.devices.values()) {
        d.online = false;
        for (const m of d.metrics.values()) this.set(m.address, dataValue(null, 'BadNotConnected', now), changes);
      }
    }
    return changes;
  }

  handle(topic: NodeTopic, payload: IncomingPayload, now: number): HandleResult {
    switch (topic.type) {
      case 'NBIRTH':
        return this.nodeBirth(topic, payload, now);
      case 'NDEATH':
        return this.nodeDeath(topic, payload, now);
      case 'DBIRTH':
      case 'DDEATH':
      case 'NDATA':
      case 'DDATA':
        return this.sequenced(topic, payload, now);
      case 'NCMD':
      case 'DCMD':
        // Commands from other hosts to edge nodes: not data.
        return { changes: [] };
    }
  }

  private nodeBirth(topic: NodeTopic, payload: IncomingPayload, now: number): HandleResult {
    const key = `${topic.group}/${topic.node}`;
    const before = this.nodes.get(key);
    const node: NodeState = { group: topic.group, node: topic.node, online: true, metrics: new Map(), aliases: new Map(), devices: new Map() };
    if (payload.seq !== undefined) node.seq = payload.seq;
    const changes: AddressChange[] = [];
    const bdSeq = payload.metrics.find((m) => m.name === 'bdSeq');
    if (bdSeq) {
      const v = metricValue(bdSeq.raw, bdSeq.datatype ?? 8);
      if (v.ok && typeof v.value === 'number') node.bdSeq = v.value;
    }
    this.born(node, undefined, node.metrics, payload, now, changes);
    // Devices keep their last values until their own births, which follow every NBIRTH.
    if (before) {
      for (const [id, device] of before.devices) node.devices.set(id, { online: false, metrics: device.metrics });
      for (const m of before.metrics.values()) if (!node.metrics.has(m.name)) this.set(m.address, dataValue(null, 'BadNodeIdUnknown', now), changes);
    }
    this.nodes.set(key, node);
    return { changes };
  }

  private nodeDeath(topic: NodeTopic, payload: IncomingPayload, now: number): HandleResult {
    const node = this.nodes.get(`${topic.group}/${topic.node}`);
    if (!node || !node.online) return { changes: [] };
    const bdSeq = payload.metrics.find((m) => m.name === 'bdSeq');
    const v = bdSeq && metricValue(bdSeq.raw, bdSeq.datatype ?? 8);
    // A will left by an earlier session of the node (its bdSeq is not this birth's) says nothing about this one.
    if (node.bdSeq !== undefined && v?.ok && v.value !== node.bdSeq) return { changes: [] };
    node.online = false;
    node.seq = undefined;
    const changes: AddressChange[] = [];
    for (const m of node.metrics.values()) this.set(m.address, dataValue(null, 'BadNotConnected', now), changes);
    for (const d of node.devices.values()) {
      d.online = false;
      for (const m of d.metrics.values()) this.set(m.address, dataValue(null, 'BadNotConnected', now), changes);
    }
    return { changes };
  }

  private sequenced(topic: NodeTopic, payload: IncomingPayload, now: number): HandleResult {
    const node = this.nodes.get(`${topic.group}/${topic.node}`);
    if (!node || !node.online) return { changes: [], rebirth: `${topic.type} from ${topic.group}/${topic.node}, whose birth this host has not seen` };
    let rebirth: string | undefined;
    if (payload.seq !== undefined && node.seq !== undefined && payload.seq !== (node.seq + 1) % SEQ_MODULO) {
      rebirth = `${topic.type} from ${topic.group}/${topic.node} with seq ${payload.seq} after ${node.seq}: messages were lost`;
    }
    if (payload.seq !== undefined) node.seq = payload.seq;
    const changes: AddressChange[] = [];
    if (topic.type === 'DBIRTH') {
      const device: DeviceState = { online: true, metrics: new Map() };
      const before = node.devices.get(topic.device!);
      this.born(node, topic.device, device.metrics, payload, now, changes);
      if (before) for (const m of before.metrics.values()) if (!device.metrics.has(m.name)) this.set(m.address, dataValue(null, 'BadNodeIdUnknown', now), changes);
      node.devices.set(topic.device!, device);
      return { changes, ...(rebirth ? { rebirth } : {}) };
    }
    if (topic.type === 'DDEATH') {
      const device = node.devices.get(topic.device!);
      if (device) {
        device.online = false;
        for (const m of device.metrics.values()) this.set(m.address, dataValue(null, 'BadNotConnected', now), changes);
      }
      return { changes, ...(rebirth ? { rebirth } : {}) };
    }
    const device = topic.device === undefined ? undefined : node.devices.get(topic.device);
    if (topic.device !== undefined && !device?.online) return { changes, rebirth: rebirth ?? `DDATA from ${topic.group}/${topic.node}/${topic.device}, whose birth this host has not seen` };
    const metrics = device ? device.metrics : node.metrics;
    for (const m of payload.metrics) {
      const name = m.name ?? (m.alias === undefined ? undefined : node.aliases.get(m.alias)?.name);
      const known = name === undefined ? undefined : metrics.get(name);
      if (!known) {
        rebirth ??= `${topic.type} from ${topic.group}/${topic.node}${topic.device ? `/${topic.device}` : ''} names metric ${m.name ?? `alias ${m.alias}`}, which its birth did not announce`;
        continue;
      }
      // Historical values belong to the history, not the live value (Sparkplug 3.0, 6.4.8).
      if (isHistorical(m)) continue;
      this.set(known.address, this.valueOf(m, known.datatype, payload, now), changes);
    }
    return { changes, ...(rebirth ? { rebirth } : {}) };
  }

  private born(node: NodeState, device: string | undefined, into: Map<string, MetricState>, payload: IncomingPayload, now: number, changes: AddressChange[]): void {
    for (const m of payload.metrics) {
      if (m.name === undefined || m.datatype === undefined) continue;
      const address = formatMetricAddress({ group: node.group, node: node.node, ...(device === undefined ? {} : { device }), metric: m.name });
      const state: MetricState = { name: m.name, datatype: m.datatype, address };
      if (m.alias !== undefined) {
        state.alias = m.alias;
        node.aliases.set(m.alias, device === undefined ? { name: m.name } : { device, name: m.name });
      }
      into.set(m.name, state);
      this.set(address, this.valueOf(m, m.datatype, payload, now), changes);
    }
  }

  private valueOf(m: IncomingMetric, datatype: number, payload: IncomingPayload, now: number): DataValue {
    const sourceTime = m.timestamp ?? payload.timestamp ?? now;
    if (m.isNull) return dataValue(null, m.quality && m.quality !== 'Good' ? m.quality : 'BadWaitingForInitialData', sourceTime, now);
    const v = metricValue(m.raw, datatype);
    if (!v.ok) return dataValue(null, 'BadTypeMismatch', sourceTime, now);
    const quality: Quality = m.quality ?? 'Good';
    return dataValue(v.value, quality, sourceTime, now);
  }

  private set(address: string, value: DataValue, changes: AddressChange[]): void {
    this.values.set(address, value);
    changes.push({ address, value });
  }
}

function isHistorical(m: IncomingMetric): boolean {
  return m.isHistorical === true;
}
