import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRETS_FILE, SecretStore } from '../../main/core/secrets/secret-store.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lineside-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(folder = dir): SecretStore {
  const opened = SecretStore.open(folder);
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('SecretStore (the station secrets file)', () => {
  it('sets, gets, lists and deletes by name, in a 600 file of a 700 folder that a new store reads back', () => {
    const data = join(dir, 'data');
    const store = open(data);
    expect(store.has('devices.plc1.auth.password')).toBe(false);
    expect(store.set('devices.plc1.auth.password', 'pa55-w0rd').ok).toBe(true);
    expect(
      store.update(
        new Map([
          ['mes.erp.token', 't0ken'],
          ['devices.plc2.auth.password', 'x'],
        ]),
      ).ok,
    ).toBe(true);
    expect(mode(data)).toBe(0o700);
    expect(mode(join(data, SECRETS_FILE))).toBe(0o600);
    expect(readdirSync(data)).toEqual([SECRETS_FILE]);

    const again = open(data);
    expect(again.get('devices.plc1.auth.password')).toBe('pa55-w0rd');
    expect(again.names()).toEqual(['devices.plc1.auth.password', 'devices.plc2.auth.password', 'mes.erp.token']);
    expect(again.delete('devices.plc2.auth.password')).toEqual({ ok: true, value: true });
    expect(again.delete('devices.plc2.auth.password')).toEqual({ ok: true, value: false });
    expect(open(data).names()).toEqual(['devices.plc1.auth.password', 'mes.erp.token']);
  });

  it('sees a change another process made to the file (npm run secrets while running)', () => {
    const store = open();
    store.set('mes.erp.token', 'first');
    open().set('mes.erp.token', 'second');
    expect(store.get('mes.erp.token')).toBe('second');
    // And a write by this store keeps what the other one added.
    open().set('mes.erp.webhookSecret', 'from-the-cli-0123456789');
    store.set('devices.a.auth.password', 'a');
    expect(open().names()).toEqual(['devices.a.auth.password', 'mes.erp.token', 'mes.erp.webhookSecret']);
  });

  it('tightens a secrets file that was left readable to others', () => {
    writeFileSync(join(dir, SECRETS_FILE), JSON.stringify({ format: 1, secrets: { 'mes.erp.token': 'abc' } }));
    chmodSync(join(dir, SECRETS_FILE), 0o644);
    expect(open().get('mes.erp.token')).toBe('abc');
    expect(mode(join(dir, SECRETS_FILE))).toBe(0o600);
  });

  it.each([
    ['{"format": 1, "secrets": {', /secrets\.json is not valid JSON/],
    ['{"format": 2, "secrets": {}}', /secrets\.json format: this Lineside reads secrets files of format 1/],
    ['{"format": 1, "secrets": {"bad name": "x"}}', /secrets\.json secrets\.bad name: a secret name is letters/],
  ])('refuses a broken file, naming it and what to do: %s', (text, message) => {
    writeFileSync(join(dir, SECRETS_FILE), text);
    const opened = SecretStore.open(dir);
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error.message).toMatch(message);
    expect(opened.error.message).toMatch(/Restore it from the station's backup/);
  });

  it('refuses bad names and empty values, changing nothing', () => {
    const store = open();
    store.set('mes.erp.token', 'keep-me');
    expect(store.set('../escape', 'x')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/secret name "..\/escape"/) } });
    expect(store.set('mes.erp.token', '')).toMatchObject({ ok: false, error: { message: expect.stringMatching(/a value has 1 to/) } });
    expect(JSON.parse(readFileSync(join(dir, SECRETS_FILE), 'utf8'))).toEqual({ format: 1, secrets: { 'mes.erp.token': 'keep-me' } });
  });
});
