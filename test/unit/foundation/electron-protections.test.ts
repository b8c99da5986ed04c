import { EventEmitter } from 'node:events';
import type { App, Session, WebContents } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { hardenApp } from '../../../main/electron/hardening';
import { previewMachine, previewMachineChosenBy } from '../../../main/preview/machine';

// Electron's binary cannot run here. These tests drive the shell's protections with recording stand-ins for the
// Electron objects they touch (and `electron` itself is mocked for main/electron/index.ts, which imports it).

/** A session that keeps every handler hardenApp installs, so a test can call them as Chromium would. */
function fakeSession() {
  const emitter = new EventEmitter();
  const handlers: {
    permissionRequest?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
    permissionCheck?: (...args: unknown[]) => boolean;
    devicePermission?: (...args: unknown[]) => boolean;
    beforeRequest?: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void;
  } = {};
  const session = {
    setPermissionRequestHandler: (handler: typeof handlers.permissionRequest) =>
      void (handlers.permissionRequest = handler),
    setPermissionCheckHandler: (handler: typeof handlers.permissionCheck) =>
      void (handlers.permissionCheck = handler),
    setDevicePermissionHandler: (handler: typeof handlers.devicePermission) =>
      void (handlers.devicePermission = handler),
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    webRequest: {
      onBeforeRequest: (handler: typeof handlers.beforeRequest) => void (handlers.beforeRequest = handler),
    },
  };
  return { session: session as unknown as Session, handlers, emit: emitter.emit.bind(emitter) };
}

/** A web contents whose listeners and window-open handler can be driven. */
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const contents = {
    on: (event: string, listener: (...args: unknown[]) => void) => emitter.on(event, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => void (openHandler = handler),
  };
  /** Fires `event` as Electron does and says whether a listener prevented it. */
  const fire = (event: string, ...args: unknown[]): boolean => {
    const preventDefault = vi.fn();
    emitter.emit(event, { preventDefault }, ...args);
    return preventDefault.mock.calls.length > 0;
  };
  return { contents: contents as unknown as WebContents, fire, open: (url: string) => openHandler!({ url }) };
}

function hardened() {
  const app = new EventEmitter();
  const session = fakeSession();
  const shell = { openExternal: vi.fn(async () => undefined) };
  hardenApp(app as unknown as App, session.session, shell);
  const contents = fakeContents();
  app.emit('web-contents-created', {}, contents.contents);
  return { session, shell, contents };
}

/** A download as Electron hands it to will-download. */
function fakeDownload(url: string) {
  return {
    getURL: () => url,
    getFilename: () => 'sinkguard-audit-legacy.html',
    setSaveDialogOptions: vi.fn(),
    setSavePath: vi.fn(),
  };
}

describe('app hardening', () => {
  it('denies every permission request, check and device permission', () => {
    const { session } = hardened();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'hid']) {
      const callback = vi.fn();
      session.handlers.permissionRequest!({}, permission, callback);
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
    expect(session.handlers.permissionCheck!({}, 'media', 'app://sinkguard', {})).toBe(false);
    expect(session.handlers.devicePermission!({ deviceType: 'usb' })).toBe(false);
  });

  it('prevents navigation away from the app and every redirect and webview, allows in-app navigation', () => {
    const { contents } = hardened();
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///C:/Windows/win.ini')).toBe(true);
    expect(contents.fire('will-navigate', 'app://sinkguard.evil.example/')).toBe(true);
    expect(contents.fire('will-navigate', 'app://sinkguard/#/history')).toBe(false);
    expect(contents.fire('will-redirect', 'app://sinkguard/')).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {})).toBe(true);
  });

  it('never opens a window; documentation links go to the system browser, nothing else does', () => {
    const { contents, shell } = hardened();
    const docs = 'https://learn.microsoft.com/en-us/windows/win32/com/machineaccessrestriction';
    expect(contents.open(docs)).toEqual({ action: 'deny' });
    expect(contents.open('https://evil.example/')).toEqual({ action: 'deny' });
    expect(contents.open('file:///C:/Windows/notepad.exe')).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([[docs]]);
  });

  it('cancels every request outside the app’s own origin, its blobs and inline data', () => {
    const { session } = hardened();
    const cancelled = (url: string) => {
      const callback = vi.fn();
      session.handlers.beforeRequest!({ url }, callback);
      return (callback.mock.calls[0]![0] as { cancel: boolean }).cancel;
    };
    expect(cancelled('https://evil.example/beacon')).toBe(true);
    expect(cancelled('http://127.0.0.1:8080/')).toBe(true);
    expect(cancelled('file:///C:/Windows/win.ini')).toBe(true);
    expect(cancelled('app://sinkguard/assets/index.js')).toBe(false);
    // The exports: renderer/src/export.ts clicks an <a download> of a Blob URL of the page's own origin.
    expect(cancelled('blob:app://sinkguard/6f1c9a2e-1b7d-4c1e-9a51-0d3c8f1e2b44')).toBe(false);
  });

  it('lets the page’s own Blob exports download through a save dialog, and refuses every other download', () => {
    const { session } = hardened();
    const exported = fakeDownload('blob:app://sinkguard/6f1c9a2e-1b7d-4c1e-9a51-0d3c8f1e2b44');
    const exportEvent = { preventDefault: vi.fn() };
    session.emit('will-download', exportEvent, exported, {});
    expect(exportEvent.preventDefault).not.toHaveBeenCalled();
    // No save path set: Electron then asks the admin where to save, in a dialog with these options.
    expect(exported.setSavePath).not.toHaveBeenCalled();
    expect(exported.setSaveDialogOptions).toHaveBeenCalledExactlyOnceWith(
      expect.objectContaining({ title: 'Save SinkGuard export' }),
    );

    for (const url of [
      'https://evil.example/payload.exe',
      'blob:https://evil.example/1',
      'data:text/html,x',
    ]) {
      const item = fakeDownload(url);
      const event = { preventDefault: vi.fn() };
      session.emit('will-download', event, item, {});
      expect(event.preventDefault, url).toHaveBeenCalledOnce();
      expect(item.setSaveDialogOptions).not.toHaveBeenCalled();
    }
  });
});

