import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ConnectorConfig, ConnectorType } from '../../../common/mes-config.ts';
import type { ConnectorOptionField, ConnectorOptionsView, SecretInput, SecretState } from '../../../common/mes-connector-options.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { formatFieldPath } from '../../../common/zod-problem.ts';
import { writeFileAtomic } from './atomic-file.ts';
import type { ConnectorFactory } from './connector.ts';

const FILE = 'mes.json';

/** The options of each transport that are secrets: never listed, never audited, only set or cleared. */
export const SECRET_OPTIONS: Readonly<Record<ConnectorType, readonly string[]>> = {
  rest: ['token', 'webhookSecret'],
  'b2mml-http': ['token'],
  'b2mml-folder': [],
  mqtt: ['password'],
};

const LABELS: Record<string, string> = {
  baseUrl: 'Base URL',
  url: 'Broker URL',
  token: 'Bearer token',
  webhookSecret: 'Webhook secret',
  password: 'Password',
  username: 'User name',
  clientId: 'Client id',
  topicRoot: 'Topic root',
  ordersTopic: 'Orders topic',
  pollIntervalMs: 'Poll interval',
  timeoutMs: 'Timeout',
  reconnectPeriodMs: 'Reconnect period',
  sessionExpirySeconds: 'Session expiry',
  keepaliveSeconds: 'Keep-alive',
  lineIntervalMs: 'Line state interval',
  senderId: 'Sender id',
  inboundDir: 'Inbound folder',
  outboundDir: 'Outbound folder',
  settleMs: 'Settle time',
  confirmTimeoutMs: 'Confirmation timeout',
  awaitConfirm: 'Wait for the MES confirmation',
  validateOutbound: 'Check outgoing documents against the XSDs',
};

type JsonProperty = { type?: string; format?: string; enum?: unknown[]; default?: unknown; minimum?: number; maximum?: number };

/**
 * The form of a transport's options, generated from its own zod schema (as JSON Schema), so an
 * option a transport adds appears in the editor without editing it.
 */
export function optionFields(factory: ConnectorFactory<unknown>, type: ConnectorType): ConnectorOptionField[] {
  const schema = z.toJSONSchema(factory.optionsSchema as unknown as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProperty>; required?: string[] };
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const unit = /Ms$/.test(name) ? 'ms' : /Seconds$/.test(name) ? 's' : undefined;
    const kind: ConnectorOptionField['kind'] = SECRET_OPTIONS[type].includes(name)
      ? 'secret'
      : p.enum
        ? 'choice'
        : p.type === 'boolean'
          ? 'boolean'
          : p.type === 'integer' || p.type === 'number'
            ? 'number'
            : p.format === 'uri'
              ? 'url'
              : 'text';
    const safe = (n: number | undefined) => (n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined);
    const min = safe(p.minimum);
    const max = safe(p.maximum);
    const def = p.default;
    return {
      name,
      label: LABELS[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase()),
      kind,
      required: required.has(name),
      ...(typeof def === 'string' || typeof def === 'number' || typeof def === 'boolean' ? { default: def } : {}),
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      ...(unit ? { unit } : {}),
      ...(p.enum ? { choices: p.enum.map(String) } : {}),
    };
  });
}

/** A connector as the editor shows it: secrets as set / not set, never their values. */
export function optionsView(config: ConnectorConfig, factory: ConnectorFactory<unknown> | undefined): ConnectorOptionsView {
  const secretNames = SECRET_OPTIONS[config.type];
  const options: Record<string, unknown> = {};
  const secrets: Record<string, SecretState> = {};
  for (const [name, value] of Object.entries(config.options)) if (!secretNames.includes(name)) options[name] = value;
  for (const name of secretNames) secrets[name] = secretState(config.options[name]);
  return { id: config.id, type: config.type, enabled: config.enabled, options, secrets, fields: factory ? optionFields(factory, config.type) : [] };
}

