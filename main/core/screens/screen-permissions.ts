import { fail, ok, type Result } from '../../../common/result.ts';

/** Who may change stored screens and templates; everyone with a token may read them. */
export const SCREEN_EDIT_ROLES = ['engineer', 'admin'] as const;

/** ok, or 'forbidden' naming the caller, the role and the roles that may. */
export function checkScreenEditor(user: { name: string; role: string }, action: string): Result<void> {
  if ((SCREEN_EDIT_ROLES as readonly string[]).includes(user.role)) return ok(undefined);
  return fail('forbidden', `${user.name} (role ${user.role}) may not ${action}: that needs the role ${SCREEN_EDIT_ROLES.join(' or ')}`, 'role');
}
