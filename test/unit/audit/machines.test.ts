import { describe, expect, it } from 'vitest';
import { decodeSecurityDescriptor, encodeSecurityDescriptor } from '../../../main/domain/descriptors/binary';
import { hexToBytes } from '../../../main/domain/descriptors/hex';
import { formatSddl, parseSddl } from '../../../main/domain/descriptors/sddl';
import { builtInProfile, validateProfile } from '../../../main/domain/profiles/index';
import { auditSimulated, finding, runAudit, snapshotsOf, verdicts } from './support';

const OLE = 'HKLM\\SOFTWARE\\Microsoft\\Ole';

describe('audit of the stock machine', () => {
  it('against recommended: only the UnsecApp check and the authentication level fall short', async () => {
    const report = await auditSimulated('stock');
    expect(verdicts(report)).toEqual({
      'wmi.unsecapp-access-check': 'weak',
      'wmi.allow-anonymous-callback': 'ok',
      'dcom.enable-dcom': 'ok',
      'dcom.machine-access-restriction': 'ok',
      'dcom.machine-launch-restriction': 'ok',
      'dcom.default-access-permission': 'ok',
      'dcom.default-launch-permission': 'ok',
      'dcom.appid-permissions': 'ok',
      'dcom.legacy-authentication-level': 'weak',
      'dcom.legacy-impersonation-level': 'ok',
      'dcom.legacy-secure-references': 'ok',
      'dcom.require-integrity-activation': 'ok',
      'dcom.raise-activation-authentication-level': 'ok',
      'dcom.scm-remote-call-flags': 'ok',
      'rpc.dynamic-port-restriction': 'ok',
      'firewall.endpoint-mapper': 'ok',
      'firewall.dynamic-rpc': 'ok',
      'firewall.unsecapp': 'ok',
    });
    expect(report.notAssessed.map((entry) => entry.settingId)).toEqual([
      'dcom.local-activation-exemptions',
      'rpc.restrict-remote-clients',
      'rpc.endpoint-mapper-client-authentication',
    ]);
    expect(report.summary).toEqual({
      counts: { ok: 16, weak: 2, critical: 0, managed: 0, unreadable: 0 },
      worstSeverity: 'high',
      score: 50,
      meetsProfile: false,
    });
  });

  it('reports absent values as Windows defaults, with the change the profile would make', async () => {
    const report = await auditSimulated('stock');
    const level = finding(report, 'dcom.legacy-authentication-level');
    expect(level.effective).toEqual({
      display: 'not set (Windows uses 2 (RPC_C_AUTHN_LEVEL_CONNECT))',
      raw: 2,
      source: 'default',
    });
    expect(level.local).toMatchObject({ state: 'absent', raw: null });
    expect(level.severity).toBe('medium');
    expect(level.change).toEqual({
      settingId: 'dcom.legacy-authentication-level',
      from: 'not set (Windows uses 2 (RPC_C_AUTHN_LEVEL_CONNECT))',
      to: '5 (RPC_C_AUTHN_LEVEL_PKT_INTEGRITY)',
      registryWrites: [
        { key: OLE, name: 'LegacyAuthenticationLevel', value: { type: 'REG_DWORD', data: 5 } },
      ],
      registryDeletes: [],
      firewall: null,
    });
    const unsecApp = finding(report, 'wmi.unsecapp-access-check');
    expect(unsecApp.explanation).toContain(
      'Not set. Microsoft documents the default as zero. unsecapp.exe accepts a callback from anyone',
    );
    expect(unsecApp.change?.registryWrites).toEqual([
      {
        key: 'HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM',
        name: 'UnsecAppAccessControlDefault',
        value: { type: 'REG_DWORD', data: 1 },
      },
    ]);
    expect(finding(report, 'dcom.machine-access-restriction').change).toBeNull();
  });

  it('against strict: the stricter targets fall short and RPC items are assessed', async () => {
    const report = await auditSimulated('stock', { profile: builtInProfile('strict') });
    expect(report.notAssessed).toEqual([]);
    expect(verdicts(report)).toMatchObject({
      'dcom.legacy-authentication-level': 'weak',
      'dcom.legacy-secure-references': 'weak',
      'dcom.scm-remote-call-flags': 'weak',
      'dcom.local-activation-exemptions': 'weak',
      'rpc.restrict-remote-clients': 'weak',
      'rpc.endpoint-mapper-client-authentication': 'weak',
      'rpc.dynamic-port-restriction': 'weak',
      'firewall.unsecapp': 'ok',
      'dcom.machine-access-restriction': 'ok',
    });
    const flags = finding(report, 'dcom.scm-remote-call-flags');
    expect(flags.effective).toEqual({
      display: 'not set (Windows uses 0 (no flags))',
      raw: 0,
      source: 'default',
    });
    expect(flags.change?.registryWrites).toEqual([
      { key: OLE, name: 'DCOMSCMRemoteCallFlags', value: { type: 'REG_DWORD', data: 0xa } },
    ]);
    expect(flags.change?.to).toBe(
      '0xa (DCOMSCM_ACTIVATION_DISALLOW_UNSECURE_CALL | DCOMSCM_RESOLVE_DISALLOW_UNSECURE_CALL)',
    );
    expect(finding(report, 'rpc.dynamic-port-restriction').change?.registryWrites).toEqual([
      {
        key: 'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet',
        name: 'Ports',
        value: { type: 'REG_MULTI_SZ', data: ['5000-6000'] },
      },
      {
        key: 'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet',
        name: 'PortsInternetAvailable',
        value: { type: 'REG_SZ', data: 'Y' },
      },
      {
        key: 'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet',
        name: 'UseInternetPorts',
        value: { type: 'REG_SZ', data: 'Y' },
      },
    ]);
  });
});

