import { writeFile } from 'node:fs/promises';
import { Option } from 'commander';
import { exitCodesHelp } from '../exit-codes-help';
import { CliExit, ExitCode } from '../io';
import type { RegisterCommand } from '../program';
import { COLLECTOR_FORMATS, compileCollector, type CollectorFormat } from '../../domain/fleet/collector';
import { MANIFEST_FILE_NAME } from '../../domain/fleet/manifest';
import { AUDIT_KEY_LIST } from '../../registry/audit-keys';
import { registerFleetAudit } from './fleet-audit';

/**
 * `sinkguard fleet collector` writes a collector for engines admins already run (Ansible, PowerShell remoting);
 * `sinkguard fleet audit` audits what it collected (fleet-audit.ts).
 */
export const registerFleet: RegisterCommand = (command, io, result) => {
  command.addHelpText(
    'after',
    exitCodesHelp({
      ok: 'done',
      findings: 'audit: a host has a finding at or above --fail-on',
      error: 'bad usage (see each subcommand’s --help)',
      hostsUnreadable: 'audit: some hosts could not be read',
    }),
  );
  command
    .command('collector')
    .description(
      'write a collector that exports, on every host, exactly the registry keys the audit reads, one folder per ' +
        `host with a ${MANIFEST_FILE_NAME}: an Ansible playbook or a PowerShell script`,
    )
    .addHelpText(
      'after',
      exitCodesHelp({ ok: 'written', error: 'bad usage, or --out that cannot be written' }),
    )
    .addOption(
      new Option(
        '--format <format>',
        'ansible: a playbook (ansible.windows); ps1: for Invoke-Command or a task',
      )
        .choices(COLLECTOR_FORMATS)
        .makeOptionMandatory(),
    )
    .option('--out <file>', 'write to this file; default stdout')
    .action(async (options: { format: CollectorFormat; out?: string }) => {
      const text = compileCollector(options.format, AUDIT_KEY_LIST);
      if (options.out === undefined) io.stdout(text);
      else {
        try {
          await writeFile(options.out, text);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? 'unwritable';
          throw new CliExit(ExitCode.error, `--out: cannot write '${options.out}' (${code})`);
        }
      }
      result.code = ExitCode.ok;
    });
  registerFleetAudit(command, io, result);
};
