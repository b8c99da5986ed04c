import { describe, expect, it } from 'vitest';
import { ChangeRefusedError, SimulatedFirewallRunner } from '../../../main/changes/index';
import { PlanCreateRequest } from '../../../main/contract/changes';
import { PlanInputError, type Plan, type SettingEdit } from '../../../main/domain/changes/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { BUILT_IN_WMI_RULES } from '../../../main/domain/firewall/built-in-rules';
import { analyzeExposure, type ExposureTargetId } from '../../../main/domain/firewall/exposure';
import type { FirewallProfile } from '../../../main/domain/firewall/rule-string';
import type { FirewallCommand } from '../../../main/domain/firewall/runner';
import {
  FIREWALL_KEYS,
  LOCAL_RULES_KEY,
  POLICY_RULES_KEY,
  readFirewallStore,
} from '../../../main/domain/firewall/store';
import { BUILT_IN_WMI_RULES as FLEET_BUILT_IN_WMI_RULES } from '../../../main/domain/fleet/index';
import { openSimulatedMachine, type MachineProfile } from '../../../main/registry/machines';
import type { RegistryPort } from '../../../main/registry/types';
import { engineFor, tempDirectory, wholeRegistry } from './support';

const SCOPE = ['10.0.10.0/24'];
const TARGETS = [
  { settingId: 'firewall.endpoint-mapper', target: 'endpoint-mapper', exposure: 'rpc-endpoint-mapper' },
  { settingId: 'firewall.dynamic-rpc', target: 'dynamic-rpc', exposure: 'rpc-dynamic' },
  { settingId: 'firewall.unsecapp', target: 'unsecapp', exposure: 'wmi-async-callback' },
] as const;

const open = (settingId: string, profiles?: FirewallProfile[], allowFrom = SCOPE): SettingEdit => ({
  settingId,
  value: profiles ? { allowFrom, profiles } : { allowFrom },
});

async function machine(name: MachineProfile) {
  const port = await openSimulatedMachine(name);
  return { port, engine: engineFor(port, tempDirectory()), before: await wholeRegistry(port) };
}

/** Per profile: open or not, and from where, as the firewall model reads the port now. */
async function exposureNow(port: RegistryPort, target: ExposureTargetId) {
  const report = analyzeExposure(readFirewallStore(await port.readKeys(FIREWALL_KEYS)));
  const exposure = report.targets.find((candidate) => candidate.target.id === target)!;
  return Object.fromEntries(
    exposure.profiles.map((profile) => [
      profile.profile,
      profile.open ? profile.reachableFrom.entries.join(',') : 'closed',
    ]),
  );
}

async function storedRule(port: RegistryPort, ruleId: string): Promise<string> {
  const [rules] = await port.readKeys([LOCAL_RULES_KEY]);
  const value = rules!.values.get(ruleId);
  if (value?.type !== 'REG_SZ') throw new Error(`no rule ${ruleId}`);
  return value.data;
}

const commands = (plan: Plan): string[] =>
  plan.firewallChanges.flatMap((change) =>
    change.steps.map((step) => step.command.display.replace("$ErrorActionPreference = 'Stop'; ", '')),
  );

describe('BUILT_IN_WMI_RULES', () => {
  it('has one definition, shared by the fleet exports and the change engine', () => {
    expect(FLEET_BUILT_IN_WMI_RULES).toBe(BUILT_IN_WMI_RULES);
  });
});

