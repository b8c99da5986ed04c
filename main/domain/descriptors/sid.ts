import type { Sid } from './model';

/** Windows allows at most 15 sub-authorities in a SID. */
export const MAX_SUB_AUTHORITIES = 15;
/** Identifier authorities are 48-bit. */
export const MAX_IDENTIFIER_AUTHORITY = 2 ** 48 - 1;

/** A SID taken apart. */
export interface SidParts {
  readonly authority: number;
  readonly subAuthorities: readonly number[];
}

/** The canonical string Windows prints: authorities of 2^32 or more as `0x` + uppercase hex. */
export function formatSidParts({ authority, subAuthorities }: SidParts): Sid {
  const auth = authority >= 2 ** 32 ? `0x${authority.toString(16).toUpperCase()}` : String(authority);
  return ['S', '1', auth, ...subAuthorities.map(String)].join('-');
}

const CANONICAL_SID = /^S-1-(0x[0-9a-f]{1,12}|\d{1,15})((?:-\d{1,10}){0,15})$/i;

/** Parts of a SID string in canonical `S-1-…` form (case-insensitive), or undefined if it is not one. */
export function sidParts(sid: string): SidParts | undefined {
  const match = CANONICAL_SID.exec(sid);
  if (!match) return undefined;
  const authority = match[1]!.toLowerCase().startsWith('0x')
    ? Number.parseInt(match[1]!.slice(2), 16)
    : Number(match[1]!);
  const subAuthorities = match[2] ? match[2].slice(1).split('-').map(Number) : [];
  if (authority > MAX_IDENTIFIER_AUTHORITY || subAuthorities.some((sub) => sub > 0xffffffff))
    return undefined;
  return { authority, subAuthorities };
}

/** True when `text` is a SID string in canonical form with values in range. */
export function isSid(text: string): boolean {
  return sidParts(text) !== undefined;
}

/** The canonical spelling of a SID string (`s-1-5-0X20-…` → `S-1-5-32-…`), or undefined if it is not a SID. */
export function normalizeSid(text: string): Sid | undefined {
  const parts = sidParts(text);
  return parts && formatSidParts(parts);
}