function secretState(value: unknown): SecretState {
  if (typeof value !== 'string' || value === '') return { set: false };
  const env = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value);
  return env ? { set: true, reference: `environment variable ${env[1]}` } : { set: true };
}

/**
 * Where a connector's secret goes when an engineer sets or clears it: the one function to point at
 * the station's secret store (issue 15) once it exists. Today the value stays where mes.json has
 * always kept it, in the connector's options (or a `${ENV}` reference an engineer types in).
 */
export function applySecret(options: Record<string, unknown>, name: string, change: SecretInput, old: unknown): void {
  if ('keep' in change) {
    if (old !== undefined) options[name] = old;
  } else if ('set' in change) options[name] = change.set;
  else delete options[name];
}

/**
 * The options a save asks for, checked by the transport: plain options as given, each secret kept,
 * set or cleared. A problem names the field (`options.baseUrl`).
 */
export function mergeOptions(
  config: ConnectorConfig,
  factory: ConnectorFactory<unknown>,
  input: { options: Record<string, unknown>; secrets: Record<string, SecretInput> },
): Result<{ options: Record<string, unknown>; parsed: unknown; changedSecrets: string[] }> {
  const secretNames = SECRET_OPTIONS[config.type];
  for (const name of Object.keys(input.options)) {
    if (secretNames.includes(name)) return fail('bad-request', `options.${name}: is a secret; it is set through secrets.${name}, write-only`, `options.${name}`);
  }
  for (const name of Object.keys(input.secrets)) {
    if (!secretNames.includes(name)) return fail('bad-request', `secrets.${name}: a ${config.type} connector has no secret ${name} (its secrets: ${secretNames.join(', ') || 'none'})`, `secrets.${name}`);
  }
  const options: Record<string, unknown> = { ...input.options };
  for (const name of secretNames) applySecret(options, name, input.secrets[name] ?? { keep: true }, config.options[name]);
  const parsed = factory.optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = formatFieldPath(issue.path);
    return fail('bad-request', `options${field ? `.${field}` : ''}: ${issue.message}`, `options${field ? `.${field}` : ''}`);
  }
  const changedSecrets = secretNames.filter((n) => input.secrets[n] !== undefined && !('keep' in input.secrets[n]!));
  return ok({ options, parsed: parsed.data, changedSecrets });
}

/** For the audit trail: the options with each secret replaced by whether it is set. */
export function redacted(config: Pick<ConnectorConfig, 'type' | 'enabled' | 'options'>): { enabled: boolean; options: Record<string, unknown> } {
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config.options)) options[name] = SECRET_OPTIONS[config.type].includes(name) ? '(set)' : value;
  return { enabled: config.enabled, options };
}

/**
 * Writes one connector's `enabled` and `options` into the project's mes.json, leaving the rest of the
 * file as it is (temp file + rename: a reader never sees half a file; a failed write changes nothing).
 */
export async function writeConnectorOptions(projectDir: string, id: string, enabled: boolean, options: Record<string, unknown>): Promise<Result<void>> {
  let doc: { connectors?: Array<{ id?: unknown; enabled?: unknown; options?: unknown }> };
  try {
    doc = JSON.parse(await readFile(join(projectDir, FILE), 'utf8')) as typeof doc;
  } catch (error) {
    return fail('config-error', `${FILE}: cannot read it to save the connector: ${(error as Error).message}`, FILE);
  }
  const entry = Array.isArray(doc.connectors) ? doc.connectors.find((c) => c.id === id) : undefined;
  if (!entry) return fail('config-error', `${FILE} has no connector ${id} any more (was it edited by hand?)`, FILE);
  entry.enabled = enabled;
  entry.options = options;
  try {
    await writeFileAtomic(projectDir, FILE, `${JSON.stringify(doc, null, 2)}\n`);
  } catch (error) {
    return fail('internal', `cannot write ${FILE}: ${(error as Error).message}`, FILE);
  }
  return ok(undefined);
}
