import { randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../../../common/result.ts';
import type { SecretField } from '../../../common/secrets.ts';
import type { DriverFactory } from '../../../drivers/api.ts';
import type { AuditSink } from '../audit/audit-trail.ts';
import type { ConnectorFactory } from '../mes/connector.ts';
import { describePreparedSecrets, prepareProjectSecrets } from './inline-secrets.ts';
import { scanProjectSecrets } from './project-secret-fields.ts';
import { checkPublishedSecrets } from './published-secrets.ts';
import { SecretResolver, withConnectorSecrets, withDriverSecrets } from './secret-resolver.ts';
import { SecretStore } from './secret-store.ts';

/** The station token's name in the secrets file. */
export const STATION_TOKEN_SECRET = 'lineside.stationToken';

/** Where the station token came from: given by the host, LINESIDE_TOKEN, kept from an earlier start, or made now. */
export type TokenSource = 'option' | 'environment' | 'stored' | 'new';

/** A station's secrets, and the drivers and MES transports that read their secret fields from them. */
export interface StationSecrets {
  store: SecretStore;
  resolver: SecretResolver;
  drivers: Map<string, DriverFactory<unknown>>;
  connectorTypes: Map<string, ConnectorFactory<unknown>>;
}

export function openStationSecrets(
  dataDir: string,
  drivers: ReadonlyMap<string, DriverFactory<unknown>>,
  connectorTypes: ReadonlyMap<string, ConnectorFactory<unknown>>,
  missing: 'refuse' | 'placeholder' = 'refuse',
): Result<StationSecrets> {
  const store = SecretStore.open(dataDir);
  if (!store.ok) return store;
  const resolver = new SecretResolver(store.value, dataDir, missing);
  return ok({ store: store.value, resolver, drivers: withDriverSecrets(drivers, resolver), connectorTypes: withConnectorSecrets(connectorTypes, resolver) });
}

function fieldsOf(secrets: StationSecrets): { driverFields: (d: string) => readonly SecretField[]; connectorFields: (t: string) => readonly SecretField[] } {
  return {
    driverFields: (d) => secrets.drivers.get(d)?.secretFields ?? [],
    connectorFields: (t) => secrets.connectorTypes.get(t)?.secretFields ?? [],
  };
}

/**
 * At start, once the project loaded and the audit trail is open: moves inline secrets into the
 * secrets file and generates missing `"generate": true` ones (both audited by name and field, never
 * the value, and said on the console), settles the station token, then refuses when any configured
 * secret is a value published in Lineside's examples. `changed` says the project files were rewritten
 * or secrets generated (the caller loads the project again).
 */
export async function prepareStationSecrets(options: {
  projectDir: string;
  secrets: StationSecrets;
  audit: AuditSink;
  log: (line: string) => void;
  token: { value: string; source: 'option' | 'environment' } | undefined;
  env: NodeJS.ProcessEnv;
}): Promise<Result<{ changed: boolean; token: string; tokenSource: TokenSource }>> {
  const { secrets, audit } = options;
  const { store } = secrets;
  const prepared = await prepareProjectSecrets({ projectDir: options.projectDir, store, ...fieldsOf(secrets) });
  if (!prepared.ok) return prepared;
  const system = { user: 'system', role: 'system', station: 'runtime' };
  for (const m of prepared.value.moved) {
    audit.record({ ...system, action: 'secrets.moved', target: `${m.file} ${m.field}`, newValue: { name: m.name, into: store.file } });
  }
  for (const g of prepared.value.generated) {
    audit.record({ ...system, action: 'secrets.generated', target: `${g.file} ${g.field}`, newValue: { name: (g.value as { secret: string }).secret, into: store.file } });
  }
  for (const line of describePreparedSecrets(prepared.value, store)) options.log(line);

  let token = options.token?.value;
  let tokenSource: TokenSource = options.token?.source ?? 'stored';
  if (token === undefined) {
    token = store.get(STATION_TOKEN_SECRET);
    if (token === undefined) {
      token = randomBytes(24).toString('base64url');
      const saved = store.set(STATION_TOKEN_SECRET, token);
      if (!saved.ok) return saved;
      tokenSource = 'new';
      audit.record({ ...system, action: 'secrets.generated', target: 'station token', newValue: { name: STATION_TOKEN_SECRET, into: store.file } });
    }
  }
  if (token.length < 16) return fail('config-error', `the station token (${STATION_TOKEN_SECRET} in ${store.file}) must be at least 16 characters`);

  const scan = await scanProjectSecrets(options.projectDir, fieldsOf(secrets).driverFields, fieldsOf(secrets).connectorFields);
  const sources: Record<TokenSource, string> = { option: 'given by the host', environment: 'LINESIDE_TOKEN', stored: `${STATION_TOKEN_SECRET} in ${store.file}`, new: 'generated now' };
  const published = checkPublishedSecrets({ store, fields: scan.fields, env: options.env, token: { value: token, source: sources[tokenSource] } });
  if (!published.ok) return published;
  return ok({ changed: prepared.value.moved.length + prepared.value.generated.length > 0, token, tokenSource });
}
