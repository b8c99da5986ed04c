import type { BrowserWindow as BrowserWindowClass, BrowserWindowConstructorOptions } from 'electron';

type BrowserWindowConstructor = new (options: BrowserWindowConstructorOptions) => BrowserWindowClass;

/**
 * Creates the main window. The options are written out literally at the `new BrowserWindow` call so that both a
 * unit test (with a recording constructor) and Electronegativity's static analysis see every security setting.
 */
export function createMainWindow(
  BrowserWindow: BrowserWindowConstructor,
  preloadPath: string,
  darkBackground: boolean,
  allowDevTools: boolean,
): BrowserWindowClass {
  return new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'SinkGuard',
    backgroundColor: darkBackground ? '#121212' : '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
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
      // Middle-click must not open links in new windows.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
      safeDialogs: true,
      devTools: allowDevTools,
    },
  });
}
