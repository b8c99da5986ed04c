import { describe, expect, it } from 'vitest';
import type { AppIdChange } from '../../../main/domain/appids/model';
import {
  PlanInputError,
  isManagedKey,
  planChanges,
  renderPlanText,
  type Plan,
} from '../../../main/domain/changes/index';
import { ChangeRefusedError } from '../../../main/changes/index';
import type { SimulatedRegistry } from '../../../main/registry/simulated';
import {
  NETWORK,
  ONLY_32,
  REPORT,
  REPORT_ACCESS,
  ROOT,
  ROOT32,
  SERVICE_HOSTED,
  appIdMachine,
  sd,
  sz,
} from './appid-fixture';
import { engineFor, tempDirectory, wholeRegistry } from './support';

async function planned(id: string, change: AppIdChange, machine?: SimulatedRegistry): Promise<Plan> {
  return engineFor(machine ?? (await appIdMachine()), tempDirectory()).createPlan({ appId: { id, change } });
}

/**
 * The refusal of planning `change` (PlanInputError, or the engine's not-found / invalid-input for an ID that names no
 * single application: exit 2 either way), with the machine read before and after: nothing written.
 */
async function refused(id: string, change: AppIdChange, machine?: SimulatedRegistry): Promise<string> {
  const port = machine ?? (await appIdMachine());
  const before = await wholeRegistry(port);
  const error = await planned(id, change, port).then(
    () => {
      throw new Error('the change was planned');
    },
    (failure: unknown) => failure,
  );
  if (error instanceof ChangeRefusedError) expect(['not-found', 'invalid-input']).toContain(error.code);
  else expect(error).toBeInstanceOf(PlanInputError);
  expect(await wholeRegistry(port)).toBe(before);
  return (error as Error).message;
}

describe('appid set plans one application’s AppID key as an ordinary plan', () => {
  it('--run-as network-service writes RunAs = NT AUTHORITY\\NetworkService where the launching user ran it', async () => {
    const plan = await planned(REPORT, { runAs: 'network-service' });
    expect(plan.valueChanges).toEqual([
      {
        settingId: 'dcom.appid-permissions',
        key: `${ROOT}\\${REPORT}`,
        name: 'RunAs',
        action: 'write',
        type: 'REG_SZ',
        before: null,
        after: sz('NT AUTHORITY\\NetworkService'),
      },
    ]);
    expect(plan.target).toEqual({
      kind: 'appid',
      application: { guid: REPORT, view: '64-bit', name: 'Report Server' },
      change: { runAs: 'network-service' },
    });
    // Only the one key is read (and so backed up and compared for staleness); no key is created.
    expect(plan.keysRead).toEqual([`${ROOT}\\${REPORT}`]);
    expect(plan.createdKeys).toEqual([]);
    expect(plan.diff[0]).toMatchObject({
      title: `DCOM application ${REPORT} (Report Server)`,
      from: 'runs as the launching user (RunAs not set)',
      to: 'runs as Network Service',
    });
    const [change] = planChanges(plan);
    expect(change?.items).toEqual([
      {
        kind: 'value',
        value: 'RunAs',
        before: {
          shown: 'the launching user (RunAs not set)',
          meaning: expect.stringContaining('ANONYMOUS LOGON'),
        },
        after: { shown: 'Network Service', meaning: expect.stringContaining('computer’s account') },
      },
    ]);
    const text = renderPlanText(plan);
    expect(text).toContain(`to change the DCOM application ${REPORT} (Report Server) on`);
    expect(text).toContain('RunAs: the launching user (RunAs not set) → Network Service');
  });

  it.each([
    ['local-service', 'NT AUTHORITY\\LocalService'],
    ['interactive-user', 'Interactive User'],
  ] as const)('--run-as %s writes RunAs = %s', async (runAs, value) => {
    const plan = await planned(REPORT, { runAs });
    expect(plan.valueChanges.map((change) => [change.name, change.action, change.after])).toEqual([
      ['RunAs', 'write', sz(value)],
    ]);
  });

  it('--run-as local-service warns that its callbacks still arrive as ANONYMOUS LOGON', async () => {
    const plan = await planned(REPORT, { runAs: 'local-service' });
    expect(plan.warnings.find((warning) => warning.breaksCallbacks)?.message).toContain('ANONYMOUS LOGON');
  });

  it('--run-as launching-user deletes RunAs, keeping the key’s own spelling of the value', async () => {
    const plan = await planned(NETWORK, { runAs: 'launching-user' });
    expect(plan.valueChanges).toEqual([
      expect.objectContaining({
        name: 'RunAs',
        action: 'delete',
        before: sz('nt authority\\networkservice'),
        after: null,
      }),
    ]);
  });

  it('--access default deletes AccessPermission: the review shows its grants giving way to the machine default', async () => {
    const plan = await planned(REPORT, { access: 'default' });
    expect(plan.valueChanges).toEqual([
      expect.objectContaining({
        name: 'AccessPermission',
        action: 'delete',
        before: sd(REPORT_ACCESS),
        after: null,
      }),
    ]);
    const item = planChanges(plan)[0]!.items[0]!;
    expect(item).toMatchObject({
      kind: 'descriptor',
      value: 'AccessPermission',
      before: 'set',
      after: 'machine-default',
    });
    expect(item.kind === 'descriptor' && item.rows.map((row) => [row.name, row.status])).toEqual([
      ['Everyone', 'removed'],
      ['Administrators', 'removed'],
    ]);
    expect(renderPlanText(plan)).toContain(
      'AccessPermission (before: set; after: not set (the machine default applies)):',
    );
    expect(plan.diff[0]?.to).toBe('uses the machine default access permission');
  });

  it('--launch with an SDDL COM accepts writes it as a binary descriptor, shown principal by principal', async () => {
    const sddl = 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)';
    const plan = await planned(REPORT, { launch: { sddl } });
    expect(plan.valueChanges).toEqual([
      expect.objectContaining({ name: 'LaunchPermission', action: 'write', after: sd(sddl) }),
    ]);
    const item = planChanges(plan)[0]!.items[0]!;
    expect(item.kind === 'descriptor' && item.rows.find((row) => row.name === 'INTERACTIVE')?.status).toBe(
      'removed',
    );
  });

  it('--authentication-level 5 writes REG_DWORD 5, named in the review', async () => {
    const plan = await planned(REPORT, { authenticationLevel: 5 });
    expect(plan.valueChanges).toEqual([
      expect.objectContaining({
        name: 'AuthenticationLevel',
        action: 'write',
        type: 'REG_DWORD',
        after: { type: 'REG_DWORD', data: 5 },
      }),
    ]);
    expect(renderPlanText(plan)).toContain(
      'AuthenticationLevel: not set → 5 (RPC_C_AUTHN_LEVEL_PKT_INTEGRITY)',
    );
  });

  it('an executable name finds its AppID through the program.exe key', async () => {
    const plan = await planned('REPORT.EXE', { runAs: 'network-service' });
    expect(plan.valueChanges[0]?.key).toBe(`${ROOT}\\${REPORT}`);
  });

  it('an application of the 32-bit view is changed in its WOW6432Node key, which restore trusts', async () => {
    const plan = await planned(ONLY_32.toLowerCase().slice(1, -1), { authenticationLevel: 6 });
    expect(plan.valueChanges[0]?.key).toBe(`${ROOT32}\\${ONLY_32}`);
    expect(plan.diff[0]?.title).toBe(`DCOM application ${ONLY_32} (Legacy 32-bit Server), 32-bit view`);
    expect(isManagedKey(`${ROOT32}\\${ONLY_32}`)).toBe(true);
  });

  it('a service-hosted application’s permissions may be changed, not its identity', async () => {
    const plan = await planned(SERVICE_HOSTED, { authenticationLevel: 6 });
    expect(plan.valueChanges.map((change) => change.name)).toEqual(['AuthenticationLevel']);
  });
});

