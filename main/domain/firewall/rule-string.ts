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
import { englishResourceString } from './resource-strings';

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

/** A schema version as written (`v2.30` leading a rule, `2.30` after SkipVer=), and its numbers (0-255 each). */
export interface RuleVersion {
  readonly text: string;
  readonly major: number;
  readonly minor: number;
}

/** One `Platform=` entry ([MS-GPFAS] 2.2.2.17, FW_OS_PLATFORM): platform id (2 = Windows NT) and OS version. */
export interface PlatformValidity {
  readonly platform: number;
  readonly majorVersion: number;
  readonly minorVersion: number;
}

/** Trust tuple keywords ([MS-GPFAS] 2.2.2.20), by the field that introduced them. */
export const TRUST_TUPLE_KEYWORDS = {
  TTK: ['Proximity', 'ProxSharing'],
  TTK2_22: ['WFDPrint', 'WFDDisplay', 'WFDDevices'],
  TTK2_27: ['WFDKmDriver', 'UPnP'],
  TTK2_28: ['WFDCDPSvc'],
} as const;

/** A `TTK*=` value; `known: false` keeps a keyword newer than this parser, spelled as written. */
export interface TrustTupleKeyword {
  readonly keyword: string;
  readonly known: boolean;
}

/** A `@module,-id` string-table reference (`Name=@FirewallAPI.dll,-34256`): Windows shows the module's string. */
export interface ResourceReference {
  /** As stored, e.g. `@FirewallAPI.dll,-34256`; formatting always uses the stored field, never this. */
  readonly text: string;
  /** The module as written (`FirewallAPI.dll`, `%SystemRoot%\system32\icsvc.dll`). */
  readonly module: string;
  /** The string id, positive (`-34256` names string 34256). */
  readonly id: number;
  /** The English text of the string where SinkGuard's reference gives it ([domain.md §7]); null otherwise. */
  readonly english: string | null;
}

export interface FirewallRule {
  readonly version: RuleVersion;
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
  /** Display name as stored: literal text or an `@dll,-id` resource reference. */
  readonly name: string | null;
  readonly description: string | null;
  /** `EmbedCtxt`: the rule group, as stored. */
  readonly group: string | null;
  /** `name`, `description`, `group` parsed when they are `@module,-id` references; null for literal text. */
  readonly nameResource: ResourceReference | null;
  readonly descriptionResource: ResourceReference | null;
  readonly groupResource: ResourceReference | null;
  /** What an admin reads as the rule's name: literal text, or the English text of a known resource; else null. */
  readonly displayName: string | null;
  /** The group the same way. */
  readonly displayGroup: string | null;
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
  /** `LUAuth2_24`: base64 of a local-user authorization list holding a conditional ACE, as stored. */
  readonly conditionalLocalUserAuthorization: string | null;
  /** `IF`: interface GUIDs; `IFType`: interface types (Lan, Wireless, RemoteAccess). */
  readonly interfaces: readonly string[];
  readonly interfaceTypes: readonly string[];
  /** `LSM`: loose source mapping (FW_RULE_FLAGS_LOOSE_SOURCE_MAPPED). Absent = false. */
  readonly looseSourceMapped: boolean;
  /** `LOM`: local-only mapping (FW_RULE_FLAGS_LOCAL_ONLY_MAPPED). Absent = false. */
  readonly localOnlyMapped: boolean;
  /** `PCross`: allow profile crossing (FW_RULE_FLAGS_ALLOW_PROFILE_CROSSING). Absent = false. */
  readonly allowProfileCrossing: boolean;
  /** `AuthByPassOut`: authenticated bypass outbound (FW_RULE_FLAGS_AUTHENTICATE_BYPASS_OUTBOUND). Absent = false. */
  readonly authenticateBypassOutbound: boolean;
  /** `Platform`: the OS versions the rule is valid on; empty = every platform. */
  readonly platforms: readonly PlatformValidity[];
  /** `Platform2`: the operator on the last platform entry (`GTEQ`: that version or later); null = exact. */
  readonly platformOperator: 'GTEQ' | null;
  /** `SkipVer`: the highest firewall version that may ignore this rule string entirely. */
  readonly skipVersion: RuleVersion | null;
  /** `TTK`, `TTK2_22`, `TTK2_27`, `TTK2_28`: trust tuple keywords the rule matches traffic by. */
  readonly trustTupleKeywords: readonly TrustTupleKeyword[];
  /** `NNm`: the network names the rule is limited to (OnNetworkNames), encoded as stored. */
  readonly networkNames: string | null;
  /** `SecurityRealmId`: the IPsec security realm the rule is for. */
  readonly securityRealmId: string | null;
  /** Every other field (keys newer than this parser…), verbatim, in order. */
  readonly otherFields: readonly RuleField[];
  /** Things that parse but Windows may read otherwise (ports on a protocol without ports, host bits…), display-ready. */
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
  'LUAuth2_24',
  'LSM',
  'LOM',
  'PCross',
  'AuthByPassOut',
  'Platform',
  'Platform2',
  'SkipVer',
  'TTK',
  'TTK2_22',
  'TTK2_27',
  'TTK2_28',
  'NNm',
  'SecurityRealmId',
] as const;
type CanonicalKey = (typeof CANONICAL_KEYS)[number];
const CANONICAL_BY_LOWER = new Map<string, CanonicalKey>(
  CANONICAL_KEYS.map((key) => [key.toLowerCase(), key]),
);

/** Keys that may appear at most once ([MS-GPFAS] says so for most; for the rest a repeat would be ambiguous). */
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
  'LUAuth2_24',
  'LSM',
  'LOM',
  'PCross',
  'AuthByPassOut',
  'Platform2',
  'SkipVer',
  'NNm',
  'SecurityRealmId',
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

