import { describe, expect, it } from 'vitest';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { POLICY_ONLY_RPC_SETTINGS, policyOnlyReading } from '../../../main/domain/report/policy-only';
import { auditReportHtml, escapeHtml } from '../../../main/domain/report/index';
import { runCliCaptured } from '../../support/cli';
import { auditSimulated, runAudit, snapshotsOf } from './support';

const RPC_POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc';
const [restrict, endpointMapper] = POLICY_ONLY_RPC_SETTINGS;

describe('the Group Policy-only RPC settings on the dashboard', () => {
  it('are the two RPC policy values, from the catalog', () => {
    expect(POLICY_ONLY_RPC_SETTINGS.map((setting) => setting.location.value)).toEqual([
      'RestrictRemoteClients',
      'EnableAuthEpResolution',
    ]);
  });

  it('read what they hold even when the profile does not assess them, with the absent value’s meaning and reach', async () => {
    const report = await auditSimulated('legacy');
    expect(report.findings.some((finding) => finding.settingId === restrict!.id)).toBe(false);
    expect(report.notAssessed.find((entry) => entry.settingId === restrict!.id)?.current).toMatchObject({
      display: 'not set',
      raw: null,
      source: 'default',
    });
    expect(policyOnlyReading(report, restrict!)).toMatchObject({
      display: 'not set',
      configured: false,
      meaning: restrict!.whenAbsent.meaning,
      affects: restrict!.whenAbsent.affects,
      assessed: null,
    });
    // EnableAuthEpResolution absent is 0: who that affects is value 0's text.
    expect(policyOnlyReading(report, endpointMapper!)).toMatchObject({
      display: 'not set (Windows uses 0 (disabled))',
      affects: endpointMapper!.allowed[0]!.affects,
    });
  });

  it('a value a GPO set reads with that value’s meaning and who it refuses, and Strict’s standing', async () => {
    const snapshots = (await snapshotsOf('stock')).map((snapshot) =>
      snapshot.path.toLowerCase() === RPC_POLICY.toLowerCase()
        ? {
            ...snapshot,
            exists: true,
            values: new Map([['RestrictRemoteClients', { type: 'REG_DWORD' as const, data: 2 }]]),
          }
        : snapshot,
    );
    const high = restrict!.allowed.find((value) => value.value === 2)!;
    for (const profile of ['recommended', 'strict'] as const) {
      const reading = policyOnlyReading(runAudit(snapshots, builtInProfile(profile)), restrict!);
      expect(reading).toMatchObject({ configured: true, meaning: high.meaning, affects: high.affects });
      expect(reading?.display).toBe('2 (RPC_RESTRICT_REMOTE_CLIENT_HIGH)');
      expect(reading?.assessed === null).toBe(profile === 'recommended');
    }
  });

  it('are shown by the CLI’s text and the HTML report too, each with the GPO setting that sets it', async () => {
    const run = await runCliCaptured(['audit', '--registry', 'simulated:gpo-managed', '--fail-on', 'none']);
    expect(run.code).toBe(0);
    const section = run.stdout.slice(run.stdout.indexOf('RPC settings only Group Policy sets'));
    expect(section).toMatch(/- Restrict unauthenticated RPC clients .*: 1 .*\(set by Group Policy\)/);
    expect(section).toContain(`Set in: ${endpointMapper!.groupPolicy}.`);

    const html = auditReportHtml(await auditSimulated('stock'), {
      generatedAt: '2026-12-06T00:00:00Z',
      machine: 'stock',
      appVersion: '0.1.0',
    });
    const part = html.slice(html.indexOf('id="policy-only-rpc"'));
    expect(part).toContain('RPC settings only Group Policy sets');
    expect(part).toContain('not configured in Group Policy');
    expect(part).toContain(escapeHtml(restrict!.whenAbsent.meaning));
  });
});
