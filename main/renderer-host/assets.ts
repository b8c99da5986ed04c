import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { contentSecurityPolicy } from './csp';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export interface RendererAsset {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array | string;
}

/** The placeholder in renderer/index.html (its CSP meta tag and the nonce meta tag), replaced per load. */
export const NONCE_PLACEHOLDER = '__CSP_NONCE__';

/**
 * Serves one file of the built renderer for a URL path, for both the app:// protocol and the preview server.
 * Paths that escape the root, hidden files and unknown types are 404; index.html gets a fresh style nonce and the
 * CSP both as a header and a meta tag. `extraHead` lets the preview add its bridge (never in the packaged app).
 */
export async function serveRendererAsset(
  rootDir: string,
  urlPath: string,
  extraHead = '',
): Promise<RendererAsset> {
  const root = resolve(rootDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split(/[?#]/, 1)[0] ?? '/');
  } catch {
    return notFound();
  }
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const file = resolve(root, relative);
  const type = MIME[extname(file).toLowerCase()];
  if (!file.startsWith(root + sep) || relative.split('/').some((part) => part.startsWith('.')) || !type) {
    return notFound();
  }
  let body: Uint8Array;
  try {
    body = await readFile(file);
  } catch {
    return notFound();
  }
  const headers: Record<string, string> = {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
  if (extname(file) !== '.html') return { status: 200, headers, body };

  const nonce = randomBytes(18).toString('base64');
  const csp = contentSecurityPolicy(nonce);
  const html = new TextDecoder()
    .decode(body)
    .replaceAll(NONCE_PLACEHOLDER, nonce)
    .replace('</head>', `${extraHead}</head>`);
  return {
    status: 200,
    headers: { ...headers, 'content-security-policy': csp, 'referrer-policy': 'no-referrer' },
    body: html,
  };
}

const notFound = (): RendererAsset => ({
  status: 404,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: 'Not found',
});