describe('audit of the legacy machine', () => {
  it('spells out every verdict against recommended', async () => {
    const report = await auditSimulated('legacy');
    expect(verdicts(report)).toEqual({
      'wmi.unsecapp-access-check': 'weak',
      'wmi.allow-anonymous-callback': 'weak',
      'dcom.enable-dcom': 'ok',
      'dcom.machine-access-restriction': 'critical',
      'dcom.machine-launch-restriction': 'critical',
      'dcom.default-access-permission': 'ok',
      'dcom.default-launch-permission': 'ok',
      'dcom.appid-permissions': 'critical',
      'dcom.legacy-authentication-level': 'critical',
      'dcom.legacy-impersonation-level': 'ok',
      'dcom.legacy-secure-references': 'ok',
      'dcom.require-integrity-activation': 'ok',
      'dcom.raise-activation-authentication-level': 'ok',
      'dcom.scm-remote-call-flags': 'ok',
      'rpc.dynamic-port-restriction': 'ok',
      'firewall.endpoint-mapper': 'critical',
      'firewall.dynamic-rpc': 'critical',
      'firewall.unsecapp': 'critical',
    });
    expect(report.summary.worstSeverity).toBe('critical');
  });

  it('reports the anonymous remote access grant as critical and narrows only that grant', async () => {
    const access = finding(await auditSimulated('legacy'), 'dcom.machine-access-restriction');
    expect(access).toMatchObject({ verdict: 'critical', severity: 'critical', managedByPolicy: false });
    expect(access.explanation).toContain('ANONYMOUS LOGON is granted Remote Access');
    expect(access.explanation).toContain('unauthenticated network callers get through');
    expect(access.details).toEqual([
      "ANONYMOUS LOGON (AN): + Remote Access (allow), beyond Windows' default",
    ]);
    expect(access.effective.raw).toContain('(A;;CCDCLC;;;AN)');
    expect(access.change?.to).toContain('(A;;CCDC;;;AN)');
    expect(access.change?.to).not.toContain('(A;;CCDCLC;;;AN)');
    // The write is the exact binary of the narrowed descriptor.
    const write = access.change?.registryWrites[0];
    expect(write).toMatchObject({ key: OLE, name: 'MachineAccessRestriction' });
    expect(write?.value.type).toBe('REG_BINARY');
    expect(formatSddl(decodeSecurityDescriptor(hexToBytes(String(write?.value.data))))).toBe(
      access.change?.to,
    );
  });

  it('reports Everyone remote launch and activation as critical', async () => {
    const launch = finding(await auditSimulated('legacy'), 'dcom.machine-launch-restriction');
    expect(launch.verdict).toBe('critical');
    expect(launch.details).toEqual([
      "Everyone (WD): + Remote Launch, Remote Activation (allow), beyond Windows' default",
    ]);
    expect(launch.change?.to).toContain('(A;;CCDCSW;;;WD)');
  });

  it('reports authentication level NONE as critical, in the constants’ names', async () => {
    const level = finding(await auditSimulated('legacy'), 'dcom.legacy-authentication-level');
    expect(level).toMatchObject({
      verdict: 'critical',
      severity: 'critical',
      effective: { display: '1 (RPC_C_AUTHN_LEVEL_NONE)', raw: 1, source: 'local' },
      local: { state: 'present', raw: { type: 'REG_DWORD', data: 1 } },
    });
    expect(level.explanation).toContain('No authentication at all');
    expect(level.explanation).toContain('at least 5 (RPC_C_AUTHN_LEVEL_PKT_INTEGRITY)');
  });

  it('reports TCP 135 open to Any, including on Public, as critical with the rules that open it', async () => {
    const epm = finding(await auditSimulated('legacy'), 'firewall.endpoint-mapper');
    expect(epm).toMatchObject({ verdict: 'critical', severity: 'critical', managedByPolicy: false });
    expect(epm.explanation).toContain('RPC endpoint mapper (TCP 135, RpcSs) is reachable from Any');
    expect(epm.explanation).toContain('Public');
    expect(epm.change?.firewall).toMatchObject({ target: 'endpoint-mapper', allowFrom: ['LocalSubnet'] });
    expect(epm.change?.firewall?.rules).toContain('WMI-RPCSS-In-TCP');
    expect(epm.change?.registryWrites).toEqual([]);
  });
});

