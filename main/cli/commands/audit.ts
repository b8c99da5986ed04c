import { Option } from 'commander';
import { exitCodesHelp } from '../exit-codes-help';
import { CliExit, ExitCode, type CliIO } from '../io';
import type { RegisterCommand } from '../program';
import {
  NOT_IN_EXPORT,
  readForAudit,
  runAudit,
  type AuditReport,
  type Finding,
} from '../../domain/audit/index';
import type { Profile } from '../../domain/profiles/profile';
import { ExportReadError, auditExportFiles, readManifest } from '../../app/offline-audit';
import { SEVERITIES, severityRank, type Severity } from '../../domain/catalog/index';
import { loadProfileChoice } from '../profile-choice';
import { auditMachineBlock } from '../../app/audit-machine';
import { STANDINGS, standingCounts } from '../../domain/report/standing';
import { policyOnlyReadings, policyOnlySentence } from '../../domain/report/policy-only';
import { RegistryError } from '../../registry/errors';
import { addRegistryOption, openRegistry } from '../../registry/select';
import type { RegistryPort } from '../../registry/types';

const FAIL_ON = [...SEVERITIES, 'none'] as const;
type FailOn = (typeof FAIL_ON)[number];

interface AuditOptions {
  readonly registry?: string;
  readonly regFile: readonly string[];
  readonly manifest?: string;
  readonly profile: string;
  readonly json?: boolean;
  readonly failOn: FailOn;
}

