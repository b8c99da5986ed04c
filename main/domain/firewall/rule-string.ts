/**
 * The firewall rule string of [MS-GPFAS] 2.2.2.19, as Windows stores it in the registry:
 * `v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|LPort=135|…|`.
 *
 * A parsed rule keeps every field exactly as written (key spelling, order, duplicates, the version's `V`), so
 * formatting gives back the very same string; the typed view next to it is what analysis uses. Windows itself is
 * lenient (lowercase `Dir=out`, `LPORT=`, `Protocol=tcp`, `Svc==Name`), so the parser accepts what real hives hold
 * and refuses only what cannot be a rule.
 */
import {
  AddressSyntaxError,
  parseAddressToken,
  parsePortList,
  type AddressEntry,
  type IpFamily,
  type PortEntry,
} from './addresses';

export type FirewallProfile = 'Domain' | 'Private' | 'Public';
export const FIREWALL_PROFILES: readonly FirewallProfile[] = ['Domain', 'Private', 'Public'];

export type RuleAction = 'Allow' | 'Block' | 'ByPass';
export type RuleDirection = 'In' | 'Out';

/** One `Key=value` field, spelled exactly as stored. */
export interface RuleField {
  readonly key: string;
  readonly value: string;
}

export interface IcmpTypeCode {
  readonly family: IpFamily;
  readonly type: number;
  /** `'*'` = every code. */
  readonly code: number | '*';
}

/** Edge traversal: `Edge=TRUE` allows it; `Defer=App|User` lets the app or the user decide. */
export type EdgeTraversal = 'block' | 'allow' | 'defer-to-app' | 'defer-to-user';

export interface FirewallRule {
  readonly version: { readonly text: string; readonly major: number; readonly minor: number };
  /** The fields in stored order, keys and values verbatim: the source of truth for formatting. */
  readonly fields: readonly RuleField[];
  readonly action: RuleAction;
  /** `Active` absent = FALSE ([MS-GPFAS]). */
  readonly active: boolean;
  readonly direction: RuleDirection;
  /** IP protocol number; null = any protocol. */
  readonly protocol: number | null;
  /** The profiles the rule applies to; all three when no `Profile=` field is present. */
  readonly profiles: readonly FirewallProfile[];
  readonly localPorts: readonly PortEntry[] | 'any';
  readonly remotePorts: readonly PortEntry[] | 'any';
  readonly localAddresses: readonly AddressEntry[] | 'any';
  readonly remoteAddresses: readonly AddressEntry[] | 'any';
  readonly icmp: readonly IcmpTypeCode[];
  /** Program path as written (environment variables unexpanded); null = any program. */
  readonly app: string | null;
  /** Service short name, `*` for any service; null = any process. */
  readonly service: string | null;
  /** Display name: literal text or an `@dll,-id` resource reference. */
  readonly name: string | null;
  readonly description: string | null;
  /** `EmbedCtxt`: the rule group. */
  readonly group: string | null;
  readonly edgeTraversal: EdgeTraversal;
  /** `Security`, `Security2_9`, `Security2` values: IPsec requirements of the rule. */
  readonly security: readonly string[];
  /** `AppPkgId`: the app container package SID the rule is for. */
  readonly packageSid: string | null;
  /** `LUOwn`: the local user owning the processes the rule is for. */
  readonly localUserOwner: string | null;
  /** `LUAuth`: SDDL of the local users authorised. */
  readonly localUserAuthorization: string | null;
  /** `RMauth` / `RUAuth`: SDDL of the remote machines / users authorised. */
  readonly remoteMachineAuthorization: string | null;
  readonly remoteUserAuthorization: string | null;
  /** `IF`: interface GUIDs; `IFType`: interface types (Lan, Wireless, RemoteAccess). */
  readonly interfaces: readonly string[];
  readonly interfaceTypes: readonly string[];
  /** Every other field (`Platform`, `TTK2_22`, keys newer than this parser…), verbatim, in order. */
  readonly otherFields: readonly RuleField[];
  /** Things that parse but Windows ignores (ports on a protocol without ports…), display-ready. */
  readonly issues: readonly string[];
}