describe('per-application DCOM settings (AppID)', () => {
  it('names the legacy machine’s weakened AppID, grant by grant, as critical, and leaves the fix to dcomcnfg', async () => {
    const appIds = finding(await auditSimulated('legacy'), 'dcom.appid-permissions');
    const agent = '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01} (Asset Inventory Agent)';
    expect(appIds).toMatchObject({
      verdict: 'critical',
      severity: 'critical',
      remedy: 'manual',
      changeableLocally: false,
      change: null,
    });
    // The agent and six more weakened the same way, among 247 Windows-like applications that are not at fault.
    expect(appIds.effective.display).toMatch(/^7 of 247 AppIDs at fault: /);
    expect(appIds.effective.display).toContain(agent);
    expect(appIds.effective.display.match(/\(Callback Agent \d\)/g)).toHaveLength(6);
    expect(appIds.details.filter((line) => line.startsWith(agent))).toEqual([
      `${agent}: AccessPermission grants ANONYMOUS LOGON Remote Access, and MachineAccessRestriction lets it through`,
      `${agent}: AccessPermission grants Everyone Remote Access, and MachineAccessRestriction lets it through`,
      `${agent}: AuthenticationLevel 1 (RPC_C_AUTHN_LEVEL_NONE): callers are not authenticated, and COM ignores the application’s access permission`,
    ]);
    expect(
      appIds.details.every((line) => line.startsWith(agent) || /\(Callback Agent \d\): /.test(line)),
    ).toBe(true);
    expect(appIds.remedyHint).toContain('Component Services (dcomcnfg)');
    expect(appIds.explanation).toContain('Component Services (dcomcnfg)');
  });

  it('weighs a grant the machine-wide limit caps today lower than one in force', async () => {
    // The legacy limit lets ANONYMOUS LOGON in remotely; the Windows default does not.
    const report = await auditSimulated('legacy', {
      writes: [
        {
          key: OLE,
          name: 'MachineAccessRestriction',
          value: {
            type: 'REG_BINARY',
            data: encodeSecurityDescriptor(
              parseSddl('O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)'),
            ),
          },
        },
        {
          key: 'HKLM\\SOFTWARE\\Classes\\AppID\\{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}',
          name: 'AuthenticationLevel',
          value: { type: 'REG_DWORD', data: 6 },
        },
      ],
    });
    const appIds = finding(report, 'dcom.appid-permissions');
    expect(appIds.severity).toBe('high');
    expect(appIds.details).toContain(
      '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01} (Asset Inventory Agent): AccessPermission grants ANONYMOUS LOGON Remote Access (capped today by MachineAccessRestriction, which does not grant it)',
    );
  });

  it('reports what COM cannot use in an AppID, and an AppID subtree that was not read as unreadable', async () => {
    const key = 'HKLM\\SOFTWARE\\Classes\\AppID\\{00000000-0000-0000-0000-0000000000AB}';
    const report = await auditSimulated('stock', {
      writes: [
        { key, name: 'LaunchPermission', value: { type: 'REG_BINARY', data: new Uint8Array([1, 0, 4]) } },
        { key, name: 'AuthenticationLevel', value: { type: 'REG_DWORD', data: 9 } },
      ],
    });
    const appIds = finding(report, 'dcom.appid-permissions');
    expect(appIds).toMatchObject({ verdict: 'weak', severity: 'medium' });
    expect(appIds.details).toEqual([
      '{00000000-0000-0000-0000-0000000000AB}: LaunchPermission is a corrupt security descriptor (security descriptor: the descriptor header needs 20 bytes but only 3 remain at byte 0)',
      '{00000000-0000-0000-0000-0000000000AB}: AuthenticationLevel 9 is outside 1-6: CoInitializeSecurity fails and every call to the application fails',
    ]);
    const snapshots = (await snapshotsOf('legacy')).map((snapshot) => ({
      ...snapshot,
      descendants: undefined,
    }));
    expect(
      finding(runAudit(snapshots, builtInProfile('recommended')), 'dcom.appid-permissions'),
    ).toMatchObject({
      verdict: 'unreadable',
      meetsProfile: null,
    });
  });
});

