// The desktop shell: hosts the plant runtime in-process and shows the HMI that its gateway serves.
// Window management and native extras only; URL and argument decisions live in web-policy.ts and ipc.ts.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, powerMonitor, session, shell, Tray } from 'electron';
import type { FileFilter, IpcMainInvokeEvent, WebPreferences } from 'electron';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Result } from '../../common/result.ts';
import { EXAMPLE_PROJECT_DIR, startRuntime } from '../runtime.ts';
import type { Runtime } from '../runtime.ts';
import { IPC_CHANNELS, parseHashRoute, parseResumeToken, parseSaveFileRequest } from './ipc.ts';
import { kioskRequested } from './kiosk-policy.ts';
import { externalHttpUrl, isGatewayUrl, projectDirFromArgv, safeFileName, withCsp } from './web-policy.ts';
import { routeOfUrl } from './window-layout.ts';
import { StationWindows } from './windows.ts';

// Emitted next to this file by `npm run build:electron` (a sandboxed preload must be one CommonJS file).
const PRELOAD = path.join(import.meta.dirname, 'preload.cjs');

function securePreferences(): WebPreferences {
  return { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, preload: PRELOAD };
}

function log(line: string): void {
  console.log(line);
}

function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** Set once the runtime is up; a second launch before that has nothing to show yet. */
let windows: StationWindows | null = null;

function focusOrOpenWindow(): void {
  if (windows === null || windows.focusFirst()) return;
  windows.restore();
}

function openExternal(url: string): void {
  const external = externalHttpUrl(url);
  if (external === null) return log(`blocked a link that is not http(s): ${url}`);
  shell.openExternal(external).catch((error: unknown) => log(`could not open ${external}: ${String(error)}`));
}

function lockDown(origin: string, stationWindows: StationWindows): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback(isGatewayUrl(details.url, origin) ? { responseHeaders: withCsp(details.responseHeaders) } : {});
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event) => {
      if (isGatewayUrl(event.url, origin)) return;
      event.preventDefault();
      openExternal(event.url);
    });
    contents.on('will-redirect', (event) => {
      if (!isGatewayUrl(event.url, origin)) event.preventDefault();
    });
    // Same-origin windows (operators use several monitors) get our own secure window, without an opener.
    contents.setWindowOpenHandler(({ url }) => {
      if (isGatewayUrl(url, origin)) stationWindows.open(routeOfUrl(url), BrowserWindow.fromWebContents(contents));
      else openExternal(url);
      return { action: 'deny' };
    });
  });
}

function handleIpc(origin: string, title: string, stationWindows: StationWindows): void {
  const fromGateway = (event: IpcMainInvokeEvent): void => {
    const frameOrigin = event.senderFrame?.origin ?? 'a closed frame';
    if (frameOrigin !== origin) throw new Error(`linesideNative refused a call from ${frameOrigin}: only ${origin} may call it`);
  };
  const askSavePath = async (event: IpcMainInvokeEvent, name: string, filters: FileFilter[]): Promise<string | null> => {
    const options = { defaultPath: path.join(app.getPath('documents'), name), filters };
    const win = BrowserWindow.fromWebContents(event.sender);
    const choice = win === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(win, options);
    return choice.canceled || choice.filePath === '' ? null : choice.filePath;
  };

  ipcMain.handle(IPC_CHANNELS.saveFile, async (event, raw: unknown) => {
    fromGateway(event);
    const request = unwrap(parseSaveFileRequest(raw));
    const filePath = await askSavePath(event, request.suggestedName, request.filters);
    if (filePath !== null) await writeFile(filePath, request.data);
    return filePath;
  });
  ipcMain.handle(IPC_CHANNELS.printToPdf, async (event) => {
    fromGateway(event);
    const filePath = await askSavePath(event, `${safeFileName(title)}.pdf`, [{ name: 'PDF', extensions: ['pdf'] }]);
    if (filePath !== null) await writeFile(filePath, await event.sender.printToPDF({ printBackground: true }));
    return filePath;
  });
  ipcMain.handle(IPC_CHANNELS.openWindow, (event, raw: unknown) => {
    fromGateway(event);
    stationWindows.open(unwrap(parseHashRoute(raw)), BrowserWindow.fromWebContents(event.sender));
  });
  ipcMain.handle(IPC_CHANNELS.kioskUnlock, (event, raw: unknown) => {
    fromGateway(event);
    return stationWindows.unlockKiosk(unwrap(parseResumeToken(raw)));
  });
  ipcMain.handle(IPC_CHANNELS.kioskLock, (event) => {
    fromGateway(event);
    stationWindows.lockKiosk();
  });
}

