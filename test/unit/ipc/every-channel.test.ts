import type { IpcMainInvokeEvent } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import {
  AppError,
  channelNames,
  type ChannelName,
  type ChannelRequest,
  type IpcResult,
} from '../../../main/contract';
import { bindIpc } from '../../../main/electron/ipc';
import { createRouter, type Handlers } from '../../../main/ipc/router';
import { jsonKind, jsonNodes, replacedAt, type Json, type JsonPath } from '../../support/json-tree';

// Every channel of the contract, refused before its handler runs when the payload is malformed, oversized or of the
// wrong type, or when the call comes from anywhere but the app's own page. The cases are derived from one valid
// request per channel; a channel without one fails to compile here, and fails the first test at run time.

/** Valid requests, one or more per channel: each must reach its handler, so the refusals below mean something. */
const VALID: { readonly [C in ChannelName]: readonly ChannelRequest<C>[] } = {
  'app:info': [{}],
  'app:relaunch-elevated': [{}],
  'settings:registry-backend': [{ backend: 'reg-exe' }, { backend: 'regedit' }],
  'profiles:list': [{}],
  'audit:run': [{ profile: 'recommended' }],
  'appids:list': [{}, { profile: 'strict', atFaultOnly: true }, { atFaultOnly: false }],
  'plan:create': [
    { profile: 'strict' },
    { profile: 'recommended', noFirewall: true },
    { edits: [{ settingId: 'dcom.legacy-authentication-level', value: 2 }], noFirewall: false },
    {
      edits: [
        { settingId: 'dcom.legacy-authentication-level', value: 2 },
        { settingId: 'wmi.allow-anonymous-callback', value: 'N' },
        { settingId: 'dcom.machine-access-restriction', value: 'O:BAG:BAD:(A;;CCDCLC;;;WD)' },
        { settingId: 'rpc.dynamic-port-restriction', value: { restrict: true, ports: ['5000-6000'] } },
        { settingId: 'firewall.endpoint-mapper', value: { allowFrom: ['10.0.0.0/8'], profiles: ['Domain'] } },
        { settingId: 'firewall.unsecapp', value: { restrict: false } },
      ],
    },
    { appId: { id: '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}', change: { runAs: 'network-service' } } },
    {
      appId: {
        id: 'InventoryAgent.exe',
        change: {
          access: 'default',
          launch: { sddl: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)' },
          authenticationLevel: 5,
        },
      },
    },
  ],
  'plan:apply': [{ planId: '20260101T120000Z-0123abcd' }],
  'history:list': [{}],
  'backup:restore': [
    { backupId: '20260101T120000Z-0123abcd', recoversInterrupted: true },
    { backupId: '20260101T120000Z-0123abcd', fingerprint: 'a'.repeat(64) },
  ],
  'backup:restore-plan': [{ backupId: '20260101T120000Z-0123abcd' }],
  'fleet:export': [{ profile: 'recommended', format: 'reg' }],
  'recovery:status': [{}],
};

/**
 * Values of another kind than the one a request holds at that place. Numbers, strings and objects do not stand in
 * for each other: a setting's value may be any of them (a DWORD, SDDL, a port or scope object), so such a swap
 * would still be a valid request.
 */
const WRONG_KIND: Readonly<Record<string, readonly unknown[]>> = {
  string: [null, true, [], {}],
  number: [null, true, [], {}, 1.5],
  boolean: [null, 'true', 1, []],
  array: [null, 'x', 1, {}],
  object: [null, true, []],
};

const MEBIBYTE = 'x'.repeat(1 << 20);
const FIVE_MEBIBYTES = MEBIBYTE.repeat(5);

interface Case {
  readonly channel: ChannelName;
  readonly what: string;
  readonly payload: unknown;
}

/** `valid` (an object) with an own `__proto__` key, as JSON.parse makes it from a payload that carries one. */
function withPrototypeKey(valid: Json): unknown {
  const text = JSON.stringify(valid);
  return JSON.parse(`{"__proto__":{"admin":true}${text === '{}' ? '' : ','}${text.slice(1)}`);
}

/**
 * An object of the request (the root when `path` is empty) with a key no schema names, or with a `__proto__` key:
 * every object of the contract's requests is strict, so neither is silently dropped on the way to a handler.
 */
function objectRefusals(channel: ChannelName, valid: Json, path: JsonPath, node: Json = valid): Case[] {
  const where = path.length === 0 ? '' : ` at ${path.join('.')}`;
  const at = (replacement: unknown) =>
    path.length === 0 ? replacement : replacedAt(valid, path, replacement);
  return [
    {
      channel,
      what: `an unknown field${where}`,
      payload: at({ ...(node as object), path: 'HKLM\\SOFTWARE' }),
    },
    { channel, what: `a prototype key${where}`, payload: at(withPrototypeKey(node)) },
  ];
}

/** The refusals derived from one valid request of a channel. */
function refusals(channel: ChannelName, valid: Json): Case[] {
  const cases: Case[] = [
    ...[undefined, null, 'text', 42, true, [], [valid]].map((payload) => ({
      channel,
      what: `malformed: ${JSON.stringify(payload) ?? 'undefined'}`,
      payload,
    })),
    ...objectRefusals(channel, valid, []),
    {
      channel,
      what: 'oversized: an 8 MiB extra field',
      payload: { ...(valid as object), padding: MEBIBYTE.repeat(8) },
    },
  ];
  for (const { path, value } of jsonNodes(valid)) {
    const where = path.join('.');
    if (jsonKind(value) === 'object') cases.push(...objectRefusals(channel, valid, path, value));
    for (const wrong of WRONG_KIND[jsonKind(value)]!) {
      cases.push({
        channel,
        what: `wrong type at ${where}: ${JSON.stringify(wrong)}`,
        payload: replacedAt(valid, path, wrong),
      });
    }
    if (typeof value === 'string') {
      cases.push({
        channel,
        what: `oversized: 5 MiB string at ${where}`,
        payload: replacedAt(valid, path, FIVE_MEBIBYTES),
      });
    }
    if (Array.isArray(value)) {
      const many = new Array<unknown>(10_000).fill(value[0] ?? 'x');
      cases.push({
        channel,
        what: `oversized: 10,000 items at ${where}`,
        payload: replacedAt(valid, path, many),
      });
    }
  }
  return cases;
}