// --- main/electron/index.ts: the single-instance lock ------------------------------------------------------------

const electron = vi.hoisted(() => {
  const state = {
    lock: true,
    windows: [] as {
      options: unknown;
      minimized: boolean;
      restore: Mock;
      focus: Mock;
    }[],
    appListeners: new Map<string, (...args: unknown[]) => void>(),
    ready: Promise.resolve(),
    /** Called once each when the next window is constructed: tests wait on this, not on the clock. */
    onWindow: [] as (() => void)[],
  };
  return { state };
});

vi.mock('electron', async () => {
  const { vi: mock } = await import('vitest');
  const { state } = electron;
  class BrowserWindow {
    readonly webContents = { send: mock.fn() };
    minimized = true;
    readonly restore = mock.fn(() => void (this.minimized = false));
    readonly focus = mock.fn();
    constructor(readonly options: unknown) {
      state.windows.push(this as never);
      for (const listener of state.onWindow.splice(0)) listener();
    }
    isMinimized = () => this.minimized;
    once = mock.fn();
    on = mock.fn();
    show = mock.fn();
    loadURL = mock.fn(async () => undefined);
  }
  const app = {
    isPackaged: false,
    requestSingleInstanceLock: mock.fn(() => state.lock),
    releaseSingleInstanceLock: mock.fn(),
    quit: mock.fn(),
    exit: mock.fn(),
    enableSandbox: mock.fn(),
    disableHardwareAcceleration: mock.fn(),
    whenReady: mock.fn(() => state.ready),
    on: mock.fn((event: string, listener: (...args: unknown[]) => void) => {
      state.appListeners.set(event, listener);
      return app;
    }),
  };
  const session = {
    defaultSession: {
      setPermissionRequestHandler: mock.fn(),
      setPermissionCheckHandler: mock.fn(),
      setDevicePermissionHandler: mock.fn(),
      on: mock.fn(),
      webRequest: { onBeforeRequest: mock.fn() },
    },
  };
  return {
    app,
    BrowserWindow,
    ipcMain: { handle: mock.fn() },
    nativeTheme: { shouldUseDarkColors: false },
    protocol: { registerSchemesAsPrivileged: mock.fn(), handle: mock.fn() },
    session,
    shell: { openExternal: mock.fn() },
  };
});

// The shell is under test, not the composition root: no registry or data folder is opened.
const composeApp = vi.hoisted(() => vi.fn());
vi.mock('../../../main/app/compose', () => ({ composeApp }));

