import { fail, ok, type Result } from '../../common/result.ts';

/** Sparkplug B topics (Sparkplug 3.0, 4.1): `spBv1.0/<group>/<type>/<edge node>[/<device>]` and `spBv1.0/STATE/<host>`. */
export const NAMESPACE = 'spBv1.0';

export const MESSAGE_TYPES = ['NBIRTH', 'NDEATH', 'DBIRTH', 'DDEATH', 'NDATA', 'DDATA', 'NCMD', 'DCMD'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export interface NodeTopic {
  group: string;
  type: MessageType;
  node: string;
  device?: string;
}

export function parseTopic(topic: string): NodeTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== NAMESPACE || parts.length < 4 || parts.length > 5) return undefined;
  const [, group, type, node, device] = parts as [string, string, string, string, string | undefined];
  if (!(MESSAGE_TYPES as readonly string[]).includes(type)) return undefined;
  const withDevice = type.startsWith('D');
  if (withDevice !== (device !== undefined)) return undefined;
  return device === undefined ? { group, type: type as MessageType, node } : { group, type: type as MessageType, node, device };
}

export function topicOf(t: NodeTopic): string {
  return `${NAMESPACE}/${t.group}/${t.type}/${t.node}${t.device === undefined ? '' : `/${t.device}`}`;
}

export function stateTopic(hostId: string): string {
  return `${NAMESPACE}/STATE/${hostId}`;
}

/** Group, edge node, device and host ids: UTF-8 without the MQTT separators and wildcards (Sparkplug 3.0, 4.1.1). */
export function checkId(id: string, what: string): Result<void> {
  if (id === '') return fail('config-error', `${what} is empty`);
  if (/[/+#]/.test(id)) return fail('config-error', `${what} "${id}" contains /, + or #, which Sparkplug ids may not`);
  return ok(undefined);
}

/** Where a metric lives: `<group>/<edge node>:<metric>` (a node metric) or `<group>/<edge node>/<device>:<metric>`. */
export interface MetricAddress {
  group: string;
  node: string;
  device?: string;
  metric: string;
}

export function parseMetricAddress(address: string): Result<MetricAddress> {
  const colon = address.indexOf(':');
  const example = 'e.g. Plant/Line1:Speed or Plant/Line1/Filler:Speed';
  if (colon < 0) return fail('config-error', `"${address}" is not a Sparkplug metric address: <group>/<edge node>[/<device>]:<metric> (${example})`);
  const ids = address.slice(0, colon).split('/');
  const metric = address.slice(colon + 1);
  if (ids.length < 2 || ids.length > 3) return fail('config-error', `"${address}": before the colon come the group and the edge node, and optionally the device (${example})`);
  for (const [i, id] of ids.entries()) {
    const checked = checkId(id, ['the group', 'the edge node', 'the device'][i]!);
    if (!checked.ok) return fail('config-error', `"${address}": ${checked.error.message}`);
  }
  if (metric === '') return fail('config-error', `"${address}": the metric name after the colon is empty`);
  const [group, node, device] = ids as [string, string, string | undefined];
  return ok(device === undefined ? { group, node, metric } : { group, node, device, metric });
}

export function formatMetricAddress(a: MetricAddress): string {
  return `${a.group}/${a.node}${a.device === undefined ? '' : `/${a.device}`}:${a.metric}`;
}