export class FirewallRuleSyntaxError extends Error {
  override readonly name = 'FirewallRuleSyntaxError';
  constructor(
    message: string,
    /** Character offset into the rule string where the offending part starts. */
    readonly offset: number,
    /** 1-based index of the offending field (0 = the version), when the problem is in one field. */
    readonly fieldIndex?: number,
    readonly key?: string,
  ) {
    super(message);
  }
}

/** Canonical key spellings; lookups are case-insensitive because Windows writes `LPORT=` and `rport=`. */
const CANONICAL_KEYS = [
  'Action',
  'Active',
  'Dir',
  'Protocol',
  'Profile',
  'LPort',
  'RPort',
  'LPort2_10',
  'RPort2_10',
  'LPort2_20',
  'LPort2_24',
  'LA4',
  'LA6',
  'RA4',
  'RA6',
  'RA42',
  'RA62',
  'App',
  'Svc',
  'Name',
  'Desc',
  'EmbedCtxt',
  'Edge',
  'Defer',
  'ICMP4',
  'ICMP6',
  'Security',
  'Security2_9',
  'Security2',
  'IF',
  'IFType',
  'AppPkgId',
  'LUOwn',
  'LUAuth',
  'RMauth',
  'RUAuth',
] as const;
type CanonicalKey = (typeof CANONICAL_KEYS)[number];
const CANONICAL_BY_LOWER = new Map<string, CanonicalKey>(
  CANONICAL_KEYS.map((key) => [key.toLowerCase(), key]),
);

/** Keys that may appear at most once ([MS-GPFAS] for the first seven; the rest would be ambiguous). */
const SINGLE_KEYS: ReadonlySet<CanonicalKey> = new Set<CanonicalKey>([
  'Action',
  'Dir',
  'App',
  'Svc',
  'Name',
  'Desc',
  'EmbedCtxt',
  'Active',
  'Protocol',
  'Edge',
  'Defer',
  'AppPkgId',
  'LUOwn',
  'LUAuth',
  'RMauth',
  'RUAuth',
]);

const PROTOCOL_NAMES: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, icmpv4: 1, icmpv6: 58 };

function oneOf<const T extends string>(value: string, allowed: readonly T[], what: string): T {
  const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
  if (found === undefined)
    throw new AddressSyntaxError(`${what} must be one of ${allowed.join(', ')}, not '${value}'`);
  return found;
}

function parseBoolean(value: string, what: string): boolean {
  return oneOf(value, ['TRUE', 'FALSE'], what) === 'TRUE';
}

function parseProtocol(value: string): number {
  if (/^\d{1,3}$/.test(value)) {
    const number = Number(value);
    if (number <= 255) return number;
  }
  const named = PROTOCOL_NAMES[value.toLowerCase()];
  if (named !== undefined) return named;
  throw new AddressSyntaxError(`protocol must be a number 0-255 or tcp, udp, icmpv4, icmpv6, not '${value}'`);
}

function parseIcmp(value: string, family: IpFamily): IcmpTypeCode {
  const match = /^(\d{1,3}):(\d{1,3}|\*)$/.exec(value);
  if (!match || Number(match[1]) > 255 || (match[2] !== '*' && Number(match[2]) > 255)) {
    throw new AddressSyntaxError(`ICMP type:code must look like 8:* or 3:4 (0-255), not '${value}'`);
  }
  return { family, type: Number(match[1]), code: match[2] === '*' ? '*' : Number(match[2]) };
}

function parseVersion(text: string): FirewallRule['version'] {
  const match = /^[vV](\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!match) {
    throw new FirewallRuleSyntaxError(
      `a rule string starts with a version such as 'v2.30|', not '${text.slice(0, 20)}'`,
      0,
      0,
    );
  }
  return { text, major: Number(match[1]), minor: Number(match[2]) };
}

