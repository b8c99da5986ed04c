import { describe, expect, it } from 'vitest';
import { openSimulatedMachine, MACHINE_PROFILES, type MachineProfile } from '../../../main/registry/machines';
import {
  FIREWALL_KEYS,
  LOCAL_RULES_KEY,
  POLICY_RULES_KEY,
  readFirewallStore,
} from '../../../main/domain/firewall/store';
import {
  analyzeExposure,
  type ExposureReport,
  type ExposureTargetId,
} from '../../../main/domain/firewall/exposure';
import { formatFirewallRule, parseFirewallRule } from '../../../main/domain/firewall/rule-string';

async function reportFor(machine: MachineProfile): Promise<ExposureReport> {
  const registry = await openSimulatedMachine(machine);
  return analyzeExposure(readFirewallStore(await registry.readKeys(FIREWALL_KEYS)));
}

/** target → profile → [open, reachable-from entries, allowing rule ids] */
function summary(report: ExposureReport): Record<string, Record<string, [boolean, string[], string[]]>> {
  return Object.fromEntries(
    report.targets.map((target) => [
      target.target.id,
      Object.fromEntries(
        target.profiles.map((profile) => [
          profile.profile,
          [profile.open, [...profile.reachableFrom.entries], profile.allowingRules.map((rule) => rule.id)],
        ]),
      ),
    ]),
  );
}

const codes = (report: ExposureReport, target: ExposureTargetId | null = null): string[] =>
  report.findings
    .filter((finding) => target === null || finding.target === target)
    .map((finding) => `${finding.severity}:${finding.code}`);

describe('firewall content of the simulated machines', () => {
  it.each(MACHINE_PROFILES)('every rule string on %s round-trips unchanged', async (machine) => {
    const registry = await openSimulatedMachine(machine);
    const snapshots = await registry.readKeys([LOCAL_RULES_KEY, POLICY_RULES_KEY]);
    let count = 0;
    for (const snapshot of snapshots) {
      for (const value of snapshot.values.values()) {
        if (value.type !== 'REG_SZ') continue;
        expect(formatFirewallRule(parseFirewallRule(value.data))).toBe(value.data);
        count++;
      }
    }
    expect(count).toBeGreaterThan(50);
  });

  it('stock: nothing reaches 135, the dynamic RPC ports or unsecapp on any profile', async () => {
    const report = await reportFor('stock');
    const closed = { Domain: [false, [], []], Private: [false, [], []], Public: [false, [], []] };
    expect(summary(report)).toEqual({
      'rpc-endpoint-mapper': closed,
      'rpc-dynamic': closed,
      'wmi-async-callback': closed,
    });
    expect(
      report.profiles.map((profile) => [
        profile.profile,
        profile.firewallEnabled,
        profile.defaultInboundAction,
      ]),
    ).toEqual([
      ['Domain', true, 'Block'],
      ['Private', true, 'Block'],
      ['Public', true, 'Block'],
    ]);
    expect(report.rpcDynamicPorts).toMatchObject({
      kind: 'default',
      ranges: [{ first: 49152, last: 65535 }],
    });
    // The disabled built-in rules are offered as the fix for callbacks.
    const callback = report.targets.find((target) => target.target.id === 'wmi-async-callback')!;
    expect(callback.profiles.map((profile) => profile.disabledAllowRules.map((rule) => rule.id))).toEqual([
      ['WMI-ASYNC-In-TCP-NoScope'],
      ['WMI-ASYNC-In-TCP'],
      ['WMI-ASYNC-In-TCP'],
    ]);
    expect(codes(report)).toEqual(['info:callbacks-blocked']);
  });

  it('legacy: 135, dynamic RPC and unsecapp are open to Any on every profile, Public included', async () => {
    const report = await reportFor('legacy');
    const openDcom = '{5B0F6C2A-7D1E-4C38-9A51-2E6D8B3F4A10}';
    const rpcRange = '{9E3A1D47-2B6C-4F85-A0D9-7C1B5E8F3264}';
    expect(summary(report)).toEqual({
      'rpc-endpoint-mapper': {
        Domain: [true, ['Any'], ['WMI-RPCSS-In-TCP-NoScope', openDcom]],
        Private: [true, ['Any'], ['WMI-RPCSS-In-TCP', openDcom]],
        Public: [true, ['Any'], ['WMI-RPCSS-In-TCP', openDcom]],
      },
      'rpc-dynamic': {
        Domain: [true, ['Any'], [rpcRange]],
        Private: [true, ['Any'], ['WMI-WINMGMT-In-TCP', rpcRange]],
        Public: [true, ['Any'], ['WMI-WINMGMT-In-TCP', rpcRange]],
      },
      'wmi-async-callback': {
        Domain: [true, ['Any'], [rpcRange]],
        Private: [true, ['Any'], ['WMI-ASYNC-In-TCP', rpcRange]],
        Public: [true, ['Any'], ['WMI-ASYNC-In-TCP', rpcRange]],
      },
    });
    expect(codes(report, 'rpc-endpoint-mapper').sort()).toEqual([
      'high:open-to-any-on-public',
      'high:rpc-opened-by-port-number',
      'medium:open-without-address-scope',
      'medium:open-without-address-scope',
      'medium:open-without-address-scope',
    ]);
    const byPort = report.findings.filter((finding) => finding.code === 'rpc-opened-by-port-number');
    expect(byPort.map((finding) => [finding.ruleIds[0], finding.profiles])).toEqual([
      [openDcom, ['Domain', 'Private', 'Public']],
      [rpcRange, ['Domain', 'Private', 'Public']],
    ]);
    expect(byPort[0]!.message).toContain('LPort=RPC-EPMap with App=svchost.exe and Svc=RpcSs');
    expect(byPort[1]!.message).toContain('LPort=RPC with App=svchost.exe and Svc=Winmgmt');
  });

  it('gpo-managed: Group Policy opens 135 and WMI on Domain to 10.0.10.0/24 only; Private and Public stay closed', async () => {
    const report = await reportFor('gpo-managed');
    const epmap = '{3C8B2E14-6A0F-4D97-B5E2-18F4C7A9D031}';
    const wmi = '{A7D40F29-1E5B-48C6-9B3D-6F2E8C4A0B57}';
    expect(summary(report)).toEqual({
      'rpc-endpoint-mapper': {
        Domain: [true, ['10.0.10.0/24'], [epmap]],
        Private: [false, [], []],
        Public: [false, [], []],
      },
      'rpc-dynamic': {
        Domain: [true, ['10.0.10.0/24'], [wmi]],
        Private: [false, [], []],
        Public: [false, [], []],
      },
      'wmi-async-callback': {
        Domain: [false, [], []],
        Private: [false, [], []],
        Public: [false, [], []],
      },
    });
    const domain = report.targets[0]!.profiles[0]!;
    expect(domain.allowingRules[0]).toMatchObject({
      store: 'policy',
      remote: '10.0.10.0/24',
      ports: '135',
      conditions: [],
    });
    expect(
      report.profiles.every(
        (profile) => profile.firewallEnabledSource === 'policy' && profile.localRulesApply,
      ),
    ).toBe(true);
    expect(report.rpcDynamicPorts).toMatchObject({
      kind: 'restricted',
      ranges: [{ first: 5000, last: 5100 }],
    });
    expect(report.targets[1]!.ports).toBe('TCP 5000-5100 (dynamic RPC)');
    expect(codes(report)).toEqual(['info:callbacks-blocked']);
  });
});