describe('opening a target narrowly on a closed stock machine', () => {
  const cases = TARGETS.flatMap((target) =>
    (
      [['Domain'], ['Private'], ['Domain', 'Public'], ['Domain', 'Private', 'Public']] as FirewallProfile[][]
    ).map((profiles) => ({ ...target, profiles })),
  );

  it.each(cases)(
    '$target on $profiles: enables the built-in rules by id, scoped, verifies, and restores byte for byte',
    async ({ settingId, target, exposure, profiles }) => {
      const { port, engine, before } = await machine('stock');
      expect(Object.values(await exposureNow(port, exposure))).toEqual(['closed', 'closed', 'closed']);
      const plan = await engine.createPlan({ edits: [open(settingId, profiles)] });
      const [scoped, noScope] = BUILT_IN_WMI_RULES[target];
      const domain = profiles.includes('Domain');
      const others = profiles.filter((profile) => profile !== 'Domain');
      expect(commands(plan)).toEqual([
        ...(domain
          ? [
              `Set-NetFirewallRule -Name '${noScope}' -RemoteAddress '10.0.10.0/24' -Profile 'Domain' -Enabled True`,
            ]
          : []),
        ...(others.length > 0
          ? [
              `Set-NetFirewallRule -Name '${scoped}' -RemoteAddress '10.0.10.0/24' -Profile ${others.map((p) => `'${p}'`).join(',')} -Enabled True`,
            ]
          : []),
      ]);
      expect(plan.firewallChanges.map((change) => change.profiles)).toEqual([profiles]);
      expect(plan.diff[0]!.to).toContain('open only from 10.0.10.0/24 on the');
      expect(plan.diff[0]!.lines[0]).toMatch(/^firewall: open only from 10\.0\.10\.0\/24 on the/);
      expect(plan.skipped).toEqual([]);

      const outcome = await engine.applyPlan(plan.id);
      expect(outcome.status, outcome.details.join('\n')).toBe('applied');
      const after = await exposureNow(port, exposure);
      for (const profile of ['Domain', 'Private', 'Public'] as const)
        expect(after[profile], profile).toBe(profiles.includes(profile) ? '10.0.10.0/24' : 'closed');
      for (const step of plan.firewallChanges.flatMap((change) => change.steps))
        expect(await storedRule(port, step.ruleId)).toBe(step.expectedRule);

      expect((await engine.restoreBackup(outcome.backupId!)).status).toBe('restored');
      expect(await wholeRegistry(port)).toBe(before);
    },
  );

  it('predicts the exact stored rule, and its undo puts the exact original string back', async () => {
    const { port, engine } = await machine('stock');
    const plan = await engine.createPlan({
      edits: [open('firewall.endpoint-mapper', ['Domain', 'Private'])],
    });
    const steps = plan.firewallChanges.flatMap((change) => change.steps);
    expect(steps.map((step) => [step.ruleId, step.ruleBefore, step.expectedRule])).toEqual([
      [
        'WMI-RPCSS-In-TCP-NoScope',
        'v2.27|Action=Allow|Active=FALSE|Dir=In|Protocol=6|Profile=Domain|LPort=135|App=%SystemRoot%\\system32\\svchost.exe|Svc=rpcss|Name=@FirewallAPI.dll,-34252|Desc=@FirewallAPI.dll,-34253|EmbedCtxt=@FirewallAPI.dll,-34251|',
        'v2.27|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|LPort=135|RA4=10.0.10.0/24|App=%SystemRoot%\\system32\\svchost.exe|Svc=rpcss|Name=@FirewallAPI.dll,-34252|Desc=@FirewallAPI.dll,-34253|EmbedCtxt=@FirewallAPI.dll,-34251|',
      ],
      [
        'WMI-RPCSS-In-TCP',
        'v2.27|Action=Allow|Active=FALSE|Dir=In|Protocol=6|Profile=Private|Profile=Public|LPort=135|RA4=LocalSubnet|RA6=LocalSubnet|App=%SystemRoot%\\system32\\svchost.exe|Svc=rpcss|Name=@FirewallAPI.dll,-34252|Desc=@FirewallAPI.dll,-34253|EmbedCtxt=@FirewallAPI.dll,-34251|',
        'v2.27|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Private|LPort=135|RA4=10.0.10.0/24|App=%SystemRoot%\\system32\\svchost.exe|Svc=rpcss|Name=@FirewallAPI.dll,-34252|Desc=@FirewallAPI.dll,-34253|EmbedCtxt=@FirewallAPI.dll,-34251|',
      ],
    ]);
    expect(steps.map((step) => step.undo.display)).toEqual([
      "$ErrorActionPreference = 'Stop'; Set-NetFirewallRule -Name 'WMI-RPCSS-In-TCP-NoScope' -Enabled False -Action Allow -RemoteAddress 'Any' -Profile 'Domain'",
      "$ErrorActionPreference = 'Stop'; Set-NetFirewallRule -Name 'WMI-RPCSS-In-TCP' -Enabled False -Action Allow -RemoteAddress 'LocalSubnet' -Profile 'Private','Public'",
    ]);
    // Each command, then its undo, through a fresh simulated firewall (no memory of the original).
    for (const step of steps) {
      await new SimulatedFirewallRunner(port).run(step.command);
      expect(await storedRule(port, step.ruleId)).toBe(step.expectedRule);
    }
    const runner = new SimulatedFirewallRunner(port);
    for (const step of [...steps].reverse()) {
      expect((await runner.run(step.undo)).exitCode).toBe(0);
      expect(await storedRule(port, step.ruleId)).toBe(step.ruleBefore);
    }
  });

  it('rolls back to the exact state when a firewall command fails half-way', async () => {
    const port = await openSimulatedMachine('stock');
    const before = await wholeRegistry(port);
    const simulated = new SimulatedFirewallRunner(port);
    const ran: string[] = [];
    const engine = engineFor(port, tempDirectory(), {
      firewall: {
        run: async (command: FirewallCommand) => {
          ran.push(command.display);
          if (ran.length === 2) return { exitCode: 1, stdout: '', stderr: 'Access is denied.' };
          return simulated.run(command);
        },
      },
    });
    const plan = await engine.createPlan({
      edits: [open('firewall.unsecapp', ['Domain', 'Private', 'Public'])],
    });
    const outcome = await engine.applyPlan(plan.id);
    expect(outcome.status).toBe('rolled-back');
    expect(outcome.details.join('\n')).toContain('Access is denied.');
    expect(await wholeRegistry(port)).toBe(before);
  });
});

