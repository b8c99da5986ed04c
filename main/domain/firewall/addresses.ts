/**
 * Addresses and ports as Windows Firewall writes them in rule strings ([MS-GPFAS] 2.2.2.19) and as an admin types
 * them for a narrow scope. Pure: ipaddr.js does the address syntax, everything else is plain arithmetic on bigints
 * so that scopes can be unioned and subtracted exactly.
 */
import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

/** Address keywords of the grammar, in the spelling the specification uses (matching is case-insensitive). */
export const ADDRESS_KEYWORDS = [
  'LocalSubnet',
  'DNS',
  'DHCP',
  'WINS',
  'DefaultGateway',
  'IntrAnet',
  'IntErnet',
  'Ply2Renders',
  'RmtIntrAnet',
  'CaptivePortal',
] as const;

/** Port keywords of the grammar (LPort, LPort2_10, LPort2_20, LPort2_24, RPort2_10), matched case-insensitively. */
export const PORT_KEYWORDS = [
  'RPC',
  'RPC-EPMap',
  'Teredo',
  'IPHTTPSIn',
  'IPTLSIn',
  'IPHTTPSOut',
  'IPTLSOut',
  'Ply2Disc',
  'DHCP',
  'mDNS',
] as const;

export type AddressEntry =
  | { readonly kind: 'any' }
  /** `known: false` keeps a keyword this version does not know (newer Windows), spelled as written. */
  | {
      readonly kind: 'keyword';
      readonly family: IpFamily | null;
      readonly keyword: string;
      readonly known: boolean;
    }
  | { readonly kind: 'address'; readonly family: IpFamily; readonly address: string }
  | {
      readonly kind: 'subnet';
      readonly family: IpFamily;
      readonly network: string;
      readonly prefixLength: number;
    }
  | { readonly kind: 'range'; readonly family: IpFamily; readonly first: string; readonly last: string };

export type PortEntry =
  | { readonly kind: 'range'; readonly first: number; readonly last: number }
  | { readonly kind: 'keyword'; readonly keyword: string; readonly known: boolean };

/** A syntax problem in one address or port token; callers add where the token came from. */
export class AddressSyntaxError extends Error {
  override readonly name = 'AddressSyntaxError';
}

const KEYWORD_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
const IPV4_CHARS = /^[0-9.]+$/;
const IPV6_CHARS = /^[0-9A-Fa-f:.]+$/;

function familyOfText(text: string): IpFamily | null {
  if (IPV4_CHARS.test(text) && ipaddr.IPv4.isValidFourPartDecimal(text)) return 4;
  // The character check refuses zone ids (`%eth0`), which ipaddr.js would accept.
  if (text.includes(':') && IPV6_CHARS.test(text) && ipaddr.IPv6.isValid(text)) return 6;
  return null;
}

function parseSingleAddress(
  text: string,
  family: IpFamily | null,
  what: string,
): { family: IpFamily; address: string } {
  const found = familyOfText(text);
  if (found === null) throw new AddressSyntaxError(`'${text}' is not a valid IPv4 or IPv6 address (${what})`);
  if (family !== null && found !== family) {
    throw new AddressSyntaxError(
      `'${text}' is an IPv${found} address where IPv${family} is required (${what})`,
    );
  }
  return { family: found, address: normaliseAddress(text, found) };
}

function normaliseAddress(text: string, family: IpFamily): string {
  return family === 4 ? ipaddr.IPv4.parse(text).toString() : ipaddr.IPv6.parse(text).toString();
}

