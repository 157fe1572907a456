import { kioskInSearch, mayLeaveKiosk } from '../../common/kiosk.ts';
import type { LinesideNative } from '../../common/native-bridge.ts';
import type { Permission } from '../../common/permissions.ts';
import { i18n } from '../i18n/i18n.ts';
import { Cell } from '../store/cell.ts';
import { native } from '../ui/save-file.ts';

export type KioskState = 'off' | 'locked' | 'unlocked';

interface KioskDocument {
  readonly documentElement: HTMLElement;
  readonly fullscreenElement: Element | null;
  exitFullscreen(): Promise<void>;
}

/**
 * Kiosk mode in the page (`?kiosk`; the desktop shell loads kiosk stations with it). Locked, the page
 * hides its exits (`[data-kiosk-exit]`: new windows), goes full screen at the first touch or key (a
 * browser allows full screen only on a person's gesture) and again after someone left it, and asks
 * before the page is closed or left. A signed-in person who may set up the station unlocks it; signing
 * out locks it again. In the desktop shell the main process enforces the same (no close, no quit, no
 * exit keys) and decides the unlock itself from the session.
 */
export class KioskController {
  readonly state: Cell<KioskState>;
  readonly problem = new Cell<string | undefined>(undefined);
  readonly #document: KioskDocument;
  readonly #native: LinesideNative | undefined;
  readonly #disposers: (() => void)[] = [];

  constructor(search: string, document: KioskDocument, target: Pick<Window, 'addEventListener' | 'removeEventListener'>, native: LinesideNative | undefined) {
    this.#document = document;
    this.#native = native;
    this.state = new Cell<KioskState>(kioskInSearch(search) ? 'locked' : 'off');
    this.#apply();
    if (this.state.get() === 'off') return;
    const gesture = () => {
      if (this.state.get() === 'locked' && this.#document.fullscreenElement === null) {
        this.#document.documentElement.requestFullscreen?.().catch(() => undefined);
      }
    };
    const leaving = (event: BeforeUnloadEvent) => {
      if (this.state.get() !== 'locked') return;
      event.preventDefault();
      // Browsers ask when returnValue is a non-empty text too (the text itself is not shown).
      event.returnValue = 'kiosk';
    };
    target.addEventListener('pointerdown', gesture, { capture: true });
    target.addEventListener('keydown', gesture, { capture: true });
    target.addEventListener('beforeunload', leaving);
    this.#disposers.push(
      () => target.removeEventListener('pointerdown', gesture, { capture: true }),
      () => target.removeEventListener('keydown', gesture, { capture: true }),
      () => target.removeEventListener('beforeunload', leaving),
    );
  }

  /** Unlocks for the signed-in person if their role may set up the station; the reason otherwise. */
  async unlock(person: { name: string; permissions: readonly Permission[] } | null, resumeToken: string | undefined): Promise<void> {
    if (this.state.get() !== 'locked') return;
    if (person === null || resumeToken === undefined) return this.problem.set(i18n.t('kiosk.needsSignIn', { ns: 'frame' }));
    if (!mayLeaveKiosk(person.permissions)) return this.problem.set(i18n.t('kiosk.mayNot', { ns: 'frame', name: person.name }));
    if (this.#native) {
      const refused = await this.#native.kioskUnlock(resumeToken);
      if (refused !== null) return this.problem.set(refused);
    }
    this.problem.set(undefined);
    this.state.set('unlocked');
    this.#apply();
    if (this.#document.fullscreenElement !== null) await this.#document.exitFullscreen().catch(() => undefined);
  }

  /** Back to kiosk mode (the engineer is done, or whoever unlocked it signed out). */
  async lock(): Promise<void> {
    if (this.state.get() !== 'unlocked') return;
    this.state.set('locked');
    this.problem.set(undefined);
    this.#apply();
    await this.#native?.kioskLock();
  }

  dispose(): void {
    for (const dispose of this.#disposers.splice(0)) dispose();
  }

  #apply(): void {
    const state = this.state.get();
    if (state === 'off') delete this.#document.documentElement.dataset['kiosk'];
    else this.#document.documentElement.dataset['kiosk'] = state;
  }
}

/** The page's one kiosk controller (kiosk mode is a property of the window). */
export const kiosk = new KioskController(window.location.search, document, window, native());

/**
 * Opens a route (`/screens/filler`, `/alarms`) in another window, for a second monitor: the desktop
 * shell's own secure window, or a browser window that gets the token in its fragment (taken out of its
 * address at once, as the first window's) and, being opened by this page, its session storage, so the
 * person stays signed in there.
 */
export function openInNewWindow(route: string, token: string): void {
  const bridge = native();
  if (bridge) {
    void bridge.openWindow(route);
    return;
  }
  const url = new URL(window.location.href);
  url.hash = `token=${encodeURIComponent(token)}&route=${encodeURIComponent(route)}`;
  window.open(url.toString(), '_blank');
}