function reason(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

async function openPort(options: AuditOptions, io: CliIO): Promise<RegistryPort> {
  try {
    return (await openRegistry(options.registry ?? 'auto', { platform: io.platform, env: io.env })).port;
  } catch (error) {
    throw new CliExit(ExitCode.error, reason(error));
  }
}

/** The live audit: the registry read through the chosen backend. */
async function auditLive(options: AuditOptions, io: CliIO, profile: Profile): Promise<AuditReport> {
  const port = await openPort(options, io);
  let snapshots;
  try {
    snapshots = await readForAudit(port, profile);
  } catch (error) {
    if (error instanceof RegistryError)
      throw new CliExit(ExitCode.error, `reading the registry: ${error.message}`);
    throw error;
  }
  const machine = await auditMachineBlock(port, { platform: io.platform, env: io.env });
  const { schemaVersion, ...audited } = runAudit(snapshots, profile);
  return { schemaVersion, machine, ...audited };
}

/** The offline audit of `reg export` files (and a collector's manifest); a file that does not load stops it. */
async function auditExports(options: AuditOptions, io: CliIO, profile: Profile): Promise<AuditReport> {
  try {
    const manifest = options.manifest === undefined ? null : await readManifest(options.manifest);
    return await auditExportFiles(options.regFile, manifest, profile, { platform: io.platform, env: io.env });
  } catch (error) {
    if (error instanceof ExportReadError) throw new CliExit(ExitCode.error, error.message);
    throw error;
  }
}

/** How many findings could not be audited because their keys are not in the export. */
const notInExportCount = (report: AuditReport): number =>
  report.findings.filter(
    (finding) => finding.verdict === 'unreadable' && finding.explanation.includes(`${NOT_IN_EXPORT}:`),
  ).length;

const truncate = (text: string, width: number): string =>
  text.length <= width ? text : `${text.slice(0, width - 1)}…`;

function describeChange(finding: Finding): string | null {
  if (!finding.change) return null;
  const restart = finding.restartRequired ? ' (restart required)' : '';
  return `Change: ${finding.change.from} → ${finding.change.to}${restart}`;
}

export function renderAuditText(report: AuditReport, machine: string): string {
  const lines: string[] = [
    `SinkGuard audit of ${machine} against the "${report.profile.name}" profile ` +
      `(management scope: ${report.profile.managementScope.join(', ')})`,
    ...(report.machine
      ? [
          `Host: ${report.machine.hostName ?? 'not named'}; ${report.machine.osBuild}; ` +
            `audited ${report.machine.time} by SinkGuard ${report.machine.sinkguardVersion}`,
        ]
      : []),
    '',
    `${'STANDING'.padEnd(11)}${'SETTING'.padEnd(44)}EFFECTIVE`,
  ];
  for (const finding of report.findings) {
    lines.push(
      `${finding.standing.padEnd(11)}${finding.settingId.padEnd(44)}` +
        truncate(finding.effective.display, 70),
    );
  }
  const attention = report.findings.filter((finding) => finding.verdict !== 'ok');
  if (attention.length > 0) lines.push('', 'Details');
  for (const finding of attention) {
    lines.push('', `[${finding.standing}] ${finding.title}`);
    lines.push(`  ${finding.explanation}`);
    for (const detail of finding.details) lines.push(`  - ${detail}`);
    // Group Policy's value is the effective one above; the local value it overrides is shown too.
    if (finding.managedByPolicy && finding.policy)
      lines.push(`  Group Policy value (in force): ${finding.policy.display}`);
    if (finding.managedByPolicy && finding.local)
      lines.push(`  Local value (overridden by Group Policy): ${finding.local.display}`);
    if (finding.managedByPolicy) lines.push('  Not changeable locally: change the Group Policy object.');
    else if (finding.remedy === 'group-policy')
      lines.push('  Not changeable locally: only Group Policy sets it.');
    else if (finding.remedy === 'manual') lines.push('  Reported only: SinkGuard does not change it.');
    const change = describeChange(finding);
    if (change) lines.push(`  ${change}`);
  }
  const policyOnly = policyOnlyReadings(report);
  if (policyOnly.length > 0)
    lines.push('', 'RPC settings only Group Policy sets (no local change reaches them)');
  for (const { setting, reading } of policyOnly) lines.push(`  - ${policyOnlySentence(setting, reading)}`);
  const counts = standingCounts(report.findings);
  lines.push(
    '',
    `${report.findings.length} settings: ${STANDINGS.map((standing) => `${counts[standing]} ${standing}`).join(', ')}. ` +
      `Posture score: ${report.summary.score}/100.`,
  );
  const missing = report.machine?.keysNotInExport ?? [];
  if (missing.length > 0) {
    lines.push(
      `Not in the export: ${notInExportCount(report)} settings are unknown, not compliant: the export holds ` +
        `no ${missing.join(', ')} (export these keys too).`,
    );
  }
  if (report.notAssessed.length > 0) {
    lines.push(
      `Not assessed by this profile: ${report.notAssessed.map((entry) => entry.settingId).join(', ')}.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function exceeds(report: AuditReport, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  const threshold = severityRank(failOn);
  return report.findings.some(
    (finding) => finding.severity !== null && severityRank(finding.severity as Severity) >= threshold,
  );
}

export const registerAudit: RegisterCommand = (command, io, result) => {
  command.addHelpText(
    'after',
    exitCodesHelp({
      ok: 'no finding at or above --fail-on',
      findings: 'a finding at or above --fail-on (default: low)',
      error: 'bad usage, a profile or .reg file that does not load, or the registry backend failing',
    }),
  );
  // No default here: --reg-file stands in for the registry, and the two cannot be combined.
  addRegistryOption(command, null)
    .option(
      '--reg-file <file>',
      'audit a `reg export` file taken on another machine, offline (repeat for several files)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option(
      '--manifest <file>',
      'the sinkguard-manifest.json a SinkGuard collector wrote beside the --reg-file exports (keys it found absent or could not read, host name)',
    )
    .option(
      '--profile <profile>',
      'recommended, strict (any case), or a profile file (JSON or YAML; `sinkguard profile show` prints one to copy)',
      'recommended',
    )
    .option('--json', 'print the report as JSON (schema: docs/audit-report.schema.json)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices(FAIL_ON)
        .default('low'),
    )
    .action(async (options: AuditOptions) => {
      const profile = await loadProfileChoice(options.profile, (text) =>
        io.stderr(`sinkguard: note: ${text}\n`),
      );
      if (options.regFile.length > 0 && options.registry !== undefined) {
        throw new CliExit(
          ExitCode.error,
          '--reg-file audits a file offline; it cannot be combined with --registry',
        );
      }
      if (options.manifest !== undefined && options.regFile.length === 0)
        throw new CliExit(ExitCode.error, '--manifest describes --reg-file exports; give them too');
      const report =
        options.regFile.length > 0
          ? await auditExports(options, io, profile)
          : await auditLive(options, io, profile);
      io.stdout(
        options.json
          ? `${JSON.stringify(report, null, 2)}\n`
          : renderAuditText(report, report.machine?.source ?? 'this machine'),
      );
      result.code = exceeds(report, options.failOn) ? ExitCode.findings : ExitCode.ok;
    });
};
