/**
 * What a person (or an API token) may do. Every contract call and REST route needs one of these, or is
 * open to any client holding the station token ('view'), or is part of signing in ('public'), or needs
 * only a signed-in person ('self'). The table is common/call-access.ts.
 */
export const PERMISSIONS = [
  'view',
  'tags.write',
  'tags.configure',
  'devices.configure',
  'devices.trust',
  'screens.configure',
  'alarms.acknowledge',
  'alarms.shelve',
  'alarms.comment',
  'alarms.outOfService',
  'alarms.editDefinitions',
  'trends.saveViews',
  'workOrders.run',
  /** A supervisor's decision on an order MES/ERP cancelled while it ran (issue 16). */
  'workOrders.decide',
  'production.record',
  'reports.export',
  'reports.sign',
  'sync.requeue',
  'mes.configure',
  'audit.view',
  'users.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_NAMES = ['operator', 'maintenance', 'engineer', 'supervisor', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** Everyone at the line: alarms, trends, and the shift logbook and stop reasons. */
const FIELD: readonly Permission[] = ['view', 'alarms.acknowledge', 'alarms.shelve', 'alarms.comment', 'trends.saveViews', 'production.record'];

/**
 * The permission sets a fresh data folder starts with. Admins edit them in the Users view; the edited
 * sets live in the data folder and these defaults are not consulted again.
 */
export const DEFAULT_ROLE_PERMISSIONS: Readonly<Record<RoleName, readonly Permission[]>> = {
  operator: [...FIELD, 'tags.write', 'workOrders.run'],
  maintenance: FIELD,
  engineer: [...FIELD, 'tags.write', 'tags.configure', 'devices.configure', 'devices.trust', 'screens.configure', 'alarms.outOfService', 'alarms.editDefinitions', 'sync.requeue', 'mes.configure', 'audit.view'],
  supervisor: [...FIELD, 'tags.write', 'workOrders.run', 'workOrders.decide', 'alarms.outOfService', 'alarms.editDefinitions', 'reports.export', 'reports.sign', 'sync.requeue', 'audit.view'],
  admin: PERMISSIONS,
};

export function isPermission(name: string): name is Permission {
  return (PERMISSIONS as readonly string[]).includes(name);
}
