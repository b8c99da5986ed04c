import { formatAddressEntry, formatPortEntry } from './addresses';
import { countPorts, formatPortRanges, type PortRange } from '../catalog/rpc-ports';
import { intersectRanges } from './rpc-ports';
import type { FirewallRule } from './rule-string';
import { type ExposureTarget, EXPOSURE_TARGETS } from './exposure-model';

/** Whether a firewall rule reaches an exposure target: its direction, protocol, ports, program and service. */

/** Comparable program path: case-folded, `%SystemRoot%`/`%windir%` expanded to C:\Windows, `\\` runs collapsed. */
export function normaliseProgramPath(path: string): string {
  return path
    .trim()
    .toLowerCase()
    .replace(/^%(systemroot|windir)%/, 'c:\\windows')
    .replace(/\\+/g, '\\');
}

export interface RuleMatch {
  readonly coveredPorts: readonly PortRange[];
  readonly coversAllPorts: boolean;
  readonly byPortNumber: boolean;
  readonly conditions: readonly string[];
}

export function targetPorts(target: ExposureTarget, dynamic: readonly PortRange[]): PortRange[] {
  return target.ports === 'endpoint-mapper' ? [{ first: 135, last: 135 }] : [...dynamic];
}

export function matchRule(
  rule: FirewallRule,
  target: ExposureTarget,
  dynamic: readonly PortRange[],
): RuleMatch | null {
  if (rule.direction !== 'In') return null;
  if (rule.protocol !== null && rule.protocol !== 6) return null;
  // A packaged (app container) rule is for that package only; the targets are not packaged.
  if (rule.packageSid !== null) return null;
  if (rule.app !== null && normaliseProgramPath(rule.app) !== normaliseProgramPath(target.program))
    return null;
  if (rule.service !== null) {
    if (rule.service === '*') {
      if (target.service === null) return null;
    } else if (target.service === null || rule.service.toLowerCase() !== target.service.toLowerCase()) {
      return null;
    }
  }
  const wanted = targetPorts(target, dynamic);
  let covered: PortRange[] = [];
  let byPortNumber = false;
  if (rule.localPorts === 'any') {
    covered = wanted;
  } else {
    for (const entry of rule.localPorts) {
      if (entry.kind === 'keyword') {
        const keyword = entry.keyword;
        if (
          (keyword === 'RPC-EPMap' && target.ports === 'endpoint-mapper') ||
          (keyword === 'RPC' && target.ports === 'dynamic')
        ) {
          covered.push(...wanted);
        }
      } else {
        const overlap = intersectRanges([entry], wanted);
        if (overlap.length > 0) byPortNumber = true;
        covered.push(...overlap);
      }
    }
    covered = intersectRanges(covered, wanted);
  }
  if (covered.length === 0) return null;
  const coversAllPorts = countPorts(covered) === countPorts(wanted);
  const conditions: string[] = [];
  if (!coversAllPorts) conditions.push(`only ports ${formatPortRanges(covered)}`);
  if (rule.localAddresses !== 'any') {
    conditions.push(`only to local addresses ${rule.localAddresses.map(formatAddressEntry).join(', ')}`);
  }
  if (rule.remotePorts !== 'any')
    conditions.push(`only from remote ports ${rule.remotePorts.map(formatPortEntry).join(',')}`);
  if (rule.interfaceTypes.length > 0) conditions.push(`only on ${rule.interfaceTypes.join(', ')} interfaces`);
  if (rule.interfaces.length > 0) conditions.push(`only on interfaces ${rule.interfaces.join(', ')}`);
  if (rule.security.length > 0)
    conditions.push(`only for IPsec-secured connections (${rule.security.join(', ')})`);
  if (rule.localUserOwner !== null) conditions.push(`only for processes owned by ${rule.localUserOwner}`);
  if (rule.localUserAuthorization !== null)
    conditions.push(`only for local users in ${rule.localUserAuthorization}`);
  if (rule.remoteMachineAuthorization !== null) {
    conditions.push(`only for remote machines in ${rule.remoteMachineAuthorization}`);
  }
  if (rule.remoteUserAuthorization !== null)
    conditions.push(`only for remote users in ${rule.remoteUserAuthorization}`);
  if (rule.conditionalLocalUserAuthorization !== null)
    conditions.push('only for local users a conditional authorization list admits (LUAuth2_24)');
  if (rule.trustTupleKeywords.length > 0) {
    conditions.push(
      `only for trust tuple ${rule.trustTupleKeywords.map((keyword) => keyword.keyword).join(', ')} traffic`,
    );
  }
  if (rule.networkNames !== null) conditions.push(`only on the networks named in NNm=${rule.networkNames}`);
  if (rule.securityRealmId !== null) conditions.push(`only for security realm ${rule.securityRealmId}`);
  const platform = platformCondition(rule);
  if (platform) conditions.push(platform);
  return { coveredPorts: covered, coversAllPorts, byPortNumber, conditions };
}

/** Whether an inbound rule reaches a dynamic-port target (the WMI service, the callback receiver) on `dynamic`. */
export function opensDynamicTarget(rule: FirewallRule, dynamic: readonly PortRange[]): boolean {
  return EXPOSURE_TARGETS.some(
    (target) => target.ports === 'dynamic' && matchRule(rule, target, dynamic) !== null,
  );
}

/**
 * A rule limited to platforms (Platform=2:6:2|Platform2=GTEQ: Windows NT 6.2 or later) applies only there. The
 * Windows versions SinkGuard audits (10, 11, Server 2016 and later) are all NT 10.0, so a validity list that admits
 * NT 10.0 is no condition; any other list is one SinkGuard cannot settle offline.
 */
export function platformCondition(rule: FirewallRule): string | null {
  if (rule.platforms.length === 0) return null;
  const admitsNt10 = rule.platforms.some((entry, index) => {
    const atLeast = rule.platformOperator === 'GTEQ' && index === rule.platforms.length - 1;
    const version = entry.majorVersion * 256 + entry.minorVersion;
    return entry.platform === 2 && (atLeast ? version <= 10 * 256 : version === 10 * 256);
  });
  if (admitsNt10) return null;
  const listed = rule.platforms
    .map((entry, index) => {
      const atLeast = rule.platformOperator === 'GTEQ' && index === rule.platforms.length - 1;
      return `${entry.platform}:${entry.majorVersion}.${entry.minorVersion}${atLeast ? ' or later' : ''}`;
    })
    .join(', ');
  return `only on platform ${listed}`;
}

// --- scopes -----------------------------------------------------------------------------------------------------
