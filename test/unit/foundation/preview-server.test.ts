import { handlersWith } from '../../support/handlers';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEventHub } from '../../../main/ipc/events';
import { createRouter } from '../../../main/ipc/router';
import { createPreviewFaults } from '../../../main/preview/faults';
import { FAULT_PATH, startPreviewServer, type PreviewServer } from '../../../main/preview/server';
import { SimulatedRegistry } from '../../../main/registry/simulated';

const appInfo = vi.fn(async () => ({
  name: 'SinkGuard',
  version: '1',
  platform: 'linux',
  arch: 'x64',
  runtime: 'preview' as const,
  electronVersion: null,
  elevated: true,
  canRelaunchElevated: false,
  registry: {
    kind: 'simulated' as const,
    description: 'simulated machine: stock',
    reason: 'preview',
    chosenBy: { kind: 'default' as const },
    setting: { nextStart: 'reg-exe' as const, locked: null },
  },
  machine: { hostName: null, osBuild: 'test', membership: { kind: 'unknown' as const, why: 'test' } },
}));
let preview: PreviewServer;
let port: number;

beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'sinkguard-preview-'));
  writeFileSync(join(root, 'index.html'), '<html><head></head><body></body></html>');
  preview = await startPreviewServer({
    router: createRouter(handlersWith({ 'app:info': appInfo })),
    events: createEventHub(),
    rendererDir: root,
    bridgeScript: '/* bridge */',
  });
  port = new URL(preview.url).port as unknown as number;
});
afterAll(() => preview.close());

/** A raw HTTP call, so the test controls every header (fetch would not let it set Host). */
function call(options: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  port?: number;
}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port ?? port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const invoke = (
  headers: Record<string, string>,
  body = JSON.stringify({ channel: 'app:info', payload: {} }),
) =>
  call({
    path: '/__sinkguard/invoke',
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

describe('preview server', () => {
  it('listens on loopback only and prints a URL carrying a long random token', () => {
    expect(preview.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
  });

  it('serves the page with the token and the bridge script only to a tokened URL', async () => {
    const page = await call({ path: `/?token=${preview.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="sinkguard-preview-token" content="${preview.token}" />`);
    expect((await call({ path: '/' })).status).toBe(403);
    expect((await call({ path: '/?token=wrong' })).status).toBe(403);
  });

  it('answers a bridge call with the right token through the router', async () => {
    const response = await invoke({ 'x-sinkguard-token': preview.token });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { runtime: 'preview' } });
  });

  it('passes the router’s typed errors through', async () => {
    const response = await invoke(
      { 'x-sinkguard-token': preview.token },
      JSON.stringify({ channel: 'nope', payload: {} }),
    );
    expect(JSON.parse(response.body)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it.each<[string, () => Record<string, string>]>([
    ['no token', () => ({})],
    ['a wrong token', () => ({ 'x-sinkguard-token': 'x'.repeat(43) })],
    ['a foreign Origin', () => ({ 'x-sinkguard-token': preview.token, origin: 'http://evil.example' })],
    ['a rebinding Host', () => ({ 'x-sinkguard-token': preview.token, host: 'evil.example' })],
  ])('refuses a bridge call with %s before the router', async (_label, headers) => {
    appInfo.mockClear();
    const response = await invoke(headers());
    expect([403, 421]).toContain(response.status);
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('refuses non-JSON bodies, malformed JSON and oversized bodies', async () => {
    const token = { 'x-sinkguard-token': preview.token };
    expect(
      (
        await call({
          path: '/__sinkguard/invoke',
          method: 'POST',
          headers: { ...token, 'content-type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
    expect((await invoke(token, '{not json')).status).toBe(400);
    expect((await invoke(token, 'x'.repeat(1024 * 1024 + 1))).status).toBe(413);
  });
});

describe('preview fault switch (development only)', () => {
  const post = (target: number, headers: Record<string, string>, body: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: target,
          path: FAULT_PATH,
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  it('is not served by a preview started without it', async () => {
    const response = await post(port, { 'x-sinkguard-token': preview.token }, '{"fail":["readKeys"]}');
    expect(response.status).toBe(405);
  });

  it('needs the run token, takes only known operations, and makes the simulated machine fail them', async () => {
    const faults = createPreviewFaults();
    const root = mkdtempSync(join(tmpdir(), 'sinkguard-preview-'));
    writeFileSync(join(root, 'index.html'), '<html><head></head><body></body></html>');
    const faulty = await startPreviewServer({
      router: createRouter(handlersWith({ 'app:info': appInfo })),
      events: createEventHub(),
      rendererDir: root,
      bridgeScript: '',
      faults,
    });
    const target = Number(new URL(faulty.url).port);
    const registry = new SimulatedRegistry([], { fault: faults.fault });
    try {
      expect((await post(target, {}, '{"fail":["readKeys"]}')).status).toBe(403);
      const unknown = await post(target, { 'x-sinkguard-token': faulty.token }, '{"fail":["format"]}');
      expect(unknown.status).toBe(400);
      expect(faults.failing()).toEqual([]);
      await expect(registry.readKeys(['HKLM\\SOFTWARE'])).resolves.toHaveLength(1);

      const set = await post(target, { 'x-sinkguard-token': faulty.token }, '{"fail":["readKeys"]}');
      expect(set.status).toBe(200);
      expect(JSON.parse(set.body)).toEqual({ failing: ['readKeys'] });
      await expect(registry.readKeys(['HKLM\\SOFTWARE'])).rejects.toMatchObject({
        code: 'backend-unavailable',
        message: expect.stringContaining('readKeys failed') as unknown,
      });

      await post(target, { 'x-sinkguard-token': faulty.token }, '{"fail":[]}');
      await expect(registry.readKeys(['HKLM\\SOFTWARE'])).resolves.toHaveLength(1);

      // A garbled channel answers a value no view can render, without reaching the router.
      appInfo.mockClear();
      await post(target, { 'x-sinkguard-token': faulty.token }, '{"fail":[],"garble":["app:info"]}');
      const garbled = await call({
        path: '/__sinkguard/invoke',
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-sinkguard-token': faulty.token,
          host: `127.0.0.1:${target}`,
        },
        body: JSON.stringify({ channel: 'app:info', payload: {} }),
        port: target,
      });
      expect(JSON.parse(garbled.body)).toEqual({ ok: true, value: null });
      expect(appInfo).not.toHaveBeenCalled();
    } finally {
      await faulty.close();
    }
  });
});
