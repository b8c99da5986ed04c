import { describe, expect, it } from 'vitest';
import { decodeSecurityDescriptor } from '../../../main/domain/descriptors/binary';
import { hexToBytes } from '../../../main/domain/descriptors/hex';
import { formatSddl } from '../../../main/domain/descriptors/sddl';
import { builtInProfile, validateProfile } from '../../../main/domain/profiles/index';
import { auditSimulated, finding, verdicts } from './support';

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
      'dcom.legacy-authentication-level': 'weak',
      'dcom.legacy-impersonation-level': 'ok',
      'dcom.legacy-secure-references': 'ok',
      'dcom.require-integrity-activation': 'ok',
      'dcom.raise-activation-authentication-level': 'ok',
      'rpc.dynamic-port-restriction': 'ok',
      'firewall.endpoint-mapper': 'ok',
      'firewall.dynamic-rpc': 'ok',
      'firewall.unsecapp': 'ok',
    });
    expect(report.notAssessed.map((entry) => entry.settingId)).toEqual([
      'rpc.restrict-remote-clients',
      'rpc.endpoint-mapper-client-authentication',
    ]);
    expect(report.summary).toEqual({
      counts: { ok: 14, weak: 2, critical: 0, managed: 0, unreadable: 0 },
      worstSeverity: 'high',
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
      'rpc.restrict-remote-clients': 'weak',
      'rpc.endpoint-mapper-client-authentication': 'weak',
      'rpc.dynamic-port-restriction': 'weak',
      'firewall.unsecapp': 'ok',
      'dcom.machine-access-restriction': 'ok',
    });
    const restrict = finding(report, 'rpc.restrict-remote-clients');
    expect(restrict.effective.raw).toBeNull();
    expect(restrict.explanation).toContain(
      'Authenticated on Windows client editions and None on Windows Server',
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
      'dcom.legacy-authentication-level': 'critical',
      'dcom.legacy-impersonation-level': 'ok',
      'dcom.legacy-secure-references': 'ok',
      'dcom.require-integrity-activation': 'ok',
      'dcom.raise-activation-authentication-level': 'ok',
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
      'dcom.legacy-authentication-level': 'weak',
      'dcom.legacy-impersonation-level': 'ok',
      'dcom.legacy-secure-references': 'weak',
      'dcom.require-integrity-activation': 'ok',
      'dcom.raise-activation-authentication-level': 'ok',
      'rpc.restrict-remote-clients': 'ok',
      'rpc.endpoint-mapper-client-authentication': 'ok',
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