describe('narrowing and limiting profiles on the legacy machine', () => {
  it('keeps TCP 135 on Domain only, from the scope: narrows the Domain rules, disables the others', async () => {
    const { port, engine, before } = await machine('legacy');
    expect(await exposureNow(port, 'rpc-endpoint-mapper')).toEqual({
      Domain: 'Any',
      Private: 'Any',
      Public: 'Any',
    });
    const plan = await engine.createPlan({ edits: [open('firewall.endpoint-mapper', ['Domain'])] });
    expect(commands(plan)).toEqual([
      "Set-NetFirewallRule -Name 'WMI-RPCSS-In-TCP-NoScope' -RemoteAddress '10.0.10.0/24' -Profile 'Domain' -Enabled True",
      "Set-NetFirewallRule -Name '{5B0F6C2A-7D1E-4C38-9A51-2E6D8B3F4A10}' -RemoteAddress '10.0.10.0/24' -Profile 'Domain' -Enabled True",
      "Disable-NetFirewallRule -Name 'WMI-RPCSS-In-TCP'",
    ]);
    const outcome = await engine.applyPlan(plan.id);
    expect(outcome.status, outcome.details.join('\n')).toBe('applied');
    expect(await exposureNow(port, 'rpc-endpoint-mapper')).toEqual({
      Domain: '10.0.10.0/24',
      Private: 'closed',
      Public: 'closed',
    });
    expect((await engine.restoreBackup(outcome.backupId!)).status).toBe('restored');
    expect(await wholeRegistry(port)).toBe(before);
  });

  it('opens dynamic RPC on Domain+Private: narrows the wide rules and enables the Domain built-in', async () => {
    const { port, engine } = await machine('legacy');
    const plan = await engine.createPlan({ edits: [open('firewall.dynamic-rpc', ['Domain', 'Private'])] });
    expect(commands(plan)).toEqual([
      "Set-NetFirewallRule -Name '{9E3A1D47-2B6C-4F85-A0D9-7C1B5E8F3264}' -RemoteAddress '10.0.10.0/24' -Profile 'Domain','Private' -Enabled True",
      "Set-NetFirewallRule -Name 'WMI-WINMGMT-In-TCP' -RemoteAddress '10.0.10.0/24' -Profile 'Private' -Enabled True",
    ]);
    expect((await engine.applyPlan(plan.id)).status).toBe('applied');
    expect(await exposureNow(port, 'rpc-dynamic')).toEqual({
      Domain: '10.0.10.0/24',
      Private: '10.0.10.0/24',
      Public: 'closed',
    });
  });

  it('limits a rule already inside the scope to the chosen profiles, keeping its addresses', async () => {
    const { port, engine, before } = await machine('stock');
    const first = await engine.createPlan({
      edits: [open('firewall.endpoint-mapper', ['Private', 'Public'], ['LocalSubnet'])],
    });
    const opened = await engine.applyPlan(first.id);
    expect(opened.status).toBe('applied');
    const plan = await engine.createPlan({
      edits: [open('firewall.endpoint-mapper', ['Private'], ['LocalSubnet'])],
    });
    expect(commands(plan)).toEqual(["Set-NetFirewallRule -Name 'WMI-RPCSS-In-TCP' -Profile 'Private'"]);
    const [step] = plan.firewallChanges[0]!.steps;
    expect(step!.expectedRule).toBe(
      'v2.27|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Private|LPort=135|RA4=LocalSubnet|RA6=LocalSubnet|App=%SystemRoot%\\system32\\svchost.exe|Svc=rpcss|Name=@FirewallAPI.dll,-34252|Desc=@FirewallAPI.dll,-34253|EmbedCtxt=@FirewallAPI.dll,-34251|',
    );
    const outcome = await engine.applyPlan(plan.id);
    expect(outcome.status).toBe('applied');
    expect(await exposureNow(port, 'rpc-endpoint-mapper')).toEqual({
      Domain: 'closed',
      Private: 'LocalSubnet',
      Public: 'closed',
    });
    expect((await engine.restoreBackup(outcome.backupId!)).status).toBe('restored');
    expect((await engine.restoreBackup(opened.backupId!)).status).toBe('restored');
    expect(await wholeRegistry(port)).toBe(before);
  });

  it('keeps a profile plan (no chosen profiles) as it was: each rule keeps its own profiles', async () => {
    const { engine } = await machine('legacy');
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    expect(plan.firewallChanges.length).toBeGreaterThan(0);
    expect(plan.firewallChanges.every((change) => change.profiles === null)).toBe(true);
    const edits = await engine.createPlan({ edits: [open('firewall.endpoint-mapper')] });
    expect(commands(edits)).toEqual([
      "Set-NetFirewallRule -Name 'WMI-RPCSS-In-TCP-NoScope' -RemoteAddress '10.0.10.0/24' -Profile 'Domain' -Enabled True",
      "Set-NetFirewallRule -Name '{5B0F6C2A-7D1E-4C38-9A51-2E6D8B3F4A10}' -RemoteAddress '10.0.10.0/24' -Profile 'Domain','Private','Public' -Enabled True",
      "Set-NetFirewallRule -Name 'WMI-RPCSS-In-TCP' -RemoteAddress '10.0.10.0/24' -Profile 'Private','Public' -Enabled True",
    ]);
    // Without profiles nothing closed is opened.
    const stock = await machine('stock');
    const nothing = await stock.engine.createPlan({ edits: [open('firewall.endpoint-mapper')] });
    expect(nothing.firewallChanges).toEqual([]);
  });

  it('refuses two targets sharing a rule with different profiles, naming what would happen', async () => {
    const { engine } = await machine('legacy');
    await expect(
      engine.createPlan({
        edits: [open('firewall.dynamic-rpc', ['Domain']), open('firewall.unsecapp', ['Public'])],
      }),
    ).rejects.toThrow(
      /open on the Domain, Public profiles instead of the Public profile: choose the same profiles/,
    );
    // The same profiles for both: one command for the shared port-range rule.
    const plan = await engine.createPlan({
      edits: [open('firewall.dynamic-rpc', ['Domain']), open('firewall.unsecapp', ['Domain'])],
    });
    const shared = plan.firewallChanges
      .flatMap((change) => change.steps)
      .filter((step) => step.ruleId === '{9E3A1D47-2B6C-4F85-A0D9-7C1B5E8F3264}');
    expect(shared).toHaveLength(1);
    const unsecappLines = plan.diff.find((item) => item.settingId === 'firewall.unsecapp')!.lines;
    expect(unsecappLines).toContain(
      'firewall rule "RPC dynamic ports" ({9E3A1D47-2B6C-4F85-A0D9-7C1B5E8F3264}): changed once, with Firewall exposure of the dynamic RPC ports:',
    );
  });

  it('closing one target and opening another: the shared rule is disabled and the built-in opens instead', async () => {
    const { port, engine } = await machine('legacy');
    const plan = await engine.createPlan({
      edits: [
        open('firewall.dynamic-rpc', ['Domain']),
        { settingId: 'firewall.unsecapp', value: { allowFrom: [] } },
      ],
    });
    expect(commands(plan)).toContain(
      "Set-NetFirewallRule -Name 'WMI-WINMGMT-In-TCP-NoScope' -RemoteAddress '10.0.10.0/24' -Profile 'Domain' -Enabled True",
    );
    expect((await engine.applyPlan(plan.id)).status).toBe('applied');
    expect(await exposureNow(port, 'rpc-dynamic')).toEqual({
      Domain: '10.0.10.0/24',
      Private: 'closed',
      Public: 'closed',
    });
    expect(Object.values(await exposureNow(port, 'wmi-async-callback'))).toEqual([
      'closed',
      'closed',
      'closed',
    ]);
  });
});

