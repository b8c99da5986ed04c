import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';
import { tempDirectory } from '../changes/support';
import { AuditReportSchema, auditMachine } from '../../../main/domain/audit/index';
import { PROFILE_APPLICATIONS_ID } from '../../../main/domain/audit/applications';
import { builtInProfile, type Profile, type ProfileApplication } from '../../../main/domain/profiles/index';
import { NETWORK, ONLY_32, REPORT, SERVICE_HOSTED, appIdMachine } from '../changes/appid-fixture';

const profileWith = (applications: ProfileApplication[]): Profile => ({
  ...builtInProfile('recommended'),
  name: 'servers',
  applications,
});

async function findingFor(applications: ProfileApplication[], options = {}) {
  const report = await auditMachine(await appIdMachine(options), profileWith(applications));
  AuditReportSchema.parse(report);
  const findings = report.findings.filter((finding) => finding.settingId === PROFILE_APPLICATIONS_ID);
  expect(findings).toHaveLength(1);
  return { report, finding: findings[0]! };
}

describe('the audit of the applications a profile names', () => {
  it('meets the profile when each application is as asked, in either view, by GUID or executable', async () => {
    const { finding, report } = await findingFor([
      { id: NETWORK, runAs: 'network-service' },
      {
        id: 'report.exe',
        authenticationLevel: undefined,
        launch: { sddl: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;IU)' },
      },
      { id: ONLY_32, launch: 'default' },
    ]);
    expect(finding).toMatchObject({ verdict: 'ok', meetsProfile: true, severity: null, standing: 'ok' });
    expect(finding.effective.display).toBe('3 applications, each as the profile asks');
    expect(finding.expected).toContain(`${NETWORK}: runs as Network Service`.replace(':', ''));
    // The catalog findings are there as before.
    expect(report.findings.some((other) => other.settingId === 'dcom.appid-permissions')).toBe(true);
    expect(report.summary.meetsProfile).toBe(false);
  });

  it('names each application that differs, and an unknown or ambiguous ID, without throwing', async () => {
    const { finding, report } = await findingFor([
      { id: REPORT, runAs: 'network-service', access: 'default' },
      { id: NETWORK, runAs: 'network-service' },
      { id: 'nosuch.exe', runAs: 'network-service' },
      { id: 'dup.exe', authenticationLevel: 6 },
      { id: SERVICE_HOSTED, runAs: 'network-service' },
    ]);
    expect(finding).toMatchObject({
      verdict: 'weak',
      meetsProfile: false,
      severity: 'medium',
      remedy: 'local',
    });
    expect(finding.effective.display).toMatch(/^4 of 5 applications not as the profile asks: /);
    expect(finding.details).toEqual([
      `${REPORT} (Report Server): runs as the launching user (RunAs not set); has its own access permission (the profile asks: runs as Network Service; uses the machine default access permission)`,
      'applications[2] (nosuch.exe): No application is named "nosuch.exe": give an AppID ({xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}) or an executable name mapped to one. `sinkguard appid list` shows them all.',
      expect.stringContaining('applications[3] (dup.exe): The executable dup.exe is mapped to 2 AppIDs'),
      expect.stringMatching(
        /^\{11111111-2222-3333-4444-000000000002\} \(Print Helper\): it is hosted by the Windows service "Spooler".* then restart the service\.$/,
      ),
    ]);
    expect(report.summary.counts.weak).toBeGreaterThan(0);
  });

  it('an application whose key cannot be read is unknown, not at fault', async () => {
    const { finding } = await findingFor([{ id: REPORT, runAs: 'network-service' }], {
      unreadableKeys: [`HKLM\\SOFTWARE\\Classes\\AppID\\${REPORT}`],
    });
    expect(finding).toMatchObject({ verdict: 'unreadable', meetsProfile: null });
    expect(finding.details[0]).toContain('cannot be read');
  });

  it('adds nothing for a profile that names no applications', async () => {
    const report = await auditMachine(await appIdMachine(), builtInProfile('recommended'));
    expect(report.findings.some((finding) => finding.settingId === PROFILE_APPLICATIONS_ID)).toBe(false);
  });
});

describe('sinkguard audit --profile FILE naming applications', () => {
  it('reports the applications in the text and the JSON report (valid against its schema)', async () => {
    const file = join(tempDirectory(), 'servers.yaml');
    writeFileSync(
      file,
      [
        'name: servers',
        'managementScope: [LocalSubnet]',
        'settings: {}',
        'applications:',
        '  - { id: InventoryAgent.exe, runAs: network-service }',
        '  - { id: "{00000000-0000-0000-0000-00000000beef}", access: default }',
      ].join('\n'),
    );
    const args = ['audit', '--profile', file, '--registry', 'simulated:legacy'];
    const text = await runCliCaptured(args);
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain('DCOM applications the profile names');
    const json = await runCliCaptured([...args, '--json']);
    const report = AuditReportSchema.parse(JSON.parse(json.stdout));
    const finding = report.findings.find((one) => one.settingId === PROFILE_APPLICATIONS_ID)!;
    expect(finding.details).toEqual([
      expect.stringContaining('(Asset Inventory Agent): runs as the launching user'),
      expect.stringContaining('No application has the AppID {00000000-0000-0000-0000-00000000beef}'),
    ]);
    expect(json.code).toBe(text.code);
  });
});
