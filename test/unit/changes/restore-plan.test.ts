import { describe, expect, it } from 'vitest';
import {
  RestoreTrustError,
  planRestore,
  restoreReadKeys,
  storeValue,
  touchedByRestore,
  trustBackup,
  type JournalBegin,
  type TrustedRecord,
} from '../../../main/domain/changes/index';
import type { RegFile } from '../../../main/domain/regfile/index';
import type { KeySnapshot, RegistryValue } from '../../../main/domain/registry-port/types';

const OLE = 'HKLM\\SOFTWARE\\Microsoft\\Ole';
const RPC_POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc';
const RUN = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';
const SHA = 'a'.repeat(64);

const sz = (data: string): RegistryValue => ({ type: 'REG_SZ', data });
const dword = (data: number): RegistryValue => ({ type: 'REG_DWORD', data });

function key(path: string, values: Record<string, RegistryValue> = {}, subkeys: string[] = []): KeySnapshot {
  return { path, exists: true, values: new Map(Object.entries(values)), subkeys };
}
const missing = (path: string): KeySnapshot => ({ path, exists: false, values: new Map(), subkeys: [] });

/** An apply that set EnableDCOM to N, wrote LegacyAuthenticationLevel (absent before) and RestrictRemoteClients. */
function record(overrides: Partial<JournalBegin> = {}): JournalBegin {
  return {
    v: 1,
    type: 'begin',
    id: '20260101T120000Z-0123abcd',
    operation: 'apply',
    at: '2026-01-01T12:00:00.000Z',
    machine: 'm',
    user: 'u',
    backend: 'simulated',
    target: 'recommended',
    planId: null,
    fingerprint: null,
    diff: [],
    recovers: null,
    touched: {
      values: [
        { settingId: 'dcom.enable-dcom', key: OLE, name: 'EnableDCOM', written: storeValue(sz('N')) },
        {
          settingId: 'dcom.legacy-authentication-level',
          key: OLE,
          name: 'LegacyAuthenticationLevel',
          written: storeValue(dword(2)),
        },
        {
          settingId: 'rpc.restrict-remote-clients',
          key: RPC_POLICY,
          name: 'RestrictRemoteClients',
          written: storeValue(dword(1)),
        },
      ],
      createdKeys: [RPC_POLICY],
      firewallRules: [],
    },
    backup: { exportedKeys: [OLE], missingKeys: [RPC_POLICY], sha256: SHA },
    ...overrides,
  };
}

const backupFile: RegFile = {
  blocks: [{ kind: 'key', path: OLE, entries: [{ kind: 'set', name: 'EnableDCOM', value: sz('Y') }] }],
};

/** The machine right after the apply, plus whatever `extra` changes. */
function machineAfterApply(
  extra: { ole?: Record<string, RegistryValue>; rpc?: Record<string, RegistryValue> } = {},
) {
  return [
    key(OLE, { EnableDCOM: sz('N'), LegacyAuthenticationLevel: dword(2), ...extra.ole }),
    key(RPC_POLICY, { RestrictRemoteClients: dword(1), ...extra.rpc }),
    key('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT', {}, ['Rpc']),
    key('HKLM\\SOFTWARE\\Policies\\Microsoft', {}, ['Windows NT']),
    key('HKLM\\SOFTWARE\\Policies', {}, ['Microsoft']),
    key('HKLM\\SOFTWARE\\Microsoft', {}, ['Ole']),
    key('HKLM\\SOFTWARE', {}, ['Microsoft', 'Policies']),
  ];
}

const trusted = (overrides: Partial<JournalBegin> = {}): TrustedRecord =>
  trustBackup({
    backupId: '20260101T120000Z-0123abcd',
    record: record(overrides),
    manifest: { exportedKeys: [OLE], missingKeys: [RPC_POLICY] },
    sha256: SHA,
    file: backupFile,
  });

