/**
 * The desktop shell's native extras as the renderer sees them (`window.linesideNative`, absent in a
 * plain browser), declared once: the Electron preload implements it (main/electron/preload.ts, with
 * the channel names and the checks of what the main process receives in main/electron/ipc.ts) and the
 * renderer's save helper (renderer/ui/save-file.ts) calls it.
 */

export interface FileFilter {
  name: string;
  /** Extensions without the dot, e.g. `['csv']`; `'*'` means any. */
  extensions: string[];
}

export interface SaveFileRequest {
  suggestedName: string;
  data: string | Uint8Array;
  filters?: FileFilter[];
}

export interface LinesideNative {
  /** Asks where to save and writes the file; the chosen path, or null when the person cancels. */
  saveFile(request: SaveFileRequest): Promise<string | null>;
  /** Prints the calling window to PDF and asks where to save it; the path, or null on cancel. */
  printToPdf(): Promise<string | null>;
  /** Opens another window on the same origin at this hash route (e.g. `/screens/filler`). */
  openWindow(hashRoute: string): Promise<void>;
  /**
   * Kiosk mode of the desktop shell: unlocking proves the signed-in person with their session's resume
   * token (the main process asks the runtime who it is and what they may do); it resolves with the
   * refusal's reason, or null when unlocked. Locking again needs nothing.
   */
  kioskUnlock(resumeToken: string): Promise<string | null>;
  kioskLock(): Promise<void>;
  readonly platform: string;
}
