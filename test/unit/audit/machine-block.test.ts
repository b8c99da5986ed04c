/** `audit --json` says which machine it is about, when, read how and by which SinkGuard: reports from many hosts differ. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  COMPUTER_NAME_KEY,
  CURRENT_VERSION_KEY,
  machineIdentityFrom,
} from '../../../main/app/machine-identity';
import { AuditReportSchema } from '../../../main/domain/audit/index';
import { APP_VERSION } from '../../../main/platform/version';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { runCliCaptured } from '../../support/cli';
import { exportCoveringAudit } from './support';

let directory: string;
const file = (name: string): string => path.join(directory, name);

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'sinkguard-machine-'));
  const port = await openSimulatedMachine('legacy');
  await port.writeValues([
    { key: COMPUTER_NAME_KEY, name: 'ComputerName', value: { type: 'REG_SZ', data: 'SRV-042' } },
    { key: CURRENT_VERSION_KEY, name: 'CurrentBuild', value: { type: 'REG_SZ', data: '20348' } },
    { key: CURRENT_VERSION_KEY, name: 'ProductName', value: { type: 'REG_SZ', data: 'Windows Server 2022' } },
  ]);
  writeFileSync(file('named.reg'), await exportCoveringAudit(port, [COMPUTER_NAME_KEY, CURRENT_VERSION_KEY]));
  writeFileSync(file('plain.reg'), await exportCoveringAudit(port));
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

const auditJson = async (args: string[]) => {
  const before = Date.now();
  const run = await runCliCaptured(['audit', ...args, '--json', '--fail-on', 'none']);
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const report = AuditReportSchema.parse(JSON.parse(run.stdout));
  expect(report.machine).toBeDefined();
  const time = Date.parse(report.machine!.time);
  expect(time).toBeGreaterThanOrEqual(before - 1000);
  expect(time).toBeLessThanOrEqual(Date.now());
  expect(report.machine!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(report.machine!.sinkguardVersion).toBe(APP_VERSION);
  return { report, machine: report.machine!, text: run.stdout };
};

describe('the machine block of audit --json', () => {
  it('a simulated machine: backend, which simulated machine, no invented host name', async () => {
    const { machine, text } = await auditJson(['--registry', 'simulated:legacy']);
    expect(machine).toMatchObject({
      hostName: null,
      osBuild: 'Simulated machine (legacy)',
      backend: 'simulated',
      source: 'simulated: legacy',
      collectedAt: null,
      keysNotInExport: null,
    });
    expect(Object.keys(JSON.parse(text) as object).slice(0, 2)).toEqual(['schemaVersion', 'machine']);
  });

  it('an export that holds the computer name and build: both read from it, backend reg-file', async () => {
    const { machine } = await auditJson(['--reg-file', file('named.reg')]);
    expect(machine).toMatchObject({
      hostName: 'SRV-042',
      osBuild: 'Windows Server 2022, build 20348',
      backend: 'reg-file',
      membership: { kind: 'unknown', why: 'not recorded in the export' },
    });
    expect(machine.source).toContain('named.reg');
  });

  it('an export without them: nothing of the auditing machine leaks in', async () => {
    const { machine } = await auditJson(['--reg-file', file('plain.reg')]);
    expect(machine).toMatchObject({
      hostName: null,
      osBuild: 'not recorded in the export',
      backend: 'reg-file',
    });
  });

  it('the text report names the host and the time too', async () => {
    const run = await runCliCaptured(['audit', '--reg-file', file('named.reg'), '--fail-on', 'none']);
    expect(run.stdout).toMatch(
      /^Host: SRV-042; Windows Server 2022, build 20348; audited \d{4}-.*Z by SinkGuard /m,
    );
  });

  it('offline identity uses the collector manifest only when the export has no answer', () => {
    const facts = {
      platform: 'linux' as const,
      backend: 'reg-file' as const,
      description: 'offline',
      env: { USERDNSDOMAIN: 'LEAK.EXAMPLE' },
      hostname: 'FROM-MANIFEST',
      osRelease: '',
      collectedOsBuild: '10.0.17763',
      snapshots: [],
    };
    expect(machineIdentityFrom(facts)).toEqual({
      hostName: 'FROM-MANIFEST',
      osBuild: '10.0.17763',
      membership: { kind: 'unknown', why: 'not recorded in the export' },
    });
  });
});
