import type { App, Session, Shell, WebContents } from 'electron';
import { APP_ORIGIN } from '../renderer-host/csp';

/**
 * App-wide guards that hold for every web contents, present and future: no navigation away from the app, no new
 * windows, no webviews, no permissions (camera, notifications, ...), no downloads but the page's own exports.
 */
export function hardenApp(app: App, session: Session, shell: Pick<Shell, 'openExternal'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // The only downloads are the exports the page itself makes (a report saved as a Blob). No save path is set, so
  // Electron asks the admin where to save it, in a dialog with these options.
  session.on('will-download', (event, item) => {
    if (!item.getURL().startsWith(`blob:${APP_ORIGIN}/`)) return event.preventDefault();
    item.setSaveDialogOptions({ title: 'Save SinkGuard export' });
  });
  // Nothing may leave the machine: any request outside the app's own origin is cancelled.
  session.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequest(details.url) }),
  );

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Reference links open in the admin's browser, and only for documentation sites; no window ever opens here.
    contents.setWindowOpenHandler(({ url }) => {
      if (isDocumentationUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

export const isAppUrl = (url: string): boolean => url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`);

/** Requests the renderer may make: its own files, its own blobs and inline data (CSP narrows these further). */
export const isAllowedRequest = (url: string): boolean =>
  isAppUrl(url) ||
  url.startsWith(`blob:${APP_ORIGIN}/`) ||
  url.startsWith('data:') ||
  url.startsWith('devtools://');

/** Where the catalog's references point; nothing else is ever handed to the system browser. */
const DOCUMENTATION_HOSTS = new Set([
  'learn.microsoft.com',
  'support.microsoft.com',
  'www.cisecurity.org',
  'github.com',
  'borncity.com',
]);

export function isDocumentationUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.username === '' &&
      parsed.password === '' &&
      DOCUMENTATION_HOSTS.has(parsed.hostname)
    );
  } catch {
    return false;
  }
}
