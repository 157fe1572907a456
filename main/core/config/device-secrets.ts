import { fail, ok, type Result } from '../../../common/result.ts';
import type { SecretField } from '../../../common/secrets.ts';
import type { DriverFactory } from '../../../drivers/api.ts';
import { describeSecretWrites, prepareSecretWrites, redactSecretFields, referencedSecrets, type Settings } from '../secrets/secret-fields.ts';
import type { SecretResolver } from '../secrets/secret-resolver.ts';
import type { SecretChanges, SecretStore } from '../secrets/secret-store.ts';
import { deviceSecretName } from '../secrets/project-secret-fields.ts';

type RawEntry = Record<string, unknown>;

/**
 * The secret fields of devices as the configuration editor handles them: listed as set / not set,
 * written as references with their values in the secrets file (only once the whole edit is accepted),
 * released when the device no longer uses them, and audited without values.
 */
export class DeviceSecrets {
  private readonly store: SecretStore;
  private readonly resolver: SecretResolver;
  private readonly drivers: ReadonlyMap<string, DriverFactory<unknown>>;

  constructor(secrets: { store: SecretStore; resolver: SecretResolver }, drivers: ReadonlyMap<string, DriverFactory<unknown>>) {
    this.store = secrets.store;
    this.resolver = secrets.resolver;
    this.drivers = drivers;
  }

  /** Driver → its secret fields (for the form). */
  fields(): Record<string, SecretField[]> {
    return Object.fromEntries([...this.drivers].map(([name, f]) => [name, [...(f.secretFields ?? [])]]));
  }

  private fieldsOf(raw: RawEntry): readonly SecretField[] {
    return this.drivers.get(String(raw['driver']))?.secretFields ?? [];
  }

  /** The device as every client reads it. */
  redact(raw: RawEntry): RawEntry {
    const config = raw['config'];
    if (typeof config !== 'object' || config === null || Array.isArray(config)) return raw;
    return { ...raw, config: redactSecretFields(config as Settings, this.fieldsOf(raw), (name) => this.store.has(name)) };
  }

  /** What a client sent, as the audit trail records it. */
  describe(raw: RawEntry): RawEntry {
    const config = raw['config'];
    if (typeof config !== 'object' || config === null || Array.isArray(config)) return raw;
    return { ...raw, config: describeSecretWrites(config as Settings, this.fieldsOf(raw)) };
  }

  /** A device as sent → as project.json will hold it, and the changes for the secrets file. */
  prepare(raw: RawEntry, previous: RawEntry | undefined): Result<{ raw: RawEntry; changes: Map<string, string | null> }> {
    const config = raw['config'] ?? {};
    if (typeof config !== 'object' || config === null || Array.isArray(config)) return ok({ raw, changes: new Map() });
    const name = String(raw['name']);
    const before = previous?.['driver'] === raw['driver'] ? previous?.['config'] : undefined;
    const prepared = prepareSecretWrites(config as Settings, {
      fields: this.fieldsOf(raw),
      previous: typeof before === 'object' && before !== null ? (before as Settings) : undefined,
      nameFor: (path) => deviceSecretName(name, path),
      where: 'device.config',
    });
    if (!prepared.ok) return prepared;
    const changes = prepared.value.changes;
    // A device moved to another driver lets go of the secrets it had under its own name.
    if (previous && previous['driver'] !== raw['driver']) for (const secret of this.ownSecrets(previous)) if (!changes.has(secret)) changes.set(secret, null);
    return ok({ raw: { ...raw, config: prepared.value.settings }, changes });
  }

  /** The secrets a deleted device had under its own name, unless another device refers to them. */
  released(gone: RawEntry, remaining: readonly RawEntry[]): Map<string, string | null> {
    return this.sparingShared(new Map(this.ownSecrets(gone).map((s) => [s, null])), remaining);
  }

  private ownSecrets(device: RawEntry): string[] {
    const fields = this.fieldsOf(device);
    const own = new Set(fields.map((f) => deviceSecretName(String(device['name']), f.path)));
    return referencedSecrets(device['config'], fields).filter((s) => own.has(s));
  }

  /** The changes without deleting secrets that other devices still refer to (a reference written by hand). */
  sparingShared(changes: Map<string, string | null>, others: readonly RawEntry[]): Map<string, string | null> {
    const used = new Set(others.flatMap((d) => referencedSecrets(d['config'], this.fieldsOf(d))));
    return new Map([...changes].filter(([name, value]) => value !== null || !used.has(name)));
  }

  /** Runs synchronous validation seeing the changes as if they were stored. */
  validating<T>(changes: SecretChanges, work: () => T): T {
    return changes.size === 0 ? work() : this.resolver.withChanges(changes, work);
  }

  /** Stores the changes; the returned function puts the previous values back (when writing the project files fails). */
  commit(changes: SecretChanges): Result<() => void> {
    if (changes.size === 0) return ok(() => {});
    const previous = new Map([...changes.keys()].map((name) => [name, this.store.get(name) ?? null]));
    const stored = this.store.update(changes);
    if (!stored.ok) return fail('internal', `cannot keep the secret: ${stored.error.message}`, 'device.config');
    return ok(() => void this.store.update(previous));
  }
}