/** Splits into fields with their offsets; no escaping exists in the grammar, so `|` always ends a field. */
function splitFields(rule: string): { version: string; fields: { field: RuleField; offset: number }[] } {
  if (!rule.endsWith('|')) {
    throw new FirewallRuleSyntaxError(`a rule string ends with '|'`, rule.length);
  }
  const parts = rule.slice(0, -1).split('|');
  const version = parts[0] ?? '';
  const fields: { field: RuleField; offset: number }[] = [];
  let offset = version.length + 1;
  for (let index = 1; index < parts.length; index++) {
    const part = parts[index] ?? '';
    const equals = part.indexOf('=');
    if (part === '') throw new FirewallRuleSyntaxError(`field ${index} is empty ('||')`, offset, index);
    if (equals <= 0) {
      throw new FirewallRuleSyntaxError(
        `field ${index} ('${part.slice(0, 40)}') is not Key=value`,
        offset,
        index,
      );
    }
    fields.push({ field: { key: part.slice(0, equals), value: part.slice(equals + 1) }, offset });
    offset += part.length + 1;
  }
  if (fields.length === 0)
    throw new FirewallRuleSyntaxError('a rule string holds at least one field', rule.length);
  return { version, fields };
}

export function parseFirewallRule(rule: string): FirewallRule {
  const { version: versionText, fields } = splitFields(rule);
  const version = parseVersion(versionText);

  let action: RuleAction | undefined;
  let active = false;
  let direction: RuleDirection | undefined;
  let protocol: number | null = null;
  const profiles = new Set<FirewallProfile>();
  const localPorts: PortEntry[] = [];
  const remotePorts: PortEntry[] = [];
  const localAddresses: AddressEntry[] = [];
  const remoteAddresses: AddressEntry[] = [];
  const icmp: IcmpTypeCode[] = [];
  const single: Partial<Record<CanonicalKey, string>> = {};
  let edge = false;
  let defer: 'App' | 'User' | undefined;
  const security: string[] = [];
  const interfaces: string[] = [];
  const interfaceTypes: string[] = [];
  const otherFields: RuleField[] = [];
  const seen = new Set<CanonicalKey>();
  let portFieldAt: { index: number; key: string } | undefined;
  let icmpFieldAt: { index: number; key: string; family: IpFamily } | undefined;

  fields.forEach(({ field, offset }, position) => {
    const index = position + 1;
    const key = CANONICAL_BY_LOWER.get(field.key.toLowerCase());
    const value = field.value;
    try {
      if (key === undefined) {
        otherFields.push(field);
        return;
      }
      if (SINGLE_KEYS.has(key) && seen.has(key)) throw new AddressSyntaxError(`${key} may appear only once`);
      seen.add(key);
      switch (key) {
        case 'Action':
          action = oneOf(value, ['Allow', 'Block', 'ByPass'], 'Action');
          break;
        case 'Active':
          active = parseBoolean(value, 'Active');
          break;
        case 'Dir':
          direction = oneOf(value, ['In', 'Out'], 'Dir');
          break;
        case 'Protocol':
          protocol = parseProtocol(value);
          break;
        case 'Profile':
          profiles.add(oneOf(value, FIREWALL_PROFILES, 'Profile'));
          break;
        case 'LPort':
        case 'LPort2_10':
        case 'LPort2_20':
        case 'LPort2_24':
          localPorts.push(...parsePortList(value));
          portFieldAt ??= { index, key: field.key };
          break;
        case 'RPort':
        case 'RPort2_10':
          remotePorts.push(...parsePortList(value));
          portFieldAt ??= { index, key: field.key };
          break;
        case 'LA4':
        case 'LA6':
          localAddresses.push(parseAddressToken(value, key === 'LA4' ? 4 : 6, { allowKeywords: true }));
          break;
        case 'RA4':
        case 'RA42':
          remoteAddresses.push(parseAddressToken(value, 4, { allowKeywords: true }));
          break;
        case 'RA6':
        case 'RA62':
          remoteAddresses.push(parseAddressToken(value, 6, { allowKeywords: true }));
          break;
        case 'ICMP4':
        case 'ICMP6':
          icmp.push(parseIcmp(value, key === 'ICMP4' ? 4 : 6));
          icmpFieldAt ??= { index, key: field.key, family: key === 'ICMP4' ? 4 : 6 };
          break;
        case 'Edge':
          edge = parseBoolean(value, 'Edge');
          break;
        case 'Defer':
          defer = oneOf(value, ['App', 'User'], 'Defer');
          break;
        case 'Security':
        case 'Security2_9':
        case 'Security2':
          security.push(value);
          break;
        case 'IF':
          interfaces.push(value);
          break;
        case 'IFType':
          interfaceTypes.push(value);
          break;
        default:
          single[key] = value;
      }
    } catch (error) {
      if (error instanceof AddressSyntaxError) {
        throw new FirewallRuleSyntaxError(
          `field ${index} (${field.key}=${value.slice(0, 60)}): ${error.message}`,
          offset,
          index,
          field.key,
        );
      }
      throw error;
    }
  });

  if (action === undefined)
    throw new FirewallRuleSyntaxError('the rule has no Action= field', versionText.length);
  if (direction === undefined)
    throw new FirewallRuleSyntaxError('the rule has no Dir= field', versionText.length);
  // Checked on the whole rule, not field by field: Windows writes `LPort=…|Protocol=6` in that order too. A mismatch
  // is not fatal (real stores hold such rules; Windows keeps ports only for TCP/UDP), it is reported as an issue.
  const issues: string[] = [];
  if (portFieldAt && protocol !== 6 && protocol !== 17) {
    issues.push(
      `field ${portFieldAt.index} (${portFieldAt.key}): ports apply only to Protocol=6 or 17, not ${protocol ?? 'any'}; Windows ignores them`,
    );
  }
  if (icmpFieldAt && protocol !== (icmpFieldAt.family === 4 ? 1 : 58)) {
    issues.push(
      `field ${icmpFieldAt.index} (${icmpFieldAt.key}): ICMP types apply only to Protocol=${icmpFieldAt.family === 4 ? 1 : 58}; Windows ignores them`,
    );
  }

  return {
    version,
    fields: fields.map(({ field }) => field),
    action,
    active,
    direction,
    protocol,
    profiles:
      profiles.size === 0 ? FIREWALL_PROFILES : FIREWALL_PROFILES.filter((profile) => profiles.has(profile)),
    localPorts: localPorts.length === 0 ? 'any' : localPorts,
    remotePorts: remotePorts.length === 0 ? 'any' : remotePorts,
    localAddresses: localAddresses.length === 0 ? 'any' : localAddresses,
    remoteAddresses: remoteAddresses.length === 0 ? 'any' : remoteAddresses,
    icmp,
    app: single.App ?? null,
    service: single.Svc ?? null,
    name: single.Name ?? null,
    description: single.Desc ?? null,
    group: single.EmbedCtxt ?? null,
    edgeTraversal:
      defer === 'App' ? 'defer-to-app' : defer === 'User' ? 'defer-to-user' : edge ? 'allow' : 'block',
    security,
    packageSid: single.AppPkgId ?? null,
    localUserOwner: single.LUOwn ?? null,
    localUserAuthorization: single.LUAuth ?? null,
    remoteMachineAuthorization: single.RMauth ?? null,
    remoteUserAuthorization: single.RUAuth ?? null,
    interfaces,
    interfaceTypes,
    otherFields,
    issues,
  };
}

/** The stored string: version and fields exactly as parsed (or composed). */
export function formatFirewallRule(rule: Pick<FirewallRule, 'version' | 'fields'>): string {
  let text = `${rule.version.text}|`;
  for (const field of rule.fields) text += `${field.key}=${field.value}|`;
  return text;
}

/**
 * Builds a rule from fields (e.g. the rule a change should produce). Values holding `|` cannot be stored, so they
 * are refused here rather than producing a different rule.
 */
export function composeFirewallRule(versionText: string, fields: readonly RuleField[]): FirewallRule {
  for (const field of fields) {
    if (field.value.includes('|') || field.key.includes('|') || field.key.includes('=')) {
      throw new FirewallRuleSyntaxError(
        `field ${field.key} cannot hold '|' (or '=' in its key)`,
        0,
        undefined,
        field.key,
      );
    }
  }
  return parseFirewallRule(
    formatFirewallRule({ version: { text: versionText, major: 0, minor: 0 }, fields }),
  );
}
