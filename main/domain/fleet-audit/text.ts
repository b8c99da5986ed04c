import { STANDING_LABELS, STANDINGS } from '../report/standing';
import { MATRIX_SETTINGS } from './aggregate';
import type { FleetReportBody } from './report';

/** One character per standing in the text matrix. */
const CELL: Readonly<Record<(typeof STANDINGS)[number], string>> = {
  critical: 'C',
  high: 'H',
  medium: 'M',
  low: 'L',
  managed: 'G',
  unreadable: '?',
  ok: '.',
};

/** "a, b, c and 4 more": a host list shortened for one line. */
export function hostList(hosts: readonly string[], shown = 8, total = hosts.length): string {
  if (total <= shown) return hosts.join(', ');
  return `${hosts.slice(0, shown).join(', ')} and ${total - shown} more`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Control characters never reach the terminal: a host name or problem from the fleet is shown escaped. */
const printable = (text: string) =>
  text.replace(/\p{Cc}/gu, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`);

/** The fleet report for a terminal: counts by standing and by finding, the unreadable hosts, drift, the matrix. */
export function fleetText(
  input: FleetReportBody & {
    readonly profile: string;
    readonly collection: string;
  },
): string {
  const { counts, rows } = input;
  const lines = [
    `SinkGuard fleet audit of ${printable(input.collection)} against the "${input.profile}" profile`,
    `${plural(counts.hosts, 'host')}: ${counts.audited} audited, ${counts.unreadable} could not be read.`,
    `Audited hosts by their worst setting: ${STANDINGS.map((s) => `${counts.byWorstStanding[s]} ${STANDING_LABELS[s]}`).join(', ')}.`,
    '',
    'By setting',
  ];
  for (const entry of counts.bySetting)
    lines.push(
      `  ${plural(entry.hosts.length, 'host')} ${STANDING_LABELS[entry.standing]}: ${entry.title}: ${hostList(entry.hosts)}`,
    );
  if (counts.byFinding.length > 0) lines.push('', 'By finding');
  for (const entry of counts.byFinding)
    lines.push(
      `  ${plural(entry.count, 'host')}: ${printable(entry.finding)} (${entry.settingId}): ${hostList(entry.hosts, 8, entry.count)}`,
    );
  if (counts.findingsNotCounted)
    lines.push('  (more distinct findings than are tracked: the rarest are left out)');
  if (input.problems.size > 0) lines.push('', 'Could not be read');
  for (const [host, problem] of input.problems) lines.push(`  ${printable(host)}: ${printable(problem)}`);
  if (input.drift) {
    const { drift } = input;
    lines.push('', `Drift since ${printable(drift.compareTo)}: ${plural(drift.changed.length, 'change')}`);
    for (const change of drift.changed)
      lines.push(
        `  ${change.host}: ${change.title}: ${change.from ?? 'not audited'} → ${change.to ?? 'not audited'}`,
      );
    if (drift.newHosts.length > 0) lines.push(`  New hosts: ${hostList(drift.newHosts)}`);
    if (drift.goneHosts.length > 0)
      lines.push(`  Hosts no longer in the collection: ${hostList(drift.goneHosts)}`);
  }
  lines.push(
    '',
    'Matrix (C critical, H high, M medium, L low, G Group Policy, ? unreadable, . ok, blank not assessed)',
  );
  MATRIX_SETTINGS.forEach((setting, index) =>
    lines.push(`  ${String(index + 1).padStart(2)} ${setting.settingId}`),
  );
  const width = Math.min(40, Math.max(4, ...rows.map((row) => row.host.length)));
  const header = MATRIX_SETTINGS.map((_, index) => String((index + 1) % 10)).join('');
  lines.push(`  ${''.padEnd(width)} ${header}`);
  for (const row of rows) {
    const cells =
      row.status === 'audited'
        ? row.standings.map((s) => (s === null ? ' ' : CELL[s])).join('')
        : 'could not be read';
    lines.push(`  ${row.host.slice(0, width).padEnd(width)} ${cells}`);
  }
  return `${lines.join('\n')}\n`;
}
