import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PUBLISHED_SECRET_VALUES } from '../../main/core/secrets/published-secrets.ts';
import { EXAMPLE_PROJECT_DIR, startRuntime, type Runtime } from '../../main/runtime.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/projects/basic');
const TOKEN = 'secrets-mes-token-0123456789abcdef';

let work: string;
const runtimes: Runtime[] = [];
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'lineside-secrets-mes-'));
});
afterEach(async () => {
  for (const r of runtimes.splice(0)) await r.dispose();
  await rm(work, { recursive: true, force: true });
});

/** The example's REST connector (its mes.json, as shipped) on a copy of the small fixture project, pointed at a closed port. */
async function projectWith(options: Record<string, unknown> | undefined, folder = 'project'): Promise<string> {
  const dir = join(work, folder);
  await cp(FIXTURE, dir, { recursive: true, filter: (source) => !source.includes('.lineside-data') });
  const example = JSON.parse(await readFile(join(EXAMPLE_PROJECT_DIR, 'mes.json'), 'utf8')) as { connectors: Array<{ options: Record<string, unknown> }> };
  const connector = { ...example.connectors[0]!, options: { ...(options ?? example.connectors[0]!.options), baseUrl: 'http://127.0.0.1:9/api', pollIntervalMs: 0 } };
  await writeFile(join(dir, 'mes.json'), JSON.stringify({ connectors: [connector] }, null, 2));
  return dir;
}

async function start(projectDir: string, dataDir = join(projectDir, '.lineside-data'), log: string[] = []) {
  const started = await startRuntime({ projectDir, dataDir, port: 0, token: TOKEN, log: (line) => log.push(line) });
  if (started.ok) runtimes.push(started.value);
  return started;
}

function pushOrders(runtime: Runtime, secret: string): Promise<Response> {
  return fetch(`${runtime.url}/webhooks/mes/erp/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${secret}` }, body: '[]' });
}

describe('MES secrets', () => {
  it('the example ships no webhook secret: each station generates its own on its first start, kept in its secrets file', async () => {
    const shipped = await readFile(join(EXAMPLE_PROJECT_DIR, 'mes.json'), 'utf8');
    expect(JSON.parse(shipped).connectors[0].options.webhookSecret).toEqual({ secret: 'mes.erp.webhookSecret', generate: true });
    const log: string[] = [];
    const a = await start(await projectWith(undefined, 'a'), undefined, log);
    const b = await start(await projectWith(undefined, 'b'));
    if (!a.ok || !b.ok) throw new Error(`did not start: ${JSON.stringify([a, b].filter((r) => !r.ok))}`);
    const secretA = a.value.secrets.get('mes.erp.webhookSecret')!;
    const secretB = b.value.secrets.get('mes.erp.webhookSecret')!;
    expect(secretA).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(secretB).not.toBe(secretA);
    expect(await readFile(join(work, 'a', 'mes.json'), 'utf8')).not.toContain(secretA);
    expect(log.join('\n')).toMatch(/Generated mes\.json connectors\[0\]\.options\.webhookSecret \(mes\.erp\.webhookSecret\)/);
    expect(log.join('\n')).not.toContain(secretA);
    expect(a.value.audit.search({ action: 'secrets.generated', limit: 5 }).records.map((r) => r.target)).toContain('mes.json connectors[0].options.webhookSecret');
    // The webhook takes the station's own secret (past authentication, the empty body is judged), not the other station's.
    expect((await pushOrders(a.value, secretA)).status).not.toBe(401);
    expect((await pushOrders(a.value, secretB)).status).toBe(401);
    // A second start keeps it.
    await a.value.dispose();
    runtimes.splice(runtimes.indexOf(a.value), 1);
    const again = await start(join(work, 'a'));
    expect(again.ok && again.value.secrets.get('mes.erp.webhookSecret')).toBe(secretA);
  });

  it('moves a token and a webhook secret written in mes.json into the secrets file, audited without the values', async () => {
    const token = 'bearer-token-of-the-erp-0123';
    const webhookSecret = 'webhook-secret-of-this-plant-0123';
    const dir = await projectWith({ token, webhookSecret });
    const log: string[] = [];
    const started = await start(dir, undefined, log);
    if (!started.ok) throw new Error(started.error.message);
    const mes = JSON.parse(await readFile(join(dir, 'mes.json'), 'utf8'));
    expect(mes.connectors[0].options).toMatchObject({ token: { secret: 'mes.erp.token' }, webhookSecret: { secret: 'mes.erp.webhookSecret' } });
    expect(started.value.secrets.get('mes.erp.token')).toBe(token);
    expect((await pushOrders(started.value, webhookSecret)).status).not.toBe(401);
    expect((await pushOrders(started.value, token)).status).toBe(401);
    const trail = JSON.stringify(started.value.audit.search({ limit: 100 })) + started.value.audit.exportCsv({}).csv;
    expect(
      started.value.audit
        .search({ action: 'secrets.moved', limit: 5 })
        .records.map((r) => r.target)
        .sort(),
    ).toEqual(['mes.json connectors[0].options.token', 'mes.json connectors[0].options.webhookSecret']);
    for (const secret of [token, webhookSecret]) {
      expect(trail).not.toContain(secret);
      expect(log.join('\n')).not.toContain(secret);
    }
  });

  it.each(PUBLISHED_SECRET_VALUES)('refuses to start with the published example value %s, naming the secret and the field', async (published) => {
    const dir = await projectWith({ webhookSecret: published });
    const started = await start(dir);
    expect(started.ok).toBe(false);
    if (started.ok) return;
    expect(started.error.message).toContain('the secret "mes.erp.webhookSecret" (mes.json: connectors[0].options.webhookSecret)');
    expect(started.error.message).toContain(`is "${published}", a value published in Lineside's examples`);
    expect(started.error.message).toMatch(/npm run secrets -- --data .* set mes\.erp\.webhookSecret/);
  });

  it('refuses a station token that is a published example value', async () => {
    const started = await startRuntime({ projectDir: await projectWith(undefined), dataDir: join(work, 'data'), port: 0, token: PUBLISHED_SECRET_VALUES[0]! });
    if (started.ok) runtimes.push(started.value);
    expect(started).toMatchObject({ ok: false, error: { message: expect.stringContaining('the station token (given by the host) is "example-webhook-secret-change-me"') } });
  });
});
