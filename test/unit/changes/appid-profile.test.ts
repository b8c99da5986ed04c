import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangeRefusedError } from '../../../main/changes/errors';
import { PlanInputError, renderHistoryText } from '../../../main/domain/changes/index';
import { builtInProfile, type Profile, type ProfileApplication } from '../../../main/domain/profiles/index';
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

const profileWith = (applications: ProfileApplication[]): Profile => ({
  ...builtInProfile('recommended'),
  name: 'servers',
  applications,
});

const valuesOf = async (port: SimulatedRegistry, key: string) => (await port.readKeys([key]))[0]!.values;

/**
 * The keys' values by name, sorted (a value deleted and put back is listed last by the registry, but is the same),
 * as text a failure shows readably.
 */
async function stateOf(port: SimulatedRegistry, keys: readonly string[]): Promise<string[]> {
  const snapshots = await port.readKeys([...new Set(keys)]);
  return snapshots.flatMap((snapshot) =>
    [...snapshot.values]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, value]) => `${snapshot.path}\\${name} = ${JSON.stringify(value)}`),
  );
}

describe('a profile that names applications, applied through the change engine', () => {
  it('writes each application’s values with the profile’s, journals one transaction, and restore puts them back', async () => {
    const port = await appIdMachine();
    const data = tempDirectory();
    const engine = engineFor(port, data);
    const profile = profileWith([
      { id: 'report.exe', runAs: 'network-service', access: 'default' },
      // Already as asked: adds nothing to the plan.
      { id: NETWORK, runAs: 'network-service' },
      { id: ONLY_32.toLowerCase(), authenticationLevel: 6 },
    ]);
    const plan = await engine.createPlan({ profile, noFirewall: true });
    const touched = plan.valueChanges.map((change) => change.key);
    const before = await stateOf(port, touched);
    expect(plan.target).toEqual({ kind: 'profile', name: 'servers (without firewall)' });
    const appIdChanges = plan.valueChanges.filter((change) => change.settingId === 'dcom.appid-permissions');
    expect(appIdChanges.map((change) => `${change.action} ${change.key}\\${change.name}`)).toEqual([
      `write ${ROOT}\\${REPORT}\\RunAs`,
      `delete ${ROOT}\\${REPORT}\\AccessPermission`,
      `write ${ROOT32}\\${ONLY_32}\\AuthenticationLevel`,
    ]);
    // The machine-wide part of the profile is planned as before, beside the applications.
    expect(plan.valueChanges.length).toBeGreaterThan(appIdChanges.length);
    expect(plan.diff.map((entry) => entry.title)).toEqual(
      expect.arrayContaining([
        `DCOM application ${REPORT} (Report Server)`,
        `DCOM application ${ONLY_32} (Legacy 32-bit Server), 32-bit view`,
      ]),
    );
    expect(plan.diff.some((entry) => entry.title.includes(NETWORK))).toBe(false);
    expect(plan.warnings.map((warning) => warning.message)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('runs as Network Service from the next time it starts'),
      ]),
    );

    const outcome = await engine.applyPlan(plan.id);
    expect(outcome.status, outcome.details.join('\n')).toBe('applied');
    const report = await valuesOf(port, `${ROOT}\\${REPORT}`);
    expect(report.get('RunAs')).toEqual(sz('NT AUTHORITY\\NetworkService'));
    expect(report.has('AccessPermission')).toBe(false);
    expect((await valuesOf(port, `${ROOT32}\\${ONLY_32}`)).get('AuthenticationLevel')).toEqual({
      type: 'REG_DWORD',
      data: 6,
    });

    const manifest = JSON.parse(
      await readFile(join(data, 'backups', `${outcome.backupId}.json`), 'utf8'),
    ) as {
      exportedKeys: string[];
    };
    expect(manifest.exportedKeys).toEqual(
      expect.arrayContaining([`${ROOT}\\${REPORT}`, `${ROOT32}\\${ONLY_32}`]),
    );
    const history = await engine.history();
    expect(history.map((entry) => `${entry.operation} ${entry.outcome}`)).toEqual(['apply applied']);
    expect(renderHistoryText(history)).toContain(`DCOM application ${REPORT} (Report Server)`);

    const restorePlan = await engine.planRestore(outcome.backupId!);
    expect(restorePlan.operations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'set-value', name: 'AccessPermission', to: sd(REPORT_ACCESS) }),
      ]),
    );
    const restored = await engine.restoreBackup(outcome.backupId!, { fingerprint: restorePlan.fingerprint });
    expect(restored.status, restored.details.join('\n')).toBe('restored');
    expect(await stateOf(port, touched)).toEqual(before);
  });

  it('plans each application with the same values as appid set', async () => {
    const port = await appIdMachine();
    const engine = engineFor(port, tempDirectory());
    const change = { runAs: 'local-service', launch: 'default', authenticationLevel: 5 } as const;
    const alone = await engine.createPlan({ appId: { id: REPORT, change } });
    const inProfile = await engine.createPlan({
      profile: profileWith([{ id: REPORT, ...change }]),
      noFirewall: true,
    });
    const mine = inProfile.valueChanges.filter((value) => value.key === `${ROOT}\\${REPORT}`);
    expect(mine).toEqual(alone.valueChanges);
    expect(inProfile.diff).toEqual(expect.arrayContaining([...alone.diff]));
    expect(inProfile.warnings).toEqual(expect.arrayContaining([...alone.warnings]));
  });
});

describe('a profile naming an application that is not one refuses the whole plan, writing nothing', () => {
  async function refusal(applications: ProfileApplication[]): Promise<Error> {
    const port = await appIdMachine();
    const before = await wholeRegistry(port);
    const error = await engineFor(port, tempDirectory())
      .createPlan({ profile: profileWith(applications), noFirewall: true })
      .then(
        () => new Error('planned'),
        (failure: unknown) => failure as Error,
      );
    expect(await wholeRegistry(port)).toBe(before);
    return error;
  }

  it('an unknown AppID or executable, with the inventory’s words and the entry’s place', async () => {
    const error = (await refusal([
      { id: REPORT, runAs: 'network-service' },
      { id: 'nosuch.exe', runAs: 'network-service' },
    ])) as ChangeRefusedError;
    expect(error).toBeInstanceOf(ChangeRefusedError);
    expect(error.code).toBe('not-found');
    expect(error.message).toContain(
      'The profile’s applications[1] (nosuch.exe): No application is named "nosuch.exe"'.replace('’', "'"),
    );
  });

  it('an executable that maps to several AppIDs, listing them', async () => {
    const error = (await refusal([{ id: 'dup.exe', access: 'default' }])) as ChangeRefusedError;
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('The executable dup.exe is mapped to 2 AppIDs');
    expect(error.details).toHaveLength(2);
  });

  it('an identity for a service-hosted application', async () => {
    const error = await refusal([{ id: SERVICE_HOSTED, runAs: 'network-service' }]);
    expect(error).toBeInstanceOf(PlanInputError);
    expect(error.message).toContain('hosted by the Windows service "Spooler"');
  });
});
