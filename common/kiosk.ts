import type { Permission } from './permissions.ts';

/**
 * Kiosk mode: a control-room station shown full screen with no way out (closing, quitting, leaving full
 * screen) until someone whose role may set up the station signs in. The desktop shell enforces it
 * (main/electron/kiosk-policy.ts), the page shows it and, in a browser, does what a page can
 * (renderer/app/kiosk.ts). Leaving is station setup: engineers and admins have it by default.
 */
export const KIOSK_EXIT_PERMISSION: Permission = 'devices.configure';

export function mayLeaveKiosk(permissions: readonly Permission[]): boolean {
  return permissions.includes(KIOSK_EXIT_PERMISSION);
}

/** A page address asks for kiosk mode with `?kiosk` (also `?kiosk=1`; `?kiosk=0` does not). */
export function kioskInSearch(search: string): boolean {
  const value = new URLSearchParams(search).get('kiosk');
  return value !== null && value !== '0' && value !== 'false';
}
