import { describe, expect, it } from 'vitest';
import {
  AppIdInventory,
  appIdInventoryKeys,
  appIdServiceKeys,
  appIdTargetOf,
  buildAppIdInventory,
  isAtFault,
  readAppIdInventory,
  worstFinding,
  type AppIdEntry,
} from '../../../main/domain/appids/index';
import { SnapshotIndex } from '../../../main/domain/audit/snapshots';
import { encodeSecurityDescriptor, parseSddl } from '../../../main/domain/descriptors/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { openSimulatedMachine, type MachineProfile } from '../../../main/registry/machines';
import type { ValueWrite } from '../../../main/registry/types';
import { auditSimulated, finding } from '../audit/support';

const APPID = 'HKLM\\SOFTWARE\\Classes\\AppID';
const AGENT = '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}';
const target = appIdTargetOf(builtInProfile('recommended'));
const sd = (sddl: string) => ({
  type: 'REG_BINARY' as const,
  data: encodeSecurityDescriptor(parseSddl(sddl)),
});
const sz = (data: string) => ({ type: 'REG_SZ' as const, data });

async function inventoryOf(machine: MachineProfile, writes: readonly ValueWrite[] = []) {
  const port = await openSimulatedMachine(machine);
  if (writes.length) await port.writeValues(writes);
  return AppIdInventory.parse(await readAppIdInventory(port, target));
}

const entry = (inventory: AppIdInventory, guid: string, view = '64-bit'): AppIdEntry => {
  const found = inventory.entries.find(
    (candidate) => candidate.guid.toLowerCase() === guid.toLowerCase() && candidate.view === view,
  );
  if (!found) throw new Error(`no entry ${guid} (${view})`);
  return found;
};

