import { z } from 'zod';
import type { ConnectorConfig } from '../../../common/mes-config.ts';
import type { ConnectorOptionField, ConnectorOptionsView, SecretState } from '../../../common/mes-connector-options.ts';
import { ENV_REFERENCE, isSecretRef, type SecretWrite } from '../../../common/secrets.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { formatFieldPath } from '../../../common/zod-problem.ts';
import { editConnectorEntry } from './mes-json-edit.ts';
import type { ConnectorFactory } from './connector.ts';
import { connectorSecretName } from '../secrets/project-secret-fields.ts';
import { prepareSecretWrites } from '../secrets/secret-fields.ts';
import type { SecretResolver } from '../secrets/secret-resolver.ts';

/** The options of a transport that are secrets (never listed, never audited, only set, kept or cleared): its `secretFields`. */
export function secretOptions(factory: ConnectorFactory<unknown> | undefined): string[] {
  return (factory?.secretFields ?? []).map((f) => f.path);
}

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
export function optionFields(factory: ConnectorFactory<unknown>): ConnectorOptionField[] {
  const own = factory.plainOptionsSchema ?? factory.optionsSchema;
  const schema = z.toJSONSchema(own as unknown as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProperty>; required?: string[] };
  const required = new Set(schema.required ?? []);
  const secrets = secretOptions(factory);
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const unit = /Ms$/.test(name) ? 'ms' : /Seconds$/.test(name) ? 's' : undefined;
    const kind: ConnectorOptionField['kind'] = secrets.includes(name) ? 'secret' : p.enum ? 'choice' : p.type === 'boolean' ? 'boolean' : p.type === 'integer' || p.type === 'number' ? 'number' : p.format === 'uri' ? 'url' : 'text';
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

/**
 * A connector as the editor shows it: secrets as set / not set, never their values. mes.json refers
 * to a secret by name (`{ "secret": "mes.erp.token" }`); `has` says whether the station's secrets file holds it.
 */
export function optionsView(config: ConnectorConfig, factory: ConnectorFactory<unknown> | undefined, has: (name: string) => boolean): ConnectorOptionsView {
  const secretNames = secretOptions(factory);
  const options: Record<string, unknown> = {};
  const secrets: Record<string, SecretState> = {};
  for (const [name, value] of Object.entries(config.options)) if (!secretNames.includes(name)) options[name] = value;
  for (const name of secretNames) secrets[name] = secretState(config.options[name], has);
  return { id: config.id, type: config.type, enabled: config.enabled, options, secrets, fields: factory ? optionFields(factory) : [] };
}

function secretState(value: unknown, has: (name: string) => boolean): SecretState {
  if (isSecretRef(value)) return { set: has(value.secret) };
  if (typeof value !== 'string' || value === '') return { set: false };
  const env = ENV_REFERENCE.exec(value);
  return env ? { set: true, reference: `environment variable ${env[1]}` } : { set: true };
}

/**
 * The options a save asks for, checked by the transport: plain options as given, each secret kept,
 * set or cleared. A new value goes to the station's secrets file under `mes.<connector>.<option>`
 * (`changes`, applied by the caller once mes.json is written) and mes.json gets the reference; the
 * transport checks the options seeing the new values. A problem names the field (`options.baseUrl`).
 */
export function mergeOptions(
  config: ConnectorConfig,
  factory: ConnectorFactory<unknown>,
  input: { options: Record<string, unknown>; secrets: Record<string, SecretWrite> },
  resolver: Pick<SecretResolver, 'withChanges'> | undefined,
): Result<{ options: Record<string, unknown>; parsed: unknown; changedSecrets: string[]; secretChanges: Map<string, string | null> }> {
  const secretNames = secretOptions(factory);
  for (const name of Object.keys(input.options)) {
    if (secretNames.includes(name)) return fail('bad-request', `options.${name}: is a secret; it is set through secrets.${name}, write-only`, `options.${name}`);
  }
  for (const name of Object.keys(input.secrets)) {
    if (!secretNames.includes(name)) return fail('bad-request', `secrets.${name}: a ${config.type} connector has no secret ${name} (its secrets: ${secretNames.join(', ') || 'none'})`, `secrets.${name}`);
  }
  const incoming: Record<string, unknown> = { ...input.options };
  for (const name of secretNames) incoming[name] = input.secrets[name] ?? { keep: true };
  const prepared = prepareSecretWrites(incoming, {
    fields: factory.secretFields ?? [],
    previous: config.options,
    nameFor: (path) => connectorSecretName(config.id, path),
    where: 'options',
  });
  if (!prepared.ok) return prepared;
  const { settings, changes } = prepared.value;
  const check = () => factory.optionsSchema.safeParse(settings);
  const parsed = resolver ? resolver.withChanges(changes, check) : check();
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = formatFieldPath(issue.path);
    return fail('bad-request', `options${field ? `.${field}` : ''}: ${issue.message}`, `options${field ? `.${field}` : ''}`);
  }
  const changedSecrets = secretNames.filter((n) => input.secrets[n] !== undefined && !('keep' in input.secrets[n]!));
  return ok({ options: settings, parsed: parsed.data, changedSecrets, secretChanges: changes });
}

/** For the audit trail: the options with each secret replaced by whether it is set. */
export function redacted(config: Pick<ConnectorConfig, 'type' | 'enabled' | 'options'>, factory: ConnectorFactory<unknown> | undefined): { enabled: boolean; options: Record<string, unknown> } {
  const secretNames = secretOptions(factory);
  const options: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(config.options)) options[name] = secretNames.includes(name) ? '(set)' : value;
  return { enabled: config.enabled, options };
}

/** Writes one connector's `enabled` and `options` into the project's mes.json (the rest stays as it is). */
export function writeConnectorOptions(projectDir: string, id: string, enabled: boolean, options: Record<string, unknown>): Promise<Result<void>> {
  return editConnectorEntry(projectDir, id, 'the connector', (entry) => {
    entry['enabled'] = enabled;
    entry['options'] = options;
  });
}
