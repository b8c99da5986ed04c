import { describe, expect, it } from 'vitest';
import type { KeySnapshot, ReadOptions, RegistryValue } from '../../../main/registry/types';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import { readMachineProfile } from '../../../main/registry/machines';
import { parseRegFile } from '../../../main/domain/regfile/index';
import { auditKeys, auditMachine, AuditReportSchema } from '../../../main/domain/audit/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { auditSimulated, finding, runAudit, snapshotsOf } from './support';

const OLE = 'HKLM\\SOFTWARE\\Microsoft\\Ole';
const CIMOM = 'HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM';
const DCOM_POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM';
const recommended = builtInProfile('recommended');

describe('values the audit cannot read', () => {
  it('reports a corrupt binary descriptor as unreadable, with the reason, and proposes the Windows default', async () => {
    const corrupt: RegistryValue = {
      type: 'REG_BINARY',
      data: new Uint8Array([1, 0, 4, 0x80, 0xff, 0xff, 0, 0]),
    };
    const report = await auditSimulated('stock', {
      writes: [{ key: OLE, name: 'MachineAccessRestriction', value: corrupt }],
    });
    const access = finding(report, 'dcom.machine-access-restriction');
    expect(access).toMatchObject({
      verdict: 'unreadable',
      meetsProfile: null,
      severity: 'high',
      local: { state: 'unreadable', raw: { type: 'REG_BINARY', data: '01000480ffff0000' } },
    });
    expect(access.local?.problem).toMatch(
      /^corrupt security descriptor \(security descriptor: .+ at byte \d+\)$/,
    );
    expect(access.explanation).toContain(
      `${OLE}\\MachineAccessRestriction is unusable: corrupt security descriptor`,
    );
    expect(access.change?.to).toMatch(/^the Windows default O:BAG:BAD:\(A;;CCDCLC;;;WD\)/);
    expect(report.summary.counts.unreadable).toBe(1);
  });

  it('reports a DWORD stored as REG_SZ as unreadable, naming both types', async () => {
    const report = await auditSimulated('stock', {
      writes: [{ key: OLE, name: 'LegacyAuthenticationLevel', value: { type: 'REG_SZ', data: '6' } }],
    });
    const level = finding(report, 'dcom.legacy-authentication-level');
    expect(level).toMatchObject({ verdict: 'unreadable', meetsProfile: null, effective: { raw: null } });
    expect(level.local?.problem).toBe('stored as REG_SZ "6"; Windows expects a REG_DWORD');
    expect(level.change?.registryWrites).toEqual([
      { key: OLE, name: 'LegacyAuthenticationLevel', value: { type: 'REG_DWORD', data: 5 } },
    ]);
  });

  it('reports a DWORD outside the named values as unreadable', async () => {
    const report = await auditSimulated('stock', {
      writes: [{ key: CIMOM, name: 'UnsecAppAccessControlDefault', value: { type: 'REG_DWORD', data: 7 } }],
    });
    expect(finding(report, 'wmi.unsecapp-access-check').local?.problem).toBe(
      '7 is not a valid value (expected one of 0, 1)',
    );
  });

  it('reads Y/N switches case-insensitively; a stray string is unreadable or "no" as Windows documents', async () => {
    const report = await auditSimulated('stock', {
      profile: builtInProfile('strict'),
      writes: [
        { key: OLE, name: 'EnableDCOM', value: { type: 'REG_SZ', data: 'maybe' } },
        { key: OLE, name: 'LegacySecureReferences', value: { type: 'REG_SZ', data: 'yes' } },
      ],
    });
    expect(finding(report, 'dcom.enable-dcom')).toMatchObject({
      verdict: 'unreadable',
      local: { problem: '"maybe" is neither Y nor N' },
    });
    expect(finding(report, 'dcom.legacy-secure-references')).toMatchObject({
      verdict: 'weak',
      effective: { display: '"yes" (read as N)', raw: 'N' },
    });
    const lower = await auditSimulated('stock', {
      writes: [{ key: OLE, name: 'EnableDCOM', value: { type: 'REG_SZ', data: 'n' } }],
    });
    expect(finding(lower, 'dcom.enable-dcom').effective).toMatchObject({ display: 'n (N)', raw: 'N' });
  });

  it('reports an unparseable Group Policy SDDL as unreadable and managed by policy', async () => {
    const report = await auditSimulated('gpo-managed', {
      writes: [
        {
          key: DCOM_POLICY,
          name: 'MachineAccessRestriction',
          value: { type: 'REG_SZ', data: 'O:BAD:(A;;XX;;;WD' },
        },
      ],
    });
    const access = finding(report, 'dcom.machine-access-restriction');
    expect(access).toMatchObject({
      verdict: 'unreadable',
      managedByPolicy: true,
      change: null,
      changeableLocally: false,
    });
    expect(access.policy?.problem).toMatch(/^invalid SDDL \(SDDL: .+ at character \d+\)$/);
  });

  it('treats an empty Group Policy SDDL as "not defined": the local value is in force again', async () => {
    const report = await auditSimulated('gpo-managed', {
      writes: [{ key: DCOM_POLICY, name: 'MachineAccessRestriction', value: { type: 'REG_SZ', data: '' } }],
    });
    const access = finding(report, 'dcom.machine-access-restriction');
    expect(access).toMatchObject({ verdict: 'ok', managedByPolicy: false, effective: { source: 'local' } });
    expect(access.policy).toMatchObject({ state: 'absent', display: 'empty (not defined)' });
  });

  it('applies a policy that weakens a limit, but leaves the fix to the GPO', async () => {
    const report = await auditSimulated('stock', {
      writes: [
        {
          key: DCOM_POLICY,
          name: 'MachineAccessRestriction',
          value: { type: 'REG_SZ', data: 'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)' },
        },
      ],
    });
    const access = finding(report, 'dcom.machine-access-restriction');
    expect(access).toMatchObject({
      verdict: 'managed',
      meetsProfile: false,
      severity: 'critical',
      change: null,
      local: { state: 'present' },
      policy: { state: 'present', display: 'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)' },
    });
    expect(report.summary.worstSeverity).toBe('critical');
  });

  it('reports the settings of a key the backend refuses to read as unreadable, with the reason, and audits the rest', async () => {
    const seed = parseRegFile(await readMachineProfile('gpo-managed'));
    const refusing = new SimulatedRegistry([seed], {
      unreadableKeys: ['HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc', CIMOM],
    });
    const report = await auditMachine(refusing, builtInProfile('strict'));
    for (const id of [
      'rpc.restrict-remote-clients',
      'wmi.unsecapp-access-check',
      'wmi.allow-anonymous-callback',
    ]) {
      expect(finding(report, id), id).toMatchObject({ verdict: 'unreadable', meetsProfile: null });
    }
    expect(finding(report, 'rpc.restrict-remote-clients').policy).toMatchObject({
      state: 'unreadable',
      display: 'refused',
      problem: 'access denied reading HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc',
    });
    expect(finding(report, 'wmi.unsecapp-access-check').explanation).toContain(
      `access denied reading ${CIMOM}`,
    );
    // Nothing else is affected: the DCOM limits still read as Group Policy's.
    expect(finding(report, 'dcom.machine-access-restriction').verdict).toBe('managed');
    expect(report.summary.counts.unreadable).toBe(4);
  });

  it('reports every firewall setting unreadable when a firewall key is refused, not as a closed firewall', async () => {
    const seed = parseRegFile(await readMachineProfile('legacy'));
    const refusing = new SimulatedRegistry([seed], {
      unreadableKeys: [
        'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules',
      ],
    });
    const report = await auditMachine(refusing, recommended);
    for (const id of ['firewall.endpoint-mapper', 'firewall.dynamic-rpc', 'firewall.unsecapp']) {
      expect(finding(report, id).verdict).toBe('unreadable');
      expect(finding(report, id).explanation).toContain('access denied reading');
    }
  });

  it('reports a flags value with undocumented bits or the wrong type as unreadable', async () => {
    const odd = await auditSimulated('stock', {
      writes: [{ key: OLE, name: 'DCOMSCMRemoteCallFlags', value: { type: 'REG_DWORD', data: 0x42 } }],
    });
    expect(finding(odd, 'dcom.scm-remote-call-flags')).toMatchObject({
      verdict: 'unreadable',
      local: { problem: '0x42 sets undocumented bits 0x40 (documented: 0x1, 0x2, 0x4, 0x8, 0x10)' },
    });
    const typed = await auditSimulated('stock', {
      writes: [{ key: OLE, name: 'DCOMSCMRemoteCallFlags', value: { type: 'REG_SZ', data: '2' } }],
    });
    expect(finding(typed, 'dcom.scm-remote-call-flags').local?.problem).toBe(
      'stored as REG_SZ "2"; Windows expects a REG_DWORD',
    );
  });

  it('keeps the flags a profile does not name when it fixes the ones it does', async () => {
    const report = await auditSimulated('stock', {
      writes: [{ key: OLE, name: 'DCOMSCMRemoteCallFlags', value: { type: 'REG_DWORD', data: 0x5 } }],
    });
    const flags = finding(report, 'dcom.scm-remote-call-flags');
    expect(flags).toMatchObject({ verdict: 'weak', severity: 'low' });
    expect(flags.effective.display).toBe(
      '0x5 (DCOMSCM_ACTIVATION_USE_ALL_AUTHNSERVICES | DCOMSCM_RESOLVE_USE_ALL_AUTHNSERVICES)',
    );
    expect(flags.change?.registryWrites[0]?.value).toEqual({ type: 'REG_DWORD', data: 0 });
    const strict = await auditSimulated('stock', {
      profile: builtInProfile('strict'),
      writes: [{ key: OLE, name: 'DCOMSCMRemoteCallFlags', value: { type: 'REG_DWORD', data: 0x1 } }],
    });
    expect(finding(strict, 'dcom.scm-remote-call-flags').change?.registryWrites[0]?.value).toEqual({
      type: 'REG_DWORD',
      data: 0xa,
    });
  });

  it('reports a key missing from the snapshots as unreadable, never as absent', async () => {
    const snapshots = (await snapshotsOf('stock')).filter((snapshot) => snapshot.path !== OLE);
    const report = runAudit(snapshots, recommended);
    expect(finding(report, 'dcom.legacy-authentication-level')).toMatchObject({
      verdict: 'unreadable',
      local: { problem: `the key ${OLE} was not read` },
    });
  });

  it('reports every firewall setting unreadable when the firewall keys were not read', async () => {
    const snapshots = (await snapshotsOf('legacy')).filter(
      (snapshot) => !/FirewallRules$/.test(snapshot.path),
    );
    const report = runAudit(snapshots, recommended);
    for (const id of ['firewall.endpoint-mapper', 'firewall.dynamic-rpc', 'firewall.unsecapp']) {
      expect(finding(report, id).verdict).toBe('unreadable');
      expect(finding(report, id).explanation).toContain('FirewallRules');
    }
  });

  it('flags an invalid RPC port restriction, which Windows rejects, whatever the profile asks', async () => {
    const key = 'HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet';
    const report = await auditSimulated('stock', {
      writes: [
        { key, name: 'Ports', value: { type: 'REG_MULTI_SZ', data: ['5000-70000'] } },
        { key, name: 'PortsInternetAvailable', value: { type: 'REG_SZ', data: 'Y' } },
        { key, name: 'UseInternetPorts', value: { type: 'REG_SZ', data: 'Y' } },
      ],
    });
    const ports = finding(report, 'rpc.dynamic-port-restriction');
    expect(ports).toMatchObject({ verdict: 'weak', severity: 'high', meetsProfile: false });
    expect(ports.explanation).toContain('error 87');
    expect(ports.change?.registryDeletes).toEqual([
      { key, name: 'Ports' },
      { key, name: 'PortsInternetAvailable' },
      { key, name: 'UseInternetPorts' },
    ]);
  });
});

