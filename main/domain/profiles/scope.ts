import {
  AddressSyntaxError,
  entryInterval,
  parseAddressToken,
  type AddressInterval,
} from '../firewall/addresses';
import { FirewallChangeError, parseNarrowScope } from '../firewall/commands';

/**
 * The management scope a profile carries: where remote management may come from. Entries are the firewall's
 * RemoteAddress forms that make sense for a narrow rule: `LocalSubnet`, an IPv4/IPv6 address, a CIDR block or an
 * inclusive address range `a-b`. `Any` is refused: a scope that is everywhere is not a scope.
 */
export type ScopeEntry = string;

/**
 * Why `entry` is not a valid management scope entry, or null when it is. A profile's scope becomes firewall rules, so
 * what a narrow rule accepts (parseNarrowScope: no host bits, no zone index, no keyword but LocalSubnet, not
 * everywhere) decides; a profile file is also held to one spelling, since admins diff and review these files.
 */
export function scopeEntryProblem(entry: string): string | null {
  const text = entry.trim();
  if (text !== entry || text === '') return `"${entry}" must be a non-empty entry without surrounding spaces`;
  if (/^localsubnet$/i.test(text) && text !== 'LocalSubnet') return `"${entry}" must be spelled LocalSubnet`;
  try {
    parseNarrowScope([text]);
    return null;
  } catch (error) {
    // parseNarrowScope numbers the entries of a list; a profile's finding names the entry itself.
    if (error instanceof FirewallChangeError)
      return error.message.replace(/^scope entry 1 \(("(?:[^"\\]|\\.)*")\)/, '$1');
    throw error;
  }
}

/**
 * The address intervals an entry covers (address, subnet or range, in any spelling the firewall writes), or null for
 * a keyword or anything unreadable.
 */
function addressIntervals(entry: string): AddressInterval[] | null {
  try {
    return entryInterval(
      parseAddressToken(entry, null, { allowKeywords: true, onHostBits: () => undefined }),
    );
  } catch (error) {
    if (error instanceof AddressSyntaxError) return null;
    throw error;
  }
}

/**
 * Whether a remote-address entry (as the firewall analysis prints it: a keyword, an address, a CIDR block or a
 * range) lies inside the management scope. A keyword is inside only when the scope names the same keyword:
 * SinkGuard cannot tell offline which addresses `LocalSubnet` covers on the machine.
 */
export function scopeCovers(scope: readonly string[], entry: string): boolean {
  const intervals = addressIntervals(entry);
  if (intervals === null) return scope.some((allowed) => allowed.toLowerCase() === entry.toLowerCase());
  const allowed = scope.flatMap((item) => addressIntervals(item) ?? []);
  return intervals.every((interval) =>
    allowed.some(
      (outer) =>
        outer.family === interval.family && outer.first <= interval.first && interval.last <= outer.last,
    ),
  );
}
