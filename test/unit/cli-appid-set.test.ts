import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli';
import { tempDirectory } from './changes/support';

/** The weakened machine's one application: Everyone and ANONYMOUS LOGON may call it remotely. */
const AGENT = '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}';
const LEGACY = ['--registry', 'simulated:legacy'];

const env = () => ({ SINKGUARD_DATA_DIR: tempDirectory() });

describe('sinkguard appid set', () => {
  it('--run-as network-service --yes shows the review, applies (exit 0), and history lists it', async () => {
    const environment = env();
    const log = join(tempDirectory(), 'set.log');
    const run = await runCliCaptured(
      ['appid', 'set', AGENT, '--run-as', 'network-service', '--yes', '--log', log, ...LEGACY],
      { env: environment },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`to change the DCOM application ${AGENT} (Asset Inventory Agent)`);
    expect(run.stdout).toContain('RunAs: the launching user (RunAs not set) → Network Service');
    expect(run.stdout).toMatch(/^applied: Applied 1 registry value change/m);
    expect(readFileSync(log, 'utf8')).toMatch(
      /sinkguard appid set .* --run-as network-service exit 0: applied/,
    );
    const history = await runCliCaptured(['history', ...LEGACY], { env: environment });
    expect(history.stdout).toContain(`apply appid ${AGENT}`);
    expect(history.stdout).toContain('RunAs: the launching user (RunAs not set) → Network Service');
  });

  it('an executable name and --access default, as JSON: the plan view names the application', async () => {
    const run = await runCliCaptured(
      ['appid', 'set', 'InventoryAgent.exe', '--access', 'default', '--json', '--yes', ...LEGACY],
      { env: env() },
    );
    expect(run.code, run.stderr).toBe(0);
    const body = JSON.parse(run.stdout) as {
      plan: { target: unknown; valueChanges: { name: string; action: string }[] };
      outcome: { status: string };
    };
    expect(body.plan.target).toEqual({
      kind: 'appid',
      guid: AGENT,
      view: '64-bit',
      name: 'Asset Inventory Agent',
    });
    expect(body.plan.valueChanges.map((change) => `${change.action} ${change.name}`)).toEqual([
      'delete AccessPermission',
    ]);
    expect(body.outcome.status).toBe('applied');
  });

  it('asks on a terminal and changes nothing on "n" (exit 1); refuses without a terminal or --yes (exit 2)', async () => {
    const asked = await runCliCaptured(['appid', 'set', AGENT, '--authentication-level', '6', ...LEGACY], {
      env: env(),
      stdin: 'n\n',
      stdinIsTTY: true,
    });
    expect(asked.code).toBe(1);
    expect(asked.stdout).toContain('Nothing was changed.');
    const unattended = await runCliCaptured(
      ['appid', 'set', AGENT, '--authentication-level', '6', ...LEGACY],
      {
        env: env(),
      },
    );
    expect(unattended.code).toBe(2);
    expect(unattended.stderr).toContain('pass --yes');
  });

  it.each([
    [['--run-as', 'CONTOSO\\svc-report'], 'Component Services'],
    [['--run-as', 'nt authority\\system'], 'never handles'],
    [['--authentication-level', '9'], 'expected one of 1 (RPC_C_AUTHN_LEVEL_NONE)'],
    [['--access', 'O:BAG:BAD:(A;;GA;;;WD)'], 'not a descriptor COM accepts as AccessPermission'],
    [[], 'nothing asked'],
  ])('bad input %j is refused with exit 2, nothing written: %s', async (options, words) => {
    const environment = env();
    const run = await runCliCaptured(['appid', 'set', AGENT, ...options, '--yes', ...LEGACY], {
      env: environment,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(words);
    expect((await runCliCaptured(['history', ...LEGACY], { env: environment })).stdout).toBe(
      'No changes recorded.\n',
    );
  });

  it('an unknown ID is refused with exit 2, naming where it looked', async () => {
    const run = await runCliCaptured(
      ['appid', 'set', 'nosuch.exe', '--run-as', 'network-service', '--yes', ...LEGACY],
      {
        env: env(),
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('refused (not-found): No application is named "nosuch.exe"');
  });
});

describe('sinkguard apply --profile FILE naming applications', () => {
  const profileFile = (applications: string): string => {
    const file = join(tempDirectory(), 'servers.yaml');
    writeFileSync(
      file,
      ['name: servers', 'managementScope: [LocalSubnet]', 'settings: {}', 'applications:', applications].join(
        '\n',
      ),
    );
    return file;
  };

  it('applies the application’s change with the profile (exit 0); history lists it', async () => {
    const environment = env();
    const file = profileFile('  - { id: InventoryAgent.exe, runAs: network-service, access: default }');
    const run = await runCliCaptured(['apply', '--profile', file, '--yes', ...LEGACY], { env: environment });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`DCOM application ${AGENT} (Asset Inventory Agent)`);
    expect(run.stdout).toContain('RunAs: the launching user (RunAs not set) → Network Service');
    expect(run.stdout).toMatch(/^applied: Applied 2 registry value changes/m);
    const history = await runCliCaptured(['history', ...LEGACY], { env: environment });
    expect(history.stdout).toContain('apply servers');
    expect(history.stdout).toContain(`DCOM application ${AGENT} (Asset Inventory Agent)`);
  });

  it('refuses an unknown application (exit as apply refuses a missing target), nothing applied', async () => {
    const file = profileFile('  - { id: nosuch.exe, runAs: network-service }');
    const run = await runCliCaptured(['apply', '--profile', file, '--yes', ...LEGACY], { env: env() });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("The profile's applications[0] (nosuch.exe): No application is named");
    expect(run.stdout).not.toMatch(/^applied/m);
  });
});
