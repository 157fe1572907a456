import type { CallName } from './contract.ts';
import type { Permission } from './permissions.ts';

/**
 * Who may make a call: 'public' (anyone holding the station token, signed in or not: signing in
 * itself), 'self' (any signed-in person: their own session and password), or a permission. 'view' is
 * the permission every client has, signed in or not, and the only one a signed-out client has.
 */
export type CallAccess = 'public' | 'self' | Permission;

/**
 * Every contract call's access, checked by the gateway before the handler runs (WebSocket and REST
 * alike). The mapped type makes a call without an entry a type error.
 */
export const CALL_ACCESS: { readonly [C in CallName]: CallAccess } = {
  'session.info': 'public',
  'tags.list': 'view',
  'tags.read': 'view',
  'tags.subscribe': 'view',
  'tags.unsubscribe': 'view',
  'tags.write': 'tags.write',
  'devices.list': 'view',
  'devices.capabilities': 'view',
  'devices.browse': 'view',
  'devices.certificates': 'view',
  'devices.trustCertificate': 'devices.trust',
  'devices.rejectCertificate': 'devices.trust',
  'history.query': 'view',
  'history.status': 'view',
  'history.sizeReport': 'view',
  'trends.views.list': 'view',
  'trends.views.save': 'trends.saveViews',
  'trends.views.delete': 'trends.saveViews',
  'alarms.list': 'view',
  'alarms.subscribe': 'view',
  'alarms.unsubscribe': 'view',
  'alarms.acknowledge': 'alarms.acknowledge',
  'alarms.shelve': 'alarms.shelve',
  'alarms.unshelve': 'alarms.shelve',
  'alarms.setOutOfService': 'alarms.outOfService',
  'alarms.comment': 'alarms.comment',
  'alarms.history': 'view',
  'alarms.kpis': 'view',
  'alarms.definitions.list': 'view',
  'alarms.definitions.save': 'alarms.editDefinitions',
  'alarms.definitions.delete': 'alarms.editDefinitions',
  'users.createFirstAdmin': 'public',
  'users.login': 'public',
  'users.resume': 'public',
  'users.logout': 'self',
  'users.keepAlive': 'self',
  'users.changePassword': 'self',
  'users.list': 'users.manage',
  'users.create': 'users.manage',
  'users.update': 'users.manage',
  'users.resetPassword': 'users.manage',
  'users.roles.list': 'users.manage',
  'users.roles.save': 'users.manage',
  'users.tokens.list': 'users.manage',
  'users.tokens.create': 'users.manage',
  'users.tokens.revoke': 'users.manage',
  'audit.search': 'audit.view',
  'audit.verify': 'audit.view',
  'audit.export': 'audit.view',
  'config.devices.list': 'view',
  'config.devices.save': 'devices.configure',
  'config.devices.delete': 'devices.configure',
  'config.tags.list': 'view',
  'config.tags.save': 'tags.configure',
  'config.tags.delete': 'tags.configure',
  'config.tags.import': 'tags.configure',
  'config.templates.list': 'view',
  'config.templates.instantiate': 'tags.configure',
  'config.templates.deleteInstance': 'tags.configure',
  'config.tags.exportCsv': 'view',
  'config.tags.importCsv': 'tags.configure',
  'screens.list': 'view',
  'screens.get': 'view',
  'screens.save': 'screens.configure',
  'screens.create': 'screens.configure',
  'screens.rename': 'screens.configure',
  'screens.duplicate': 'screens.configure',
  'screens.delete': 'screens.configure',
  'templates.list': 'view',
  'templates.get': 'view',
  'templates.save': 'screens.configure',
  'templates.create': 'screens.configure',
  'templates.rename': 'screens.configure',
  'templates.duplicate': 'screens.configure',
  'templates.delete': 'screens.configure',
  'shifts.list': 'view',
  'oee.current': 'view',
  'oee.classify': 'production.record',
  'reports.list': 'view',
  'reports.get': 'view',
  'reports.generate': 'reports.export',
  'reports.export': 'reports.export',
  'reports.sign': 'reports.sign',
  'logbook.add': 'production.record',
  'logbook.list': 'view',
  'workOrders.list': 'view',
  'workOrders.start': 'workOrders.run',
  'workOrders.hold': 'workOrders.run',
  'workOrders.resume': 'workOrders.run',
  'workOrders.confirm': 'workOrders.run',
  'workOrders.complete': 'workOrders.run',
  'workOrders.reverse': 'workOrders.run',
  'workOrders.consume': 'workOrders.run',
  'workOrders.consumptions': 'view',
  'workOrders.confirmations': 'view',
  'downtime.list': 'view',
  'downtime.classify': 'production.record',
  'sync.status': 'view',
  'sync.retry': 'workOrders.run',
  'sync.requeue': 'sync.requeue',
  'mes.mappings.list': 'view',
  'mes.mappings.save': 'mes.configure',
  'mes.subscribe': 'view',
  'mes.unsubscribe': 'view',
};

/** Whether a caller with these permissions (signed in or not) may make the call. */
export function mayCall(call: CallName, signedIn: boolean, permissions: readonly Permission[]): boolean {
  const access = CALL_ACCESS[call];
  if (access === 'public') return true;
  if (access === 'self') return signedIn;
  if (access === 'view') return true;
  return signedIn && permissions.includes(access);
}