/** Binary SID ([MS-DTYP] 2.4.2.2): revision 1, count, 48-bit big-endian authority, little-endian sub-authorities. */
export function sidToBytes(sid: Sid): Uint8Array {
  const parts = sidParts(sid);
  if (!parts) throw new TypeError(`not a SID: ${sid}`);
  const bytes = new Uint8Array(8 + 4 * parts.subAuthorities.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = 1;
  bytes[1] = parts.subAuthorities.length;
  view.setUint16(2, Math.floor(parts.authority / 2 ** 32));
  view.setUint32(4, parts.authority % 2 ** 32);
  parts.subAuthorities.forEach((sub, i) => view.setUint32(8 + 4 * i, sub, true));
  return bytes;
}

/** Length in bytes of a SID's binary form. */
export function sidByteLength(sid: Sid): number {
  return 8 + 4 * (sidParts(sid)?.subAuthorities.length ?? 0);
}

/**
 * One well-known principal: its SID (for domain-relative ones, the RID and which domain), its SDDL alias if any and
 * the English display name Windows shows.
 */
export interface WellKnownPrincipal {
  readonly sid?: Sid;
  readonly relativeTo?: 'machine' | 'domain';
  readonly rid?: number;
  readonly alias?: string;
  readonly name: string;
}

/** [MS-DTYP] 2.5.1.1 SDDL aliases plus other well-known SIDs an admin meets in DCOM and WMI settings. */
export const WELL_KNOWN_PRINCIPALS: readonly WellKnownPrincipal[] = [
  { sid: 'S-1-0-0', name: 'NULL SID' },
  { sid: 'S-1-1-0', alias: 'WD', name: 'Everyone' },
  { sid: 'S-1-2-0', name: 'LOCAL' },
  { sid: 'S-1-2-1', name: 'CONSOLE LOGON' },
  { sid: 'S-1-3-0', alias: 'CO', name: 'CREATOR OWNER' },
  { sid: 'S-1-3-1', alias: 'CG', name: 'CREATOR GROUP' },
  { sid: 'S-1-3-2', name: 'CREATOR OWNER SERVER' },
  { sid: 'S-1-3-3', name: 'CREATOR GROUP SERVER' },
  { sid: 'S-1-3-4', alias: 'OW', name: 'OWNER RIGHTS' },
  { sid: 'S-1-5-1', name: 'DIALUP' },
  { sid: 'S-1-5-2', alias: 'NU', name: 'NETWORK' },
  { sid: 'S-1-5-3', name: 'BATCH' },
  { sid: 'S-1-5-4', alias: 'IU', name: 'INTERACTIVE' },
  { sid: 'S-1-5-6', alias: 'SU', name: 'SERVICE' },
  { sid: 'S-1-5-7', alias: 'AN', name: 'ANONYMOUS LOGON' },
  { sid: 'S-1-5-8', name: 'PROXY' },
  { sid: 'S-1-5-9', alias: 'ED', name: 'ENTERPRISE DOMAIN CONTROLLERS' },
  { sid: 'S-1-5-10', alias: 'PS', name: 'SELF' },
  { sid: 'S-1-5-11', alias: 'AU', name: 'Authenticated Users' },
  { sid: 'S-1-5-12', alias: 'RC', name: 'RESTRICTED' },
  { sid: 'S-1-5-13', name: 'TERMINAL SERVER USER' },
  { sid: 'S-1-5-14', name: 'REMOTE INTERACTIVE LOGON' },
  { sid: 'S-1-5-15', name: 'This Organization' },
  { sid: 'S-1-5-17', name: 'IUSR' },
  { sid: 'S-1-5-18', alias: 'SY', name: 'SYSTEM' },
  { sid: 'S-1-5-19', alias: 'LS', name: 'LOCAL SERVICE' },
  { sid: 'S-1-5-20', alias: 'NS', name: 'NETWORK SERVICE' },
  { sid: 'S-1-5-33', alias: 'WR', name: 'WRITE RESTRICTED' },
  { sid: 'S-1-5-32-544', alias: 'BA', name: 'Administrators' },
  { sid: 'S-1-5-32-545', alias: 'BU', name: 'Users' },
  { sid: 'S-1-5-32-546', alias: 'BG', name: 'Guests' },
  { sid: 'S-1-5-32-547', alias: 'PU', name: 'Power Users' },
  { sid: 'S-1-5-32-548', alias: 'AO', name: 'Account Operators' },
  { sid: 'S-1-5-32-549', alias: 'SO', name: 'Server Operators' },
  { sid: 'S-1-5-32-550', alias: 'PO', name: 'Print Operators' },
  { sid: 'S-1-5-32-551', alias: 'BO', name: 'Backup Operators' },
  { sid: 'S-1-5-32-552', alias: 'RE', name: 'Replicator' },
  { sid: 'S-1-5-32-554', alias: 'RU', name: 'Pre-Windows 2000 Compatible Access' },
  { sid: 'S-1-5-32-555', alias: 'RD', name: 'Remote Desktop Users' },
  { sid: 'S-1-5-32-556', alias: 'NO', name: 'Network Configuration Operators' },
  { sid: 'S-1-5-32-558', alias: 'MU', name: 'Performance Monitor Users' },
  { sid: 'S-1-5-32-559', alias: 'LU', name: 'Performance Log Users' },
  { sid: 'S-1-5-32-560', name: 'Windows Authorization Access Group' },
  { sid: 'S-1-5-32-561', name: 'Terminal Server License Servers' },
  { sid: 'S-1-5-32-562', name: 'Distributed COM Users' },
  { sid: 'S-1-5-32-568', alias: 'IS', name: 'IIS_IUSRS' },
  { sid: 'S-1-5-32-569', alias: 'CY', name: 'Cryptographic Operators' },
  { sid: 'S-1-5-32-573', alias: 'ER', name: 'Event Log Readers' },
  { sid: 'S-1-5-32-574', alias: 'CD', name: 'Certificate Service DCOM Access' },
  { sid: 'S-1-5-32-575', alias: 'RA', name: 'RDS Remote Access Servers' },
  { sid: 'S-1-5-32-576', alias: 'ES', name: 'RDS Endpoint Servers' },
  { sid: 'S-1-5-32-577', alias: 'MS', name: 'RDS Management Servers' },
  { sid: 'S-1-5-32-578', alias: 'HA', name: 'Hyper-V Administrators' },
  { sid: 'S-1-5-32-579', alias: 'AA', name: 'Access Control Assistance Operators' },
  { sid: 'S-1-5-32-580', alias: 'RM', name: 'Remote Management Users' },
  { sid: 'S-1-5-64-10', name: 'NTLM Authentication' },
  { sid: 'S-1-5-80-0', name: 'ALL SERVICES' },
  { sid: 'S-1-5-84-0-0-0-0-0', alias: 'UD', name: 'USER MODE DRIVERS' },
  { sid: 'S-1-5-113', name: 'Local account' },
  { sid: 'S-1-5-114', name: 'Local account and member of Administrators group' },
  { sid: 'S-1-15-2-1', alias: 'AC', name: 'ALL APPLICATION PACKAGES' },
  { sid: 'S-1-15-2-2', name: 'ALL RESTRICTED APPLICATION PACKAGES' },
  { sid: 'S-1-16-0', name: 'Untrusted Mandatory Level' },
  { sid: 'S-1-16-4096', alias: 'LW', name: 'Low Mandatory Level' },
  { sid: 'S-1-16-8192', alias: 'ME', name: 'Medium Mandatory Level' },
  { sid: 'S-1-16-8448', alias: 'MP', name: 'Medium Plus Mandatory Level' },
  { sid: 'S-1-16-12288', alias: 'HI', name: 'High Mandatory Level' },
  { sid: 'S-1-16-16384', alias: 'SI', name: 'System Mandatory Level' },
  { sid: 'S-1-18-1', alias: 'AS', name: 'Authentication authority asserted identity' },
  { sid: 'S-1-18-2', alias: 'SS', name: 'Service asserted identity' },
  { relativeTo: 'machine', rid: 500, alias: 'LA', name: 'Administrator' },
  { relativeTo: 'machine', rid: 501, alias: 'LG', name: 'Guest' },
  { relativeTo: 'domain', rid: 498, alias: 'RO', name: 'Enterprise Read-only Domain Controllers' },
  { relativeTo: 'domain', rid: 512, alias: 'DA', name: 'Domain Admins' },
  { relativeTo: 'domain', rid: 513, alias: 'DU', name: 'Domain Users' },
  { relativeTo: 'domain', rid: 514, alias: 'DG', name: 'Domain Guests' },
  { relativeTo: 'domain', rid: 515, alias: 'DC', name: 'Domain Computers' },
  { relativeTo: 'domain', rid: 516, alias: 'DD', name: 'Domain Controllers' },
  { relativeTo: 'domain', rid: 517, alias: 'CA', name: 'Cert Publishers' },
  { relativeTo: 'domain', rid: 518, alias: 'SA', name: 'Schema Admins' },
  { relativeTo: 'domain', rid: 519, alias: 'EA', name: 'Enterprise Admins' },
  { relativeTo: 'domain', rid: 520, alias: 'PA', name: 'Group Policy Creator Owners' },
  { relativeTo: 'domain', rid: 522, alias: 'CN', name: 'Cloneable Domain Controllers' },
  { relativeTo: 'domain', rid: 525, alias: 'AP', name: 'Protected Users' },
  { relativeTo: 'domain', rid: 526, alias: 'KA', name: 'Key Admins' },
  { relativeTo: 'domain', rid: 527, alias: 'EK', name: 'Enterprise Key Admins' },
  { relativeTo: 'domain', rid: 553, alias: 'RS', name: 'RAS and IAS Servers' },
];

/**
 * Which machine and domain the relative aliases (`LA`/`LG` → machine; `DA`, `DU`, … → domain) stand for. Both are
 * `S-1-5-21-x-y-z` prefixes. Without them those aliases cannot be parsed and such SIDs print as `S-1-…`.
 */
export interface SidContext {
  readonly machineSid?: Sid;
  readonly domainSid?: Sid;
}

/** The SID an alias or relative principal stands for in `context`, or undefined when the context lacks the prefix. */
export function principalSid(principal: WellKnownPrincipal, context: SidContext = {}): Sid | undefined {
  if (principal.sid) return principal.sid;
  const base = principal.relativeTo === 'machine' ? context.machineSid : context.domainSid;
  return base === undefined ? undefined : `${normalizeSid(base) ?? base}-${principal.rid}`;
}

const BY_ALIAS = new Map(WELL_KNOWN_PRINCIPALS.filter((p) => p.alias).map((p) => [p.alias!, p]));
const BY_SID = new Map(WELL_KNOWN_PRINCIPALS.filter((p) => p.sid).map((p) => [p.sid!, p]));

/** The well-known principal with this two-letter SDDL alias (case-insensitive). */
export function principalByAlias(alias: string): WellKnownPrincipal | undefined {
  return BY_ALIAS.get(alias.toUpperCase());
}

/** The well-known principal a SID is, taking machine- and domain-relative ones from `context`. */
export function principalBySid(sid: Sid, context: SidContext = {}): WellKnownPrincipal | undefined {
  const fixed = BY_SID.get(sid);
  if (fixed) return fixed;
  const cut = sid.lastIndexOf('-');
  const base = sid.slice(0, cut);
  const rid = Number(sid.slice(cut + 1));
  const relativeTo =
    context.machineSid !== undefined && base === normalizedBase(context.machineSid)
      ? 'machine'
      : context.domainSid !== undefined && base === normalizedBase(context.domainSid)
        ? 'domain'
        : undefined;
  if (!relativeTo) return undefined;
  return WELL_KNOWN_PRINCIPALS.find((p) => p.relativeTo === relativeTo && p.rid === rid);
}

/** normalizeSid of a machine or domain SID, remembered: every SID printed compares against them. */
const normalizedBases = new Map<string, Sid | undefined>();
function normalizedBase(sid: Sid): Sid | undefined {
  if (normalizedBases.has(sid)) return normalizedBases.get(sid);
  if (normalizedBases.size >= 64) normalizedBases.clear();
  const normal = normalizeSid(sid);
  normalizedBases.set(sid, normal);
  return normal;
}

/** The SDDL alias Windows prints for a SID (`WD`, `BA`, `LA` with the machine SID given…), if any. */
export function sidAlias(sid: Sid, context: SidContext = {}): string | undefined {
  return principalBySid(sid, context)?.alias;
}

/** A display name for people: `Everyone`, `ANONYMOUS LOGON`, `Distributed COM Users`, or the SID itself. */
export function sidDisplayName(sid: Sid, context: SidContext = {}): string {
  return principalBySid(sid, context)?.name ?? sid;
}

/**
 * Finds a principal typed by an admin: a display name (`Distributed COM Users`, any case), an SDDL alias (`AN`) or a
 * SID string (`S-1-5-7`). Returns its canonical SID, or undefined when nothing matches.
 */
export function lookupPrincipal(text: string, context: SidContext = {}): Sid | undefined {
  const wanted = text.trim();
  const asSid = normalizeSid(wanted);
  if (asSid) return asSid;
  const byAlias = wanted.length === 2 ? principalByAlias(wanted) : undefined;
  const byName =
    byAlias ??
    WELL_KNOWN_PRINCIPALS.find(
      (p) => p.name.toLowerCase() === wanted.toLowerCase().replace(/^nt authority\\/, ''),
    );
  return byName && principalSid(byName, context);
}
