import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { DEFAULT_ROLE_PERMISSIONS, type Permission, type RoleName } from '../../../common/permissions.ts';
import type { SessionInfo } from '../../../common/contract.ts';
import type { SessionUser } from '../../../common/users.ts';
import { AlarmStore } from '../../../renderer/alarms/alarm-store.ts';
import { Annunciator } from '../../../renderer/alarms/annunciator.ts';
import { ServicesProvider, type Services } from '../../../renderer/app/services.tsx';
import { PlantStatus } from '../../../renderer/store/plant-status.ts';
import { TagStore } from '../../../renderer/store/tag-store.ts';
import { UserSession } from '../../../renderer/users/user-session.ts';
import { FakeGateway, type CallHandlers } from './fake-gateway.ts';

export interface RenderHmiOptions {
  /** Who is signed in: a role with its default permissions, or nobody (view only). */
  as: RoleName | null;
  /** Permissions instead of the role's defaults (an admin can edit a role's set). */
  permissions?: readonly Permission[];
  /** Answers to the calls the component makes, on top of those every window makes at start. */
  handlers?: CallHandlers;
}

export interface RenderedHmi extends RenderResult {
  readonly gateway: FakeGateway;
  readonly services: Services;
}

const live: Array<() => void> = [];

/** The person a role's account signs in as (the names of test/support/users.ts). */
export function sessionUser(role: RoleName, permissions: readonly Permission[] = DEFAULT_ROLE_PERMISSIONS[role]): SessionUser {
  return { name: role, fullName: `Test ${role}`, role, permissions: [...permissions], mustChangePassword: false, preferences: { language: null, theme: null } };
}

function sessionInfo(user: SessionUser | null): SessionInfo {
  return {
    product: 'Lineside',
    version: 'component-test',
    project: 'component-test',
    plant: 'Component test plant',
    timeZone: 'UTC',
    user,
    firstStart: false,
    idleTimeoutMs: 15 * 60_000,
    serverTime: Date.now(),
    transport: { tls: false, warning: null },
  };
}

/**
 * Renders a piece of the HMI as main.tsx does, with the window's real services (client, tag store,
 * plant status, alarm store, user session) over a `FakeGateway`, and the person signed in through the
 * session's own `login` (so the role reaches components exactly as in the app). Disposed after each
 * test by `disposeRendered()` (test/component/setup.ts).
 */
export async function renderHmi(ui: ReactElement, options: RenderHmiOptions): Promise<RenderedHmi> {
  const user = options.as === null ? null : sessionUser(options.as, options.permissions);
  const gateway = new FakeGateway({
    'session.info': () => sessionInfo(user),
    'tags.list': () => [],
    'tags.subscribe': () => ({ subscriptionId: 1, paths: [], values: [] }),
    'tags.unsubscribe': ({ subscriptionId }) => ({ subscriptionId }),
    'devices.list': () => [],
    'stores.list': () => [],
    'alarms.subscribe': () => ({ subscriptionId: 1, alarms: [], summary: emptySummary() }),
    'alarms.unsubscribe': ({ subscriptionId }) => ({ subscriptionId }),
    'users.login': ({ name }) => {
      if (!user || name !== user.name) throw { code: 'unauthenticated', message: 'wrong name or password' };
      return { user, resumeToken: `resume-${name}` };
    },
    'users.logout': () => ({ name: user?.name ?? '' }),
    'users.keepAlive': () => ({ expiresAt: Date.now() + 15 * 60_000 }),
    ...options.handlers,
  });
  const client = gateway.client;
  const alarms = new AlarmStore(client);
  const annunciator = new Annunciator();
  const users = new UserSession(client, undefined);
  const services: Services = { client, tags: new TagStore(client), plant: new PlantStatus(client), alarms, annunciator, token: 'component-test-token', users };
  live.push(() => {
    services.tags.dispose();
    services.plant.dispose();
    alarms.dispose();
    annunciator.dispose();
    users.dispose();
    gateway.dispose();
  });
  await gateway.opened();
  if (user) await users.login(user.name, `${user.name}-test-password`);
  const rendered = render(<ServicesProvider services={services}>{ui}</ServicesProvider>);
  return { ...rendered, gateway, services };
}

/** Disposes every window's services rendered so far (after React unmounted them). */
export function disposeRendered(): void {
  for (const dispose of live.splice(0)) dispose();
}

function emptySummary() {
  const none = { critical: 0, high: 0, medium: 0, low: 0 };
  return { active: none, unacknowledged: none, totalActive: 0, totalUnacknowledged: 0, shelved: 0, suppressed: 0, outOfService: 0 };
}
