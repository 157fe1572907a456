import { z } from 'zod';
import { fail, ok, type Result } from '../../common/result.ts';

/**
 * OPC UA addresses are NodeId strings, as OPC UA writes them (Part 6, 5.3.1.10):
 * `ns=2;s=Line1.Speed`, `ns=2;i=1001`, `ns=2;g=<guid>`, `ns=2;b=<base64>`, `i=2258` (namespace 0), or
 * `nsu=<namespace uri>;s=...` when the namespace index may differ between servers.
 */
export type ParsedNodeId = { namespace: { index: number } | { uri: string }; kind: 'i'; id: number } | { namespace: { index: number } | { uri: string }; kind: 's' | 'g' | 'b'; id: string };

const HINT = 'write a NodeId such as ns=2;s=Line1.Speed, ns=2;i=1001 or nsu=urn:example;s=Speed';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function parseNodeId(text: string): Result<ParsedNodeId> {
  const source = text.trim();
  if (source === '') return fail('config-error', `the address is empty: ${HINT}`);
  let rest = source;
  let namespace: ParsedNodeId['namespace'] = { index: 0 };
  const ns = /^ns=([^;]*);/.exec(rest);
  const nsu = /^nsu=([^;]*);/.exec(rest);
  if (ns) {
    if (!/^\d+$/.test(ns[1] ?? '') || Number(ns[1]) > 65535) {
      return fail('config-error', `'${source}': the namespace index must be a number from 0 to 65535, not '${ns[1]}'`);
    }
    namespace = { index: Number(ns[1]) };
    rest = rest.slice(ns[0].length);
  } else if (nsu) {
    if ((nsu[1] ?? '') === '') return fail('config-error', `'${source}': nsu= needs a namespace URI`);
    namespace = { uri: nsu[1] ?? '' };
    rest = rest.slice(nsu[0].length);
  }
  const id = /^([isgb])=(.*)$/s.exec(rest);
  if (!id) return fail('config-error', `'${source}' is not a NodeId: ${HINT}`);
  const kind = id[1] as 'i' | 's' | 'g' | 'b';
  const value = id[2] ?? '';
  switch (kind) {
    case 'i':
      if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) {
        return fail('config-error', `'${source}': a numeric identifier (i=) must be a whole number from 0 to 4294967295`);
      }
      return ok({ namespace, kind, id: Number(value) });
    case 's':
      if (value === '') return fail('config-error', `'${source}': the string identifier after s= is empty`);
      return ok({ namespace, kind, id: value });
    case 'g':
      if (!GUID.test(value)) return fail('config-error', `'${source}': a GUID identifier (g=) looks like 72962b91-fa75-4ae6-8d28-b404dc7daf63`);
      return ok({ namespace, kind, id: value });
    case 'b':
      if (value === '' || !BASE64.test(value)) return fail('config-error', `'${source}': an opaque identifier (b=) must be base64`);
      return ok({ namespace, kind, id: value });
  }
}

/** Per-tag options (`source.options`): how the server samples and reports the item. */
export const OpcuaItemOptionsSchema = z
  .strictObject({
    /** How often the server samples the value (ms); 0 = as fast as it can, -1 = the publishing interval. */
    samplingInterval: z.number().min(-1).max(3_600_000).optional(),
    /** How often the server sends changes (ms). Items with the same interval share one subscription. */
    publishingInterval: z.number().min(10).max(3_600_000).optional(),
    /** A change smaller than this is not reported (0 = every change). */
    deadband: z.number().min(0).optional(),
    /** `absolute` (in the value's units) or `percent` (of the variable's EURange; the server must know it). */
    deadbandType: z.enum(['absolute', 'percent']).optional(),
    /** How many changes the server keeps between two publishes (1 = only the latest). */
    queueSize: z.number().int().min(1).max(10_000).optional(),
  })
  .refine((o) => o.deadbandType !== 'percent' || o.deadband === undefined || o.deadband <= 100, {
    message: 'a percent deadband must be between 0 and 100',
    path: ['deadband'],
  });
export type OpcuaItemOptions = z.infer<typeof OpcuaItemOptionsSchema>;

/** The NodeId string node-opcua takes (`ns=<index>;...`), with a namespace URI looked up in the server's namespace array. */
export function resolveNodeId(parsed: ParsedNodeId, namespaceArray: readonly string[]): Result<string> {
  let index: number;
  if ('uri' in parsed.namespace) {
    index = namespaceArray.indexOf(parsed.namespace.uri);
    if (index < 0) return fail('config-error', `the server has no namespace ${parsed.namespace.uri}`);
  } else {
    index = parsed.namespace.index;
  }
  const prefix = index === 0 ? '' : `ns=${index};`;
  return ok(`${prefix}${parsed.kind}=${parsed.id}`);
}
