import { describe, expect, it } from 'vitest';
import { ChangeRefusedError } from '../../../main/changes/index';
import { findSetting } from '../../../main/domain/catalog/index';
import {
  PlanInputError,
  planForEdits,
  planForProfile,
  planKeys,
  type Plan,
  type SettingEdit,
} from '../../../main/domain/changes/index';
import { BUILT_IN_PROFILE_NAMES, builtInProfile } from '../../../main/domain/profiles/index';
import { MACHINE_PROFILES, openSimulatedMachine, type MachineProfile } from '../../../main/registry/machines';
import { engineFor, tempDirectory } from './support';

const MAR = 'dcom.machine-access-restriction';
const MLR = 'dcom.machine-launch-restriction';

async function contextOf(machine: MachineProfile) {
  const port = await openSimulatedMachine(machine);
  return {
    id: '20250102T030405Z-0123abcd',
    createdAt: '2025-01-02T03:04:05.000Z',
    backend: port.description,
    snapshots: await port.readKeys(planKeys()),
    fingerprint: 'f',
  };
}

const planEdits = async (machine: MachineProfile, edits: SettingEdit[]): Promise<Plan> =>
  planForEdits(edits, await contextOf(machine));

function refusedEdit(plan: () => Promise<unknown>): Promise<PlanInputError> {
  return plan().then(
    () => {
      throw new Error('the edit was accepted');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(PlanInputError);
      return error as PlanInputError;
    },
  );
}

describe('planning leaves values only Group Policy sets to Group Policy', () => {
  it.each(
    MACHINE_PROFILES.flatMap((machine) =>
      BUILT_IN_PROFILE_NAMES.map((profile) => [machine, profile] as const),
    ),
  )('%s with %s: no write or delete under HKLM\\SOFTWARE\\Policies', async (machine, profile) => {
    const plan = planForProfile(builtInProfile(profile), await contextOf(machine));
    expect(plan.valueChanges.filter((change) => /^HKLM\\SOFTWARE\\Policies\\/i.test(change.key))).toEqual([]);
    expect(plan.createdKeys.filter((key) => /Policies/i.test(key))).toEqual([]);
  });

  it('leaves them out of a strict plan on the stock machine, naming the GPO setting and the .pol export', async () => {
    const plan = planForProfile(builtInProfile('strict'), await contextOf('stock'));
    const skipped = Object.fromEntries(plan.skipped.map((skip) => [skip.settingId, skip]));
    expect(skipped['rpc.restrict-remote-clients']).toEqual({
      settingId: 'rpc.restrict-remote-clients',
      title: 'Restrict unauthenticated RPC clients (RestrictRemoteClients)',
      reason: 'policy-managed',
      message:
        'Restrict unauthenticated RPC clients (RestrictRemoteClients) exists only as a Group Policy value and is left out. ' +
        'Set it with Group Policy: Computer Configuration > Administrative Templates > System > Remote Procedure Call > Restrict Unauthenticated RPC clients. ' +
        'SinkGuard never writes under HKLM\\SOFTWARE\\Policies on this machine; `sinkguard export --format pol` writes a Registry.pol for a GPO’s Machine folder (or for `LGPO.exe /m` on a machine outside a domain).',
    });
    expect(skipped['rpc.endpoint-mapper-client-authentication']?.message).toContain(
      'Remote Procedure Call > Enable RPC Endpoint Mapper Client Authentication',
    );
    expect(skipped['dcom.local-activation-exemptions']?.reason).toBe('policy-managed');
    expect(plan.diff.map((entry) => entry.settingId)).not.toContain('rpc.restrict-remote-clients');
  });

  it('skips nothing of theirs where the GPO already sets them as the profile asks', async () => {
    const plan = planForProfile(builtInProfile('strict'), await contextOf('gpo-managed'));
    expect(plan.skipped.map((skip) => skip.settingId)).not.toContain('rpc.restrict-remote-clients');
  });

  it('refuses an admin edit of one through the engine, with the reason, and writes nothing', async () => {
    for (const machine of ['stock', 'gpo-managed'] as const) {
      const engine = engineFor(await openSimulatedMachine(machine), tempDirectory());
      const error = await engine
        .createPlan({ edits: [{ settingId: 'rpc.restrict-remote-clients', value: 1 }] })
        .then(
          () => null,
          (caught: unknown) => caught,
        );
      expect(error, machine).toBeInstanceOf(ChangeRefusedError);
      expect((error as ChangeRefusedError).code).toBe('policy-managed');
      expect((error as ChangeRefusedError).details.join(' ')).toContain(
        'Remote Procedure Call > Restrict Unauthenticated RPC clients',
      );
      expect((error as ChangeRefusedError).details.join(' ')).toContain('sinkguard export --format pol');
    }
  });
});

