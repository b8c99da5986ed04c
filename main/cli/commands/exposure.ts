import { CliExit, ExitCode } from '../io';
import { exitCodesHelp } from '../exit-codes-help';
import type { RegisterCommand } from '../program';
import { addRegistryOption, openRegistry } from '../../registry/select';
import { FIREWALL_KEYS, readFirewallStore } from '../../domain/firewall/store';
import { analyzeExposure, type ExposureReport } from '../../domain/firewall/exposure';

function renderText(report: ExposureReport): string {
  const lines: string[] = ['Firewall profiles'];
  for (const profile of report.profiles) lines.push(`  ${profile.explanation}`);
  lines.push('', `RPC dynamic ports: ${report.rpcDynamicPorts.explanation}`);
  for (const target of report.targets) {
    lines.push('', `${target.target.title}: ${target.ports}`);
    for (const exposure of target.profiles) {
      lines.push(
        `  ${exposure.profile.padEnd(8)}${exposure.open ? 'OPEN  ' : 'closed'}  ${exposure.explanation}`,
      );
    }
  }
  lines.push('', report.findings.length === 0 ? 'No findings.' : 'Findings');
  for (const finding of report.findings)
    lines.push(`  [${finding.severity}] ${finding.code}: ${finding.message}`);
  return `${lines.join('\n')}\n`;
}

export const registerExposure: RegisterCommand = (command, io, result) => {
  command.addHelpText(
    'after',
    exitCodesHelp({
      ok: 'no high or medium finding',
      findings: 'a high or medium exposure (a port or callback reachable from too far)',
      error: 'bad usage, or the registry backend failing',
    }),
  );
  addRegistryOption(command)
    .option('--json', 'print the analysis as JSON')
    .action(async (options: { registry: string; json?: boolean }) => {
      let registry;
      try {
        registry = (await openRegistry(options.registry, { platform: io.platform, env: io.env })).port;
      } catch (error) {
        throw new CliExit(ExitCode.error, error instanceof Error ? error.message : String(error));
      }
      const report = analyzeExposure(readFirewallStore(await registry.readKeys(FIREWALL_KEYS)));
      io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : renderText(report));
      const serious = report.findings.some(
        (finding) => finding.severity === 'high' || finding.severity === 'medium',
      );
      result.code = serious ? ExitCode.findings : ExitCode.ok;
    });
};