export function addressToBigInt(address: string, family: IpFamily): bigint {
  const bytes =
    family === 4 ? ipaddr.IPv4.parse(address).toByteArray() : ipaddr.IPv6.parse(address).toByteArray();
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

export function bigIntToAddress(value: bigint, family: IpFamily): string {
  const length = family === 4 ? 4 : 16;
  const bytes: number[] = [];
  for (let i = length - 1; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

export const familyBits = (family: IpFamily): number => (family === 4 ? 32 : 128);

/**
 * One address token: `Any`/`*`, a keyword, an address, `a-b`, `net/prefix` or (IPv4) `net/dotted.mask`.
 * `family` is the family the field demands (RA4 → 4), or null when either is fine.
 * A subnet with host bits set is refused (typed by an admin it is almost always a typo for another network), unless
 * `onHostBits` is given: then the entry is the network the mask selects, and `onHostBits` hears of it (`10.0.0.0/24`).
 */
export function parseAddressToken(
  token: string,
  family: IpFamily | null,
  options: { allowKeywords: boolean; onHostBits?: (network: string) => void },
): AddressEntry {
  const text = token.trim();
  if (text === '') throw new AddressSyntaxError('empty address');
  if (text === '*' || text.toLowerCase() === 'any') return { kind: 'any' };
  // Keywords start with a letter and hold no ':' or '.', so no address can be mistaken for one.
  if (KEYWORD_PATTERN.test(text)) {
    if (!options.allowKeywords) throw new AddressSyntaxError(`'${text}' is not an address, subnet or range`);
    const known = ADDRESS_KEYWORDS.find((keyword) => keyword.toLowerCase() === text.toLowerCase());
    return { kind: 'keyword', family, keyword: known ?? text, known: known !== undefined };
  }
  const slash = text.indexOf('/');
  if (slash >= 0) {
    const network = parseSingleAddress(text.slice(0, slash), family, `network of '${text}'`);
    const prefixText = text.slice(slash + 1);
    let prefixLength: number;
    if (/^\d{1,3}$/.test(prefixText)) {
      prefixLength = Number(prefixText);
      if (prefixLength > familyBits(network.family)) {
        throw new AddressSyntaxError(
          `prefix length /${prefixText} is too long for IPv${network.family} in '${text}'`,
        );
      }
    } else if (network.family === 4 && ipaddr.IPv4.isValidFourPartDecimal(prefixText)) {
      const fromMask = ipaddr.IPv4.parse(prefixText).prefixLengthFromSubnetMask();
      if (fromMask === null)
        throw new AddressSyntaxError(`'${prefixText}' is not a contiguous subnet mask in '${text}'`);
      prefixLength = fromMask;
    } else {
      throw new AddressSyntaxError(`'${prefixText}' is not a prefix length or subnet mask in '${text}'`);
    }
    const bits = BigInt(familyBits(network.family) - prefixLength);
    const value = addressToBigInt(network.address, network.family);
    if ((value & ((1n << bits) - 1n)) !== 0n) {
      const base = bigIntToAddress((value >> bits) << bits, network.family);
      if (!options.onHostBits)
        throw new AddressSyntaxError(`'${text}' has host bits set; the network is ${base}/${prefixLength}`);
      options.onHostBits(`${base}/${prefixLength}`);
      return { kind: 'subnet', family: network.family, network: base, prefixLength };
    }
    return { kind: 'subnet', family: network.family, network: network.address, prefixLength };
  }
  // A hyphen separates a range; IPv6 addresses never contain one.
  const dash = text.indexOf('-');
  if (dash >= 0) {
    const first = parseSingleAddress(text.slice(0, dash), family, `start of range '${text}'`);
    const last = parseSingleAddress(text.slice(dash + 1), first.family, `end of range '${text}'`);
    if (addressToBigInt(first.address, first.family) > addressToBigInt(last.address, last.family)) {
      throw new AddressSyntaxError(`range '${text}' starts after it ends`);
    }
    return { kind: 'range', family: first.family, first: first.address, last: last.address };
  }
  return { kind: 'address', ...parseSingleAddress(text, family, `'${text}'`) };
}

/** A port list token: `135`, `5000-5020`, `1-553,555-8553`, or a keyword such as `RPC`. */
export function parsePortList(text: string): PortEntry[] {
  if (text === '') throw new AddressSyntaxError('empty port value');
  if (KEYWORD_PATTERN.test(text)) {
    const known = PORT_KEYWORDS.find((keyword) => keyword.toLowerCase() === text.toLowerCase());
    return [{ kind: 'keyword', keyword: known ?? text, known: known !== undefined }];
  }
  return text.split(',').map((part) => {
    const match = /^\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?$/.exec(part);
    if (!match) throw new AddressSyntaxError(`'${part}' is not a port, a port range or a port keyword`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (first > 65535 || last > 65535) throw new AddressSyntaxError(`port '${part}' is outside 0-65535`);
    if (first > last) throw new AddressSyntaxError(`port range '${part}' starts after it ends`);
    return { kind: 'range', first, last };
  });
}

export function formatPortEntry(entry: PortEntry): string {
  if (entry.kind === 'keyword') return entry.keyword;
  return entry.first === entry.last ? String(entry.first) : `${entry.first}-${entry.last}`;
}

export function formatAddressEntry(entry: AddressEntry): string {
  switch (entry.kind) {
    case 'any':
      return 'Any';
    case 'keyword':
      return entry.keyword;
    case 'address':
      return entry.address;
    case 'subnet':
      return `${entry.network}/${entry.prefixLength}`;
    case 'range':
      return `${entry.first}-${entry.last}`;
  }
}

/** An inclusive interval of addresses of one family. */
export interface AddressInterval {
  readonly family: IpFamily;
  readonly first: bigint;
  readonly last: bigint;
}

export const fullInterval = (family: IpFamily): AddressInterval => ({
  family,
  first: 0n,
  last: (1n << BigInt(familyBits(family))) - 1n,
});

/** The concrete interval of an entry; null for keywords, whose members only the running machine knows. */
export function entryInterval(entry: AddressEntry): AddressInterval[] | null {
  switch (entry.kind) {
    case 'any':
      return [fullInterval(4), fullInterval(6)];
    case 'keyword':
      return null;
    case 'address': {
      const value = addressToBigInt(entry.address, entry.family);
      return [{ family: entry.family, first: value, last: value }];
    }
    case 'subnet': {
      const bits = BigInt(familyBits(entry.family) - entry.prefixLength);
      const first = addressToBigInt(entry.network, entry.family);
      return [{ family: entry.family, first, last: first + (1n << bits) - 1n }];
    }
    case 'range':
      return [
        {
          family: entry.family,
          first: addressToBigInt(entry.first, entry.family),
          last: addressToBigInt(entry.last, entry.family),
        },
      ];
  }
}

/** Sorted, merged union of intervals (per family). */
export function unionIntervals(intervals: readonly AddressInterval[]): AddressInterval[] {
  const result: AddressInterval[] = [];
  for (const family of [4, 6] as const) {
    const sorted = intervals
      .filter((interval) => interval.family === family)
      .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    let current: AddressInterval | undefined;
    for (const interval of sorted) {
      if (current && interval.first <= current.last + 1n) {
        if (interval.last > current.last) current = { ...current, last: interval.last };
      } else {
        if (current) result.push(current);
        current = interval;
      }
    }
    if (current) result.push(current);
  }
  return result;
}

/** `from` minus `remove`, both unioned first. */
export function subtractIntervals(
  from: readonly AddressInterval[],
  remove: readonly AddressInterval[],
): AddressInterval[] {
  let remaining = unionIntervals(from);
  for (const cut of unionIntervals(remove)) {
    const next: AddressInterval[] = [];
    for (const interval of remaining) {
      if (interval.family !== cut.family || cut.last < interval.first || cut.first > interval.last) {
        next.push(interval);
        continue;
      }
      if (cut.first > interval.first) next.push({ ...interval, last: cut.first - 1n });
      if (cut.last < interval.last) next.push({ ...interval, first: cut.last + 1n });
    }
    remaining = next;
  }
  return remaining;
}

/** Display form of an interval: an address, a CIDR block when aligned, else `first-last`. */
export function formatInterval(interval: AddressInterval): string {
  const { family, first, last } = interval;
  if (first === last) return bigIntToAddress(first, family);
  const size = last - first + 1n;
  if ((size & (size - 1n)) === 0n && first % size === 0n) {
    const hostBits = size.toString(2).length - 1;
    return `${bigIntToAddress(first, family)}/${familyBits(family) - hostBits}`;
  }
  return `${bigIntToAddress(first, family)}-${bigIntToAddress(last, family)}`;
}

export function isFullInterval(interval: AddressInterval): boolean {
  const full = fullInterval(interval.family);
  return interval.first === full.first && interval.last === full.last;
}