describe('planning per-application and flag settings', () => {
  it('refuses an edit of the reported-only AppID settings, saying where to fix them', async () => {
    const error = await refusedEdit(() =>
      planEdits('legacy', [{ settingId: 'dcom.appid-permissions', value: 'O:BAG:BAD:(A;;CCDCLC;;;BA)' }]),
    );
    expect(error.settingId).toBe('dcom.appid-permissions');
    expect(error.reason).toMatch(
      /^reported only: SinkGuard does not change it\. Fix it per application in Component Services/,
    );
  });

  it('does not read the per-application settings at all: nothing of theirs is planned, listed or fingerprinted', async () => {
    expect(planKeys().filter((key) => /Classes/i.test(key))).toEqual([]);
    const plan = planForProfile(builtInProfile('recommended'), await contextOf('legacy'));
    expect(plan.skipped.map((skip) => skip.settingId)).not.toContain('dcom.appid-permissions');
    expect(plan.valueChanges.filter((change) => /AppID/i.test(change.key))).toEqual([]);
  });

  it('writes a flags edit as the whole value and warns about the unauthenticated retries it removes', async () => {
    const plan = await planEdits('stock', [{ settingId: 'dcom.scm-remote-call-flags', value: 0x8 }]);
    expect(plan.valueChanges).toEqual([
      expect.objectContaining({
        key: 'HKLM\\SOFTWARE\\Microsoft\\Ole',
        name: 'DCOMSCMRemoteCallFlags',
        before: null,
        after: { type: 'REG_DWORD', data: 8 },
      }),
    ]);
    const setting = findSetting('dcom.scm-remote-call-flags');
    const resolve = setting?.kind === 'flags' ? setting.callbackWarnings?.[1]?.message : undefined;
    expect(plan.warnings).toContainEqual({
      settingId: 'dcom.scm-remote-call-flags',
      breaksCallbacks: true,
      message: resolve,
    });
    const error = await refusedEdit(() =>
      planEdits('stock', [{ settingId: 'dcom.scm-remote-call-flags', value: 0x40 }]),
    );
    expect(error.reason).toMatch(
      /^64 is not allowed; expected a combination of 0x1 \(DCOMSCM_ACTIVATION_USE_ALL_AUTHNSERVICES\)/,
    );
  });

  it('takes callback warnings from the catalog, with the value written', async () => {
    const plan = await planEdits('legacy', [{ settingId: 'dcom.legacy-authentication-level', value: 6 }]);
    expect(plan.warnings[0]).toEqual({
      settingId: 'dcom.legacy-authentication-level',
      breaksCallbacks: true,
      message:
        'Callers and callback senders that authenticate below 6 (RPC_C_AUTHN_LEVEL_PKT_PRIVACY) are refused: scripts making asynchronous ' +
        'WMI calls must request wbemAuthenticationLevelPktPrivacy; unauthenticated (NONE) callbacks stop working.',
    });
  });
});

