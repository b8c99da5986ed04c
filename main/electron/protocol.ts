import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../renderer-host/csp';
import { serveRendererAsset } from '../renderer-host/assets';

/** Must run before `app.whenReady()`: app:// behaves like a secure, standard origin. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Serves the built renderer from `rendererDir` on app://sinkguard/. */
export function serveRenderer(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const asset = await serveRendererAsset(rendererDir, url.pathname);
    return new Response(asset.body, { status: asset.status, headers: asset.headers });
  });
}