describe('refusals', () => {
  const planOn = async (name: MachineProfile, edits: SettingEdit[]) =>
    (await machine(name)).engine.createPlan({ edits });

  it.each([
    [{ allowFrom: SCOPE, profiles: ['domain'] }, /unknown firewall profile "domain"/],
    [{ allowFrom: SCOPE, profiles: ['Any'] }, /unknown firewall profile "Any"/],
    [{ allowFrom: SCOPE, profiles: ['Domain', 'Domain'] }, /profile Domain is listed twice/],
    [{ allowFrom: SCOPE, profiles: [] }, /non-empty list/],
    [{ allowFrom: SCOPE, profiles: 'Domain' }, /non-empty list/],
    [{ allowFrom: [], profiles: ['Domain'] }, /empty allowFrom closes it on every profile/],
    [{ allowFrom: ['Any'], profiles: ['Domain'] }, /every address/],
    [{ allowFrom: ['0.0.0.0/0'], profiles: ['Public'] }, /every address/],
    [
      { allowFrom: ["10.0.0.1'; Remove-NetFirewallRule -All; '"], profiles: ['Domain'] },
      /allowFrom entry 1: .* is not a valid IPv4 or IPv6 address \(start of range/,
    ],
    [
      { allowFrom: ['10.0.10.5', '$(calc)'], profiles: ['Domain'] },
      /allowFrom entry 2: .* is not a valid IPv4 or IPv6 address/,
    ],
    [{ allowFrom: SCOPE, profiles: ['Domain'], enable: true }, /unexpected "enable"/],
    [{ allowFrom: 'Any' }, /expected \{ "allowFrom"/],
  ])('refuses %j with a PlanInputError', async (value, message) => {
    const error = await planOn('stock', [{ settingId: 'firewall.endpoint-mapper', value }]).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(PlanInputError);
    expect((error as PlanInputError).settingId).toBe('firewall.endpoint-mapper');
    expect((error as Error).message).toMatch(message);
  });

  it('the IPC contract refuses the same shapes before they reach the planner', () => {
    const request = (value: unknown) =>
      PlanCreateRequest.safeParse({ edits: [{ settingId: 'firewall.endpoint-mapper', value }] }).success;
    expect(request({ allowFrom: SCOPE, profiles: ['Domain', 'Public'] })).toBe(true);
    expect(request({ allowFrom: SCOPE })).toBe(true);
    expect(request({ allowFrom: SCOPE, profiles: [] })).toBe(false);
    expect(request({ allowFrom: SCOPE, profiles: ['Domain', 'Domain'] })).toBe(false);
    expect(request({ allowFrom: SCOPE, profiles: ['Any'] })).toBe(false);
    expect(request({ allowFrom: SCOPE, profiles: ['Domain'], enable: true })).toBe(false);
  });

  it('refuses to limit a Group Policy rule, naming it', async () => {
    const error = await planOn('gpo-managed', [open('firewall.endpoint-mapper', ['Private'])]).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ChangeRefusedError);
    expect((error as ChangeRefusedError).code).toBe('policy-managed');
    expect((error as ChangeRefusedError).details.join('\n')).toContain(
      '{3C8B2E14-6A0F-4D97-B5E2-18F4C7A9D031}',
    );
  });

  it('opens next to a Group Policy rule where local rules apply', async () => {
    const plan = await planOn('gpo-managed', [open('firewall.endpoint-mapper', ['Domain', 'Private'])]);
    expect(commands(plan)).toEqual([
      "Set-NetFirewallRule -Name 'WMI-RPCSS-In-TCP' -RemoteAddress '10.0.10.0/24' -Profile 'Private' -Enabled True",
    ]);
  });

  it('refuses when the built-in rule is only in the Group Policy store', async () => {
    const { port, engine } = await machine('stock');
    const [scoped, noScope] = BUILT_IN_WMI_RULES['endpoint-mapper'];
    const rule = await storedRule(port, noScope!);
    await port.deleteValues([
      { key: LOCAL_RULES_KEY, name: scoped! },
      { key: LOCAL_RULES_KEY, name: noScope! },
    ]);
    await port.writeValues([
      { key: POLICY_RULES_KEY, name: noScope!, value: { type: 'REG_SZ', data: rule } },
    ]);
    const error = await engine.createPlan({ edits: [open('firewall.endpoint-mapper', ['Domain'])] }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ChangeRefusedError);
    expect((error as ChangeRefusedError).details).toEqual([
      'Rules WMI-RPCSS-In-TCP-NoScope are not in the local rule store (Group Policy rules): change the GPO for them.',
    ]);
  });

  it('leaves a target out, saying why, when no built-in rule exists to enable', async () => {
    const { port, engine } = await machine('stock');
    await port.deleteValues(BUILT_IN_WMI_RULES.unsecapp.map((name) => ({ key: LOCAL_RULES_KEY, name })));
    const plan = await engine.createPlan({ edits: [open('firewall.unsecapp', ['Domain'])] });
    expect(plan.firewallChanges).toEqual([]);
    expect(plan.skipped).toEqual([
      expect.objectContaining({
        settingId: 'firewall.unsecapp',
        reason: 'not-supported',
        message: expect.stringContaining(
          'None of the built-in rules WMI-ASYNC-In-TCP, WMI-ASYNC-In-TCP-NoScope',
        ),
      }),
    ]);
  });
});