describe('descriptor edits follow COM’s ACL rules', () => {
  it.each([
    ['D:(A;;CCDCLC;;;BA)', 'it has no owner (O:); COM descriptors carry one, e.g. O:BA'],
    ['O:BAD:(A;;CCDCLC;;;BA)', 'it has no primary group (G:)'],
    ['O:BAG:BA', 'it has no DACL (D:), which would let everyone in'],
    ['O:BAG:BAD:NO_ACCESS_CONTROL', 'its DACL is NULL (D:NO_ACCESS_CONTROL)'],
    [
      'O:BAG:BAD:(A;;DCLC;;;BA)',
      'ACE 1 (A;;DCLC;;;BA) lacks COM_RIGHTS_EXECUTE (CC), which every allow ACE must hold',
    ],
    [
      'O:BAG:BAD:(A;;CCDCLCSW;;;BA)',
      "ACE 1 (A;;CCDCLCSW;;;BA) holds rights outside COM's (0x8): an access ACL takes only CC, DC and LC",
    ],
    ['O:BAG:BAD:(A;;GA;;;BA)', "holds rights outside COM's (0x10000000)"],
    [
      'O:BAG:BAD:(A;;CC;;;WD)(A;;CCDCLC;;;BA)',
      'it mixes old-format ACEs (CC alone: 1) with new-format ones (2)',
    ],
    ['O:BAG:BAD:(A;CI;CCDCLC;;;BA)', 'carries ACE flags (0x2)'],
    [
      'O:BAG:BAD:(OA;;CCDCLC;bf967aba-0de6-11d0-a285-00aa003049e2;;BA)',
      'is not an allow (A) or deny (D) ACE',
    ],
  ])('refuses %s for MachineAccessRestriction: %s', async (sddl, reason) => {
    const error = await refusedEdit(() => planEdits('stock', [{ settingId: MAR, value: sddl }]));
    expect(error.settingId).toBe(MAR);
    expect(error.reason).toMatch(/^not a descriptor COM accepts as MachineAccessRestriction: /);
    expect(error.reason).toContain(reason);
  });

  it('accepts launch rights in a launch ACL, all-old-format ACLs, and deny ACEs without EXECUTE', async () => {
    await expect(
      planEdits('stock', [
        { settingId: MLR, value: 'O:BAG:BAD:(D;;LCRP;;;AN)(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)' },
      ]),
    ).resolves.toBeDefined();
    await expect(
      planEdits('stock', [
        { settingId: 'dcom.default-access-permission', value: 'O:BAG:BAD:(A;;CC;;;BA)(A;;CC;;;SY)' },
      ]),
    ).resolves.toBeDefined();
    const error = await refusedEdit(() =>
      planEdits('stock', [{ settingId: MLR, value: 'O:BAG:BAD:(A;;CCDCLCSWRPWP;;;BA)' }]),
    );
    expect(error.reason).toContain('a launch ACL takes only CC, DC, LC, SW and RP (0x1 to 0x10)');
  });

  it('warns when an edit grants ANONYMOUS LOGON or Everyone a remote right beyond Windows’ default', async () => {
    const plan = await planEdits('stock', [
      { settingId: MAR, value: 'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)' },
      { settingId: MLR, value: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;WD)' },
    ]);
    const granted = plan.warnings.filter((warning) => /beyond Windows' default/.test(warning.message));
    expect(granted).toEqual([
      {
        settingId: MAR,
        breaksCallbacks: false,
        message:
          "This grants ANONYMOUS LOGON remote access beyond Windows' default (MachineAccessRestriction): unauthenticated network callers get through. " +
          'Never grant anonymous remote access; fix the server identity instead (run the server that calls back under an account this machine authenticates).',
      },
      {
        settingId: MLR,
        breaksCallbacks: false,
        message: expect.stringMatching(
          /^This grants Everyone remote launch\/activation beyond Windows' default \(MachineLaunchRestriction\)/,
        ),
      },
    ]);
    // Narrowing the legacy grants warns about who loses access instead, never about granting.
    const narrowed = planForProfile(builtInProfile('recommended'), await contextOf('legacy'));
    expect(narrowed.warnings.some((warning) => /^This grants/.test(warning.message))).toBe(false);
    expect(
      narrowed.warnings.some((warning) => /^Removing ANONYMOUS LOGON remote access/.test(warning.message)),
    ).toBe(true);
  });
});
