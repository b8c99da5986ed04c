import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, medianMs, throughput, type BenchSection } from './harness';
import { formatFirewallRule, parseFirewallRule } from '../../main/domain/firewall/rule-string';
import { FIREWALL_KEYS, readFirewallStore } from '../../main/domain/firewall/store';
import { analyzeExposure } from '../../main/domain/firewall/exposure';
import { openSimulatedMachine, MACHINE_PROFILES } from '../../main/registry/machines';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Parse+format throughput of the conformance rule strings, and exposure analysis time per simulated machine. */
export async function bench(): Promise<BenchSection> {
  const file = path.resolve(repoRoot, '..', 'shared', 'conformance', 'firewall_rules.json');
  const rules = (JSON.parse(readFileSync(file, 'utf8')) as { rule: string }[]).map((entry) => entry.rule);
  const bytes = rules.reduce((sum, rule) => sum + rule.length, 0);
  const roundTrip = throughput(() => {
    for (const rule of rules) formatFirewallRule(parseFirewallRule(rule));
  });
  const lines = [
    '| measurement | figure |',
    '|---|---|',
    `| parse + format, ${rules.length} conformance rule strings | ${fmt((roundTrip.opsPerSecond * rules.length) / 1000, 1)} k rules/s (${fmt((roundTrip.opsPerSecond * bytes) / 1e6, 1)} M chars/s) |`,
  ];
  for (const machine of MACHINE_PROFILES) {
    const registry = await openSimulatedMachine(machine);
    const snapshots = await registry.readKeys(FIREWALL_KEYS);
    const ruleCount = readFirewallStore(snapshots).rules.length;
    const ms = await medianMs(async () => analyzeExposure(readFirewallStore(snapshots)), 21);
    lines.push(
      `| exposure analysis incl. store parse, ${machine} (${ruleCount} rules) | ${fmt(ms, 2)} ms (median of 21) |`,
    );
  }
  return { title: 'Firewall', lines };
}
