import { describe, expect, it } from 'vitest';
import { blocksInput, isExitShortcut, kioskRequested, KIOSK_EXIT_PERMISSION, lock, mayClose, NOT_KIOSK, unlock, type KeyInput, type KioskState } from '../../main/electron/kiosk-policy.ts';
import { DEFAULT_ROLE_PERMISSIONS } from '../../common/permissions.ts';

const LOCKED: KioskState = { kiosk: true, unlockedBy: undefined };
const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ type: 'keyDown', key: k, control: false, alt: false, meta: false, shift: false, ...mods });

describe('kiosk mode: no way out without an engineer’s sign-in', () => {
  it('starts in kiosk mode from --kiosk or LINESIDE_KIOSK', () => {
    expect(kioskRequested(['electron', '.', '--kiosk'], {})).toBe(true);
    expect(kioskRequested(['electron', '.'], { LINESIDE_KIOSK: '1' })).toBe(true);
    expect(kioskRequested(['electron', '.'], { LINESIDE_KIOSK: '0' })).toBe(false);
    expect(kioskRequested(['electron', '.', '--kiosky'], {})).toBe(false);
  });

  it('refuses closing a window and quitting while locked, saying why; the operating system’s shutdown always goes through', () => {
    const close = mayClose(LOCKED, 'window');
    expect(close.allow).toBe(false);
    if (!close.allow) expect(close.reason).toMatch(/kiosk mode.*engineer/);
    expect(mayClose(LOCKED, 'quit').allow).toBe(false);
    expect(mayClose(LOCKED, 'system').allow).toBe(true);
    expect(mayClose(NOT_KIOSK, 'window').allow).toBe(true);
    expect(mayClose(NOT_KIOSK, 'quit').allow).toBe(true);
  });

  it('unlocks only for a signed-in person whose role may set up the station; engineers and admins may by default, operators, maintenance and supervisors not', () => {
    expect(KIOSK_EXIT_PERMISSION).toBe('devices.configure');
    const refusedAnonymous = unlock(LOCKED, undefined);
    expect(refusedAnonymous.ok).toBe(false);
    if (!refusedAnonymous.ok) expect(refusedAnonymous.error.code).toBe('unauthenticated');
    for (const role of ['operator', 'maintenance', 'supervisor'] as const) {
      const refused = unlock(LOCKED, { name: role, permissions: DEFAULT_ROLE_PERMISSIONS[role] });
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.error).toMatchObject({ code: 'forbidden', message: expect.stringContaining(`${role} may not leave kiosk mode`) });
    }
    for (const role of ['engineer', 'admin'] as const) {
      const unlocked = unlock(LOCKED, { name: `${role}1`, permissions: DEFAULT_ROLE_PERMISSIONS[role] });
      expect(unlocked).toEqual({ ok: true, value: { kiosk: true, unlockedBy: `${role}1` } });
      if (unlocked.ok) {
        expect(mayClose(unlocked.value, 'quit').allow).toBe(true);
        expect(mayClose(lock(unlocked.value), 'quit').allow).toBe(false);
      }
    }
    expect(unlock(NOT_KIOSK, { name: 'e', permissions: DEFAULT_ROLE_PERMISSIONS.engineer }).ok).toBe(false);
  });

  it('swallows the keys that close, quit, hide, leave full screen or open developer tools, only while locked', () => {
    for (const [input, platform] of [
      [key('F4', { alt: true }), 'win32'],
      [key('w', { control: true }), 'linux'],
      [key('q', { control: true }), 'linux'],
      [key('W', { control: true, shift: true }), 'win32'],
      [key('q', { meta: true }), 'darwin'],
      [key('h', { meta: true }), 'darwin'],
      [key('F11'), 'linux'],
      [key('F12'), 'linux'],
      [key('I', { control: true, shift: true }), 'win32'],
      [key('f', { meta: true, control: true }), 'darwin'],
    ] as const) {
      expect(isExitShortcut(input, platform), `${JSON.stringify(input)} on ${platform}`).toBe(true);
      expect(blocksInput(LOCKED, input, platform)).toBe(true);
      expect(blocksInput({ kiosk: true, unlockedBy: 'eng' }, input, platform)).toBe(false);
      expect(blocksInput(NOT_KIOSK, input, platform)).toBe(false);
    }
  });

  it('lets the HMI’s own keys through: Escape closes dialogs, F2/F4/F9 work the alarms, typing and reloading', () => {
    for (const input of [key('Escape'), key('F2'), key('F4'), key('F9'), key('a'), key('r', { control: true }), key('k', { control: true }), key('q', { meta: true })]) {
      expect(blocksInput(LOCKED, input, 'linux'), JSON.stringify(input)).toBe(false);
    }
    expect(blocksInput(LOCKED, { ...key('w', { control: true }), type: 'keyUp' }, 'linux')).toBe(false);
  });
});
