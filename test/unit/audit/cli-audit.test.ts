import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditReportSchema } from '../../../main/domain/audit/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { runCliCaptured } from '../../support/cli';
import { exportCoveringAudit } from './support';

let directory: string;
const file = (name: string): string => path.join(directory, name);

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'sinkguard-audit-'));
  for (const machine of ['stock', 'legacy'] as const) {
    const port = await openSimulatedMachine(machine);
    writeFileSync(file(`${machine}.reg`), await exportCoveringAudit(port));
  }
  const ole = await (await openSimulatedMachine('stock')).exportKeys(['HKLM\\SOFTWARE\\Microsoft\\Ole']);
  writeFileSync(file('ole-only.reg'), ole);
  // Cut right after a line-continuation backslash, as an interrupted copy would: the codec must name the line.
  const text = new TextDecoder('utf-16le', { ignoreBOM: true }).decode(ole);
  const cut = text.slice(0, text.indexOf('\\\r\n') + 1);
  writeFileSync(file('truncated.reg'), Buffer.from(cut, 'utf16le'));
  writeFileSync(
    file('site.yaml'),
    'name: site\nmanagementScope: [10.0.10.0/24]\nsettings:\n  firewall.endpoint-mapper: { reachableFrom: management-scope }\n',
  );
  writeFileSync(
    file('bad.yaml'),
    'name: site\nmanagementScope: [LocalSubnet]\nsettings:\n  dcom.legacy-authentication-level: { atLeast: 0 }\n',
  );
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('sinkguard audit', () => {
  it('audits a reg export offline and prints the documented JSON report', async () => {
    const run = await runCliCaptured(['audit', '--reg-file', file('legacy.reg'), '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const report = AuditReportSchema.parse(JSON.parse(run.stdout));
    expect(report.summary).toMatchObject({ worstSeverity: 'critical', counts: { critical: 7 } });
    // The export carries the AppID subtree: the weakened application is audited offline too.
    expect(report.findings.find((entry) => entry.settingId === 'dcom.appid-permissions')?.verdict).toBe(
      'critical',
    );
    expect(
      report.findings.find((entry) => entry.settingId === 'dcom.machine-access-restriction')?.verdict,
    ).toBe('critical');
  });

  it('prints a table, the details of what falls short and a summary', async () => {
    const run = await runCliCaptured(['audit', '--reg-file', file('legacy.reg')]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `SinkGuard audit of offline: ${file('legacy.reg')} against the "recommended" profile`,
    );
    expect(run.stdout).toContain(
      `\ncritical   ${'dcom.legacy-authentication-level'.padEnd(44)}1 (RPC_C_AUTHN_LEVEL_NONE)\n`,
    );
    expect(run.stdout).toContain(
      "  - ANONYMOUS LOGON (AN): + Remote Access (allow), beyond Windows' default",
    );
    expect(run.stdout).toContain(
      '  Change: 1 (RPC_C_AUTHN_LEVEL_NONE) → 5 (RPC_C_AUTHN_LEVEL_PKT_INTEGRITY) (restart required)',
    );
    expect(run.stdout).toContain(
      '18 settings: 7 critical, 2 high, 0 medium, 0 low, 0 managed, 0 unreadable, 9 ok. Posture score: 20/100.',
    );
    // One word per setting: never a status word beside a severity.
    expect(run.stdout).toContain('\n[high] UnsecApp callback access check');
    expect(run.stdout).not.toMatch(/\[(weak|critical), /);
    expect(run.stdout).not.toMatch(/^weak /m);
  });

  it('prints both values of a policy-managed setting: the policy in force and the local one it overrides', async () => {
    const run = await runCliCaptured(['audit', '--registry', 'simulated:gpo-managed']);
    const details = run.stdout.slice(run.stdout.indexOf('[managed] DCOM machine-wide access limits'));
    const block = details.slice(0, details.indexOf('\n\n'));
    expect(block).toContain(
      '\n  Group Policy value (in force): O:BAG:BAD:(A;;CCDC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;BA)',
    );
    expect(block).toMatch(/\n {2}Local value \(overridden by Group Policy\): O:BAG:BAD:\(A;;CCDCLC;;;WD\)/);
    expect(block).toContain('\n  Not changeable locally: change the Group Policy object.');
    const strict = await runCliCaptured(['audit', '--registry', 'simulated:stock', '--profile', 'strict']);
    const rpc = strict.stdout.slice(strict.stdout.indexOf('[medium] Restrict unauthenticated RPC clients'));
    expect(rpc.slice(0, rpc.indexOf('\n\n'))).toContain(
      '\n  Not changeable locally: only Group Policy sets it.',
    );
  });

  it('takes the built-in profile names in any case; a file of the same name needs ./', async () => {
    const run = await runCliCaptured([
      'audit',
      '--reg-file',
      file('stock.reg'),
      '--profile',
      'Strict',
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(AuditReportSchema.parse(JSON.parse(run.stdout)).profile.name).toBe('strict');
    const cwd = process.cwd();
    writeFileSync(file('RECOMMENDED'), readFileSync(file('site.yaml')));
    process.chdir(directory);
    try {
      const shadowed = await runCliCaptured([
        'audit',
        '--reg-file',
        'stock.reg',
        '--profile',
        'RECOMMENDED',
        '--json',
      ]);
      expect(AuditReportSchema.parse(JSON.parse(shadowed.stdout)).profile.name).toBe('recommended');
      expect(shadowed.stderr).toBe(
        'sinkguard: note: --profile RECOMMENDED is the built-in "recommended" profile; for the file named RECOMMENDED here, write ./RECOMMENDED\n',
      );
      const file = await runCliCaptured([
        'audit',
        '--reg-file',
        'stock.reg',
        '--profile',
        './RECOMMENDED',
        '--json',
      ]);
      expect(AuditReportSchema.parse(JSON.parse(file.stdout)).profile.name).toBe('site');
    } finally {
      process.chdir(cwd);
    }
  });

  it('exits by the --fail-on threshold', async () => {
    const stock = ['audit', '--reg-file', file('stock.reg')];
    expect((await runCliCaptured([...stock, '--fail-on', 'high'])).code).toBe(1);
    expect((await runCliCaptured([...stock, '--fail-on', 'critical'])).code).toBe(0);
    expect((await runCliCaptured([...stock, '--fail-on', 'none'])).code).toBe(0);
    expect((await runCliCaptured([...stock])).code).toBe(1);
    const bogus = await runCliCaptured([...stock, '--fail-on', 'severe']);
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toContain("argument 'severe' is invalid");
  });

  it('takes a profile file and measures against its management scope', async () => {
    const run = await runCliCaptured([
      'audit',
      '--reg-file',
      file('legacy.reg'),
      '--profile',
      file('site.yaml'),
      '--json',
    ]);
    const report = AuditReportSchema.parse(JSON.parse(run.stdout));
    expect(report.profile).toEqual({ name: 'site', description: null, managementScope: ['10.0.10.0/24'] });
    expect(report.findings.map((entry) => entry.settingId)).toEqual(['firewall.endpoint-mapper']);
    expect(report.findings[0]?.change?.firewall?.allowFrom).toEqual(['10.0.10.0/24']);
  });

  it('names the file and the field of a bad profile, and exits 2', async () => {
    const run = await runCliCaptured([
      'audit',
      '--reg-file',
      file('stock.reg'),
      '--profile',
      file('bad.yaml'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `sinkguard: ${file('bad.yaml')}: settings["dcom.legacy-authentication-level"]: ` +
        'expected {"equals": V}, {"anyOf": [V, ...]}, {"atLeast": V} or {"atMost": V} where V is one of 1 (RPC_C_AUTHN_LEVEL_NONE), 2 (RPC_C_AUTHN_LEVEL_CONNECT), 3 (RPC_C_AUTHN_LEVEL_CALL), 4 (RPC_C_AUTHN_LEVEL_PKT), 5 (RPC_C_AUTHN_LEVEL_PKT_INTEGRITY), 6 (RPC_C_AUTHN_LEVEL_PKT_PRIVACY)\n',
    );
    const missing = await runCliCaptured([
      'audit',
      '--reg-file',
      file('stock.reg'),
      '--profile',
      file('nope.json'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `sinkguard: --profile: '${file('nope.json')}' is neither recommended, strict nor a readable profile file (ENOENT)\n`,
    );
  });

  it('refuses a broken .reg file with its line, and combining --reg-file with --registry', async () => {
    const truncated = await runCliCaptured(['audit', '--reg-file', file('truncated.reg')]);
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(
      new RegExp(`^sinkguard: ${file('truncated.reg').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*line \\d+`),
    );
    const both = await runCliCaptured(['audit', '--reg-file', file('stock.reg'), '--registry', 'simulated']);
    expect(both).toMatchObject({ code: 2, stdout: '' });
    expect(both.stderr).toContain('cannot be combined with --registry');
  });

  it('audits a simulated machine through --registry', async () => {
    const run = await runCliCaptured(['audit', '--registry', 'simulated:gpo-managed', '--json']);
    expect(run.stderr).toBe('');
    const report = AuditReportSchema.parse(JSON.parse(run.stdout));
    expect(
      report.findings.find((entry) => entry.settingId === 'dcom.machine-access-restriction')?.verdict,
    ).toBe('managed');
    const unknown = await runCliCaptured(['audit', '--registry', 'floppy']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('floppy');
  });
});
