import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../main/runtime.ts';
import { TEST_USERS } from '../support/users.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const TOKEN = 'signature-test-token-0123456789';
let runtime: Runtime;
let dir: string;
const clients: TestClient[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lineside-signatures-'));
  const projectDir = join(dir, 'project');
  await cp(join(import.meta.dirname, '../fixtures/projects/basic'), projectDir, { recursive: true, filter: (s) => !s.includes('.lineside-data') });
  const file = join(projectDir, 'project.json');
  const project = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  project['security'] = { signatures: { calls: ['trends.views.save'], criticalTags: ['Line1/Setpoint'], verifierCalls: ['trends.views.delete'] } };
  await writeFile(file, JSON.stringify(project));
  runtime = await startTestRuntime({ projectDir, dataDir: join(dir, 'data'), port: 0, token: TOKEN });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await runtime?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function signedIn(role: keyof typeof TEST_USERS): Promise<TestClient> {
  const client = await TestClient.connect(runtime.url, TOKEN);
  clients.push(client);
  return client.loginAs(role);
}

const lastRecords = (n: number) => runtime.audit.search({ limit: n }).records.reverse();

describe('electronic signatures on configured critical actions', () => {
  it('a write to a critical tag needs the password again, meaning and reason; a wrong password is refused and audited', async () => {
    const op = await signedIn('operator');
    const unsigned = await op.request('tags.write', { path: 'Line1/Setpoint', value: 300 });
    expect(unsigned.error).toMatchObject({ code: 'signature-required', path: 'signature', message: expect.stringContaining('tags.write needs an electronic signature') });

    const wrong = await op.request('tags.write', { path: 'Line1/Setpoint', value: 300 }, { password: 'not-my-password', meaning: 'Performed', reason: 'grade change' });
    expect(wrong.error).toMatchObject({ code: 'forbidden', path: 'signature.password', message: 'the signature of operator is refused: wrong user name or password' });
    // The refusal at once; the wrong password itself as one record per burst of tries (below).
    expect(lastRecords(1).map((r) => r.action)).toEqual(['signature.refused']);
    expect(runtime.engine.slot('Line1/Setpoint')!.current.value).toBe(120);

    const empty = await op.request('tags.write', { path: 'Line1/Setpoint', value: 300 }, { password: TEST_USERS.operator.password, meaning: 'Performed', reason: ' ' });
    expect(empty.error).toMatchObject({ code: 'bad-request', path: 'frame.signature.reason' });

    const good = await op.request('tags.write', { path: 'Line1/Setpoint', value: 300 }, { password: TEST_USERS.operator.password, meaning: 'Performed', reason: 'grade change' });
    expect(good.ok).toBe(true);
    const [write, signature] = lastRecords(2);
    expect(write).toMatchObject({ action: 'tags.write', user: 'operator', target: 'Line1/Setpoint', newValue: '300', oldValue: expect.stringContaining('"value":120') });
    expect(signature).toMatchObject({ action: 'signature', user: 'operator', role: 'operator', target: 'Line1/Setpoint', meaning: 'Performed', reason: 'grade change' });
    // The burst of wrong signature passwords ended with the right one, and was written before it.
    expect(lastRecords(3)[0]).toMatchObject({ action: 'signature.failed', user: 'operator', reason: 'wrong password' });
    expect(runtime.audit.verify().ok).toBe(true);
  });

  it('other tags and calls need no signature', async () => {
    const op = await signedIn('operator');
    // Line1/Run is not critical: the write goes past the gate to the device (whose memory answers for itself).
    const reply = await op.request('tags.write', { path: 'Line1/Run', value: true });
    expect(reply.error?.code).not.toBe('signature-required');
    expect(reply.error?.code).not.toBe('forbidden');
  });

  it('a configured call needs a second person, another one, allowed to do the same', async () => {
    const eng = await signedIn('engineer');
    const view = { name: 'Tank', pens: ['Line1/Wave'], live: true, span: 60_000 };
    const sign = { password: TEST_USERS.engineer.password, meaning: 'Approved', reason: 'shift view' };
    expect((await eng.request('trends.views.save', view)).error?.code).toBe('signature-required');
    expect((await eng.request('trends.views.save', view, sign)).ok).toBe(true);

    const noVerifier = await eng.request('trends.views.delete', { name: 'Tank' }, sign);
    expect(noVerifier.error).toMatchObject({ code: 'signature-required', path: 'signature.verifier' });
    const self = await eng.request('trends.views.delete', { name: 'Tank' }, { ...sign, verifier: TEST_USERS.engineer });
    expect(self.error).toMatchObject({ code: 'forbidden', path: 'signature.verifier.name', message: 'the verifier must be another person than the signer' });
    const wrongVerifier = await eng.request('trends.views.delete', { name: 'Tank' }, { ...sign, verifier: { name: 'supervisor', password: 'wrong-password!' } });
    expect(wrongVerifier.error).toMatchObject({ code: 'forbidden', path: 'signature.verifier.password' });
    expect((await eng.call('trends.views.list', {})).map((v) => v.name)).toEqual(['Tank']);

    const ok = await eng.request('trends.views.delete', { name: 'Tank' }, { ...sign, verifier: TEST_USERS.supervisor });
    expect(ok.ok).toBe(true);
    expect(lastRecords(1)[0]).toMatchObject({ action: 'signature', target: 'Tank', meaning: 'Approved', newValue: expect.stringContaining('"verifier":"supervisor"') });
  });

  it('an invalid signature setting stops the project with the field named', async () => {
    const projectDir = join(dir, 'bad');
    await cp(join(import.meta.dirname, '../fixtures/projects/basic'), projectDir, { recursive: true, filter: (s) => !s.includes('.lineside-data') });
    const file = join(projectDir, 'project.json');
    const project = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    project['security'] = { signatures: { calls: ['tags.wirte'] } };
    await writeFile(file, JSON.stringify(project));
    const started = await startRuntime({ projectDir, dataDir: join(dir, 'bad-data'), port: 0, token: TOKEN });
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error.message).toContain('security.signatures.calls[0]');
  });
});
