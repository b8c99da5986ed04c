import { APP_ORIGIN } from '../renderer-host/csp';

/** The parts of Electron's WebFrameMain the sender check needs. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}

/**
 * An IPC call is trusted only from the app's own top-level page, served from app://sinkguard. Anything else — a
 * subframe, a page that navigated away, a frame that is already gone — is refused before any handler runs.
 */
export function isTrustedSender(frame: SenderFrame | null | undefined): boolean {
  if (!frame || frame.parent !== null) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  return url.origin === APP_ORIGIN || `${url.protocol}//${url.host}` === APP_ORIGIN;
}
