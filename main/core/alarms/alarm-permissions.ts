import { fail, ok, type Result } from '../../../common/result.ts';

/** What an alarm action needs. Reading alarms, history and KPIs needs nothing beyond the token. */
export const ALARM_PERMISSIONS = ['alarms.acknowledge', 'alarms.shelve', 'alarms.comment', 'alarms.outOfService', 'alarms.editDefinitions'] as const;
export type AlarmPermission = (typeof ALARM_PERMISSIONS)[number];

const FIELD: readonly AlarmPermission[] = ['alarms.acknowledge', 'alarms.shelve', 'alarms.comment'];

/** Role → permissions. A role not listed here (a viewer, a typo) may do nothing. */
export const ROLE_PERMISSIONS: Readonly<Record<string, readonly AlarmPermission[]>> = {
  operator: FIELD,
  maintenance: FIELD,
  engineer: [...FIELD, 'alarms.outOfService', 'alarms.editDefinitions'],
  supervisor: ALARM_PERMISSIONS,
  admin: ALARM_PERMISSIONS,
};

export function hasPermission(role: string, permission: AlarmPermission): boolean {
  return Object.hasOwn(ROLE_PERMISSIONS, role) && ROLE_PERMISSIONS[role]!.includes(permission);
}

/** ok, or 'forbidden' naming the permission and the role. */
export function checkPermission(user: { name: string; role: string }, permission: AlarmPermission): Result<void> {
  return hasPermission(user.role, permission)
    ? ok(undefined)
    : fail('forbidden', `${user.name} (role ${user.role}) lacks the permission ${permission}`, permission);
}