describe('RPC values only Group Policy sets', () => {
  it('reports them not configured on the stock machine, says what Windows does, and points to a GPO', async () => {
    const report = await auditSimulated('stock', { profile: builtInProfile('strict') });
    const restrict = finding(report, 'rpc.restrict-remote-clients');
    expect(restrict).toMatchObject({
      verdict: 'weak',
      severity: 'medium',
      managedByPolicy: false,
      changeableLocally: false,
      remedy: 'group-policy',
      change: null,
      local: null,
      effective: { raw: null, source: 'default', display: 'not set' },
      policy: {
        location: {
          key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc',
          value: 'RestrictRemoteClients',
        },
        state: 'absent',
      },
      groupPolicySetting:
        'Computer Configuration > Administrative Templates > System > Remote Procedure Call > Restrict Unauthenticated RPC clients',
    });
    expect(restrict.explanation).toContain(
      'Not set. Not configured: the RPC runtime behaves as Authenticated on Windows client editions and as None',
    );
    expect(restrict.explanation).toContain('sinkguard export --format pol');
    expect(restrict.remedyHint).toContain('SinkGuard never writes under HKLM\\SOFTWARE\\Policies');
    expect(finding(report, 'rpc.endpoint-mapper-client-authentication')).toMatchObject({
      verdict: 'weak',
      remedy: 'group-policy',
      change: null,
      groupPolicySetting:
        'Computer Configuration > Administrative Templates > System > Remote Procedure Call > Enable RPC Endpoint Mapper Client Authentication',
    });
  });

  it('reports them set by policy as managed, with the policy as the source, and nothing to change locally', async () => {
    const report = await auditSimulated('gpo-managed', {
      profile: builtInProfile('strict'),
      writes: [
        {
          key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc',
          name: 'RestrictRemoteClients',
          value: { type: 'REG_DWORD', data: 0 },
        },
      ],
    });
    const restrict = finding(report, 'rpc.restrict-remote-clients');
    expect(restrict).toMatchObject({
      verdict: 'managed',
      severity: 'high',
      meetsProfile: false,
      managedByPolicy: true,
      changeableLocally: false,
      remedy: 'group-policy',
      change: null,
      local: null,
      effective: { raw: 0, source: 'policy' },
    });
    expect(restrict.explanation).toMatch(/^Set by Group Policy, the only place this value lives/);
    expect(finding(report, 'rpc.endpoint-mapper-client-authentication')).toMatchObject({
      verdict: 'managed',
      meetsProfile: true,
      severity: null,
    });
  });
});