describe('the audit engine', () => {
  it('reads every key in one batch through the port', async () => {
    const port = await openSimulatedMachine('legacy');
    const batches: [string[], ReadOptions | undefined][] = [];
    const spy = Object.assign(Object.create(port) as typeof port, {
      readKeys: (paths: readonly string[], options?: ReadOptions) => {
        batches.push([[...paths], options]);
        return port.readKeys(paths, options);
      },
    });
    const report = await auditMachine(spy, recommended);
    expect(batches).toEqual([
      [auditKeys(), { subtrees: ['HKLM\\SOFTWARE\\Classes\\AppID'], reportUnreadable: true }],
    ]);
    expect(report.findings).toHaveLength(18);
  });

  it('is pure: the same snapshots give the same report and are not modified', async () => {
    const snapshots = await snapshotsOf('legacy');
    const copy = snapshots.map((snapshot): KeySnapshot => ({
      ...snapshot,
      values: new Map(snapshot.values),
    }));
    const first = runAudit(snapshots, recommended);
    expect(runAudit(snapshots, recommended)).toEqual(first);
    expect(snapshots).toEqual(copy);
  });

  it('produces reports that match the published report schema', async () => {
    for (const machine of ['stock', 'legacy', 'gpo-managed'] as const) {
      const report = await auditSimulated(machine, { profile: builtInProfile('strict') });
      expect(AuditReportSchema.parse(JSON.parse(JSON.stringify(report)))).toEqual(report);
    }
  });
});
