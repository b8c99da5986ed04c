import { describe, expect, it } from 'vitest';
import { auditMachine } from '../../../main/domain/audit/index';
import {
  DEFAULT_COM_SDDL,
  decodeSecurityDescriptor,
  formatSddl,
} from '../../../main/domain/descriptors/index';
import {
  BUILT_IN_WMI_RULES,
  isPolicyValue,
  localValues,
  profileDesiredState,
  wholeValues,
} from '../../../main/domain/fleet/index';
import { findSetting } from '../../../main/domain/catalog/index';
import { builtInProfile, validateProfile, type Profile } from '../../../main/domain/profiles/index';
import { MACHINE_PROFILES, openSimulatedMachine } from '../../../main/registry/machines';
import { everyProfile, hostileProfile, shortfalls } from './support';

const FIREWALL_SETTINGS = ['firewall.endpoint-mapper', 'firewall.dynamic-rpc', 'firewall.unsecapp'];

function profileWith(settings: Record<string, unknown>, managementScope = ['LocalSubnet']): Profile {
  return validateProfile({ name: 'custom', managementScope, settings }, 'test');
}

describe('profileDesiredState', () => {
  it.each(everyProfile())(
    'the %s profile: writing its values to every simulated machine leaves only firewall, reported-only and GPO-managed findings short',
    async (_name, profile) => {
      const state = profileDesiredState(profile);
      const reportedOnly = state.reportedOnly.map((item) => item.settingId);
      for (const machine of MACHINE_PROFILES) {
        const port = await openSimulatedMachine(machine);
        await port.writeValues(state.values.map(({ key, name, value }) => ({ key, name, value })));
        const report = await auditMachine(port, profile);
        const managed = report.findings.filter((finding) => finding.managedByPolicy).map((f) => f.settingId);
        const expected = report.findings
          .filter(
            (finding) =>
              FIREWALL_SETTINGS.includes(finding.settingId) ||
              managed.includes(finding.settingId) ||
              reportedOnly.includes(finding.settingId),
          )
          .map((finding) => finding.settingId);
        for (const short of shortfalls(report)) {
          expect(expected, `${machine}: ${short}`).toContain(short.split(':')[0]);
        }
      }
    },
  );

  it('makes the legacy machine meet every registry setting of the strict profile', async () => {
    const profile = builtInProfile('strict');
    const port = await openSimulatedMachine('legacy');
    const before = shortfalls(await auditMachine(port, profile));
    expect(before.length).toBeGreaterThan(FIREWALL_SETTINGS.length);
    const state = profileDesiredState(profile);
    await port.writeValues(state.values);
    const after = shortfalls(await auditMachine(port, profile)).map((entry) => entry.split(':')[0]!);
    const reportedOnly = state.reportedOnly.map((item) => item.settingId);
    expect(after.filter((id) => !FIREWALL_SETTINGS.includes(id) && !reportedOnly.includes(id))).toEqual([]);
  });

  it('sets and clears flag bits by name, keeping the others; writes the default with them where the value is missing', () => {
    const state = profileDesiredState(
      profileWith({
        'dcom.scm-remote-call-flags': {
          set: ['DCOMSCM_ACTIVATION_DISALLOW_UNSECURE_CALL', 'DCOMSCM_RESOLVE_DISALLOW_UNSECURE_CALL'],
          clear: ['DCOMSCM_ACTIVATION_USE_ALL_AUTHNSERVICES'],
        },
      }),
    );
    expect(state.values).toEqual([
      {
        settingId: 'dcom.scm-remote-call-flags',
        key: 'HKLM\\SOFTWARE\\Microsoft\\Ole',
        name: 'DCOMSCMRemoteCallFlags',
        value: { type: 'REG_DWORD', data: 0x2 | 0x8 },
        accept: { kind: 'bits', set: 0x2 | 0x8, clear: 0x1 },
      },
    ]);
    // A whole-value writer (reg, ansible) would overwrite the bits the profile leaves alone.
    expect(localValues(state)).toHaveLength(1);
    expect(wholeValues(state)).toEqual([]);
  });

  it('reports the reported-only settings with where to fix them, and carries nothing of them', () => {
    const state = profileDesiredState(builtInProfile('recommended'));
    const appId = findSetting('dcom.appid-permissions');
    expect(appId?.remedy).toBe('manual');
    expect(state.reportedOnly).toEqual([
      {
        settingId: 'dcom.appid-permissions',
        title: appId!.title,
        reason: `reported only, never changed by SinkGuard. ${appId!.manualFix}`,
      },
    ]);
    expect(state.values.map((value) => value.settingId)).not.toContain('dcom.appid-permissions');
  });

  it('keeps the policy values (under HKLM\\SOFTWARE\\Policies) out of the local writes', () => {
    const state = profileDesiredState(builtInProfile('strict'));
    const policy = state.values.filter(isPolicyValue).map((value) => value.name);
    expect(policy).toEqual([
      'AllowLocalActivationSecurityCheckExemptionList',
      'RestrictRemoteClients',
      'EnableAuthEpResolution',
    ]);
    expect(localValues(state).filter(isPolicyValue)).toEqual([]);
  });

  it('writes the catalog value of each scalar target: equals, the first of anyOf, the bound of atLeast/atMost', () => {
    const state = profileDesiredState(
      profileWith({
        'dcom.legacy-authentication-level': { atLeast: 5 },
        'dcom.legacy-impersonation-level': { atMost: 2 },
        'wmi.allow-anonymous-callback': { equals: 0 },
        'dcom.raise-activation-authentication-level': { anyOf: [2, 1] },
        'dcom.legacy-secure-references': { equals: 'Y' },
      }),
    );
    const byName = Object.fromEntries(state.values.map((value) => [value.name, value]));
    expect(byName.LegacyAuthenticationLevel).toMatchObject({
      key: 'HKLM\\SOFTWARE\\Microsoft\\Ole',
      value: { type: 'REG_DWORD', data: 5 },
      accept: { kind: 'at-least', value: 5 },
    });
    expect(byName.LegacyImpersonationLevel).toMatchObject({
      value: { type: 'REG_DWORD', data: 2 },
      accept: { kind: 'at-most', value: 2 },
    });
    expect(byName.AllowAnonymousCallback?.accept).toEqual({ kind: 'one-of', values: [0] });
    expect(byName.RaiseActivationAuthenticationLevel).toMatchObject({
      value: { data: 2 },
      accept: { kind: 'one-of', values: [2, 1] },
    });
    expect(byName.LegacySecureReferences?.value).toEqual({ type: 'REG_SZ', data: 'Y' });
  });

  it('leaves alone what every value meets, and leaves out what the profile does not assess', () => {
    const state = profileDesiredState(
      profileWith({
        'dcom.enable-dcom': { anyOf: ['N', 'Y'] },
        'dcom.legacy-impersonation-level': { atMost: 4 },
        'dcom.machine-access-restriction': { noRemoteBeyondDefault: [] },
        'rpc.dynamic-port-restriction': { restrict: false },
      }),
    );
    expect(state.values).toEqual([]);
    expect(state.firewall).toEqual([]);
    expect(state.leftAlone.map((entry) => entry.settingId)).toEqual([
      'dcom.enable-dcom',
      'dcom.machine-access-restriction',
      'dcom.legacy-impersonation-level',
      'rpc.dynamic-port-restriction',
    ]);
  });

  it('sets descriptors to the Windows default, with the SDDL security option where Group Policy has one', () => {
    const state = profileDesiredState(builtInProfile('recommended'));
    const descriptors = state.values.filter((value) => value.value.type === 'REG_BINARY');
    expect(descriptors.map((value) => value.name)).toEqual([
      'MachineAccessRestriction',
      'MachineLaunchRestriction',
      'DefaultAccessPermission',
      'DefaultLaunchPermission',
    ]);
    for (const value of descriptors) {
      if (value.value.type !== 'REG_BINARY') throw new Error('unreachable');
      const sddl = formatSddl(decodeSecurityDescriptor(value.value.data));
      expect(sddl).toBe(DEFAULT_COM_SDDL[value.name as keyof typeof DEFAULT_COM_SDDL]);
      expect(value.accept).toEqual({ kind: 'exactly' });
    }
    expect(state.policyDescriptors).toEqual([
      {
        settingId: 'dcom.machine-access-restriction',
        optionName:
          'DCOM: Machine Access Restrictions in Security Descriptor Definition Language (SDDL) syntax',
        key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM',
        name: 'MachineAccessRestriction',
        sddl: DEFAULT_COM_SDDL.MachineAccessRestriction,
      },
      {
        settingId: 'dcom.machine-launch-restriction',
        optionName:
          'DCOM: Machine Launch Restrictions in Security Descriptor Definition Language (SDDL) syntax',
        key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM',
        name: 'MachineLaunchRestriction',
        sddl: DEFAULT_COM_SDDL.MachineLaunchRestriction,
      },
    ]);
  });

  it('restricts the RPC dynamic ports with the three Rpc\\Internet values when the profile restricts them', () => {
    const state = profileDesiredState(
      profileWith({ 'rpc.dynamic-port-restriction': { restrict: true, ports: ['5000-5199', '6000'] } }),
    );
    expect(state.values.map(({ name, value }) => [name, value])).toEqual([
      ['Ports', { type: 'REG_MULTI_SZ', data: ['5000-5199', '6000'] }],
      ['PortsInternetAvailable', { type: 'REG_SZ', data: 'Y' }],
      ['UseInternetPorts', { type: 'REG_SZ', data: 'Y' }],
    ]);
  });

  it('limits the built-in WMI rules to the scope or disables them, per firewall target', () => {
    const state = profileDesiredState(builtInProfile('strict'));
    expect(state.firewall).toEqual([
      {
        settingId: 'firewall.endpoint-mapper',
        target: 'endpoint-mapper',
        ruleIds: BUILT_IN_WMI_RULES['endpoint-mapper'],
        action: 'restrict-remote',
        remoteAddresses: ['LocalSubnet'],
        reportedRemoteAddresses: ['LocalSubnet'],
      },
      {
        settingId: 'firewall.dynamic-rpc',
        target: 'dynamic-rpc',
        ruleIds: ['WMI-WINMGMT-In-TCP', 'WMI-WINMGMT-In-TCP-NoScope'],
        action: 'restrict-remote',
        remoteAddresses: ['LocalSubnet'],
        reportedRemoteAddresses: ['LocalSubnet'],
      },
      {
        settingId: 'firewall.unsecapp',
        target: 'unsecapp',
        ruleIds: ['WMI-ASYNC-In-TCP', 'WMI-ASYNC-In-TCP-NoScope'],
        action: 'disable',
        remoteAddresses: [],
        reportedRemoteAddresses: [],
      },
    ]);
  });

  it('reports IPv4 blocks with a dotted mask and the network address, other entries as given', () => {
    const state = profileDesiredState(hostileProfile());
    expect(state.firewall[0]?.remoteAddresses).toEqual([
      'LocalSubnet',
      '10.0.0.0/8',
      'fe80::/64',
      '192.168.1.10-192.168.1.20',
    ]);
    expect(state.firewall[0]?.reportedRemoteAddresses).toEqual([
      'LocalSubnet',
      '10.0.0.0/255.0.0.0',
      'fe80::/64',
      '192.168.1.10-192.168.1.20',
    ]);
  });
});
