import { stat, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { Option } from 'commander';
import { exitCodesHelp } from '../exit-codes-help';
import { CliExit, ExitCode, type CliIO } from '../io';
import { loadProfileChoice } from '../profile-choice';
import { SEVERITIES, severityRank, type Severity } from '../../domain/catalog/index';
import { MATRIX_SETTINGS, fleetHtml, fleetText, type FleetHost } from '../../domain/fleet-audit/index';
import { runFleetAudit } from '../../app/fleet/run';
import { APP_VERSION } from '../../platform/version';

const FAIL_ON = [...SEVERITIES, 'none'] as const;
type FailOn = (typeof FAIL_ON)[number];

interface FleetAuditOptions {
  readonly profile: string;
  readonly json?: boolean;
  readonly html?: string;
  readonly compare?: string;
  readonly failOn: FailOn;
  readonly threads?: string;
}

async function requireDirectory(path: string, what: string): Promise<void> {
  const found = await stat(path).catch(() => null);
  if (!found?.isDirectory()) throw new CliExit(ExitCode.error, `${what} '${path}' is not a folder`);
}

/**
 * `sinkguard fleet audit DIR`: every host of a collection audited offline, as `audit --reg-file` audits one, on all
 * cores; the JSON report streams host by host (each with its full audit report), so memory stays bounded.
 */
export function registerFleetAudit(fleet: Command, io: CliIO, result: { code: ExitCode }): void {
  fleet
    .command('audit')
    .description(
      'audit a collection offline: a folder of collector bundles (one per host) or of plain `reg export` files named after their hosts',
    )
    .argument('<dir>', 'the collection folder')
    .addHelpText(
      'after',
      exitCodesHelp({
        ok: 'every host read, no finding at or above --fail-on',
        findings: 'a host has a finding at or above --fail-on (default: low)',
        error:
          'bad usage, a profile that does not load, a folder that is not one, or --html that cannot be written',
        hostsUnreadable:
          'some hosts could not be read (the rest were audited; the report names them and why)',
      }),
    )
    .option(
      '--profile <profile>',
      'recommended, strict (any case), or a profile file (JSON or YAML)',
      'recommended',
    )
    .option('--json', 'print the fleet report as JSON (schema: docs/fleet-report.schema.json)')
    .option('--html <file>', 'also write the report as one self-contained HTML file')
    .option(
      '--compare <old-dir>',
      'an earlier collection: report what changed, host by host and setting by setting',
    )
    .option('--threads <n>', 'worker threads (default: every core)')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity')
        .choices(FAIL_ON)
        .default('low'),
    )
    .action(async (directory: string, options: FleetAuditOptions) => {
      const profile = await loadProfileChoice(options.profile, (text) =>
        io.stderr(`sinkguard: note: ${text}\n`),
      );
      const threads = options.threads === undefined ? undefined : Number(options.threads);
      if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 256))
        throw new CliExit(ExitCode.error, `--threads: '${options.threads}' is not a number from 1 to 256`);
      await requireDirectory(directory, 'the collection');
      if (options.compare !== undefined) await requireDirectory(options.compare, '--compare');
      const now = new Date();
      let first = true;
      const onHost = options.json
        ? (host: FleetHost) => {
            io.stdout(`${first ? '' : ','}\n${JSON.stringify(host)}`);
            first = false;
          }
        : undefined;
      if (options.json) {
        const head = JSON.stringify({
          schemaVersion: 1,
          generatedAt: now.toISOString(),
          sinkguardVersion: APP_VERSION,
          collection: directory,
          profile: {
            name: profile.name,
            description: profile.description ?? null,
            managementScope: [...profile.managementScope],
          },
        });
        // Streamed: the head's fields, then the hosts one by one, then what is computed from all of them.
        io.stdout(`${head.slice(0, -1)},"hosts":[`);
      }
      const run = await runFleetAudit({
        directory,
        profile,
        compare: options.compare,
        threads,
        platform: io.platform,
        onHost,
        now,
      });
      if (options.json) {
        const tail = {
          matrix: { settings: MATRIX_SETTINGS, rows: run.rows },
          counts: run.counts,
          drift: run.drift,
        };
        io.stdout(`\n],${JSON.stringify(tail).slice(1)}\n`);
      } else {
        io.stdout(
          fleetText({
            profile: profile.name,
            collection: directory,
            rows: run.rows,
            problems: run.problems,
            counts: run.counts,
            drift: run.drift,
          }),
        );
      }
      if (options.html !== undefined) {
        const html = fleetHtml({
          profile: profile.name,
          collection: directory,
          generatedAt: run.generatedAt,
          appVersion: run.version,
          rows: run.rows,
          problems: run.problems,
          counts: run.counts,
          drift: run.drift,
        });
        try {
          await writeFile(options.html, html);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
          throw new CliExit(ExitCode.error, `--html: cannot write '${options.html}' (${code})`);
        }
      }
      const failOn = options.failOn;
      const exceeded =
        failOn !== 'none' &&
        [...run.severities].some((severity) => severityRank(severity as Severity) >= severityRank(failOn));
      result.code =
        run.counts.unreadable > 0 ? ExitCode.hostsUnreadable : exceeded ? ExitCode.findings : ExitCode.ok;
    });
}
