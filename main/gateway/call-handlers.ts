import type { CallName, CallResult, ParsedCallParams, TagChange } from '../../common/contract.ts';
import type { Disposable } from '../../common/emitter.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import { tagInfo } from '../../common/tag.ts';
import type { EventFrame } from '../../common/protocol.ts';
import { createAlarmHandlers } from './alarm-handlers.ts';
import { createConfigHandlers } from './config-handlers.ts';
import { createDeviceHandlers } from './device-handlers.ts';
import { createHistoryHandlers } from './history-handlers.ts';
import { createReportHandlers } from './report-handlers.ts';
import { createScreenHandlers } from './screen-handlers.ts';
import { createMesHandlers } from './mes-handlers.ts';
import { createTrendViewHandlers } from '../core/trend-views/trend-view-handlers.ts';
import type { GatewayServices } from './services.ts';
import type { ConnectionLogin } from './connection-login.ts';
import type { SessionUser } from '../../common/users.ts';
import { createUserHandlers } from './user-handlers.ts';
import { createAuditHandlers } from './audit-handlers.ts';
import { tagsByPath, tagsUnder } from './tag-selection.ts';

/**
 * Who is calling: the signed-in person (or, signed out, 'nobody' with only 'view'). The gateway has
 * checked the call's permission before the handler runs (call-gate.ts); `permissions` lets services
 * check finer rules against the same sets.
 */
export interface CallerIdentity {
  name: string;
  role: string;
  permissions?: readonly string[];
}

/** Per-connection state the handlers need: who is calling and its subscriptions. */
export interface ClientContext {
  readonly user: CallerIdentity;
  /** Where the client is (its address), for the audit trail. */
  readonly station: string;
  /** This connection's sign-in (user-handlers.ts). */
  readonly login: ConnectionLogin;
  readonly signedIn: SessionUser | undefined;
  setSignedIn(person: SessionUser | undefined): void;
  addSubscription(ids: number[], maxRateMs: number, send: (id: number, changes: TagChange[]) => void): Result<number>;
  removeSubscription(id: number): boolean;
  sendChanges(id: number, changes: TagChange[]): void;
  /** Pushes an event of the contract to this client (alarm subscriptions). */
  sendEvent(frame: EventFrame): void;
  /** Fires once when the connection closes, so per-client state elsewhere is released. */
  onDidClose(listener: () => void): Disposable;
}

export type Handler<C extends CallName> = (params: ParsedCallParams<C>, client: ClientContext) => Promise<Result<CallResult<C>>> | Result<CallResult<C>>;
export type CallHandlers = { [C in CallName]: Handler<C> };

/** One handler per contract call; the mapped type makes a missing one a type error. */
export function createCallHandlers(services: GatewayServices): CallHandlers {
  const { engine, devices, writer } = services;
  return {
    'session.info': (_params, client) =>
      ok({ ...services.sessionInfo(), user: client.signedIn ?? null, firstStart: services.users.firstStart, idleTimeoutMs: services.users.idleTimeoutMs }),
    'tags.list': ({ prefix }) => ok(tagsUnder(engine, prefix).map((s) => tagInfo(s.def))),
    'tags.read': ({ paths }) => {
      const slots = tagsByPath(engine, paths);
      return slots.ok ? ok(slots.value.map((s) => s.current)) : slots;
    },
    'tags.subscribe': ({ paths, prefix, maxRateMs }, client) => {
      if (paths !== undefined && prefix !== undefined) return fail('bad-request', 'give paths or prefix, not both');
      const slots = paths !== undefined ? tagsByPath(engine, paths) : ok(tagsUnder(engine, prefix));
      if (!slots.ok) return slots;
      const ids = slots.value.map((s) => s.id);
      const subscription = client.addSubscription(ids, maxRateMs, (id, changes) => client.sendChanges(id, changes));
      if (!subscription.ok) return subscription;
      return ok({
        subscriptionId: subscription.value,
        paths: slots.value.map((s) => s.def.path),
        values: slots.value.map((s) => s.notified),
      });
    },
    'tags.unsubscribe': ({ subscriptionId }, client) =>
      client.removeSubscription(subscriptionId) ? ok({ subscriptionId }) : fail('not-found', `no subscription ${subscriptionId}`),
    'tags.write': ({ path, value }, client) => writer.write(path, value, { name: client.user.name, role: client.user.role, station: client.station }),
    'devices.list': () => ok(devices.list()),
    ...createDeviceHandlers(services),
    ...createAlarmHandlers(services),
    ...createConfigHandlers(services),
    ...createHistoryHandlers(services),
    ...createTrendViewHandlers(services.trendViews),
    ...createReportHandlers(services),
    ...createScreenHandlers(services.screens, services),
    ...createUserHandlers(services),
    ...createAuditHandlers(services),
    ...createMesHandlers(services),
    'stores.list': () => ok(services.stores?.list() ?? []),
  };
}
