import { z } from 'zod';
import { isSecretRef, type SecretField } from '../../../common/secrets.ts';
import type { DriverFactory } from '../../../drivers/api.ts';
import type { ConnectorFactory } from '../mes/connector.ts';
import { valueAt, withValueAt, type Settings } from './secret-fields.ts';
import type { SecretChanges, SecretLookup } from './secret-store.ts';

/**
 * Looks secrets up in the store, with changes of an edit not yet accepted laid over it while that
 * edit is validated (`withChanges`), so a refused edit never touches the secrets file.
 */
export class SecretResolver implements SecretLookup {
  private readonly store: SecretLookup;
  /** Where a person sets a missing secret, for messages: the data folder. */
  readonly dataDir: string;
  /**
   * 'refuse' (the runtime): a reference without a value is a problem at its field. 'placeholder'
   * (`npm run check`, which may run where the station's secrets are not): it is checked as if set.
   */
  readonly missing: 'refuse' | 'placeholder';
  private pending: SecretChanges | undefined;

  constructor(store: SecretLookup, dataDir: string, missing: 'refuse' | 'placeholder' = 'refuse') {
    this.store = store;
    this.dataDir = dataDir;
    this.missing = missing;
  }

  get(name: string): string | undefined {
    if (this.pending?.has(name)) return this.pending.get(name) ?? undefined;
    return this.store.get(name);
  }

  /** Runs `work` (synchronous validation) seeing `changes` as if they were stored. */
  withChanges<T>(changes: SecretChanges, work: () => T): T {
    const before = this.pending;
    this.pending = changes;
    try {
      return work();
    } finally {
      this.pending = before;
    }
  }
}

/** What a reference without a value is checked as, where that is allowed: long enough for any secret's rules. */
const PLACEHOLDER = 'placeholder-for-a-secret-not-yet-set-0123456789';

/**
 * The settings with every reference at a secret field replaced by its value; a missing value is an
 * issue at that field. With `urlPasswords: 'refuse'`, a URL option carrying a password (`mqtt://u:p@host`)
 * is refused too: it would sit in mes.json in clear and come back in error messages.
 */
function resolvingSchema<T>(schema: z.ZodType<T>, fields: readonly SecretField[], resolver: SecretResolver, urlPasswords: 'refuse' | 'allow' = 'allow'): z.ZodType<T> {
  return z
    .unknown()
    .transform((input, ctx) => {
      if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
      let settings = input as Settings;
      if (urlPasswords === 'refuse') {
        for (const [key, value] of Object.entries(settings)) {
          if (!/url$/i.test(key) || typeof value !== 'string' || !URL.canParse(value) || new URL(value).password === '') continue;
          const where = fields.map((f) => f.path).join(' or ') || 'a secret';
          ctx.addIssue({ code: 'custom', path: [key], message: `a URL cannot carry a password (it would be kept in the project in clear): give it as ${where}, which the station keeps in its secrets file` });
          return z.NEVER;
        }
      }
      for (const { path } of fields) {
        const ref = valueAt(settings, path);
        if (!isSecretRef(ref)) continue;
        // A value the station generates at start (`generate: true`) is checked before it exists.
        const value = resolver.get(ref.secret) ?? (ref.generate || resolver.missing === 'placeholder' ? PLACEHOLDER : undefined);
        if (value === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: path.split('.'),
            message: `the secret "${ref.secret}" is not in this station's secrets file (restore it from the backup, or set it: npm run secrets -- --data ${resolver.dataDir} set ${ref.secret})`,
          });
          return z.NEVER;
        }
        settings = withValueAt(settings, path, value);
      }
      return settings;
    })
    .pipe(schema) as unknown as z.ZodType<T>;
}

/**
 * The drivers, each reading its secret fields through the resolver: project.json holds references,
 * the driver's own schema (and the driver) sees the values. Drivers without secret fields are as they were.
 */
export function withDriverSecrets(drivers: ReadonlyMap<string, DriverFactory<unknown>>, resolver: SecretResolver): Map<string, DriverFactory<unknown>> {
  return new Map(
    [...drivers].map(([protocol, factory]) => {
      const fields = factory.secretFields ?? [];
      if (fields.length === 0) return [protocol, factory];
      const wrapped: DriverFactory<unknown> = {
        protocol: factory.protocol,
        description: factory.description,
        secretFields: fields,
        configSchema: resolvingSchema(factory.configSchema, fields, resolver),
        validateAddress: (address, config, options, dataType) => factory.validateAddress(address, config, options, dataType),
        create: (config, context) => factory.create(config, context),
      };
      return [protocol, wrapped];
    }),
  );
}

/** The MES transports, each reading its secret options through the resolver (as `withDriverSecrets`). */
export function withConnectorSecrets(types: ReadonlyMap<string, ConnectorFactory<unknown>>, resolver: SecretResolver): Map<string, ConnectorFactory<unknown>> {
  return new Map(
    [...types].map(([type, factory]) => {
      const fields = factory.secretFields ?? [];
      const schema = resolvingSchema(factory.optionsSchema as unknown as z.ZodType<unknown>, fields, resolver, 'refuse');
      const wrapped: ConnectorFactory<unknown> = {
        type: factory.type,
        secretFields: fields,
        optionsSchema: schema,
        plainOptionsSchema: factory.plainOptionsSchema ?? factory.optionsSchema,
        create: (config, options, context) => factory.create(config, options, context),
      };
      return [type, wrapped];
    }),
  );
}