function parsePlatform(value: string): PlatformValidity {
  const match = /^(\d{1,3}):(\d{1,3}):(\d{1,3})$/.exec(value);
  if (!match || Number(match[1]) > 7 || Number(match[2]) > 255 || Number(match[3]) > 255) {
    throw new AddressSyntaxError(
      `Platform must be platform:major:minor such as 2:6:2 (platform 0-7, versions 0-255), not '${value}'`,
    );
  }
  return { platform: Number(match[1]), majorVersion: Number(match[2]), minorVersion: Number(match[3]) };
}

function parseSkipVersion(value: string): RuleVersion {
  const match = /^(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (!match || Number(match[1]) > 255 || Number(match[2]) > 255)
    throw new AddressSyntaxError(`SkipVer must be a version such as 2.30 (0-255 each), not '${value}'`);
  return { text: value, major: Number(match[1]), minor: Number(match[2]) };
}

function parseTrustTuple(value: string, key: keyof typeof TRUST_TUPLE_KEYWORDS): TrustTupleKeyword {
  if (value === '') throw new AddressSyntaxError(`${key} needs a trust tuple keyword`);
  const known = Object.values(TRUST_TUPLE_KEYWORDS)
    .flat()
    .find((keyword) => keyword.toLowerCase() === value.toLowerCase());
  return { keyword: known ?? value, known: known !== undefined };
}

/** `@module,-id` as a typed reference; null for literal text (including `@{package…}` references, kept as text). */
export function parseResourceReference(text: string | null): ResourceReference | null {
  const match = text === null ? null : /^@([^,{][^,]*),-(\d{1,9})$/.exec(text);
  if (!match) return null;
  const id = Number(match[2]);
  return { text: text!, module: match[1]!, id, english: englishResourceString(match[1]!, id) };
}

/** Literal text as is; an indirect string (`@module,-id`, `@{package?ms-resource://…}`) only when its English is known. */
function displayText(text: string | undefined, resource: ResourceReference | null): string | null {
  if (resource) return resource.english;
  return text === undefined || text.startsWith('@') ? null : text;
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
  const platforms: PlatformValidity[] = [];
  const trustTupleKeywords: TrustTupleKeyword[] = [];
  const flags = { LSM: false, LOM: false, PCross: false, AuthByPassOut: false };
  const issues: string[] = [];
  const otherFields: RuleField[] = [];
  const seen = new Set<CanonicalKey>();
  let portFieldAt: { index: number; key: string } | undefined;
  let icmpFieldAt: { index: number; key: string; family: IpFamily } | undefined;

  fields.forEach(({ field, offset }, position) => {
    const index = position + 1;
    const key = CANONICAL_BY_LOWER.get(field.key.toLowerCase());
    const value = field.value;
    // Windows keeps a stored subnet written with host bits (RA4=10.0.0.1/24) and matches by its mask: the rule
    // stays in the analysis, read as the network, with an issue saying so. Admin input stays strict elsewhere.
    const address = (family: IpFamily) =>
      parseAddressToken(value, family, {
        allowKeywords: true,
        onHostBits: (network) =>
          issues.push(
            `field ${index} (${field.key}=${value}): host bits set; Windows may still apply it, analysed as ${network}`,
          ),
      });
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
          localAddresses.push(address(key === 'LA4' ? 4 : 6));
          break;
        case 'RA4':
        case 'RA42':
          remoteAddresses.push(address(4));
          break;
        case 'RA6':
        case 'RA62':
          remoteAddresses.push(address(6));
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
        case 'LSM':
        case 'LOM':
        case 'PCross':
        case 'AuthByPassOut':
          flags[key] = parseBoolean(value, key);
          break;
        case 'Platform':
          platforms.push(parsePlatform(value));
          break;
        case 'Platform2':
          single.Platform2 = oneOf(value, ['GTEQ'], 'Platform2');
          break;
        case 'SkipVer':
          parseSkipVersion(value);
          single.SkipVer = value;
          break;
        case 'TTK':
        case 'TTK2_22':
        case 'TTK2_27':
        case 'TTK2_28':
          trustTupleKeywords.push(parseTrustTuple(value, key));
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

  const nameResource = parseResourceReference(single.Name ?? null);
  const groupResource = parseResourceReference(single.EmbedCtxt ?? null);
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
    nameResource,
    descriptionResource: parseResourceReference(single.Desc ?? null),
    groupResource,
    displayName: displayText(single.Name, nameResource),
    displayGroup: displayText(single.EmbedCtxt, groupResource),
    edgeTraversal:
      defer === 'App' ? 'defer-to-app' : defer === 'User' ? 'defer-to-user' : edge ? 'allow' : 'block',
    security,
    packageSid: single.AppPkgId ?? null,
    localUserOwner: single.LUOwn ?? null,
    localUserAuthorization: single.LUAuth ?? null,
    remoteMachineAuthorization: single.RMauth ?? null,
    remoteUserAuthorization: single.RUAuth ?? null,
    conditionalLocalUserAuthorization: single.LUAuth2_24 ?? null,
    interfaces,
    interfaceTypes,
    looseSourceMapped: flags.LSM,
    localOnlyMapped: flags.LOM,
    allowProfileCrossing: flags.PCross,
    authenticateBypassOutbound: flags.AuthByPassOut,
    platforms,
    platformOperator: single.Platform2 === 'GTEQ' ? 'GTEQ' : null,
    skipVersion: single.SkipVer === undefined ? null : parseSkipVersion(single.SkipVer),
    trustTupleKeywords,
    networkNames: single.NNm ?? null,
    securityRealmId: single.SecurityRealmId ?? null,
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
