/** The runtime checks this again on every save (main/core/screens/screen-permissions.ts); the UI only explains. */
export const SCREEN_EDIT_ROLES: readonly string[] = ['engineer', 'admin'];

export function mayEditScreens(role: string | undefined): boolean {
  return role !== undefined && SCREEN_EDIT_ROLES.includes(role);
}
