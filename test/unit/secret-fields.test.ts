import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { DriverFactory } from '../../drivers/api.ts';
import { describeSecretWrites, prepareSecretWrites, redactSecretFields } from '../../main/core/secrets/secret-fields.ts';
import { SecretResolver, withConnectorSecrets, withDriverSecrets } from '../../main/core/secrets/secret-resolver.ts';
import { builtinConnectorTypes } from '../../main/core/mes/connector-types.ts';
import { scrubSecrets, scrubSecretsInJson } from '../../main/core/secrets/scrub.ts';

const FIELDS = [{ path: 'auth.password', label: 'Password' }];
const REF = { secret: 'devices.plc1.auth.password' };
const previous = { endpointUrl: 'opc.tcp://plc:4840', auth: { type: 'username', username: 'op', password: REF } };
const context = { fields: FIELDS, previous, nameFor: (path: string) => `devices.plc1.${path}`, where: 'device.config' };
const sent = (password: unknown) => ({ endpointUrl: 'opc.tcp://plc:4840', auth: { type: 'username', username: 'op', ...(password === undefined ? {} : { password }) } });

describe('secret fields: what clients read and write', () => {
  it('reads as set / not set with the name, never the value; inline and environment values as the project holds them', () => {
    const has = (name: string) => name === REF.secret;
    expect(redactSecretFields(previous, FIELDS, has)).toEqual({ ...previous, auth: { ...previous.auth, password: { set: true, name: REF.secret } } });
    expect(redactSecretFields(sent({ secret: 'devices.other' }), FIELDS, has).auth).toMatchObject({ password: { set: false, name: 'devices.other' } });
    expect(redactSecretFields(sent('inline-in-clear'), FIELDS, has).auth).toMatchObject({ password: { set: true } });
    expect(redactSecretFields(sent('${PLC_PASSWORD}'), FIELDS, has).auth).toMatchObject({ password: '${PLC_PASSWORD}' });
    expect(redactSecretFields({ endpointUrl: 'x' }, FIELDS, has)).toEqual({ endpointUrl: 'x' });
  });

  it.each([
    ["a typed value (kept under the field's name)", { value: 'new-pass' }, REF, [[REF.secret, 'new-pass']]],
    ['a plain string (REST clients of before)', 'new-pass', REF, [[REF.secret, 'new-pass']]],
    ['the status as read, untouched', { set: true, name: REF.secret }, REF, []],
    ['{ keep: true }', { keep: true }, REF, []],
    ['{ clear: true } (the secret goes)', { clear: true }, undefined, [[REF.secret, null]]],
    ['nothing (the secret goes)', undefined, undefined, [[REF.secret, null]]],
    ['the same reference', REF, REF, []],
  ])('writes %s', (_what, password, stored, changes) => {
    const prepared = prepareSecretWrites(sent(password), context);
    expect(prepared.ok).toBe(true);
    if (!prepared.ok) return;
    expect((prepared.value.settings['auth'] as Record<string, unknown>)['password']).toEqual(stored);
    expect([...prepared.value.changes]).toEqual(changes);
  });

  it("names a new device's secret after the device and field", () => {
    const prepared = prepareSecretWrites(sent({ value: 'first' }), { ...context, previous: undefined });
    expect(prepared).toMatchObject({ ok: true, value: { settings: { auth: { password: { secret: 'devices.plc1.auth.password' } } } } });
  });

  it.each([
    [{ secret: 'devices.plc9.auth.password' }, /device\.config\.auth\.password: a secret is chosen by name in the project file only/],
    [{ value: 'x', extra: 1 }, /device\.config\.auth\.password: a secret is written as/],
    ['', /device\.config\.auth\.password: a secret value cannot be empty/],
  ])('refuses %j, naming the field', (password, message) => {
    const prepared = prepareSecretWrites(sent(password), context);
    expect(prepared.ok).toBe(false);
    if (!prepared.ok) expect(prepared.error.message).toMatch(message);
  });

  it('audits what was asked, never a value', () => {
    expect(JSON.stringify(describeSecretWrites(sent({ value: 'new-pass' }), FIELDS))).not.toContain('new-pass');
    expect(describeSecretWrites(sent('new-pass'), FIELDS)).toMatchObject({ auth: { password: { changed: true } } });
    expect(describeSecretWrites(sent({ set: true }), FIELDS)).toMatchObject({ auth: { password: { kept: true } } });
    expect(describeSecretWrites(sent({ clear: true }), FIELDS)).toMatchObject({ auth: { password: { cleared: true } } });
  });

  it('scrubs values under secret-like keys anywhere, leaving references, statuses and other values alone', () => {
    const record = { name: 'plc1', config: { auth: { password: 'in-clear', user: 'op' } }, options: { webhookSecret: { value: 'w' }, token: '${MES_TOKEN}' }, ref: { password: REF }, n: 3 };
    expect(scrubSecrets(record)).toEqual({ name: 'plc1', config: { auth: { password: { set: true }, user: 'op' } }, options: { webhookSecret: { set: true, changed: true }, token: '${MES_TOKEN}' }, ref: { password: REF }, n: 3 });
    const text = '{"config":{"auth":{"password":"in-clear"}}}';
    expect(scrubSecretsInJson(text)).toBe('{"config":{"auth":{"password":{"set":true}}}}');
    expect(scrubSecretsInJson('{"value":55}')).toBe('{"value":55}');
    expect(scrubSecretsInJson('55')).toBe('55');
  });
});

