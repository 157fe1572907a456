/** The runtime checks this again on every change (the gateway's call gate); the UI only explains. */
export const SCREEN_EDIT_PERMISSION = 'screens.configure';

export function mayEditScreens(permissions: readonly string[] | undefined): boolean {
  return permissions !== undefined && permissions.includes(SCREEN_EDIT_PERMISSION);
}