describe('the restore plan', () => {
  it('puts back exactly the touched values, deletes the created key, and leaves values added since', () => {
    const plan = planRestore(
      trusted(),
      backupFile,
      machineAfterApply({ ole: { AddedLater: sz('mine') } }),
      'f',
    );
    expect(plan.operations).toEqual([
      {
        kind: 'set-value',
        settingId: 'dcom.enable-dcom',
        key: OLE,
        name: 'EnableDCOM',
        now: sz('N'),
        to: sz('Y'),
      },
      {
        kind: 'delete-value',
        settingId: 'dcom.legacy-authentication-level',
        key: OLE,
        name: 'LegacyAuthenticationLevel',
        now: dword(2),
      },
      {
        kind: 'delete-value',
        settingId: 'rpc.restrict-remote-clients',
        key: RPC_POLICY,
        name: 'RestrictRemoteClients',
        now: dword(1),
      },
      { kind: 'delete-key', key: RPC_POLICY },
    ]);
    expect(plan.changedSince).toEqual([]);
    expect(plan.kept).toEqual([]);
    expect(JSON.stringify(plan)).not.toContain('AddedLater');
    // In the admin's words: the setting's title, the value before and after.
    expect(plan.diff.map((item) => item.title)).toContain(
      'Restrict unauthenticated RPC clients (RestrictRemoteClients)',
    );
    expect(plan.technical).toContain(`set ${OLE}\\EnableDCOM = REG_SZ "Y" (now REG_SZ "N")`);
  });

  it('points out a touched value someone changed after the change, and still puts back the backup', () => {
    const plan = planRestore(trusted(), backupFile, machineAfterApply({ ole: { EnableDCOM: sz('Z') } }), 'f');
    expect(plan.changedSince).toHaveLength(1);
    expect(plan.changedSince[0]!.message).toBe(
      `${OLE}\\EnableDCOM was changed after the change: it wrote REG_SZ "N", it now holds REG_SZ "Z"; the restore ` +
        'sets REG_SZ "Y"',
    );
    expect(plan.operations[0]).toMatchObject({ kind: 'set-value', now: sz('Z'), to: sz('Y') });
  });

  it('keeps a created key that now holds more than the change wrote, deleting only the change’s value', () => {
    const plan = planRestore(trusted(), backupFile, machineAfterApply({ rpc: { Other: dword(7) } }), 'f');
    expect(plan.operations.map((operation) => operation.kind)).toEqual([
      'set-value',
      'delete-value',
      'delete-value',
    ]);
    expect(plan.kept[0]!.message).toContain(`it now also holds the value ${RPC_POLICY}\\Other`);
  });

  it('is empty when the machine already holds the backup for everything touched', () => {
    const now = [key(OLE, { EnableDCOM: sz('Y'), Else: sz('x') }), missing(RPC_POLICY)];
    const plan = planRestore(trusted(), backupFile, [...now, ...machineAfterApply().slice(2)], 'f');
    expect(plan.operations).toEqual([]);
    expect(plan.changedSince.length).toBe(3);
  });

  it('reads the touched keys, their parents and the keys between a created key and its values', () => {
    expect(restoreReadKeys(trusted())).toEqual(
      expect.arrayContaining([OLE, RPC_POLICY, 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT']),
    );
  });

  it('records what the restore itself touches, so it can be restored in turn', () => {
    const plan = planRestore(trusted(), backupFile, machineAfterApply(), 'f');
    expect(touchedByRestore(plan).values.map((value) => [value.name, value.written])).toEqual([
      ['EnableDCOM', storeValue(sz('Y'))],
      ['LegacyAuthenticationLevel', null],
      ['RestrictRemoteClients', null],
    ]);
  });
});

describe('trusting a backup before its restore', () => {
  const check = (options: {
    record?: JournalBegin | undefined;
    sha256?: string;
    file?: RegFile;
    manifest?: { exportedKeys: string[]; missingKeys: string[] };
  }) => {
    try {
      trustBackup({
        backupId: '20260101T120000Z-0123abcd',
        record: 'record' in options ? options.record : record(),
        manifest: options.manifest ?? { exportedKeys: [OLE], missingKeys: [RPC_POLICY] },
        sha256: options.sha256 ?? SHA,
        file: options.file ?? backupFile,
      });
    } catch (error) {
      expect(error).toBeInstanceOf(RestoreTrustError);
      return error as RestoreTrustError;
    }
    throw new Error('trusted');
  };
  const withRun: RegFile = {
    blocks: [
      ...backupFile.blocks,
      { kind: 'key', path: RUN, entries: [{ kind: 'set', name: 'x', value: sz('evil.exe') }] },
    ],
  };

  it('refuses a file holding a foreign key even when every checksum was rewritten to match', () => {
    const error = check({ file: withRun });
    expect(error.reason).toBe('foreign-key');
    expect(error.message).toContain(RUN);
    expect(error.message).toContain('nothing was changed');
  });

  it('refuses a foreign key even when the journal record itself was rewritten to list it', () => {
    const forged = record({ backup: { exportedKeys: [OLE, RUN], missingKeys: [RPC_POLICY], sha256: SHA } });
    const error = check({
      record: forged,
      file: withRun,
      manifest: { exportedKeys: [OLE, RUN], missingKeys: [RPC_POLICY] },
    });
    expect(error.reason).toBe('not-managed');
    expect(error.details).toEqual([RUN]);
  });

  it('refuses a file whose SHA-256 is not the journal’s', () => {
    const error = check({ sha256: 'b'.repeat(64) });
    expect(error.reason).toBe('hash-mismatch');
    expect(error.details).toEqual([`journal: ${SHA}`, `file:    ${'b'.repeat(64)}`]);
  });

  it('refuses a backup with no journal record, and one whose record predates the trust fields', () => {
    expect(check({ record: undefined }).reason).toBe('no-journal-record');
    expect(check({ record: record({ touched: undefined }) }).reason).toBe('unverifiable');
    expect(check({ record: record({ backup: undefined }) }).reason).toBe('unverifiable');
  });

  it('refuses a manifest listing other keys than the journal, and a key deletion in the file', () => {
    expect(check({ manifest: { exportedKeys: [OLE, RUN], missingKeys: [RPC_POLICY] } }).reason).toBe(
      'keys-differ',
    );
    expect(
      check({ file: { blocks: [...backupFile.blocks, { kind: 'delete-key', path: OLE }] } }).reason,
    ).toBe('foreign-key');
  });

  it('refuses a record whose touched values lie outside what SinkGuard manages or outside the backup', () => {
    const base = record();
    const outside = record({
      touched: { ...base.touched!, values: [{ settingId: 'x', key: RUN, name: 'x', written: null }] },
    });
    expect(check({ record: outside }).reason).toBe('not-managed');
    const uncovered = record({ backup: { exportedKeys: [OLE], missingKeys: [], sha256: SHA } });
    expect(check({ record: uncovered, manifest: { exportedKeys: [OLE], missingKeys: [] } }).reason).toBe(
      'not-covered',
    );
  });

  it('accepts SinkGuard’s own backup: the AppID tree and the rule store are managed', () => {
    const appId = 'HKLM\\SOFTWARE\\Classes\\AppID\\{00000000-0000-0000-0000-000000000001}';
    const rules =
      'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules';
    const ok = record({
      touched: {
        values: [
          { settingId: 'dcom.appid-permissions', key: appId, name: 'LaunchPermission', written: null },
        ],
        createdKeys: [],
        firewallRules: [{ settingId: 'firewall.endpoint-mapper', ruleId: 'RPCSS-In-TCP', after: null }],
      },
      backup: { exportedKeys: [appId, rules], missingKeys: [], sha256: SHA },
    });
    expect(() =>
      trustBackup({
        backupId: ok.id,
        record: ok,
        manifest: { exportedKeys: [appId, rules], missingKeys: [] },
        sha256: SHA,
        file: { blocks: [{ kind: 'key', path: appId, entries: [] }] },
      }),
    ).not.toThrow();
  });
});
