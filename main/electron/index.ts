import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, nativeTheme, protocol, session, shell } from 'electron';
import { composeApp } from '../app/compose';
import { COMMANDS } from '../cli/commands/index';
import { runCli } from '../cli/program';
import { processIO } from '../cli/process-io';
import { bindIpc } from './ipc';
import { hardenApp } from './hardening';
import { registerAppScheme, serveRenderer } from './protocol';
import { relaunchElevated } from './relaunch';
import { createMainWindow } from './window';
import { APP_ORIGIN } from '../renderer-host/csp';

const here = fileURLToPath(new URL('.', import.meta.url));
const userArgs = process.argv.slice(app.isPackaged ? 1 : 2);

/**
 * Installers and scripts run the packaged app as the `sinkguard` command: `SinkGuard.exe audit --json > out.json`.
 * No window then. SinkGuard.exe is a GUI-subsystem program: a prompt does not wait for it, so callers redirect its
 * output and wait for its exit (README).
 */
function isCliInvocation(args: readonly string[]): boolean {
  const first = args[0];
  if (first === undefined) return false;
  if (['--help', '-h', '--version', '-V'].includes(first)) return true;
  return COMMANDS.some((command) => command.name === first);
}

if (isCliInvocation(userArgs)) {
  app.disableHardwareAcceleration();
  void runCli(userArgs, processIO()).then((code) => app.exit(code));
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  startWindowedApp();
}

function startWindowedApp(): void {
  app.enableSandbox();
  registerAppScheme(protocol);
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());

  void app.whenReady().then(async () => {
    hardenApp(app, session.defaultSession, shell);
    serveRenderer(protocol, join(here, '..', 'renderer'));
    const { router, events } = await composeApp({
      runtime: 'electron',
      electronVersion: process.versions.electron ?? null,
      registryChoice: registryChoiceFromArgs(userArgs),
      env: process.env,
      relaunchElevated: () => relaunchElevated(app, userArgs, process.env),
    });
    bindIpc(ipcMain, router);

    mainWindow = createMainWindow(
      BrowserWindow,
      join(here, '..', 'preload', 'index.cjs'),
      nativeTheme.shouldUseDarkColors,
      !app.isPackaged,
    );
    const window = mainWindow;
    const unsubscribe = events.subscribe((event, payload) => window.webContents.send(event, payload));
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      unsubscribe();
      mainWindow = null;
    });
    await mainWindow.loadURL(`${APP_ORIGIN}/`);
  });
}

/**
 * `--registry <choice>` also works for the window (e.g. to open a simulated machine on Windows); without it, the
 * choice saved in the app's settings.
 */
function registryChoiceFromArgs(args: readonly string[]): string | undefined {
  const index = args.indexOf('--registry');
  return index >= 0 ? args[index + 1] : undefined;
}
