import ipaddr from 'ipaddr.js';

/**
 * The management scope a profile carries: where remote management may come from. Entries are the firewall's
 * RemoteAddress forms that make sense for a narrow rule: `LocalSubnet`, an IPv4/IPv6 address, a CIDR block or an
 * inclusive address range `a-b`. `Any` is refused: a scope that is everywhere is not a scope.
 */
export type ScopeEntry = string;

function isAddress(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text) || ipaddr.IPv6.isValid(text);
}

/** Why `entry` is not a valid management scope entry, or null when it is. */
export function scopeEntryProblem(entry: string): string | null {
  const text = entry.trim();
  if (text !== entry || text === '') return `"${entry}" must be a non-empty entry without surrounding spaces`;
  if (/^(any|\*)$/i.test(text))
    return `"${entry}" would allow every address; name the management hosts or LocalSubnet`;
  if (text === 'LocalSubnet') return null;
  if (/^localsubnet$/i.test(text)) return `"${entry}" must be spelled LocalSubnet`;
  if (isAddress(text)) return null;
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const address = text.slice(0, slash);
    const prefix = text.slice(slash + 1);
    if (!isAddress(address) || !/^\d{1,3}$/.test(prefix)) return `"${entry}" is not a valid CIDR block`;
    const max = ipaddr.parse(address).kind() === 'ipv4' ? 32 : 128;
    if (Number(prefix) > max) return `"${entry}" has a prefix length above ${max}`;
    return Number(prefix) === 0 ? `"${entry}" would allow every address` : null;
  }
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const from = text.slice(0, dash);
    const to = text.slice(dash + 1);
    if (!isAddress(from) || !isAddress(to)) return `"${entry}" is not a valid address range`;
    const first = ipaddr.parse(from);
    const last = ipaddr.parse(to);
    if (first.kind() !== last.kind()) return `"${entry}" mixes IPv4 and IPv6`;
    if (compareBytes(first.toByteArray(), last.toByteArray()) > 0) return `"${entry}" ends before it starts`;
    return null;
  }
  return `"${entry}" is not LocalSubnet, an IP address, a CIDR block or an address range`;
}

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

interface Block {
  readonly family: 'ipv4' | 'ipv6';
  readonly first: bigint;
  readonly last: bigint;
}

function toBigInt(bytes: readonly number[]): bigint {
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** The address block an entry covers (address, CIDR or range), or null for a keyword or anything else. */
function addressBlock(entry: string): Block | null {
  try {
    if (isAddress(entry)) {
      const address = ipaddr.parse(entry);
      const value = toBigInt(address.toByteArray());
      return { family: address.kind(), first: value, last: value };
    }
    if (entry.includes('/')) {
      const [address, prefix] = ipaddr.parseCIDR(entry);
      const bits = address.kind() === 'ipv4' ? 32 : 128;
      const size = 1n << BigInt(bits - prefix);
      const first = (toBigInt(address.toByteArray()) / size) * size;
      return { family: address.kind(), first, last: first + size - 1n };
    }
    const dash = entry.indexOf('-');
    if (dash > 0) {
      const first = ipaddr.parse(entry.slice(0, dash));
      const last = ipaddr.parse(entry.slice(dash + 1));
      if (first.kind() !== last.kind()) return null;
      return {
        family: first.kind(),
        first: toBigInt(first.toByteArray()),
        last: toBigInt(last.toByteArray()),
      };
    }
  } catch {
    return null;
  }
  return null;
}

/**
 * Whether a remote-address entry (as the firewall analysis prints it: a keyword, an address, a CIDR block or a
 * range) lies inside the management scope. A keyword is inside only when the scope names the same keyword:
 * SinkGuard cannot tell offline which addresses `LocalSubnet` covers on the machine.
 */
export function scopeCovers(scope: readonly string[], entry: string): boolean {
  const block = addressBlock(entry);
  if (block === null) return scope.some((allowed) => allowed.toLowerCase() === entry.toLowerCase());
  return scope.some((allowed) => {
    const allowedBlock = addressBlock(allowed);
    return (
      allowedBlock !== null &&
      allowedBlock.family === block.family &&
      allowedBlock.first <= block.first &&
      block.last <= allowedBlock.last
    );
  });
}