describe('drivers reading their secret fields through the resolver', () => {
  const factory: DriverFactory<{ auth: { password: string } }> = {
    protocol: 'demo',
    description: 'demo',
    configSchema: z.strictObject({ auth: z.strictObject({ password: z.string().min(3) }) }),
    secretFields: FIELDS,
    validateAddress: () => ({ ok: true, value: undefined }),
    create: () => {
      throw new Error('not in this test');
    },
  };
  const values = new Map([['devices.plc1.auth.password', 'stored-value']]);
  const resolver = new SecretResolver({ get: (name) => values.get(name) }, '/data');
  const wrapped = withDriverSecrets(new Map([['demo', factory as DriverFactory<unknown>]]), resolver).get('demo')!;

  it("hands the driver's schema the value, and names the field and how to set a missing one", () => {
    expect(wrapped.configSchema.parse({ auth: { password: REF } })).toEqual({ auth: { password: 'stored-value' } });
    const missing = wrapped.configSchema.safeParse({ auth: { password: { secret: 'devices.plc9.auth.password' } } });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]).toMatchObject({
      path: ['auth', 'password'],
      message: expect.stringMatching(/"devices\.plc9\.auth\.password" is not in this station's secrets file .* npm run secrets -- --data \/data set devices\.plc9\.auth\.password/),
    });
    // The driver's own checks still apply to the value.
    values.set('devices.plc1.auth.password', 'ab');
    expect(wrapped.configSchema.safeParse({ auth: { password: REF } }).error?.issues[0]?.path).toEqual(['auth', 'password']);
  });

  it('sees the changes of an edit being validated, and only while it is', () => {
    const changes = new Map([['devices.plc1.auth.password', 'pending-value']]);
    expect(resolver.withChanges(changes, () => wrapped.configSchema.parse({ auth: { password: REF } }))).toEqual({ auth: { password: 'pending-value' } });
    expect(resolver.get('devices.plc1.auth.password')).toBe('ab');
  });
});

describe('MES transports reading their secret options through the resolver', () => {
  const resolver = new SecretResolver({ get: (name) => (name === 'mes.uns.password' ? 'broker-pass' : undefined) }, '/data');
  const mqtt = withConnectorSecrets(builtinConnectorTypes(), resolver).get('mqtt')!;
  const base = { url: 'mqtt://127.0.0.1:1883', topicRoot: 'acme/plant1/line1', username: 'line1' };

  it('hands the transport the broker password from the secrets file', () => {
    expect(mqtt.optionsSchema.safeParse({ ...base, password: { secret: 'mes.uns.password' } })).toMatchObject({ success: true, data: { password: 'broker-pass' } });
  });

  it('refuses a URL that carries a password, saying where it belongs', () => {
    const parsed = mqtt.optionsSchema.safeParse({ ...base, url: 'mqtt://line1:broker-pass@127.0.0.1:1883' });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(parsed.error.issues[0]).toMatchObject({ path: ['url'], message: expect.stringMatching(/a URL cannot carry a password .* give it as password, which the station keeps in its secrets file/) });
    expect(JSON.stringify(parsed.error.issues)).not.toContain('broker-pass');
  });
});
