import type { alarmCalls } from '../../common/alarms.ts';
import { fail, ok, type Result } from '../../common/result.ts';
import type { ClientContext, Handler } from './client-context.ts';
import { AlarmSubscriptions } from './alarm-subscriptions.ts';
import type { GatewayServices } from './services.ts';

type AlarmHandlers = { [C in keyof typeof alarmCalls]: Handler<C> };

/**
 * The `alarms.*` calls. The gateway has checked the call's permission; the alarm service checks the
 * same permission set again (it is callable without the gateway). Every action and definition change
 * that succeeds is recorded in the audit trail with the state before and after.
 */
export function createAlarmHandlers(services: GatewayServices): AlarmHandlers {
  const { alarms, audit } = services;
  const subscriptions = new AlarmSubscriptions(alarms);
  const stateOf = (id: string): string | undefined => alarms.engine.get(id) && alarms.engine.info(alarms.engine.get(id)!).state;
  /** Runs an action on one alarm and records it: state before and after, with the reason given. */
  const audited = <T extends { state: string }>(client: ClientContext, action: string, id: string, reason: string, run: () => Result<T>): Result<T> => {
    const before = stateOf(id);
    const result = run();
    if (result.ok) {
      audit.record({ user: client.user.name, role: client.user.role, station: client.station, action, target: id, oldValue: before, newValue: result.value.state, reason });
    }
    return result;
  };
  return {
    'alarms.list': ({ filter }) => ok({ alarms: alarms.list(filter), summary: alarms.summary() }),
    'alarms.subscribe': ({ filter }, client) => {
      const added = subscriptions.add(client, filter);
      if (!added.ok) return added;
      return ok({ subscriptionId: added.value.subscriptionId, alarms: alarms.list(filter), summary: added.value.summary });
    },
    'alarms.unsubscribe': ({ subscriptionId }, client) => (subscriptions.remove(client, subscriptionId) ? ok({ subscriptionId }) : fail('not-found', `no alarm subscription ${subscriptionId}`, 'subscriptionId')),
    'alarms.acknowledge': ({ ids, filter, comment }, client) => {
      const result = alarms.acknowledge(client.user, { ids, filter }, comment);
      if (result.ok && result.value.acknowledged.length > 0) {
        const { acknowledged } = result.value;
        audit.record({
          user: client.user.name,
          role: client.user.role,
          station: client.station,
          action: 'alarms.acknowledge',
          target: acknowledged.length === 1 ? acknowledged[0]! : `${acknowledged.length} alarms`,
          newValue: { acknowledged },
          reason: comment,
        });
      }
      return result;
    },
    'alarms.shelve': ({ id, durationMs, reason }, client) => audited(client, 'alarms.shelve', id, reason, () => alarms.shelve(client.user, id, durationMs, reason)),
    'alarms.unshelve': ({ id, comment }, client) => audited(client, 'alarms.unshelve', id, comment, () => alarms.unshelve(client.user, id, comment)),
    'alarms.setOutOfService': ({ id, outOfService, reason }, client) => audited(client, 'alarms.setOutOfService', id, reason, () => alarms.setOutOfService(client.user, id, outOfService, reason)),
    'alarms.comment': ({ id, comment }, client) => audited(client, 'alarms.comment', id, comment, () => alarms.comment(client.user, id, comment)),
    'alarms.history': (query) => ok(alarms.history(query)),
    'alarms.kpis': (query) => ok(alarms.kpis(query)),
    'alarms.definitions.list': () => ok(alarms.listDefinitions()),
    'alarms.definitions.save': async ({ definition, file }, client) => {
      const before = alarms.listDefinitions().find((entry) => entry.definition.id === definition.id);
      const result = await alarms.saveDefinition(client.user, definition, file);
      if (result.ok) {
        audit.record({ user: client.user.name, role: client.user.role, station: client.station, action: 'alarms.definitions.save', target: definition.id, oldValue: before, newValue: result.value });
      }
      return result;
    },
    'alarms.definitions.delete': async ({ id }, client) => {
      const before = alarms.listDefinitions().find((entry) => entry.definition.id === id);
      const result = await alarms.deleteDefinition(client.user, id);
      if (result.ok) audit.record({ user: client.user.name, role: client.user.role, station: client.station, action: 'alarms.definitions.delete', target: id, oldValue: before });
      return result;
    },
  };
}
