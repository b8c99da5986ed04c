import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { EventHub } from '../ipc/events';
import type { Router } from '../ipc/router';
import { serveRendererAsset } from '../renderer-host/assets';
import { FaultRequestSchema, type PreviewFaults } from './faults';

/**
 * The browser preview (a development tool, never packaged): the built renderer on 127.0.0.1 with the main-process
 * router behind a loopback bridge. Every bridge call must carry this run's random token; requests with a foreign
 * Host (DNS rebinding) or Origin (another site in the same browser) are refused.
 */
export const BRIDGE_PATH = '/__sinkguard/invoke';
export const EVENTS_PATH = '/__sinkguard/events';
export const TOKEN_HEADER = 'x-sinkguard-token';
/** The fault switch (only when the preview was started with it): POST {"fail": [operations], "garble": [channels]}. */
export const FAULT_PATH = '/__sinkguard/fault';
const MAX_BODY_BYTES = 1024 * 1024;

export interface PreviewServer {
  readonly url: string;
  readonly token: string;
  readonly server: Server;
  close(): Promise<void>;
}

export interface PreviewOptions {
  readonly router: Router;
  readonly events: EventHub;
  readonly rendererDir: string;
  /** The built bridge script (out/preview/bridge.js). */
  readonly bridgeScript: string;
  readonly port?: number;
  /** The development-only fault switch; absent, FAULT_PATH is not served at all. */
  readonly faults?: PreviewFaults;
}

export async function startPreviewServer(options: PreviewOptions): Promise<PreviewServer> {
  const token = randomBytes(32).toString('base64url');
  const server = createServer((request, response) => {
    handle(request, response, options, token, server).catch(() => send(response, 500, 'Internal error'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  options: PreviewOptions,
  token: string,
  server: Server,
): Promise<void> {
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  if (request.headers.host !== `127.0.0.1:${port}`) return send(response, 421, 'Wrong host');
  const url = new URL(request.url ?? '/', origin);

  if (url.pathname === BRIDGE_PATH || (url.pathname === FAULT_PATH && options.faults)) {
    if (request.method !== 'POST') return send(response, 405, 'POST only');
    if (request.headers.origin !== undefined && request.headers.origin !== origin) {
      return send(response, 403, 'Foreign origin');
    }
    if (!tokenMatches(request.headers[TOKEN_HEADER], token)) return send(response, 403, 'Bad token');
    if (!String(request.headers['content-type']).startsWith('application/json')) {
      return send(response, 415, 'JSON only');
    }
    const body = await readBody(request);
    if (body === null) return send(response, 413, 'Too large');
    let call: unknown;
    try {
      call = JSON.parse(body);
    } catch {
      return send(response, 400, 'Malformed JSON');
    }
    if (url.pathname === FAULT_PATH) {
      const parsed = FaultRequestSchema.safeParse(call);
      if (!parsed.success) return send(response, 400, z.prettifyError(parsed.error));
      options.faults!.set(parsed.data);
      return send(response, 200, JSON.stringify({ failing: options.faults!.failing() }), 'application/json');
    }
    const { channel, payload } = (call ?? {}) as { channel?: unknown; payload?: unknown };
    if (options.faults?.garbles(channel))
      return send(response, 200, JSON.stringify({ ok: true, value: null }), 'application/json');
    const result = await options.router.dispatch(channel, payload);
    return send(response, 200, JSON.stringify(result), 'application/json');
  }

  if (request.method !== 'GET') return send(response, 405, 'GET only');
  if (url.pathname === EVENTS_PATH) {
    // EventSource cannot send headers, so the token comes in the query; the stream carries only progress events.
    if (!tokenMatches(url.searchParams.get('token') ?? undefined, token))
      return send(response, 403, 'Bad token');
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    response.write(': connected\n\n');
    const unsubscribe = options.events.subscribe((event, payload) => {
      response.write(`data: ${JSON.stringify({ event, payload })}\n\n`);
    });
    request.on('close', unsubscribe);
    return;
  }
  if (url.pathname === '/__sinkguard/bridge.js') {
    return send(response, 200, options.bridgeScript, 'text/javascript; charset=utf-8');
  }
  const isPage = url.pathname === '/' || url.pathname === '/index.html';
  if (isPage && !tokenMatches(url.searchParams.get('token') ?? undefined, token)) {
    return send(response, 403, "Open the URL that `npm run preview` printed (it carries this run's token).");
  }
  // The page carries the token on to the bridge; only a same-origin load can read it.
  const head = `<meta name="sinkguard-preview-token" content="${token}" /><script src="/__sinkguard/bridge.js"></script>`;
  const asset = await serveRendererAsset(options.rendererDir, url.pathname, head);
  response.writeHead(asset.status, asset.headers);
  response.end(asset.body);
}

function tokenMatches(header: string | string[] | undefined, token: string): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(
  response: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
): void {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}
