import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { resolveConfig } from 'electron-vite';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, eventNames } from '../../../main/contract';

/**
 * The built preload, run the way a sandboxed Electron renderer runs it: a CommonJS body whose `require` knows only
 * 'electron'. Anything else it requires (a dependency left external) would throw here as it throws in Electron,
 * where window.sinkguard would then never exist. The bundle comes from electron.vite.config.ts's own preload build.
 */

let directory: string;
let bundle: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sinkguard-preload-'));
  // resolveConfig sets NODE_ENV for the build; the test process keeps its own.
  const nodeEnv = process.env.NODE_ENV;
  try {
    const { config } = await resolveConfig(
      { build: { outDir: directory }, logLevel: 'silent' },
      'build',
      'production',
    );
    if (!config?.preload) throw new Error('electron.vite.config.ts has no preload build');
    await build({ ...config.preload, logLevel: 'silent' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  bundle = await readFile(join(directory, 'preload', 'index.cjs'), 'utf8');
}, 60_000);

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

interface FakeElectron {
  readonly exposed: [string, unknown][];
  readonly invoked: [string, unknown][];
  readonly listeners: Map<string, Set<(event: unknown, payload: unknown) => void>>;
}

/** Runs the bundle with a `require` that answers 'electron' (recording stand-ins) and refuses everything else. */
function runPreload(): FakeElectron {
  const fake: FakeElectron = { exposed: [], invoked: [], listeners: new Map() };
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, value: unknown) => void fake.exposed.push([key, value]),
    },
    ipcRenderer: {
      invoke: (channel: string, payload: unknown) => {
        fake.invoked.push([channel, payload]);
        return Promise.resolve({ ok: true, value: `answer to ${channel}` });
      },
      on: (event: string, listener: (event: unknown, payload: unknown) => void) => {
        const set = fake.listeners.get(event) ?? new Set();
        set.add(listener);
        fake.listeners.set(event, set);
      },
      removeListener: (event: string, listener: (event: unknown, payload: unknown) => void) =>
        void fake.listeners.get(event)?.delete(listener),
    },
  };
  const sandboxedRequire = (name: string): unknown => {
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name}`);
  };
  const module = { exports: {} };
  runInNewContext(`(function (exports, require, module) {\n${bundle}\n})`, {}, { filename: 'index.cjs' })(
    module.exports,
    sandboxedRequire,
    module,
  );
  return fake;
}

interface Api {
  channels: readonly string[];
  events: readonly string[];
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

describe('the built preload in a sandbox', () => {
  it('requires nothing but electron', () => {
    const required = [...bundle.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('bundles neither zod nor domain code: the preload needs only the contract’s names', () => {
    // Markers of zod's code and of the audit report schema, which ipc.ts would drag in.
    expect(bundle).not.toMatch(/\$?Zod(Error|Type|Object)\b|AuditReport/);
    expect(bundle.length).toBeLessThan(20_000);
  });

  it('exposes exactly one frozen object, sinkguard, and nothing of Electron', () => {
    const { exposed } = runPreload();
    expect(exposed.map(([key]) => key)).toEqual(['sinkguard']);
    const api = exposed[0]![1] as Api;
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['channels', 'events', 'invoke', 'on']);
    expect([...api.channels]).toEqual([...channelNames]);
    expect([...api.events]).toEqual([...eventNames]);
  });

  it('invokes through ipcRenderer.invoke, and refuses a channel outside the contract without it', async () => {
    const { exposed, invoked } = runPreload();
    const api = exposed[0]![1] as Api;
    await expect(api.invoke('app:info', {})).resolves.toEqual({ ok: true, value: 'answer to app:info' });
    expect(invoked).toEqual([['app:info', {}]]);
    await expect(api.invoke('registry:raw-write', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-channel' },
    });
    expect(invoked).toHaveLength(1);
  });

  it('subscribes through ipcRenderer.on, hands over the payload only, and unsubscribes', () => {
    const { exposed, listeners } = runPreload();
    const api = exposed[0]![1] as Api;
    const seen: unknown[][] = [];
    const off = api.on('apply:progress', (...args: unknown[]) => void seen.push(args));
    const registered = [...(listeners.get('apply:progress') ?? [])];
    expect(registered).toHaveLength(1);
    registered[0]!({ sender: 'the IpcRendererEvent' }, { step: 'write' });
    expect(seen).toEqual([[{ step: 'write' }]]);
    off();
    expect(listeners.get('apply:progress')?.size).toBe(0);
  });
});