describe('audit of the Group Policy-managed machine', () => {
  it('shows the DCOM limits as managed by policy, with both values, and offers no local change', async () => {
    const report = await auditSimulated('gpo-managed');
    const access = finding(report, 'dcom.machine-access-restriction');
    expect(access).toMatchObject({
      verdict: 'managed',
      severity: null,
      meetsProfile: true,
      managedByPolicy: true,
      changeableLocally: false,
      change: null,
      effective: { source: 'policy' },
    });
    expect(access.policy).toMatchObject({
      location: {
        key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM',
        value: 'MachineAccessRestriction',
      },
      state: 'present',
      raw: { type: 'REG_SZ' },
    });
    expect(access.local).toMatchObject({ state: 'present', raw: { type: 'REG_BINARY' } });
    expect(access.effective.display).toBe(access.policy?.display);
    expect(access.explanation).toContain('Managed by Group Policy');
    expect(finding(report, 'dcom.machine-launch-restriction').verdict).toBe('managed');
  });

  it('spells out the verdicts against a profile whose management scope is the GPO’s subnet', async () => {
    const profile = validateProfile(
      { ...builtInProfile('strict'), managementScope: ['10.0.10.0/24'] },
      'management-subnet profile',
    );
    const report = await auditSimulated('gpo-managed', { profile });
    expect(verdicts(report)).toEqual({
      'wmi.unsecapp-access-check': 'weak',
      'wmi.allow-anonymous-callback': 'ok',
      'dcom.enable-dcom': 'ok',
      'dcom.machine-access-restriction': 'managed',
      'dcom.machine-launch-restriction': 'managed',
      'dcom.default-access-permission': 'ok',
      'dcom.default-launch-permission': 'ok',
      'dcom.appid-permissions': 'ok',
      'dcom.legacy-authentication-level': 'weak',
      'dcom.legacy-impersonation-level': 'ok',
      'dcom.legacy-secure-references': 'weak',
      'dcom.require-integrity-activation': 'ok',
      'dcom.raise-activation-authentication-level': 'ok',
      'dcom.scm-remote-call-flags': 'weak',
      'dcom.local-activation-exemptions': 'managed',
      'rpc.restrict-remote-clients': 'managed',
      'rpc.endpoint-mapper-client-authentication': 'managed',
      'rpc.dynamic-port-restriction': 'ok',
      'firewall.endpoint-mapper': 'managed',
      'firewall.dynamic-rpc': 'managed',
      'firewall.unsecapp': 'ok',
    });
    const epm = finding(report, 'firewall.endpoint-mapper');
    expect(epm).toMatchObject({ meetsProfile: true, severity: null, changeableLocally: false, change: null });
    expect(finding(report, 'rpc.dynamic-port-restriction').effective.display).toBe(
      'restricted to 5000-5100 (101 ports)',
    );
  });

  it('flags GPO-opened RPC beyond a LocalSubnet scope, without offering a local change', async () => {
    const epm = finding(await auditSimulated('gpo-managed'), 'firewall.endpoint-mapper');
    expect(epm).toMatchObject({ verdict: 'managed', meetsProfile: false, severity: 'high', change: null });
    expect(epm.explanation).toContain('reachable from 10.0.10.0/24 on the Domain profile');
  });
});
