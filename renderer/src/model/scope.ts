import { scopeEntryProblem } from '../../../main/domain/profiles/scope';
import { countPorts, parsePortSpec } from '../../../main/domain/catalog/rpc-ports';

/**
 * The firewall wizard's remote-address scope, typed as free text (one entry per line or comma-separated) and
 * validated live with the same rules a profile's management scope follows: LocalSubnet, an address, a CIDR block or
 * a range; never Any.
 */
export interface ScopeInput {
  readonly entries: readonly string[];
  /** One message per bad entry, naming it and its position (1-based). */
  readonly problems: readonly string[];
}

export function parseScopeText(text: string): ScopeInput {
  const entries = text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    const problem = scopeEntryProblem(entry);
    if (problem !== null) problems.push(`Entry ${index + 1}: ${problem}`);
  });
  const seen = new Set<string>();
  entries.forEach((entry, index) => {
    const folded = entry.toLowerCase();
    if (seen.has(folded)) problems.push(`Entry ${index + 1}: "${entry}" is listed twice`);
    seen.add(folded);
  });
  if (entries.length === 0) problems.push('Name at least one management address, subnet or LocalSubnet.');
  return { entries, problems };
}

/** The RPC dynamic port restriction typed as `5000-5100, 5200`: entries, their port count and problems. */
export interface PortsInput {
  readonly ports: readonly string[];
  readonly count: number;
  readonly problems: readonly string[];
}

export function parsePortsText(text: string, minimumPorts = 100): PortsInput {
  const ports = text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const problems: string[] = [];
  const ranges = ports.flatMap((entry, index) => {
    const { range, problem } = parsePortSpec(entry);
    if (problem !== null) problems.push(`Entry ${index + 1}: ${problem}`);
    return range ? [range] : [];
  });
  const count = countPorts(ranges);
  if (ports.length === 0) problems.push('Name the ports RPC servers may use, e.g. 5000-5100.');
  else if (problems.length === 0 && count < minimumPorts)
    problems.push(`${count} ports is too few: Microsoft recommends at least ${minimumPorts}.`);
  return { ports, count, problems };
}
