import { fail, ok } from '../../common/result.ts';
import { tagInfo } from '../../common/tag.ts';
import { createAlarmHandlers } from './alarm-handlers.ts';
import { createConfigHandlers } from './config-handlers.ts';
import { createDeviceHandlers } from './device-handlers.ts';
import { createHistoryHandlers } from './history-handlers.ts';
import { createReportHandlers } from './report-handlers.ts';
import { createScreenHandlers } from './screen-handlers.ts';
import { createMesHandlers } from './mes-handlers.ts';
import { createLotHandlers } from './lot-handlers.ts';
import { createTrendViewHandlers } from '../core/trend-views/trend-view-handlers.ts';
import type { GatewayServices } from './services.ts';
import type { CallHandlers } from './client-context.ts';
import { createUserHandlers } from './user-handlers.ts';
import { createAuditHandlers } from './audit-handlers.ts';
import { tagsByPath, tagsUnder } from './tag-selection.ts';
import { createTextHandlers } from './text-handlers.ts';

/** One handler per contract call; the mapped type makes a missing one a type error. */
export function createCallHandlers(services: GatewayServices): CallHandlers {
  const { engine, devices, writer } = services;
  return {
    'session.info': (_params, client) => ok({ ...services.sessionInfo(), user: client.signedIn ?? null, firstStart: services.users.firstStart, idleTimeoutMs: services.users.idleTimeoutMs }),
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
    'tags.unsubscribe': ({ subscriptionId }, client) => (client.removeSubscription(subscriptionId) ? ok({ subscriptionId }) : fail('not-found', `no subscription ${subscriptionId}`)),
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
    ...createTextHandlers(services),
    ...createLotHandlers(services),
    'stores.list': () => ok(services.stores?.list() ?? []),
    'rules.list': () => ok(services.rules?.list() ?? []),
    'rules.runs': ({ id, limit }) => services.rules?.runs(id, limit) ?? fail('not-found', `no rule ${id}: this project has no rules.json`, 'id'),
    'rules.setEnabled': ({ id, enabled }, client) =>
      services.rules?.setEnabled(id, enabled, { name: client.user.name, role: client.user.role, station: client.station }) ?? fail('not-found', `no rule ${id}: this project has no rules.json`, 'id'),
    'rules.save': ({ rule }, client) => (services.rulesFile ? services.rulesFile.save(rule, { name: client.user.name, role: client.user.role, station: client.station }) : fail('config-error', 'rules cannot be edited in this runtime')),
    'rules.remove': async ({ id }, client) => {
      if (!services.rulesFile) return fail('config-error', 'rules cannot be edited in this runtime');
      const removed = await services.rulesFile.remove(id, { name: client.user.name, role: client.user.role, station: client.station });
      return removed.ok ? ok({}) : removed;
    },
    'notify.log': ({ limit, alarmId }) => {
      const notify = services.notify;
      if (!notify) return ok({ configured: false, counts: { pending: 0, sent: 0, failed: 0, quiet: 0 }, entries: [] });
      return ok({ configured: true, ...notify.log(limit, alarmId) });
    },
    'maintenance.list': ({ equipment, limit }) => {
      const m = services.maintenance;
      if (!m) return ok({ configured: false, cmms: { configured: false, format: '' }, equipment: [], requests: [], log: [] });
      return ok({ configured: true, cmms: m.cmms, equipment: m.service.condition(equipment), requests: m.service.requests(limit, equipment), log: m.service.log(limit, equipment) });
    },
    'maintenance.request': (params, client) => services.maintenance?.service.request({ name: client.user.name, role: client.user.role, station: client.station }, params) ?? fail('not-found', 'this project has no maintenance.json'),
    'maintenance.logWork': (params, client) => services.maintenance?.service.logWork({ name: client.user.name, role: client.user.role, station: client.station }, params) ?? fail('not-found', 'this project has no maintenance.json'),
    'notify.mailbox': async () => ok(services.notify ? await services.notify.mailbox() : { configured: false, reachable: false, messages: [] }),
  };
}