/** Quitting waits for the runtime's orderly shutdown (drain history and outbox, close the database). */
function disposeOnQuit(runtime: Runtime, stationWindows: StationWindows): void {
  let state: 'running' | 'disposing' | 'disposed' = 'running';
  // The operating system ending the session is never held by kiosk mode.
  powerMonitor.on('shutdown', () => stationWindows.systemEnding());
  app.on('before-quit', (event) => {
    if (state === 'disposed') return;
    event.preventDefault();
    if (state === 'disposing') return;
    const decision = stationWindows.mayQuit();
    if (!decision.allow) return log(decision.reason);
    stationWindows.beginQuit();
    state = 'disposing';
    runtime.dispose().then(
      () => {
        state = 'disposed';
        app.exit(0);
      },
      (error: unknown) => {
        log(`runtime shutdown failed: ${String(error)}`);
        state = 'disposed';
        app.exit(1);
      },
    );
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());
}

async function start(): Promise<void> {
  const projectDir = projectDirFromArgv(process.argv, process.cwd()) ?? EXAMPLE_PROJECT_DIR;
  // The runtime's default data folder, named here too: the window layout is kept in it.
  const dataDir = path.resolve(projectDir, '.lineside-data');
  // A fresh token per launch: only windows this process opens can call the gateway.
  const token = randomBytes(32).toString('base64url');
  const starting = startRuntime({
    projectDir,
    host: '127.0.0.1',
    port: 0,
    token,
    dataDir,
    rendererDir: path.join(app.getAppPath(), 'dist', 'renderer'),
    log,
  }).catch((error: unknown) => ({ ok: false as const, error: { message: String(error) } }));
  await app.whenReady();
  const started = await starting;
  if (!started.ok) {
    dialog.showErrorBox('Lineside could not start', `${started.error.message}\n\nProject: ${projectDir}`);
    app.exit(1);
    return;
  }
  const runtime = started.value;
  const origin = new URL(runtime.url).origin;
  const title = `Lineside — ${runtime.projectName}`;
  const stationWindows = new StationWindows({
    origin,
    token: runtime.token,
    title,
    dataDir,
    kiosk: kioskRequested(process.argv, process.env),
    // On a fresh install the desktop's own main window carries the setup code (whoever runs the app may set it up).
    setupCode: runtime.users.setupCode,
    preferences: securePreferences,
    resume: (resumeToken, station, touch) => runtime.users.resume(resumeToken, station, touch),
    log,
  });
  windows = stationWindows;
  disposeOnQuit(runtime, stationWindows);
  lockDown(origin, stationWindows);
  handleIpc(origin, title, stationWindows);
  app.on('activate', focusOrOpenWindow);
  stationWindows.restore();
}

/** Keeps the tray icon alive (a collected Tray disappears). */
let tray: Tray | null = null;

/**
 * Closing the last window does not stop the plant runtime (polling, history and sync go on); a tray
 * icon reopens the HMI or quits Lineside explicitly.
 */
function showTray(): void {
  if (tray !== null) return;
  tray = new Tray(nativeImage.createFromPath(path.join(app.getAppPath(), 'build', 'icon.png')));
  tray.setToolTip('Lineside is running: devices, history and sync continue');
  tray.setContextMenu(Menu.buildFromTemplate([{ label: 'Open Lineside', click: focusOrOpenWindow }, { type: 'separator' }, { label: 'Quit Lineside (stops the plant runtime)', click: () => app.quit() }]));
  tray.on('click', focusOrOpenWindow);
}

app.enableSandbox();
app.on('window-all-closed', showTray);
if (app.requestSingleInstanceLock()) {
  app.on('second-instance', focusOrOpenWindow);
  void start();
} else {
  app.quit();
}
