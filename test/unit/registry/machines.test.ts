import { describe, expect, it } from 'vitest';
import {
  decodeSecurityDescriptor,
  encodeSecurityDescriptor,
  formatSddl,
  grantsRemote,
  parseSddl,
} from '../../../main/domain/descriptors/index';
import { parseRegFile, writeRegFile } from '../../../main/domain/regfile/index';
import { AUDIT_KEYS, AUDIT_KEY_LIST, AUDIT_SUBTREES } from '../../../main/registry/audit-keys';
import { MACHINE_PROFILES, openSimulatedMachine, readMachineProfile } from '../../../main/registry/machines';
import type { KeySnapshot, RegistryValue } from '../../../main/registry/types';

const CAPABILITY =
  'S-1-15-3-1024-2405443489-874036122-4286035555-1823921565-1746547431-2453885448-3625952902-991631256';
const STOCK_ACCESS = `O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)(A;;CCDC;;;AC)(A;;CCDC;;;${CAPABILITY})`;
const STOCK_LAUNCH = `O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;LU)(A;;CCDCSW;;;AC)(A;;CCDCSW;;;${CAPABILITY})`;
const DEFAULT_LAUNCH = 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)';

async function audit(
  profile: (typeof MACHINE_PROFILES)[number],
): Promise<Record<keyof typeof AUDIT_KEYS, KeySnapshot>> {
  const snapshots = await (
    await openSimulatedMachine(profile)
  ).readKeys(AUDIT_KEY_LIST, {
    subtrees: AUDIT_SUBTREES,
  });
  return Object.fromEntries(Object.keys(AUDIT_KEYS).map((name, i) => [name, snapshots[i]!])) as never;
}

function sddlOf(value: RegistryValue | undefined): string {
  if (value?.type !== 'REG_BINARY') throw new Error(`expected a binary descriptor, got ${value?.type}`);
  return formatSddl(decodeSecurityDescriptor(value.data));
}