describe('the Electron main process', () => {
  const argv = process.argv;

  beforeEach(() => {
    vi.resetModules();
    electron.state.windows.length = 0;
    electron.state.appListeners.clear();
    composeApp.mockReset();
    composeApp.mockResolvedValue({
      router: { dispatch: vi.fn() },
      events: { subscribe: () => () => undefined },
    });
    // Not packaged: the app's own arguments start at argv[2]; none means the window, not the CLI.
    process.argv = [process.execPath, 'out/main/index.js'];
  });

  afterEach(() => {
    process.argv = argv;
  });

  async function startMain() {
    const { app } = await import('electron');
    vi.mocked(app.requestSingleInstanceLock).mockClear();
    vi.mocked(app.quit).mockClear();
    vi.mocked(app.enableSandbox).mockClear();
    vi.mocked(app.whenReady).mockClear();
    await import('../../../main/electron/index');
    return app;
  }

  it('quits at once, opening nothing, when another instance holds the lock', async () => {
    electron.state.lock = false;
    const app = await startMain();
    expect(app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.enableSandbox).not.toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
    // One full turn of the event loop: anything the import started would have reached composeApp by now.
    await new Promise((resolve) => setImmediate(resolve));
    expect(composeApp).not.toHaveBeenCalled();
    expect(electron.state.windows).toHaveLength(0);
  });

  it('with the lock, opens one window and brings it back when a second instance starts', async () => {
    electron.state.lock = true;
    const opened = new Promise<void>((resolve) => electron.state.onWindow.push(resolve));
    const app = await startMain();
    expect(app.quit).not.toHaveBeenCalled();
    expect(app.enableSandbox).toHaveBeenCalledOnce();
    await opened;
    expect(electron.state.windows).toHaveLength(1);
    const window = electron.state.windows[0]!;
    electron.state.appListeners.get('second-instance')!({}, ['SinkGuard.exe'], '.');
    expect(window.restore).toHaveBeenCalledOnce();
    expect(window.focus).toHaveBeenCalledOnce();
    expect(electron.state.windows).toHaveLength(1);
  });
});

describe('the Electron main process as the sinkguard command', () => {
  const argv = process.argv;
  afterEach(() => {
    process.argv = argv;
  });

  it('answers a CLI invocation on stdout and exits with its code, without the lock or a window', async () => {
    vi.resetModules();
    electron.state.windows.length = 0;
    composeApp.mockClear();
    process.argv = [process.execPath, 'out/main/index.js', '--version'];
    const { app } = await import('electron');
    vi.mocked(app.requestSingleInstanceLock).mockClear();
    vi.mocked(app.exit).mockClear();
    const exited = new Promise<unknown>((resolve) => vi.mocked(app.exit).mockImplementationOnce(resolve));
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await import('../../../main/electron/index');
      expect(await exited).toBe(0);
    } finally {
      write.mockRestore();
    }
    expect(written.join('')).toMatch(/\d+\.\d+\.\d+/);
    expect(app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(composeApp).not.toHaveBeenCalled();
    expect(electron.state.windows).toHaveLength(0);
    // Waits for the exit, not a poll: loading every CLI module takes seconds on a loaded machine.
  }, 60_000);
});

// --- main/preview: simulated machines only ------------------------------------------------------------------------

describe('the browser preview’s machine', () => {
  it('is the simulated stock machine unless told otherwise, and any simulated profile when told', () => {
    expect(previewMachine({})).toBe('simulated:stock');
    expect(previewMachine({ SINKGUARD_PREVIEW_MACHINE: 'simulated' })).toBe('simulated:stock');
    expect(previewMachine({ SINKGUARD_PREVIEW_MACHINE: 'Simulated:Legacy' })).toBe('simulated:legacy');
    expect(previewMachine({ SINKGUARD_PREVIEW_MACHINE: 'simulated:gpo-managed' })).toBe(
      'simulated:gpo-managed',
    );
  });

  it('says what chose it: the variable when set, else the default', () => {
    expect(previewMachineChosenBy({})).toEqual({ kind: 'default' });
    expect(previewMachineChosenBy({ SINKGUARD_PREVIEW_MACHINE: 'simulated:legacy' })).toEqual({
      kind: 'environment',
      name: 'SINKGUARD_PREVIEW_MACHINE',
    });
  });

  it.each(['reg-exe', 'regedit', 'auto'])('refuses %s: never a real registry', (machine) => {
    expect(() => previewMachine({ SINKGUARD_PREVIEW_MACHINE: machine })).toThrow(
      /only on a simulated machine, never a real registry .*simulated:stock/,
    );
  });

  it('refuses a machine that does not exist, listing the ones that do', () => {
    expect(() => previewMachine({ SINKGUARD_PREVIEW_MACHINE: 'simulated:../../etc' })).toThrow(
      /names no machine; the preview runs on: simulated, simulated:stock, simulated:legacy, simulated:gpo-managed/,
    );
  });

  it('exits with status 2 before opening anything when given a real registry', async () => {
    const previous = process.env.SINKGUARD_PREVIEW_MACHINE;
    process.env.SINKGUARD_PREVIEW_MACHINE = 'reg-exe';
    composeApp.mockClear();
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Error(`exit ${String(code)}`);
    });
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await expect(import('../../../main/preview/index')).rejects.toThrow('exit 2');
      expect(error).toHaveBeenCalledWith(expect.stringMatching(/never a real registry/));
      expect(composeApp).not.toHaveBeenCalled();
    } finally {
      exit.mockRestore();
      error.mockRestore();
      if (previous === undefined) delete process.env.SINKGUARD_PREVIEW_MACHINE;
      else process.env.SINKGUARD_PREVIEW_MACHINE = previous;
    }
  });
});