describe('appid set refuses, naming why, and writes nothing', () => {
  it('an unknown AppID or executable', async () => {
    expect(await refused('{11111111-2222-3333-4444-00000000ffff}', { runAs: 'network-service' })).toContain(
      'No application has the AppID {11111111-2222-3333-4444-00000000ffff}',
    );
    expect(await refused('nosuch.exe', { runAs: 'network-service' })).toContain(
      'No application is named "nosuch.exe"',
    );
    // An ID is looked up in the inventory, never used as a key name.
    expect(await refused('..\\..\\Microsoft\\Ole', { runAs: 'network-service' })).toContain(
      'No application is named',
    );
  });

  it('an executable that maps to several AppIDs, listing them', async () => {
    const port = await appIdMachine();
    const error = (await engineFor(port, tempDirectory())
      .createPlan({ appId: { id: 'dup.exe', change: { runAs: 'network-service' } } })
      .catch((failure: unknown) => failure)) as ChangeRefusedError;
    expect(error).toBeInstanceOf(ChangeRefusedError);
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('The executable dup.exe is mapped to 2 AppIDs');
    expect(error.details).toEqual([
      `${REPORT} (Report Server), 64-bit`,
      `${ONLY_32} (Legacy 32-bit Server), 32-bit`,
    ]);
  });

  it('an AppID whose key, or whose whole AppID root, SinkGuard may not read', async () => {
    const key = await appIdMachine({ unreadableKeys: [`${ROOT}\\${REPORT}`] });
    expect(await refused(REPORT, { runAs: 'network-service' }, key)).toContain(
      `its key ${ROOT}\\${REPORT} cannot be read (access denied`,
    );
    const root = await appIdMachine({ unreadableKeys: [ROOT32] });
    expect(await refused(ONLY_32, { runAs: 'network-service' }, root)).toContain(
      `its key ${ROOT32} cannot be read`,
    );
  });

  it('an identity for a service-hosted application: the service’s account, Services or sc.exe config', async () => {
    const message = await refused(SERVICE_HOSTED, { runAs: 'network-service', authenticationLevel: 6 });
    expect(message).toContain('hosted by the Windows service "Spooler"');
    expect(message).toContain('services.msc');
    expect(message).toContain('sc.exe config "Spooler" obj= "NT AUTHORITY\\NetworkService"');
  });

  it('a permission COM would not accept, with the reason', async () => {
    expect(await refused(REPORT, { access: { sddl: 'D:(A;;CCDCLC;;;WD)' } })).toContain(
      'not a descriptor COM accepts as AccessPermission: it has no owner',
    );
    expect(await refused(REPORT, { access: { sddl: 'O:BAG:BAD:(A;;GA;;;WD)' } })).toContain(
      "holds rights outside COM's (0x10000000): an access ACL",
    );
    expect(await refused(REPORT, { launch: { sddl: 'not sddl' } })).toContain('invalid SDDL');
  });

  it('a change that changes nothing (RunAs compared as Windows does, in any case)', async () => {
    expect(await refused(NETWORK, { runAs: 'network-service' })).toContain(
      'nothing to change: it already runs as Network Service',
    );
    expect(await refused(NETWORK, { access: 'default' })).toContain(
      'already uses the machine default access',
    );
    expect(await refused(REPORT, {})).toContain('nothing asked');
  });
});
