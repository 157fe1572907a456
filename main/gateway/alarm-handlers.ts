import type { alarmCalls } from '../../common/alarms.ts';
import { fail, ok } from '../../common/result.ts';
import type { Handler } from './call-handlers.ts';
import { AlarmSubscriptions } from './alarm-subscriptions.ts';
import type { GatewayServices } from './services.ts';

type AlarmHandlers = { [C in keyof typeof alarmCalls]: Handler<C> };

/** The `alarms.*` calls. Permissions are checked by the alarm service, as the caller's role allows. */
export function createAlarmHandlers(services: GatewayServices): AlarmHandlers {
  const { alarms } = services;
  const subscriptions = new AlarmSubscriptions(alarms);
  return {
    'alarms.list': ({ filter }) => ok({ alarms: alarms.list(filter), summary: alarms.summary() }),
    'alarms.subscribe': ({ filter }, client) => {
      const added = subscriptions.add(client, filter);
      if (!added.ok) return added;
      return ok({ subscriptionId: added.value.subscriptionId, alarms: alarms.list(filter), summary: added.value.summary });
    },
    'alarms.unsubscribe': ({ subscriptionId }, client) =>
      subscriptions.remove(client, subscriptionId) ? ok({ subscriptionId }) : fail('not-found', `no alarm subscription ${subscriptionId}`, 'subscriptionId'),
    'alarms.acknowledge': ({ ids, filter, comment }, client) => alarms.acknowledge(client.user, { ids, filter }, comment),
    'alarms.shelve': ({ id, durationMs, reason }, client) => alarms.shelve(client.user, id, durationMs, reason),
    'alarms.unshelve': ({ id, comment }, client) => alarms.unshelve(client.user, id, comment),
    'alarms.setOutOfService': ({ id, outOfService, reason }, client) => alarms.setOutOfService(client.user, id, outOfService, reason),
    'alarms.comment': ({ id, comment }, client) => alarms.comment(client.user, id, comment),
    'alarms.history': (query) => ok(alarms.history(query)),
    'alarms.kpis': (query) => ok(alarms.kpis(query)),
    'alarms.definitions.list': () => ok(alarms.listDefinitions()),
    'alarms.definitions.save': ({ definition, file }, client) => alarms.saveDefinition(client.user, definition, file),
    'alarms.definitions.delete': ({ id }, client) => alarms.deleteDefinition(client.user, id),
  };
}
