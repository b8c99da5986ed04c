import { handlersWith } from '../../support/handlers';
import type { BrowserWindowConstructorOptions, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { bindIpc } from '../../../main/electron/ipc';
import { isAllowedRequest, isAppUrl, isDocumentationUrl } from '../../../main/electron/hardening';
import { isTrustedSender } from '../../../main/electron/sender';
import { createMainWindow } from '../../../main/electron/window';
import { channelNames } from '../../../main/contract';
import { createRouter } from '../../../main/ipc/router';

// Electron's binary cannot run on these machines; these tests drive the shell's code with recording stand-ins for
// the two Electron objects it touches (ipcMain and the BrowserWindow constructor).

type Handler = (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>;

function boundHandlers() {
  const handlers = new Map<string, Handler>();
  const appInfo = vi.fn(async () => ({
    name: 'SinkGuard',
    version: '1',
    platform: 'win32',
    arch: 'x64',
    runtime: 'electron' as const,
    electronVersion: '45.0.0',
    elevated: false,
    canRelaunchElevated: false,
    registry: {
      kind: 'reg-exe' as const,
      description: 'reg.exe',
      reason: 'test',
      chosenBy: { kind: 'default' as const },
      setting: { nextStart: 'reg-exe' as const, locked: null },
    },
    machine: { hostName: null, osBuild: 'test', membership: { kind: 'unknown' as const, why: 'test' } },
  }));
  bindIpc(
    { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) } as never,
    createRouter(handlersWith({ 'app:info': appInfo })),
  );
  return { handlers, appInfo };
}

const eventFrom = (frame: { url: string; parent: unknown } | null) =>
  ({ senderFrame: frame }) as unknown as IpcMainInvokeEvent;

describe('Electron IPC binding', () => {
  it('binds exactly the contract channels', () => {
    expect([...boundHandlers().handlers.keys()]).toEqual([...channelNames]);
  });

  it('serves the app page', async () => {
    const { handlers, appInfo } = boundHandlers();
    const result = await handlers.get('app:info')!(eventFrom({ url: 'app://sinkguard/', parent: null }), {});
    expect(result).toMatchObject({ ok: true });
    expect(appInfo).toHaveBeenCalledOnce();
  });

  it.each([
    ['a remote page', { url: 'https://evil.example/', parent: null }],
    ['a file:// page', { url: 'file:///C:/app/index.html', parent: null }],
    ['a subframe of the app', { url: 'app://sinkguard/frame.html', parent: {} }],
    ['another app:// host', { url: 'app://other/', parent: null }],
    ['a frame that is gone', null],
  ])('refuses a call from %s before any handler runs', async (_label, frame) => {
    const { handlers, appInfo } = boundHandlers();
    const result = await handlers.get('app:info')!(eventFrom(frame), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('refuses a malformed payload from the app page with a typed error', async () => {
    const { handlers, appInfo } = boundHandlers();
    const result = await handlers.get('app:info')!(eventFrom({ url: 'app://sinkguard/', parent: null }), {
      x: 1,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('treats an unparsable URL as untrusted', () => {
    expect(isTrustedSender({ url: 'not a url', parent: null })).toBe(false);
  });
});

describe('main window', () => {
  it('is created with every security setting on', () => {
    let options: BrowserWindowConstructorOptions | undefined;
    class RecordingWindow {
      constructor(given: BrowserWindowConstructorOptions) {
        options = given;
      }
    }
    createMainWindow(RecordingWindow as never, '/app/out/preload/index.cjs', false, false);
    expect(options?.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      devTools: false,
    });
    expect(options?.minWidth).toBeLessThanOrEqual(1024);
    expect(options?.minHeight).toBeLessThanOrEqual(700);
  });
});

describe('request and navigation allow-lists', () => {
  it.each([
    ['app://sinkguard/index.html', true],
    ['app://sinkguard', true],
    ['blob:app://sinkguard/6f1c', true],
    ['data:image/png;base64,AAAA', true],
    ['https://sinkguard/', false],
    ['app://sinkguard.evil.example/', false],
    ['blob:https://evil.example/1', false],
    ['file:///C:/Windows/System32/drivers/etc/hosts', false],
    ['http://127.0.0.1:8080/', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedRequest(url)).toBe(allowed);
  });

  it('lets the window navigate only within the app', () => {
    expect(isAppUrl('app://sinkguard/#/history')).toBe(true);
    expect(isAppUrl('app://sinkguardx/')).toBe(false);
    expect(isAppUrl('https://learn.microsoft.com/')).toBe(false);
  });
});

describe('external links', () => {
  it.each([
    ['https://learn.microsoft.com/en-us/windows/win32/com/machineaccessrestriction', true],
    ['http://learn.microsoft.com/', false],
    ['https://learn.microsoft.com.evil.example/', false],
    ['https://user@learn.microsoft.com/', false],
    ['file:///C:/Windows/notepad.exe', false],
    ['ms-settings:windowsupdate', false],
    ['javascript:alert(1)', false],
  ])('%s → %s', (url, allowed) => {
    expect(isDocumentationUrl(url)).toBe(allowed);
  });
});
