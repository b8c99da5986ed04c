/** The origin the packaged renderer is served from (custom protocol, never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'sinkguard';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * The renderer's Content-Security-Policy: nothing remote, no eval, no inline script. Styles need a per-load nonce
 * because MUI's emotion injects <style> elements; the nonce is handed to emotion through a meta tag.
 */
export function contentSecurityPolicy(styleNonce: string, delivery: 'header' | 'meta' = 'header'): string {
  const directives = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${styleNonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'none'",
    "media-src 'none'",
    "worker-src 'none'",
    "object-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ];
  // Browsers ignore (and complain about) frame-ancestors in a <meta> policy; the header carries it.
  return directives.filter((d) => delivery === 'header' || !d.startsWith('frame-ancestors')).join('; ');
}