/** A change to one application the contract refuses: what no AppIdChange is, whatever its shape. */
const appIdChange = (change: unknown, id: unknown = '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}'): Case => ({
  channel: 'plan:create',
  what: `an application change ${JSON.stringify({ id, change }).slice(0, 80)}`,
  payload: { appId: { id, change } },
});

const APPID_REFUSALS: readonly Case[] = [
  appIdChange({ runAs: 'CONTOSO\\svc-report' }),
  appIdChange({ runAs: 'NT AUTHORITY\\SYSTEM' }),
  appIdChange({ runAs: 'network-service', password: 'hunter2' }),
  appIdChange({ authenticationLevel: 0 }),
  appIdChange({ authenticationLevel: 7 }),
  appIdChange({ access: 'Default' }),
  appIdChange({ launch: { sddl: 'x'.repeat(65_537) } }),
  appIdChange({ access: { sddl: 'O:BAG:BAD:', extra: 1 } }),
  appIdChange({ runAs: 'network-service' }, ''),
  appIdChange({ runAs: 'network-service' }, 'x'.repeat(261)),
  {
    channel: 'plan:create',
    what: 'an application change beside a profile',
    payload: { profile: 'strict', appId: { id: 'x.exe', change: { runAs: 'network-service' } } },
  },
];

const CASES = [
  ...channelNames.flatMap((channel) =>
    (VALID[channel] as readonly Json[]).flatMap((valid) => refusals(channel, valid)),
  ),
  ...APPID_REFUSALS,
];

/** A router whose every handler is a spy that fails with a marker: reaching one shows as `not-found: reached`. */
function spiedRouter() {
  const handlers = Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      vi.fn(async () => {
        throw new AppError('not-found', `reached ${channel}`);
      }),
    ]),
  ) as unknown as Handlers & Record<ChannelName, ReturnType<typeof vi.fn>>;
  return { router: createRouter(handlers), handlers };
}

describe('every IPC channel', () => {
  it('has valid requests here, each reaching its handler', async () => {
    expect(Object.keys(VALID).sort()).toEqual([...channelNames].sort());
    for (const channel of channelNames) {
      expect(VALID[channel].length, channel).toBeGreaterThan(0);
      for (const payload of VALID[channel]) {
        const { router, handlers } = spiedRouter();
        await expect(router.dispatch(channel, payload), channel).resolves.toEqual({
          ok: false,
          error: { code: 'not-found', message: `reached ${channel}` },
        });
        expect(handlers[channel]).toHaveBeenCalledOnce();
      }
    }
  });

  it('has malformed, oversized and wrong-typed cases for every channel', () => {
    for (const channel of channelNames) {
      const whats = CASES.filter((entry) => entry.channel === channel).map((entry) => entry.what);
      expect(
        whats.some((what) => what.startsWith('malformed')),
        channel,
      ).toBe(true);
      expect(
        whats.some((what) => what.startsWith('oversized')),
        channel,
      ).toBe(true);
      expect(
        whats.some((what) => what.startsWith('wrong type') || what.startsWith('an unknown field')),
        channel,
      ).toBe(true);
    }
  });

  it.each(CASES)('$channel refuses $what before its handler runs', async ({ channel, payload }) => {
    const { router, handlers } = spiedRouter();
    const result = await router.dispatch(channel, payload);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: `The request to ${channel} is not valid.` },
    });
    expect((result as Extract<IpcResult<unknown>, { ok: false }>).error.details?.length).toBeGreaterThan(0);
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });
});

// Electron's binary cannot run here: bindIpc is driven with a recording stand-in for ipcMain.
type Handler = (event: IpcMainInvokeEvent, payload: unknown) => Promise<unknown>;

const FOREIGN_FRAMES = [
  ['a remote page', { url: 'https://evil.example/', parent: null }],
  ['a file:// page', { url: 'file:///C:/app/index.html', parent: null }],
  ['a subframe of the app', { url: 'app://sinkguard/frame.html', parent: {} }],
  ['another app:// host', { url: 'app://other/', parent: null }],
  ['a frame that is gone', null],
] as const;

describe('every IPC channel, from a foreign sender', () => {
  const bound = () => {
    const { router, handlers } = spiedRouter();
    const ipc = new Map<string, Handler>();
    bindIpc({ handle: (channel: string, handler: Handler) => ipc.set(channel, handler) } as never, router);
    return { ipc, handlers };
  };
  const from = (frame: unknown) => ({ senderFrame: frame }) as unknown as IpcMainInvokeEvent;

  it.each(
    channelNames.flatMap((channel) => FOREIGN_FRAMES.map(([label, frame]) => ({ channel, label, frame }))),
  )('$channel refuses a call from $label before its handler runs', async ({ channel, frame }) => {
    const { ipc, handlers } = bound();
    const result = await ipc.get(channel)!(from(frame), VALID[channel][0]);
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it.each(channelNames)('%s serves the app page', async (channel) => {
    const { ipc, handlers } = bound();
    const result = await ipc.get(channel)!(
      from({ url: 'app://sinkguard/', parent: null }),
      VALID[channel][0],
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(handlers[channel]).toHaveBeenCalledOnce();
  });
});
