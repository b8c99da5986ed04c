/**
 * `sinkguard appid list --json --registry reg-exe` against Wine's registry: a few DCOM applications added with
 * `wine reg add` (a weakened one with its executable's key, a service-hosted one and its service, a surrogate)
 * read back through the reg.exe adapter, identity, hosting, permissions and findings as on a simulated machine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppIdInventory } from '../../main/domain/appids/index';
import { bytesToHex, encodeSecurityDescriptor, parseSddl } from '../../main/domain/descriptors/index';
import { runCliCaptured } from '../support/cli';
import { requireTool } from '../support/lane';
import { createWinePrefix, type WinePrefix } from '../support/wine';

const hasWine = requireTool('wine lane', 'wine');

const APPID = 'HKLM\\SOFTWARE\\Classes\\AppID';
const WEAK = '{7A1C0E55-3B2D-4F60-8E91-0C2D4B6A8F01}';
const SERVICE = '{7A1C0E55-3B2D-4F60-8E91-0C2D4B6A8F02}';
const SURROGATE = '{7A1C0E55-3B2D-4F60-8E91-0C2D4B6A8F03}';
const hex = (sddl: string) => bytesToHex(encodeSecurityDescriptor(parseSddl(sddl)));

describe.skipIf(!hasWine || process.platform === 'win32')('appid list on Wine’s registry', () => {
  let prefix: WinePrefix;
  beforeAll(async () => {
    prefix = await createWinePrefix('appid');
    const add = async (key: string, args: readonly string[]) => {
      const run = await prefix.wine(['reg', 'add', key, ...args, '/f', '/reg:64']);
      expect(run.code, run.output).toBe(0);
    };
    // One at a time: each `reg add` is a Wine process, and the lane bounds them anyway.
    await add(`${APPID}\\${WEAK}`, ['/ve', '/d', 'Wine Callback Agent']);
    await add(`${APPID}\\${WEAK}`, [
      '/v',
      'AccessPermission',
      '/t',
      'REG_BINARY',
      '/d',
      hex('O:BAG:BAD:(A;;CCDCLC;;;BA)(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)'),
    ]);
    await add(`${APPID}\\${WEAK}`, ['/v', 'AuthenticationLevel', '/t', 'REG_DWORD', '/d', '1']);
    await add(`${APPID}\\WineCallbackAgent.exe`, ['/v', 'AppID', '/d', WEAK]);
    await add(`${APPID}\\${SERVICE}`, ['/v', 'LocalService', '/d', 'SgWineTestSvc']);
    await add('HKLM\\SYSTEM\\CurrentControlSet\\Services\\SgWineTestSvc', [
      '/v',
      'ObjectName',
      '/d',
      'NT AUTHORITY\\NetworkService',
    ]);
    await add(`${APPID}\\${SURROGATE}`, ['/v', 'DllSurrogate', '/d', '']);
    await add(`${APPID}\\${SURROGATE}`, ['/v', 'RunAs', '/d', 'nt authority\\networkservice']);
  }, 600_000);
  afterAll(async () => {
    await prefix?.dispose();
  });

  it('lists each application with identity, hosting, permissions and findings; the weakened one at fault', async () => {
    const run = await runCliCaptured(['appid', 'list', '--json', '--registry', 'reg-exe'], {
      env: prefix.env,
    });
    expect(run.code, run.stderr).toBe(1);
    const inventory = AppIdInventory.parse(JSON.parse(run.stdout));
    const byGuid = (guid: string) => inventory.entries.find((entry) => entry.guid.toUpperCase() === guid);
    const weak = byGuid(WEAK);
    expect(weak).toMatchObject({
      name: 'Wine Callback Agent',
      executables: ['WineCallbackAgent.exe'],
      hosting: { kind: 'local-server' },
      identity: { kind: 'launching-user' },
      authenticationLevel: 1,
      launch: { kind: 'machine-default' },
      access: { kind: 'custom', sddl: 'O:BAG:BAD:(A;;CCDCLC;;;BA)(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)' },
    });
    expect(weak?.findings.map((finding) => finding.code)).toEqual([
      'remote-grant-anonymous',
      'remote-grant-everyone',
      'authentication-below-profile',
      'identity-cannot-authenticate',
    ]);
    expect(byGuid(SERVICE)).toMatchObject({
      hosting: { kind: 'service', service: 'SgWineTestSvc', account: 'NT AUTHORITY\\NetworkService' },
      identity: { kind: 'service', account: 'NT AUTHORITY\\NetworkService' },
      findings: [],
    });
    expect(byGuid(SURROGATE)).toMatchObject({
      hosting: { kind: 'surrogate', path: null },
      identity: { kind: 'network-service' },
      findings: [],
    });
    const atFault = await runCliCaptured(['appid', 'list', '--json', '--at-fault', '--registry', 'reg-exe'], {
      env: prefix.env,
    });
    expect(
      AppIdInventory.parse(JSON.parse(atFault.stdout)).entries.map((entry) => entry.guid.toUpperCase()),
    ).toEqual([WEAK]);
  }, 600_000);
});
