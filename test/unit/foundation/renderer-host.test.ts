import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { serveRendererAsset } from '../../../main/renderer-host/assets';
import { contentSecurityPolicy } from '../../../main/renderer-host/csp';

const root = mkdtempSync(join(tmpdir(), 'sinkguard-renderer-'));

beforeAll(() => {
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), readFileSync('renderer/index.html'));
  writeFileSync(join(root, 'assets', 'index.js'), 'console.log(1)');
  writeFileSync(join(root, '.secret.js'), 'x');
  writeFileSync(join(tmpdir(), 'outside.js'), 'x');
});

describe('content security policy', () => {
  const csp = contentSecurityPolicy('abc');
  const directive = (name: string) => csp.split('; ').find((part) => part.startsWith(`${name} `));

  it('allows no eval, no inline script and nothing remote', () => {
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:|\*|wss?:/);
    expect(directive('default-src')).toBe("default-src 'none'");
    expect(directive('script-src')).toBe("script-src 'self'");
    expect(directive('object-src')).toBe("object-src 'none'");
    expect(directive('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive('style-src')).toBe("style-src 'self' 'nonce-abc'");
  });
});

describe('serving the built renderer', () => {
  it('serves index.html with a fresh nonce in the CSP header and meta tags', async () => {
    const first = await serveRendererAsset(root, '/');
    const second = await serveRendererAsset(root, '/index.html');
    const html = String(first.body);
    const nonce = /name="csp-nonce" content="([^"]+)"/.exec(html)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(first.headers['content-security-policy']).toBe(contentSecurityPolicy(nonce!));
    // The meta tag in renderer/index.html states the very same policy as the header.
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(contentSecurityPolicy(nonce!, 'meta'));
    expect(contentSecurityPolicy(nonce!, 'meta')).not.toContain('frame-ancestors');
    expect(second.headers['content-security-policy']).not.toBe(first.headers['content-security-policy']);
  });

  it('serves assets with their type and nosniff', async () => {
    const asset = await serveRendererAsset(root, '/assets/index.js');
    expect(asset.status).toBe(200);
    expect(asset.headers).toMatchObject({
      'content-type': 'text/javascript; charset=utf-8',
      'x-content-type-options': 'nosniff',
    });
  });

  it.each([
    '/../outside.js',
    '/assets/../../outside.js',
    '/%2e%2e/outside.js',
    '/.secret.js',
    '/missing.js',
    '/assets/',
    '/%E0%A4%A',
  ])('refuses %s', async (path) => {
    expect((await serveRendererAsset(root, path)).status).toBe(404);
  });
});