describe('machine profiles', () => {
  it.each(MACHINE_PROFILES)(
    '%s is a reg export file: UTF-16LE with BOM, byte-identical after a round trip',
    async (profile) => {
      const bytes = await readMachineProfile(profile);
      expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
      expect(writeRegFile(parseRegFile(bytes))).toEqual(bytes);
    },
  );

  it.each(MACHINE_PROFILES)(
    '%s stores descriptors in the exact Windows encoding of their SDDL',
    async (profile) => {
      const { ole } = await audit(profile);
      for (const name of [
        'MachineAccessRestriction',
        'MachineLaunchRestriction',
        'DefaultLaunchPermission',
      ]) {
        const value = ole.values.get(name);
        const sddl = sddlOf(value);
        expect(encodeSecurityDescriptor(parseSddl(sddl)), `${profile} ${name}`).toEqual(value?.data);
      }
    },
  );

  it('stock: Windows 11 defaults, nothing weakened, no policy, firewall on with the WMI rules off', async () => {
    const keys = await audit('stock');
    expect(sddlOf(keys.ole.values.get('MachineAccessRestriction'))).toBe(STOCK_ACCESS);
    expect(sddlOf(keys.ole.values.get('MachineLaunchRestriction'))).toBe(STOCK_LAUNCH);
    expect(sddlOf(keys.ole.values.get('DefaultLaunchPermission'))).toBe(DEFAULT_LAUNCH);
    expect(keys.ole.values.get('EnableDCOM')).toEqual({ type: 'REG_SZ', data: 'Y' });
    expect(keys.ole.values.has('LegacyAuthenticationLevel')).toBe(false);
    expect(keys.cimom.values.has('UnsecAppAccessControlDefault')).toBe(false);
    expect(keys.oleAppCompat.exists).toBe(true);
    for (const absent of ['rpcInternet', 'policyDcom', 'policyRpc', 'gpoFirewall'] as const) {
      expect(keys[absent].exists, absent).toBe(false);
    }
    // Hundreds of Windows-like DCOM applications, none granting Everyone or ANONYMOUS LOGON anything remote.
    const appIds = (keys.appId.descendants ?? []).filter((key) => /\\\{[^\\]+\}$/.test(key.path));
    expect(appIds.length).toBeGreaterThan(200);
    for (const kind of ['LocalService', 'DllSurrogate', 'RunAs'])
      expect(
        appIds.some((key) => key.values.has(kind)),
        kind,
      ).toBe(true);
    const remote = appIds.flatMap((app) =>
      (['access', 'launch'] as const).flatMap((kind) => {
        const value = app.values.get(kind === 'access' ? 'AccessPermission' : 'LaunchPermission');
        if (value?.type !== 'REG_BINARY') return [];
        const sd = decodeSecurityDescriptor(value.data);
        return ['S-1-1-0', 'S-1-5-7']
          .filter((sid) => grantsRemote(sd, sid, kind))
          .map((sid) => `${app.path} ${sid}`);
      }),
    );
    expect(remote).toEqual([]);
    for (const profile of [
      'firewallDomainProfile',
      'firewallPrivateProfile',
      'firewallPublicProfile',
    ] as const) {
      expect(keys[profile].values.get('EnableFirewall')).toEqual({ type: 'REG_DWORD', data: 1 });
      expect(keys[profile].values.get('DefaultInboundAction')).toEqual({ type: 'REG_DWORD', data: 1 });
    }
    const rules = [...keys.firewallRules.values].map(([id, value]) => [id, value.data as string] as const);
    // Only what Windows itself ships: real rule strings of one hive, their names resource strings (`@…`), and no
    // rule of one particular user (LUOwn=<that user's SID>: Windows adds those when the user signs in).
    expect(rules.length).toBeGreaterThan(80);
    expect(rules.filter(([, rule]) => !/\|Name=@/.test(rule))).toEqual([]);
    expect(rules.filter(([, rule]) => /\|LUOwn=/i.test(rule))).toEqual([]);
    for (const id of ['WMI-RPCSS-In-TCP', 'WMI-WINMGMT-In-TCP', 'WMI-ASYNC-In-TCP', 'WMI-WINMGMT-Out-TCP']) {
      expect(Object.fromEntries(rules)[id], id).toContain('|Active=FALSE|');
      expect(Object.fromEntries(rules)[`${id}-NoScope`], `${id}-NoScope`).toContain('|Profile=Domain|');
    }
    const openRpc = rules.filter(
      ([, rule]) => /\|Active=TRUE\|/i.test(rule) && /\|LPort=(135|RPC|RPC-EPMap)\|/i.test(rule),
    );
    expect(openRpc).toEqual([]);
  });

  it('legacy: anonymous remote access, Everyone remote launch, no callback checks, 135 open to all', async () => {
    const keys = await audit('legacy');
    expect(sddlOf(keys.ole.values.get('MachineAccessRestriction'))).toContain('(A;;CCDCLC;;;AN)');
    expect(sddlOf(keys.ole.values.get('MachineLaunchRestriction'))).toContain('(A;;CCDCLCSWRP;;;WD)');
    expect(keys.ole.values.get('LegacyAuthenticationLevel')).toEqual({ type: 'REG_DWORD', data: 1 });
    expect(keys.ole.values.get('LegacyImpersonationLevel')).toEqual({ type: 'REG_DWORD', data: 3 });
    expect(keys.cimom.values.get('UnsecAppAccessControlDefault')).toEqual({ type: 'REG_DWORD', data: 0 });
    const rules = [...keys.firewallRules.values.values()].map((value) => value.data as string);
    expect(rules).toContain('v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|Name=Open DCOM|');
    expect(rules.some((rule) => rule.includes('LPort2_10=49152-65535') && rule.includes('Active=TRUE'))).toBe(
      true,
    );
    const wmi = keys.firewallRules.values.get('WMI-RPCSS-In-TCP')?.data as string;
    expect(wmi).toContain('|Active=TRUE|');
    expect(wmi).not.toContain('RA4=');
    // One application "fixed" the dcomcnfg way: anonymous and Everyone remote access, authentication level None.
    const below = (name: string) =>
      keys.appId.descendants?.find((key) => key.path === `HKLM\\SOFTWARE\\Classes\\AppID\\${name}`);
    const [agent, exe] = [below('{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}'), below('InventoryAgent.exe')];
    expect(agent?.values.get('')).toEqual({ type: 'REG_SZ', data: 'Asset Inventory Agent' });
    expect(sddlOf(agent?.values.get('AccessPermission'))).toBe(
      'O:BAG:BAD:(A;;CCDCLC;;;PS)(A;;CCDC;;;SY)(A;;CCDCLC;;;BA)(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)',
    );
    expect(agent?.values.get('AuthenticationLevel')).toEqual({ type: 'REG_DWORD', data: 1 });
    expect(exe?.values.get('AppID')).toEqual({
      type: 'REG_SZ',
      data: '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}',
    });
  });

  it('gpo-managed: stock Ole overridden by hardened policy SDDL, scoped GPO rules, restricted RPC ports', async () => {
    const keys = await audit('gpo-managed');
    expect(sddlOf(keys.ole.values.get('MachineAccessRestriction'))).toBe(STOCK_ACCESS);
    const policy = keys.policyDcom.values.get('MachineAccessRestriction');
    expect(policy?.type).toBe('REG_SZ');
    expect(formatSddl(parseSddl(policy!.data as string))).not.toMatch(/\(A;;[A-Z]*LC[A-Z]*;;;AN\)/);
    expect(keys.policyDcom.values.get('MachineLaunchRestriction')?.type).toBe('REG_SZ');
    expect(keys.policyDcomAppCompat.exists).toBe(true);
    expect(keys.policyRpc.values.get('RestrictRemoteClients')).toEqual({ type: 'REG_DWORD', data: 1 });
    expect(keys.policyRpc.values.get('EnableAuthEpResolution')).toEqual({ type: 'REG_DWORD', data: 1 });
    expect(keys.rpcInternet.values.get('Ports')).toEqual({ type: 'REG_MULTI_SZ', data: ['5000-5100'] });
    const gpoRules = [...keys.gpoFirewallRules.values.values()].map((value) => value.data as string);
    expect(
      gpoRules.some(
        (rule) =>
          /LPort=RPC-EPMap\|RA4=10\.0\.10\.0\/255\.255\.255\.0\|/.test(rule) &&
          rule.includes('Profile=Domain'),
      ),
    ).toBe(true);
    expect(keys.gpoFirewallDomainProfile.values.get('EnableFirewall')).toEqual({
      type: 'REG_DWORD',
      data: 1,
    });
  });
});