describe('the AppID inventory', () => {
  it('reads both AppID views with their subtrees and the machine-wide limits in the first batch', () => {
    const { paths, options } = appIdInventoryKeys();
    expect(paths).toEqual(
      expect.arrayContaining([
        APPID,
        'HKLM\\SOFTWARE\\WOW6432Node\\Classes\\AppID',
        'HKLM\\SOFTWARE\\Microsoft\\Ole',
        'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM',
      ]),
    );
    expect(options).toEqual({
      subtrees: [APPID, 'HKLM\\SOFTWARE\\WOW6432Node\\Classes\\AppID'],
      reportUnreadable: true,
    });
  });

  it('names the weakened application at fault for the same reasons, and the same severities, as the audit', async () => {
    const inventory = await inventoryOf('legacy');
    const agent = entry(inventory, AGENT);
    expect(agent).toMatchObject({
      name: 'Asset Inventory Agent',
      executables: ['InventoryAgent.exe'],
      hosting: { kind: 'local-server' },
      identity: { kind: 'launching-user' },
      authenticationLevel: 1,
      launch: { kind: 'machine-default' },
    });
    expect(agent.findings.map((f) => [f.code, f.severity])).toEqual([
      ['remote-grant-anonymous', 'critical'],
      ['remote-grant-everyone', 'high'],
      ['authentication-below-profile', 'high'],
      ['identity-cannot-authenticate', 'medium'],
    ]);
    expect(worstFinding(agent)).toBe('critical');
    expect(agent.findings.at(-1)?.text).toContain('ANONYMOUS LOGON');
    expect(agent.findings.at(-1)?.text).toContain('E_ACCESSDENIED');

    const audit = finding(await auditSimulated('legacy'), 'dcom.appid-permissions');
    const raw = audit.effective.raw as { appId: string; label: string; problems: string[] }[];
    // The same applications at fault, and every audit problem is one of the entry's findings.
    expect(
      inventory.entries
        .filter(isAtFault)
        .map((e) => e.guid)
        .sort(),
    ).toEqual(raw.map((r) => r.appId).sort());
    for (const { appId, label, problems } of raw) {
      const texts = entry(inventory, appId).findings.map((f) => `${label}: ${f.text}`);
      expect(texts).toEqual(expect.arrayContaining(problems));
    }
  });

  it('decodes custom permissions into principals and dcomcnfg rights, with the SDDL for the details', async () => {
    const agent = entry(await inventoryOf('legacy'), AGENT);
    expect(agent.access.kind).toBe('custom');
    if (agent.access.kind !== 'custom') throw new Error('AccessPermission not decoded');
    expect(agent.access.sddl).toMatch(/^O:BAG:BAD:/);
    expect(agent.access.grants).toEqual(
      expect.arrayContaining([
        { principal: 'ANONYMOUS LOGON', sid: 'S-1-5-7', allow: ['Local Access', 'Remote Access'], deny: [] },
        { principal: 'Everyone', sid: 'S-1-1-0', allow: ['Local Access', 'Remote Access'], deny: [] },
      ]),
    );
  });

  it('tells hosting and identity apart: RunAs spellings, services and their accounts, surrogates', async () => {
    const key = (n: number) => `${APPID}\\{00000000-0000-0000-0000-00000000000${n}}`;
    const inventory = await inventoryOf('stock', [
      { key: key(1), name: 'RunAs', value: sz('Interactive User') },
      { key: key(2), name: 'RunAs', value: sz('NT AUTHORITY\\NetworkService') },
      { key: key(3), name: 'RunAs', value: sz('nt authority\\localservice') },
      { key: key(4), name: 'RunAs', value: sz('NT AUTHORITY\\SYSTEM') },
      { key: key(5), name: 'RunAs', value: sz('CONTOSO\\svc-inventory') },
      { key: key(6), name: 'LocalService', value: sz('ZzTestSvc') },
      { key: key(6), name: 'RunAs', value: sz('Interactive User') },
      {
        key: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\ZzTestSvc',
        name: 'ObjectName',
        value: sz('NT AUTHORITY\\LocalService'),
      },
      { key: key(7), name: 'LocalService', value: sz('ZzMissingSvc') },
      { key: key(8), name: 'DllSurrogate', value: sz('') },
      { key: key(9), name: 'DllSurrogate', value: sz('C:\\Tools\\host.exe') },
    ]);
    const at = (n: number) => entry(inventory, `{00000000-0000-0000-0000-00000000000${n}}`);
    expect(at(1).identity).toEqual({ kind: 'interactive-user' });
    expect(at(2).identity).toEqual({ kind: 'network-service' });
    expect(at(3).identity).toEqual({ kind: 'local-service' });
    expect(at(4).identity).toEqual({ kind: 'local-system' });
    expect(at(5).identity).toEqual({ kind: 'account', name: 'CONTOSO\\svc-inventory' });
    expect(at(6)).toMatchObject({
      hosting: { kind: 'service', service: 'ZzTestSvc', account: 'NT AUTHORITY\\LocalService' },
      identity: { kind: 'service', account: 'NT AUTHORITY\\LocalService' },
    });
    expect(at(7).hosting).toEqual({ kind: 'service', service: 'ZzMissingSvc', account: null });
    expect(at(8).hosting).toEqual({ kind: 'surrogate', path: null });
    expect(at(9).hosting).toEqual({ kind: 'surrogate', path: 'C:\\Tools\\host.exe' });
    // Identities that cannot authenticate a callback are advice (low) on an application nobody opened up.
    const codes = (n: number) => at(n).findings.map((f) => `${f.code}/${f.severity}`);
    expect(codes(1)).toEqual(['identity-cannot-authenticate/low']);
    expect(codes(3)).toEqual(['identity-cannot-authenticate/low']);
    expect(codes(6)).toEqual(['identity-cannot-authenticate/low']);
    expect(at(6).findings[0]?.text).toContain('sc config');
    for (const n of [2, 4, 5, 7]) expect(codes(n)).toEqual([]);
    expect(isAtFault(at(1))).toBe(false);
  });

  it('asks the second batch for the services of service-hosted AppIDs only', async () => {
    const port = await openSimulatedMachine('stock');
    await port.writeValues([
      { key: `${APPID}\\{00000000-0000-0000-0000-0000000000A1}`, name: 'LocalService', value: sz('ZzSvc') },
    ]);
    const { paths, options } = appIdInventoryKeys();
    const services = appIdServiceKeys(await port.readKeys(paths, options));
    expect(services).toContain('HKLM\\SYSTEM\\CurrentControlSet\\Services\\ZzSvc');
    expect(services.every((path) => path.startsWith('HKLM\\SYSTEM\\CurrentControlSet\\Services\\'))).toBe(
      true,
    );
  });

  it('names an application by its default value, else its executable, else its GUID; the 32-bit view too', async () => {
    const wow = 'HKLM\\SOFTWARE\\WOW6432Node\\Classes\\AppID';
    const inventory = await inventoryOf('stock', [
      {
        key: `${APPID}\\{00000000-0000-0000-0000-0000000000B1}`,
        name: 'AuthenticationLevel',
        value: { type: 'REG_DWORD', data: 6 },
      },
      { key: `${APPID}\\Named.exe`, name: 'AppID', value: sz('{00000000-0000-0000-0000-0000000000b1}') },
      {
        key: `${APPID}\\{00000000-0000-0000-0000-0000000000B2}`,
        name: 'AuthenticationLevel',
        value: { type: 'REG_DWORD', data: 2 },
      },
      { key: `${wow}\\{00000000-0000-0000-0000-0000000000B3}`, name: '', value: sz('Old 32-bit server') },
    ]);
    expect(entry(inventory, '{00000000-0000-0000-0000-0000000000B1}')).toMatchObject({
      name: 'Named.exe',
      executables: ['Named.exe'],
      authenticationLevel: 6,
    });
    expect(entry(inventory, '{00000000-0000-0000-0000-0000000000B2}').name).toBe(
      '{00000000-0000-0000-0000-0000000000B2}',
    );
    expect(entry(inventory, '{00000000-0000-0000-0000-0000000000B3}', '32-bit').name).toBe(
      'Old 32-bit server',
    );
    // The same key seen through both views (the AppID key is shared since Windows 7) is listed once.
    const shared = await inventoryOf('stock', [
      { key: `${wow}\\${AGENT}`, name: 'AuthenticationLevel', value: { type: 'REG_DWORD', data: 6 } },
      { key: `${APPID}\\${AGENT}`, name: 'AuthenticationLevel', value: { type: 'REG_DWORD', data: 6 } },
      {
        key: `${wow}\\{00000000-0000-0000-0000-0000000000B1}`,
        name: 'AuthenticationLevel',
        value: { type: 'REG_DWORD', data: 5 },
      },
    ]);
    expect(shared.entries.filter((e) => e.guid === AGENT).map((e) => e.view)).toEqual(['64-bit']);
    expect(
      shared.entries.filter((e) => e.guid === '{00000000-0000-0000-0000-0000000000B1}').map((e) => e.view),
    ).toEqual(['32-bit']);
    // program.exe keys are names, not applications.
    expect(inventory.entries.some((e) => e.guid === 'Named.exe')).toBe(false);
  });

  it('reports unusable values as findings and unreadable keys as unreadable, never as entries guessed at', async () => {
    const key = `${APPID}\\{00000000-0000-0000-0000-0000000000C1}`;
    const inventory = await inventoryOf('stock', [
      { key, name: 'LaunchPermission', value: sz('O:BAG:BAD:(A;;CCDCLCSWRP;;;WD)') },
      { key, name: 'AuthenticationLevel', value: { type: 'REG_DWORD', data: 9 } },
    ]);
    const broken = entry(inventory, '{00000000-0000-0000-0000-0000000000C1}');
    expect(broken.launch).toMatchObject({ kind: 'invalid' });
    expect(broken.authenticationLevel).toBeNull();
    expect(broken.findings.map((f) => f.code)).toEqual([
      'invalid-value',
      'invalid-value',
      'identity-cannot-authenticate',
    ]);
    expect(isAtFault(broken)).toBe(true);

    const port = await openSimulatedMachine('legacy', { unreadableKeys: [`${APPID}\\${AGENT}`] });
    const locked = await readAppIdInventory(port, target);
    expect(locked.entries.some((e) => e.guid === AGENT)).toBe(false);
    expect(locked.unreadable).toEqual([{ path: `${APPID}\\${AGENT}`, problem: expect.any(String) }]);
    // Snapshots without the subtree: every AppID is unread, none invented.
    const { paths, options } = appIdInventoryKeys();
    const flat = (await (await openSimulatedMachine('legacy')).readKeys(paths, options)).map((s) => ({
      ...s,
      descendants: undefined,
    }));
    const partial = buildAppIdInventory(new SnapshotIndex(flat), target);
    expect(partial.entries).toEqual([]);
    expect(partial.unreadable.map((u) => u.path)).toContain(`${APPID}\\${AGENT}`);
  });

  it('weighs a grant the machine-wide limit caps today as the audit does (medium, capped)', async () => {
    const guid = '{00000000-0000-0000-0000-0000000000D1}';
    const inventory = await inventoryOf('stock', [
      { key: `${APPID}\\${guid}`, name: 'LaunchPermission', value: sd('O:BAG:BAD:(A;;CCDCLCSWRP;;;WD)') },
      { key: `${APPID}\\${guid}`, name: 'RunAs', value: sz('NT AUTHORITY\\NetworkService') },
    ]);
    const opened = entry(inventory, guid);
    expect(opened.findings).toEqual([
      {
        code: 'remote-grant-everyone',
        severity: 'medium',
        text: 'LaunchPermission grants Everyone Remote Launch, Remote Activation (capped today by MachineLaunchRestriction, which does not grant it)',
      },
    ]);
  });

  it('weighs grants against the profile: a strict profile with no watched principals finds none', async () => {
    const port = await openSimulatedMachine('legacy');
    const lenient = await readAppIdInventory(port, { noRemoteGrant: [], minimumAuthenticationLevel: 1 });
    expect(entry(lenient, AGENT).findings.map((f) => `${f.code}/${f.severity}`)).toEqual([
      'identity-cannot-authenticate/low',
    ]);
  });
});

