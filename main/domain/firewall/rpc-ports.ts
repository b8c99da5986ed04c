/**
 * Which ports RPC servers get their dynamic endpoints from: 49152–65535 by default ([R3]), or the set configured
 * under `HKLM\SOFTWARE\Microsoft\Rpc\Internet` ([R1], [R2]).
 *
 * `Ports` lists ports or ranges; `PortsInternetAvailable=Y` makes it the internet-available set, `N` the set NOT
 * available (everything else is). `UseInternetPorts=Y` makes default processes take internet ports, `N` intranet
 * ones (the complement). The complement is taken inside the default dynamic range: an assumption (the sources do
 * not name the universe), stated in every explanation that depends on it.
 */
import {
  countPorts,
  formatPortRanges,
  mergeRanges,
  parsePortSpec,
  type PortRange,
} from '../catalog/rpc-ports';
import type { KeySnapshot } from '../registry-port/types';

export const DEFAULT_DYNAMIC_RPC_RANGE: PortRange = { first: 49152, last: 65535 };

export type RpcDynamicPorts =
  | { readonly kind: 'default'; readonly ranges: readonly PortRange[]; readonly explanation: string }
  | { readonly kind: 'restricted'; readonly ranges: readonly PortRange[]; readonly explanation: string }
  /** Invalid configuration: RPC registrations fail with error 87; the default range is assumed for analysis. */
  | {
      readonly kind: 'invalid';
      readonly ranges: readonly PortRange[];
      readonly problem: string;
      readonly explanation: string;
    };

/** The parts of `universe` that `ranges` leave out. */
export function complementWithin(ranges: readonly PortRange[], universe: PortRange): PortRange[] {
  const result: PortRange[] = [];
  let next = universe.first;
  for (const range of mergeRanges(ranges)) {
    if (range.last < universe.first || range.first > universe.last) continue;
    if (range.first > next) result.push({ first: next, last: range.first - 1 });
    next = Math.max(next, range.last + 1);
  }
  if (next <= universe.last) result.push({ first: next, last: universe.last });
  return result;
}

export function intersectRanges(a: readonly PortRange[], b: readonly PortRange[]): PortRange[] {
  const result: PortRange[] = [];
  for (const x of mergeRanges(a)) {
    for (const y of mergeRanges(b)) {
      const first = Math.max(x.first, y.first);
      const last = Math.min(x.last, y.last);
      if (first <= last) result.push({ first, last });
    }
  }
  return mergeRanges(result);
}

function invalid(problem: string): RpcDynamicPorts {
  return {
    kind: 'invalid',
    ranges: [DEFAULT_DYNAMIC_RPC_RANGE],
    problem,
    explanation:
      `The RPC port restriction under Rpc\\Internet is invalid (${problem}): RPC endpoint registrations fail with ` +
      `error 87 until it is fixed. The analysis assumes the default dynamic range 49152-65535.`,
  };
}

function readYesNo(snapshot: KeySnapshot, name: string): 'Y' | 'N' | 'absent' | 'invalid' {
  const value = snapshot.values.get(name);
  if (value === undefined) return 'absent';
  if (value.type !== 'REG_SZ') return 'invalid';
  const text = value.data.trim().toUpperCase();
  return text === 'Y' || text === 'N' ? text : 'invalid';
}

export function readRpcDynamicPorts(snapshot: KeySnapshot): RpcDynamicPorts {
  const portsValue = snapshot.exists ? snapshot.values.get('Ports') : undefined;
  if (portsValue === undefined) {
    return {
      kind: 'default',
      ranges: [DEFAULT_DYNAMIC_RPC_RANGE],
      explanation: 'No RPC port restriction is configured: dynamic RPC endpoints use 49152-65535.',
    };
  }
  if (portsValue.type !== 'REG_MULTI_SZ') return invalid(`Ports is ${portsValue.type}, not REG_MULTI_SZ`);
  if (portsValue.data.length === 0) return invalid('Ports is empty');
  const listed: PortRange[] = [];
  for (const [index, text] of portsValue.data.entries()) {
    // Spaces around the numbers are read past, as they always were here; the entry itself must parse.
    const { range, problem } = parsePortSpec(text.trim().replace(/\s*-\s*/, '-'));
    if (!range) return invalid(`Ports entry ${index + 1}: ${problem}`);
    listed.push(range);
  }
  const available = readYesNo(snapshot, 'PortsInternetAvailable');
  const useInternet = readYesNo(snapshot, 'UseInternetPorts');
  if (available === 'absent' || available === 'invalid') {
    return invalid(`PortsInternetAvailable is ${available === 'absent' ? 'missing' : 'not a Y/N REG_SZ'}`);
  }
  if (useInternet === 'absent' || useInternet === 'invalid') {
    return invalid(`UseInternetPorts is ${useInternet === 'absent' ? 'missing' : 'not a Y/N REG_SZ'}`);
  }
  const internet =
    available === 'Y' ? mergeRanges(listed) : complementWithin(listed, DEFAULT_DYNAMIC_RPC_RANGE);
  const ranges = useInternet === 'Y' ? internet : complementWithin(internet, DEFAULT_DYNAMIC_RPC_RANGE);
  if (ranges.length === 0) return invalid('the configuration leaves no port for dynamic endpoints');
  const complemented = available === 'N' || useInternet === 'N';
  return {
    kind: 'restricted',
    ranges,
    explanation:
      `RPC dynamic endpoints are restricted to ${formatPortRanges(ranges)} (${countPorts(ranges)} ports; ` +
      `Ports=${portsValue.data.join(',')}, PortsInternetAvailable=${available}, UseInternetPorts=${useInternet})` +
      (complemented ? '; the complement is taken inside 49152-65535 (assumption).' : '.'),
  };
}
