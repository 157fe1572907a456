import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_ACCESS } from '../../common/call-access.ts';
import { CALL_NAMES, type CallName } from '../../common/contract.ts';
import { DEFAULT_ROLE_PERMISSIONS, ROLE_NAMES, type RoleName } from '../../common/permissions.ts';
import type { Runtime } from '../../main/runtime.ts';
import { TestClient } from '../support/ws-client.ts';
import { startTestRuntime } from '../support/runtime.ts';

const PROJECT = join(import.meta.dirname, '../fixtures/projects/basic');
const TOKEN = 'permission-matrix-token-0123456789';

let runtime: Runtime;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lineside-permissions-'));
  // A copy: the allowed calls really run, configuration changes included, and must not touch the fixture.
  const projectDir = join(dataDir, 'project');
  await cp(PROJECT, projectDir, { recursive: true });
  runtime = await startTestRuntime({ projectDir, dataDir: join(dataDir, 'data'), port: 0, token: TOKEN });
});

afterAll(async () => {
  await runtime?.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

/** The documented policy: the call's access and the role's default permission set. */
function allowedFor(role: RoleName | 'signed-out', call: CallName): boolean {
  const access = CALL_ACCESS[call];
  if (access === 'public' || access === 'view') return true;
  if (role === 'signed-out') return false;
  return access === 'self' || DEFAULT_ROLE_PERMISSIONS[role].includes(access);
}

/** users.logout really signs out: it runs last. */
const ORDERED = [...CALL_NAMES.filter((c) => c !== 'users.logout'), 'users.logout' as const];

/** Every call with empty params: the gate answers before the params are parsed, so the outcome is the gate's. */
async function probe(client: TestClient): Promise<Map<CallName, { code: string; message: string } | undefined>> {
  const outcomes = new Map<CallName, { code: string; message: string } | undefined>();
  for (const call of ORDERED) {
    const reply = await client.request(call, {});
    outcomes.set(call, reply.ok ? undefined : reply.error);
  }
  return outcomes;
}

describe('the permission matrix at the gateway (every call × every role, WebSocket)', () => {
  it.each([...ROLE_NAMES])('%s: allowed calls pass the gate, the others are refused as forbidden naming the permission', async (role) => {
    const client = await TestClient.connect(runtime.url, TOKEN);
    try {
      await client.loginAs(role);
      const outcomes = await probe(client);
      for (const call of ORDERED) {
        const error = outcomes.get(call);
        if (allowedFor(role, call)) {
          expect(error?.code === 'forbidden' && /lacks the permission/.test(error.message), `${role} ${call}: ${error?.message}`).toBe(false);
          expect(error?.code, `${role} ${call}`).not.toBe('unauthenticated');
        } else {
          expect(error, `${role} ${call}`).toEqual({
            code: 'forbidden',
            message: `${role} (role ${role}) lacks the permission ${CALL_ACCESS[call]}`,
            path: CALL_ACCESS[call],
            text: { key: 'access.lacksPermission', params: { name: role, role, permission: CALL_ACCESS[call] } },
          });
        }
      }
    } finally {
      await client.close();
    }
  });

  it('signed out: view and sign-in calls only; everything else needs a signed-in user', async () => {
    const client = await TestClient.connect(runtime.url, TOKEN);
    try {
      const outcomes = await probe(client);
      for (const call of ORDERED) {
        const error = outcomes.get(call);
        if (allowedFor('signed-out', call)) expect(error?.code, call).not.toBe('unauthenticated');
        else expect(error, call).toEqual({ code: 'unauthenticated', message: `${call} needs a signed-in user: sign in first`, path: 'session', text: { key: 'access.signInFirst', params: { call } } });
      }
      expect((await client.call('session.info', {})).user).toBeNull();
    } finally {
      await client.close();
    }
  });

  it('holds the policy the issue names (spot checks, independent of the table)', () => {
    const refused: [RoleName, CallName][] = [
      ['operator', 'users.create'],
      ['operator', 'alarms.definitions.save'],
      ['operator', 'devices.trustCertificate'],
      ['operator', 'audit.search'],
      ['maintenance', 'tags.write'],
      ['maintenance', 'alarms.setOutOfService'],
      ['engineer', 'users.roles.save'],
      ['supervisor', 'devices.trustCertificate'],
    ];
    const allowed: [RoleName, CallName][] = [
      ['operator', 'tags.write'],
      ['operator', 'alarms.acknowledge'],
      ['maintenance', 'alarms.shelve'],
      ['maintenance', 'alarms.comment'],
      ['engineer', 'alarms.definitions.save'],
      ['engineer', 'devices.trustCertificate'],
      ['supervisor', 'audit.export'],
      ['admin', 'users.tokens.create'],
    ];
    for (const [role, call] of refused) expect(allowedFor(role, call), `${role} ${call}`).toBe(false);
    for (const [role, call] of allowed) expect(allowedFor(role, call), `${role} ${call}`).toBe(true);
    for (const call of CALL_NAMES) expect(allowedFor('admin', call), call).toBe(true);
  });
});

describe('the permission matrix over REST (every route × API tokens scoped like each role, and the station token)', () => {
  const routes = () => runtime.gateway.rest.list();
  const urlOf = (path: string) => runtime.url + path.replace('{path}', 'Line1/Wave').replace('{id}', 'none').replace('{name}', 'sim');
  const send = (method: string, path: string, bearer: string) =>
    fetch(urlOf(path), {
      method,
      headers: { Authorization: `Bearer ${bearer}`, ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }) },
      body: method === 'GET' ? undefined : '{}',
    });

  it.each([...ROLE_NAMES])('API token with the %s permission set', async (role) => {
    const made = runtime.users.createToken({ name: 'admin', role: 'admin', station: 'test' }, { name: `as-${role}`, scopes: DEFAULT_ROLE_PERMISSIONS[role] });
    if (!made.ok) throw new Error(made.error.message);
    for (const route of routes()) {
      const res = await send(route.method, route.path, made.value.token);
      const body = (await res.json()) as { error?: { code: string; message: string } };
      const access = CALL_ACCESS[route.call];
      if (access === 'view' || access === 'public' || DEFAULT_ROLE_PERMISSIONS[role].includes(access as never)) {
        expect([401, 403], `${role} ${route.method} ${route.path}: ${body.error?.message}`).not.toContain(res.status);
      } else {
        expect(res.status, `${role} ${route.method} ${route.path}`).toBe(403);
        expect(body.error).toEqual({ code: 'forbidden', message: `API token "as-${role}" lacks the scope ${access}`, path: access, text: { key: 'access.tokenLacksScope', params: { token: `API token "as-${role}"`, scope: access } } });
      }
    }
  });

  it('the station token reads but may not act; a revoked token is not let in', async () => {
    let acting = 0;
    for (const route of routes()) {
      const res = await send(route.method, route.path, TOKEN);
      const access = CALL_ACCESS[route.call];
      if (access === 'view') expect(res.status, route.path).not.toBe(403);
      else {
        acting++;
        expect(res.status, route.path).toBe(403);
      }
    }
    expect(acting).toBeGreaterThan(0);
    const made = runtime.users.createToken({ name: 'admin', role: 'admin', station: 'test' }, { name: 'revoked', scopes: ['view'] });
    if (!made.ok) throw new Error(made.error.message);
    expect((await send('GET', '/api/v1/tags', made.value.token)).status).toBe(200);
    runtime.users.revokeToken({ name: 'admin', role: 'admin', station: 'test' }, made.value.info.id);
    expect((await send('GET', '/api/v1/tags', made.value.token)).status).toBe(401);
  });
});
