// The station's windows: opened where the remembered layout puts them, recorded as people move them,
// held in kiosk mode. Thin over Electron: every decision is in window-layout.ts and kiosk-policy.ts.
import { BrowserWindow, screen } from 'electron';
import type { WebPreferences } from 'electron';
import type { Result } from '../../common/result.ts';
import type { SessionUser } from '../../common/users.ts';
import { blocksInput, isLocked, lock, mayClose, NOT_KIOSK, unlock, withKioskQuery, type CloseDecision, type KioskState } from './kiosk-policy.ts';
import { loadLayout, saveLayout } from './layout-store.ts';
import { appUrl } from './web-policy.ts';
import { defaultLayout, forgetWindow, monitorOf, nextWindowKey, placeWindow, recordWindow, routeOfUrl, type Monitor, type Rect, type StationLayout } from './window-layout.ts';

const SAVE_DELAY_MS = 500;
/** The station name the runtime's audit trail gets for the desktop shell's own session checks. */
const SHELL_STATION = 'desktop-shell';

export interface StationWindowsOptions {
  origin: string;
  token: string;
  title: string;
  dataDir: string;
  kiosk: boolean;
  /** The first start's setup code, for the main window only. */
  setupCode: string | undefined;
  preferences(): WebPreferences;
  /** The runtime's session check (`runtime.users.resume`). */
  resume(resumeToken: string, station: string, touch: boolean): Result<SessionUser>;
  log(line: string): void;
}

export class StationWindows {
  readonly #options: StationWindowsOptions;
  readonly #windows = new Map<string, BrowserWindow>();
  #layout: StationLayout = { version: 1, windows: [] };
  #kiosk: KioskState;
  #quitting = false;
  #systemEnding = false;
  #saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: StationWindowsOptions) {
    this.#options = options;
    this.#kiosk = options.kiosk ? { kiosk: true, unlockedBy: undefined } : NOT_KIOSK;
  }

  /** Every window of the remembered layout (or the default one: main on the primary monitor, alarms on a second). */
  restore(): void {
    const monitors = this.#monitors();
    const loaded = loadLayout(this.#options.dataDir);
    if (!loaded.ok) this.#options.log(`${loaded.error.message}; opening the default window layout`);
    this.#layout = loaded.ok && loaded.value && loaded.value.windows.length > 0 ? loaded.value : defaultLayout(monitors);
    for (const saved of this.#layout.windows) {
      const placed = placeWindow(saved, monitors);
      this.#open(saved.key, saved.route, placed.bounds, saved.maximized);
    }
  }

  /** Another window at a route: on a monitor that has none yet, else on the asking window's monitor. */
  open(route: string, asking: BrowserWindow | null): void {
    const monitors = this.#monitors();
    const used = new Set([...this.#windows.values()].filter((w) => !w.isDestroyed()).map((w) => monitorOf(w.getBounds(), monitors).id));
    const free = monitors.find((m) => !used.has(m.id));
    const monitor = free ?? (asking ? monitorOf(asking.getBounds(), monitors) : monitors[0]!);
    this.#open(nextWindowKey(this.#windows.keys()), route, monitor.workArea, true);
  }

  focusFirst(): boolean {
    const win = this.#windows.get('main') ?? [...this.#windows.values()][0];
    if (win === undefined || win.isDestroyed()) return false;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    return true;
  }

  /** May the app quit now? Refused while kiosk mode is locked, unless the operating system is ending the session. */
  mayQuit(): CloseDecision {
    return mayClose(this.#kiosk, this.#systemEnding ? 'system' : 'quit');
  }

  /** Quitting: every open window keeps its place in the layout (closing them now is not the person closing them). */
  beginQuit(): void {
    this.#quitting = true;
    for (const [key, win] of this.#windows) this.#record(key, win);
    this.#saveNow();
  }

  /** The operating system shuts down or logs off: nothing holds it. */
  systemEnding(): void {
    this.#systemEnding = true;
  }

  /** Unlocks kiosk mode for the person behind a resume token if they may; the refusal's reason otherwise. */
  unlockKiosk(resumeToken: string): string | null {
    const resumed = this.#options.resume(resumeToken, SHELL_STATION, false);
    const unlocked = unlock(this.#kiosk, resumed.ok ? { name: resumed.value.name, permissions: resumed.value.permissions } : undefined);
    if (!unlocked.ok) return unlocked.error.message;
    this.#kiosk = unlocked.value;
    this.#options.log(`kiosk mode unlocked by ${unlocked.value.unlockedBy ?? '?'}`);
    for (const win of this.#windows.values()) if (!win.isDestroyed()) win.setKiosk(false);
    return null;
  }

  lockKiosk(): void {
    if (!this.#kiosk.kiosk) return;
    this.#kiosk = lock(this.#kiosk);
    for (const win of this.#windows.values()) if (!win.isDestroyed()) win.setKiosk(true);
  }

  #monitors(): Monitor[] {
    const primary = screen.getPrimaryDisplay().id;
    return screen.getAllDisplays().map((display) => ({ id: display.id, workArea: display.workArea, primary: display.id === primary }));
  }

  #open(key: string, route: string, bounds: Rect, maximized: boolean): void {
    const { origin, token, title, setupCode } = this.#options;
    let url = appUrl(origin, token, route);
    if (key === 'main' && setupCode) url += `&setup=${encodeURIComponent(setupCode)}`;
    if (this.#kiosk.kiosk) url = withKioskQuery(url);
    const win = new BrowserWindow({ ...bounds, show: false, title, kiosk: isLocked(this.#kiosk), webPreferences: this.#options.preferences() });
    this.#windows.set(key, win);
    win.once('ready-to-show', () => {
      if (maximized && !isLocked(this.#kiosk)) win.maximize();
      win.show();
    });
    win.on('close', (event) => {
      if (this.#quitting || this.#systemEnding) return;
      const decision = mayClose(this.#kiosk, 'window');
      if (!decision.allow) {
        event.preventDefault();
        this.#options.log(decision.reason);
        return;
      }
      this.#layout = forgetWindow(this.#layout, key);
      this.#scheduleSave();
    });
    win.on('closed', () => this.#windows.delete(key));
    win.on('session-end', () => this.systemEnding());
    for (const change of ['moved', 'resized', 'maximize', 'unmaximize'] as const) win.on(change as 'moved', () => this.#record(key, win));
    win.webContents.on('did-navigate-in-page', () => this.#record(key, win));
    win.webContents.on('before-input-event', (event, input) => {
      if (blocksInput(this.#kiosk, input, process.platform)) event.preventDefault();
    });
    win.loadURL(url).catch((error: unknown) => this.#options.log(`could not load the HMI: ${String(error)}`));
  }

  #record(key: string, win: BrowserWindow): void {
    if (win.isDestroyed()) return;
    const monitor = monitorOf(win.getBounds(), this.#monitors());
    this.#layout = recordWindow(this.#layout, { key, route: routeOfUrl(win.webContents.getURL()), monitorId: monitor.id, bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    this.#scheduleSave();
  }

  #scheduleSave(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = setTimeout(() => this.#saveNow(), SAVE_DELAY_MS);
  }

  #saveNow(): void {
    clearTimeout(this.#saveTimer);
    try {
      saveLayout(this.#options.dataDir, this.#layout);
    } catch (error) {
      this.#options.log(`could not save the window layout: ${String(error)}`);
    }
  }
}
