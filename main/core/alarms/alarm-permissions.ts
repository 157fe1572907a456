import { DEFAULT_ROLE_PERMISSIONS, type Permission, type RoleName } from '../../../common/permissions.ts';
import { ok, type Result } from '../../../common/result.ts';
import { failWith } from '../../../common/reasons.ts';

/** What an alarm action needs. Reading alarms, history and KPIs needs only 'view'. */
export const ALARM_PERMISSIONS = ['alarms.acknowledge', 'alarms.shelve', 'alarms.comment', 'alarms.outOfService', 'alarms.editDefinitions'] as const satisfies readonly Permission[];
export type AlarmPermission = (typeof ALARM_PERMISSIONS)[number];

/** A caller: the signed-in person's permission set, or (a caller without one) its role's defaults. */
export interface PermittedUser {
  name: string;
  role: string;
  permissions?: readonly string[] | undefined;
}

export function hasPermission(user: PermittedUser, permission: AlarmPermission): boolean {
  if (user.permissions) return user.permissions.includes(permission);
  return Object.hasOwn(DEFAULT_ROLE_PERMISSIONS, user.role) && DEFAULT_ROLE_PERMISSIONS[user.role as RoleName].includes(permission);
}

/** ok, or 'forbidden' naming the permission and the role. */
export function checkPermission(user: PermittedUser, permission: AlarmPermission): Result<void> {
  return hasPermission(user, permission) ? ok(undefined) : failWith('forbidden', 'access.lacksPermission', { name: user.name, role: user.role, permission }, permission);
}
