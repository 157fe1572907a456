import { describe, expect, it } from 'vitest';
import { parseNodeId, resolveNodeId } from '../../drivers/opcua/address.ts';
import { OpcuaConfigSchema } from '../../drivers/opcua/config.ts';
import { opcuaDriverFactory } from '../../drivers/opcua/opcua-driver.ts';
import { builtinDrivers } from '../../drivers/registry.ts';

const config = OpcuaConfigSchema.parse({ endpointUrl: 'opc.tcp://127.0.0.1:4840' });
const validate = (address: string, options?: Record<string, unknown>) => opcuaDriverFactory.validateAddress(address, config, options);
const message = (address: string, options?: Record<string, unknown>) => {
  const result = validate(address, options);
  return result.ok ? 'ok' : result.error.message;
};

describe('opcua addresses', () => {
  it.each([
    ['ns=2;s=Line1.Speed', { namespace: { index: 2 }, kind: 's', id: 'Line1.Speed' }],
    ['ns=2;i=1001', { namespace: { index: 2 }, kind: 'i', id: 1001 }],
    ['i=2258', { namespace: { index: 0 }, kind: 'i', id: 2258 }],
    ['nsu=urn:lineside:test;s=A;B', { namespace: { uri: 'urn:lineside:test' }, kind: 's', id: 'A;B' }],
    ['ns=3;g=72962b91-fa75-4ae6-8d28-b404dc7daf63', { namespace: { index: 3 }, kind: 'g', id: '72962b91-fa75-4ae6-8d28-b404dc7daf63' }],
    ['ns=1;b=M/RbKBsRVkePCePcx24oRA==', { namespace: { index: 1 }, kind: 'b', id: 'M/RbKBsRVkePCePcx24oRA==' }],
    ['  ns=2;s=Padded  ', { namespace: { index: 2 }, kind: 's', id: 'Padded' }],
  ])('parses %s', (address, expected) => {
    expect(parseNodeId(address)).toEqual({ ok: true, value: expected });
    expect(validate(address).ok).toBe(true);
  });

  it.each([
    ['', /empty/],
    ['Line1.Speed', /is not a NodeId: write a NodeId such as ns=2;s=Line1.Speed/],
    ['ns=x;s=A', /namespace index must be a number/],
    ['ns=70000;i=1', /namespace index must be a number from 0 to 65535/],
    ['ns=2;i=12a', /numeric identifier \(i=\) must be a whole number/],
    ['ns=2;s=', /string identifier after s= is empty/],
    ['ns=2;g=1234', /GUID identifier/],
    ['ns=2;b=***', /base64/],
    ['nsu=;s=A', /nsu= needs a namespace URI/],
    ['ns=2;x=1', /is not a NodeId/],
  ])('refuses %j with a clear error', (address, error) => {
    const result = validate(address);
    expect(result).toMatchObject({ ok: false, error: { code: 'config-error' } });
    expect(message(address)).toMatch(error);
  });

  it('checks the per-tag options', () => {
    expect(validate('ns=2;s=A', { samplingInterval: 100, publishingInterval: 500, deadband: 0.5, deadbandType: 'absolute', queueSize: 5 }).ok).toBe(true);
    expect(validate('ns=2;s=A', { deadband: 10, deadbandType: 'percent' }).ok).toBe(true);
    expect(message('ns=2;s=A', { deadband: 150, deadbandType: 'percent' })).toMatch(/options.deadband: a percent deadband must be between 0 and 100/);
    expect(message('ns=2;s=A', { deadbandType: 'relative' })).toMatch(/^options.deadbandType/);
    expect(message('ns=2;s=A', { publishingInterval: 1 })).toMatch(/^options.publishingInterval/);
    expect(message('ns=2;s=A', { queueSize: 0 })).toMatch(/^options.queueSize/);
    expect(message('ns=2;s=A', { sampling: 100 })).toMatch(/sampling/);
  });

  it('resolves a namespace URI against the server namespace array', () => {
    const parsed = parseNodeId('nsu=urn:b;s=X');
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(resolveNodeId(parsed.value, ['http://opcfoundation.org/UA/', 'urn:a', 'urn:b'])).toEqual({ ok: true, value: 'ns=2;s=X' });
    expect(resolveNodeId(parsed.value, ['http://opcfoundation.org/UA/'])).toMatchObject({ ok: false, error: { message: 'the server has no namespace urn:b' } });
  });

  it('validates the device config', () => {
    expect(OpcuaConfigSchema.safeParse({ endpointUrl: 'http://x' }).success).toBe(false);
    const mismatch = OpcuaConfigSchema.safeParse({ endpointUrl: 'opc.tcp://h:4840', securityMode: 'Sign' });
    expect(mismatch.success).toBe(false);
    expect(mismatch.error?.issues[0]?.message).toMatch(/needs a securityPolicy/);
    expect(OpcuaConfigSchema.parse({ endpointUrl: 'opc.tcp://h:4840', securityMode: 'SignAndEncrypt', securityPolicy: 'Aes256_Sha256_RsaPss', auth: { type: 'username', username: 'u', password: 'p' } })).toMatchObject({
      publishingInterval: 1000,
      reconnectMinMs: 500,
    });
  });

  it('is registered as the opcua protocol', () => {
    expect(builtinDrivers().get('opcua')).toBe(opcuaDriverFactory);
  });
});
