import { describe, expect, it } from 'vitest';
import { AppIdEntry, AppIdInventory } from '../../main/domain/appids/index';
import { ExitCode } from '../../main/cli/io';
import { runCliCaptured } from '../support/cli';

const AGENT = '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}';

describe('sinkguard appid list', () => {
  it('--json lists every application on the legacy machine; the weakened ones at fault, each with its reason', async () => {
    const run = await runCliCaptured(['appid', 'list', '--registry', 'simulated:legacy', '--json']);
    expect(run.code).toBe(ExitCode.findings);
    const inventory = AppIdInventory.parse(JSON.parse(run.stdout));
    expect(inventory.entries.length).toBeGreaterThan(200);
    const agent = inventory.entries.find((entry) => entry.guid === AGENT);
    expect(agent?.findings.map((finding) => finding.code)).toEqual([
      'remote-grant-anonymous',
      'remote-grant-everyone',
      'authentication-below-profile',
      'identity-cannot-authenticate',
    ]);
  });

  it('--at-fault narrows to the applications at fault; the stock machine has none and exits 0', async () => {
    const legacy = await runCliCaptured([
      'appid',
      'list',
      '--registry',
      'simulated:legacy',
      '--at-fault',
      '--json',
    ]);
    const names = AppIdInventory.parse(JSON.parse(legacy.stdout)).entries.map((entry) => entry.name);
    expect(names).toHaveLength(7);
    expect(names).toContain('Asset Inventory Agent');
    const stock = await runCliCaptured([
      'appid',
      'list',
      '--registry',
      'simulated:stock',
      '--at-fault',
      '--json',
    ]);
    expect(stock.code).toBe(ExitCode.ok);
    expect(AppIdInventory.parse(JSON.parse(stock.stdout)).entries).toEqual([]);
  });

  it('prints a table in admins’ words, with no SDDL', async () => {
    const run = await runCliCaptured(['appid', 'list', '--registry', 'simulated:legacy', '--at-fault']);
    expect(run.code).toBe(ExitCode.findings);
    expect(run.stdout).toMatch(/^DCOM applications \(AppIDs\) on simulated: legacy: \d+, 7 at fault$/m);
    expect(run.stdout).toMatch(
      new RegExp(
        `^critical  \\${AGENT.slice(0, -1)}\\}  Asset Inventory Agent +the launching user \\(RunAs not set\\) +its own executable \\(local server\\)$`,
        'm',
      ),
    );
    expect(run.stdout).not.toMatch(/O:BAG:|D:\(/);
  });
});

describe('sinkguard appid show', () => {
  it('explains one application by executable name: identity, hosting, permissions, findings, SDDL in the details', async () => {
    const run = await runCliCaptured([
      'appid',
      'show',
      'inventoryagent.exe',
      '--registry',
      'simulated:legacy',
    ]);
    expect(run.code).toBe(ExitCode.findings);
    const [body, details] = run.stdout.split('\nTechnical details\n');
    expect(body).toContain(`AppID: ${AGENT}`);
    expect(body).toContain('Runs as: the launching user (RunAs not set)');
    expect(body).toContain('Hosted by: its own executable (local server)');
    expect(body).toContain('Authentication level: 1 (RPC_C_AUTHN_LEVEL_NONE)');
    expect(body).toContain('Launch and activation permission: the machine default (DefaultLaunchPermission)');
    expect(body).toContain('  ANONYMOUS LOGON → Local Access, Remote Access');
    expect(body).toContain('[critical] AccessPermission grants ANONYMOUS LOGON Remote Access');
    expect(body).not.toContain('O:BA');
    expect(details).toContain(`Key: HKLM\\SOFTWARE\\Classes\\AppID\\${AGENT}`);
    expect(details).toContain('AccessPermission: O:BAG:BAD:');
  });

  it('--json prints the entry; a GUID without braces in lower case finds it; a service-hosted one says where to change it', async () => {
    const run = await runCliCaptured([
      'appid',
      'show',
      AGENT.slice(1, -1).toLowerCase(),
      '--registry',
      'simulated:legacy',
      '--json',
    ]);
    expect(AppIdEntry.parse(JSON.parse(run.stdout)).guid).toBe(AGENT);
    const list = AppIdInventory.parse(
      JSON.parse((await runCliCaptured(['appid', 'list', '--registry', 'simulated:stock', '--json'])).stdout),
    );
    const bits = list.entries.find((entry) => entry.hosting.kind === 'service')!;
    const shown = await runCliCaptured(['appid', 'show', bits.guid, '--registry', 'simulated:stock']);
    expect(shown.code).toBe(ExitCode.ok);
    expect(shown.stdout).toContain('sc config');
  });

  it('refuses an unknown AppID and an ambiguous executable with exit 2, as apply refuses bad input', async () => {
    const unknown = await runCliCaptured([
      'appid',
      'show',
      '{00000000-0000-0000-0000-000000000000}',
      '--registry',
      'simulated:stock',
    ]);
    expect(unknown.code).toBe(ExitCode.error);
    expect(unknown.stderr).toContain('No application has the AppID {00000000-0000-0000-0000-000000000000}');
    expect(unknown.stdout).toBe('');
    const name = await runCliCaptured(['appid', 'show', 'nothing.exe', '--registry', 'simulated:stock']);
    expect(name.code).toBe(ExitCode.error);
    expect(name.stderr).toContain('No application is named "nothing.exe"');
  });
});