describe('the simulated machines’ AppID trees', () => {
  it('stock: hundreds of Windows-like applications of every hosting, none at fault, identities as advice only', async () => {
    const inventory = await inventoryOf('stock');
    expect(inventory.entries.length).toBeGreaterThan(200);
    expect(inventory.unreadable).toEqual([]);
    const kinds = new Set(inventory.entries.map((e) => e.hosting.kind));
    expect([...kinds].sort()).toEqual(['local-server', 'service', 'surrogate']);
    expect(inventory.entries.filter(isAtFault)).toEqual([]);
    const identities = new Set(inventory.entries.map((e) => e.identity.kind));
    for (const kind of ['launching-user', 'interactive-user', 'network-service', 'service'])
      expect(identities.has(kind as never), kind).toBe(true);
    const bits = inventory.entries.find((e) => e.name === 'Background Intelligent Transfer Service');
    expect(bits).toMatchObject({ hosting: { kind: 'service', service: 'BITS', account: 'LocalSystem' } });
  });

  it('legacy: the agent and six callback agents weakened the dcomcnfg way are the ones at fault', async () => {
    const atFault = (await inventoryOf('legacy')).entries.filter(isAtFault);
    expect(atFault.map((e) => e.name).sort()).toEqual([
      'Asset Inventory Agent',
      ...Array.from({ length: 6 }, (_, n) => `Callback Agent ${n}`),
    ]);
    for (const app of atFault) {
      expect(app.identity).toEqual({ kind: 'launching-user' });
      expect(app.findings.map((f) => f.code)).toContain('identity-cannot-authenticate');
      expect(app.findings.some((f) => f.code.startsWith('remote-grant-'))).toBe(true);
    }
  });

  it('a machine with 2,000 more generated applications, a few of them at fault, GUIDs and names all distinct', async () => {
    const port = await openSimulatedMachine('stock', { extraAppIds: 2000 });
    const inventory = await readAppIdInventory(port, target);
    expect(inventory.entries.length).toBe(2000 + (await inventoryOf('stock')).entries.length);
    expect(new Set(inventory.entries.map((e) => e.guid.toLowerCase())).size).toBe(inventory.entries.length);
    const executables = inventory.entries.flatMap((e) => e.executables.map((x) => x.toLowerCase()));
    expect(new Set(executables).size).toBe(executables.length);
    expect(inventory.entries.filter(isAtFault)).toHaveLength(50);
  });
});
