// Kiosk mode decisions, free of `electron` so unit tests reach them (test/unit/electron-kiosk-policy.test.ts).
// A control-room station runs full screen with no way out (close, quit, the shortcuts that close or
// hide a window) until a person whose role may set up the station signs in and unlocks it.
import { KIOSK_EXIT_PERMISSION, mayLeaveKiosk } from '../../common/kiosk.ts';
import type { Permission } from '../../common/permissions.ts';
import type { Result } from '../../common/result.ts';
import { fail, ok } from '../../common/result.ts';

export { KIOSK_EXIT_PERMISSION };

export interface KioskState {
  /** The station was started in kiosk mode. */
  readonly kiosk: boolean;
  /** Who unlocked it (undefined: locked). */
  readonly unlockedBy: string | undefined;
}

export const NOT_KIOSK: KioskState = { kiosk: false, unlockedBy: undefined };

/** `--kiosk` on the command line or LINESIDE_KIOSK=1 in the environment. */
export function kioskRequested(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): boolean {
  return argv.includes('--kiosk') || env['LINESIDE_KIOSK'] === '1' || env['LINESIDE_KIOSK'] === 'true';
}

export function isLocked(state: KioskState): boolean {
  return state.kiosk && state.unlockedBy === undefined;
}

export type CloseDecision = { allow: true } | { allow: false; reason: string };

/**
 * May a window close or the app quit? `cause` 'system' is the operating system shutting down or logging
 * off: always allowed, so the runtime still shuts down in order instead of being killed.
 */
export function mayClose(state: KioskState, cause: 'window' | 'quit' | 'system'): CloseDecision {
  if (cause === 'system' || !isLocked(state)) return { allow: true };
  return { allow: false, reason: `This station is in kiosk mode: ${cause === 'quit' ? 'quitting' : 'closing a window'} needs an engineer to sign in and leave kiosk mode first.` };
}

/** The signed-in person behind a kiosk unlock request, as the runtime's session says (never as the page says). */
export interface Unlocker {
  readonly name: string;
  readonly permissions: readonly Permission[];
}

/** Unlocks for a person with the permission; names what is missing otherwise. */
export function unlock(state: KioskState, person: Unlocker | undefined): Result<KioskState> {
  if (!state.kiosk) return fail('bad-request', 'this station is not in kiosk mode');
  if (person === undefined) return fail('unauthenticated', 'leaving kiosk mode needs a signed-in engineer: sign in first');
  if (!mayLeaveKiosk(person.permissions)) return fail('forbidden', `${person.name} may not leave kiosk mode: it needs the permission "${KIOSK_EXIT_PERMISSION}" (engineers and admins)`);
  return ok({ kiosk: true, unlockedBy: person.name });
}

/** Locks again (the engineer is done, or signed out). */
export function lock(state: KioskState): KioskState {
  return { kiosk: state.kiosk, unlockedBy: undefined };
}

/** A key press as Electron's `before-input-event` reports it. */
export interface KeyInput {
  readonly type: string;
  readonly key: string;
  readonly control: boolean;
  readonly alt: boolean;
  readonly meta: boolean;
  readonly shift: boolean;
}

/**
 * Keys that close, quit, hide or minimise the window, leave full screen, or open the developer tools.
 * Escape is not one of them: it closes the HMI's own dialogs. Alt+Tab, the Windows key and
 * Ctrl+Alt+Del belong to the operating system and are locked down there (assigned access, a kiosk user).
 */
export function isExitShortcut(input: KeyInput, platform: string): boolean {
  const key = input.key.toLowerCase();
  if (key === 'f4' && input.alt) return true;
  if (key === 'f11' || key === 'f12') return true;
  const command = platform === 'darwin' ? input.meta : input.control;
  if (command && ['w', 'q', 'h', 'm', 'n', 't'].includes(key)) return true;
  if (command && input.shift && ['i', 'j', 'c'].includes(key)) return true;
  return platform === 'darwin' && input.meta && input.control && key === 'f';
}

/** Swallow this key press? Only while locked, and only the exits. */
export function blocksInput(state: KioskState, input: KeyInput, platform: string): boolean {
  return isLocked(state) && input.type === 'keyDown' && isExitShortcut(input, platform);
}

/** The page address for a kiosk station: `?kiosk` before the fragment, so the page shows kiosk mode too. */
export function withKioskQuery(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('kiosk', '1');
  return parsed.toString();
}
