/**
 * Firewall changes made the supported way: `netsh advfirewall firewall …` or the NetSecurity cmdlets, as argv
 * arrays, plus the rule each change should leave in the local store so it can be read back and verified.
 *
 * Quoting policy:
 * - netsh: cmd/netsh quoting cannot be made safe, so nothing is escaped. Every argument is built from validated
 *   parts (rule ids from a strict alphabet, addresses re-printed by ipaddr.js, enums, numbers, fixed paths) and the
 *   finished argv is checked against a strict alphabet once more; anything else is refused.
 * - PowerShell: every value is a single-quoted literal with quotes doubled (including the typographic quotes
 *   PowerShell also treats as quotes), and the script travels as `-EncodedCommand` (base64 UTF-16LE), so no command
 *   line parser ever sees it.
 */
import type { KeySnapshot } from '../registry-port/types';
import {
  AddressSyntaxError,
  entryInterval,
  formatPortEntry,
  isFullInterval,
  parseAddressToken,
  parsePortList,
  unionIntervals,
  formatInterval,
  type AddressEntry,
  type PortEntry,
} from './addresses';
import { normaliseProgramPath, SVCHOST, UNSECAPP, type ExposureTargetId } from './exposure';
import {
  FIREWALL_PROFILES,
  FirewallRuleSyntaxError,
  composeFirewallRule,
  formatFirewallRule,
  parseFirewallRule,
} from './rule-string';
import type { FirewallProfile, FirewallRule, RuleField } from './rule-string';
import type { FirewallCommand } from './runner';
import { FirewallStoreError, LOCAL_RULES_KEY } from './store';

export type FirewallChangeErrorCode =
  | 'invalid-scope'
  | 'invalid-profile'
  | 'invalid-port'
  | 'invalid-rule-id'
  | 'invalid-display-name'
  | 'unsupported-by-tool'
  | 'unsafe-argument';

export class FirewallChangeError extends Error {
  override readonly name = 'FirewallChangeError';
  constructor(
    readonly code: FirewallChangeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Remote addresses an admin allows: LocalSubnet and/or addresses, subnets and ranges. Never Any. */
export interface NarrowScope {
  readonly entries: readonly AddressEntry[];
}

export type FirewallTool = 'netsh' | 'powershell';

export type FirewallChange =
  | {
      readonly kind: 'add';
      readonly ruleId: string;
      /** PowerShell `-DisplayName`; netsh has no separate id, so there the rule id is the name. */
      readonly displayName?: string;
      readonly target: ExposureTargetId;
      readonly scope: NarrowScope;
      readonly profiles: readonly FirewallProfile[];
      /** Overrides the target's ports (e.g. 24158 for a standalone winmgmt); TCP numbers or RPC keywords. */
      readonly localPorts?: readonly PortEntry[];
    }
  /** Narrows and enables an existing rule (e.g. the built-in WMI-ASYNC-In-TCP). */
  | {
      readonly kind: 'narrow';
      readonly ruleId: string;
      readonly scope: NarrowScope;
      readonly profiles: readonly FirewallProfile[];
    }
  /**
   * Limits an enabled rule to these profiles, leaving its remote addresses and enabled state as they are (a rule
   * already inside the admin's scope that also opens the target on profiles the admin did not choose).
   */
  | {
      readonly kind: 'limit-profiles';
      readonly ruleId: string;
      readonly profiles: readonly FirewallProfile[];
    }
  | { readonly kind: 'enable' | 'disable' | 'delete'; readonly ruleId: string };

/** How to find the rule again in the local store: netsh-made rules get a GUID id, so they are found by name. */
export type RuleLocator =
  { readonly by: 'id'; readonly ruleId: string } | { readonly by: 'name'; readonly name: string };

export type ExpectedFirewallState =
  | {
      readonly kind: 'rule';
      readonly locate: RuleLocator;
      readonly rule: FirewallRule;
      readonly ruleString: string;
    }
  | {
      readonly kind: 'rule-properties';
      readonly locate: RuleLocator;
      readonly active: boolean;
      readonly scope?: NarrowScope;
      readonly profiles?: readonly FirewallProfile[];
    }
  | { readonly kind: 'absent'; readonly locate: RuleLocator };

export interface FirewallChangePlan {
  readonly tool: FirewallTool;
  readonly command: FirewallCommand;
  readonly expected: ExpectedFirewallState;
}

/** The version written into predicted rule strings; verification compares meaning and ignores the version. */
export const EXPECTED_RULE_VERSION = 'v2.30';

interface TargetShape {
  readonly program: string;
  readonly service: string | null;
  readonly ports: readonly PortEntry[] | null;
}

const TARGET_SHAPES: Readonly<Record<ExposureTargetId, TargetShape>> = {
  'rpc-endpoint-mapper': {
    program: SVCHOST,
    service: 'RpcSs',
    ports: [{ kind: 'keyword', keyword: 'RPC-EPMap', known: true }],
  },
  'rpc-dynamic': {
    program: SVCHOST,
    service: 'Winmgmt',
    ports: [{ kind: 'keyword', keyword: 'RPC', known: true }],
  },
  // The built-in WMI-ASYNC-In-TCP shape: the program, any port.
  'wmi-async-callback': { program: UNSECAPP, service: null, ports: null },
};

// --- input validation -------------------------------------------------------------------------------------------

const NETSH_RULE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * Rules SinkGuard creates with netsh are named `SinkGuard-…`. netsh has no rule ids: `name=` matches display names,
 * so only such a name finds its rule again. A built-in rule's display name is a localised resource
 * (`@FirewallAPI.dll,-34256`), so `name=WMI-ASYNC-In-TCP` would silently match nothing (or someone else's rule).
 */
export const SINKGUARD_RULE_PREFIX = 'SinkGuard-';

function checkNetshRuleName(ruleId: string): void {
  if (ruleId.startsWith(SINKGUARD_RULE_PREFIX) && ruleId.length > SINKGUARD_RULE_PREFIX.length) return;
  throw new FirewallChangeError(
    'unsupported-by-tool',
    `netsh addresses rules by display name, not by id, so it can only change rules SinkGuard itself named ` +
      `(${SINKGUARD_RULE_PREFIX}…); ${JSON.stringify(ruleId)} is not one (a built-in rule's name is a localised ` +
      `resource such as @FirewallAPI.dll,-34256). Use PowerShell, which finds rules by their stable id (-Name)`,
  );
}
const POWERSHELL_RULE_ID = /^[A-Za-z0-9{][A-Za-z0-9._{}-]{0,199}$/;

export function validateRuleId(ruleId: string, tool: FirewallTool): string {
  const pattern = tool === 'netsh' ? NETSH_RULE_ID : POWERSHELL_RULE_ID;
  if (!pattern.test(ruleId)) {
    throw new FirewallChangeError(
      'invalid-rule-id',
      `rule id ${JSON.stringify(ruleId)} is refused: use 1-200 letters, digits, '.', '_' or '-'` +
        (tool === 'powershell' ? " (and '{}' for GUID ids)" : '') +
        ', starting with a letter or digit',
    );
  }
  return ruleId;
}

function validateDisplayName(name: string): string {
  if (name.length === 0 || name.length > 1000) {
    throw new FirewallChangeError('invalid-display-name', 'the display name must be 1-1000 characters');
  }
  // '|' would end the field in the stored rule string; control characters have no place in a name.
  const bad = [...name].findIndex((char) => {
    const code = char.charCodeAt(0);
    return char === '|' || code < 0x20 || code === 0x7f;
  });
  if (bad >= 0) {
    throw new FirewallChangeError(
      'invalid-display-name',
      `the display name cannot hold '|' or control characters (character ${bad + 1})`,
    );
  }
  return name;
}

/**
 * An admin's scope: `LocalSubnet`, or addresses, CIDR subnets and ranges (IPv4 or IPv6), comma-separated or as a
 * list. `Any`, other keywords and whole-family blocks are refused: this is for narrow rules.
 */
export function parseNarrowScope(input: string | readonly string[]): NarrowScope {
  const tokens = (typeof input === 'string' ? input.split(',') : input).map((token) => token.trim());
  if (tokens.length === 0 || tokens.every((token) => token === '')) {
    throw new FirewallChangeError(
      'invalid-scope',
      'the scope is empty: give LocalSubnet or management addresses',
    );
  }
  const entries = tokens.map((token, index) => {
    const where = `scope entry ${index + 1} (${JSON.stringify(token)})`;
    if (token === '') throw new FirewallChangeError('invalid-scope', `${where} is empty`);
    let entry: AddressEntry;
    try {
      entry = parseAddressToken(token, null, { allowKeywords: true });
    } catch (error) {
      if (error instanceof AddressSyntaxError)
        throw new FirewallChangeError('invalid-scope', `${where}: ${error.message}`);
      throw error;
    }
    if (entry.kind === 'any' || (entryInterval(entry) ?? []).some(isFullInterval)) {
      throw new FirewallChangeError(
        'invalid-scope',
        `${where} allows every address; a narrow rule needs LocalSubnet or management addresses`,
      );
    }
    if (entry.kind === 'keyword') {
      if (entry.keyword !== 'LocalSubnet') {
        throw new FirewallChangeError(
          'invalid-scope',
          `${where}: only the LocalSubnet keyword or addresses, subnets and ranges are accepted`,
        );
      }
      return { ...entry, family: null };
    }
    return entry;
  });
  return { entries };
}

export function parseProfiles(input: string | readonly string[]): FirewallProfile[] {
  const tokens = (typeof input === 'string' ? input.split(',') : input).map((token) =>
    token.trim().toLowerCase(),
  );
  if (tokens.length === 0 || tokens.every((token) => token === '')) {
    throw new FirewallChangeError('invalid-profile', 'no profile given: use domain, private, public or any');
  }
  const chosen = new Set<FirewallProfile>();
  for (const [index, token] of tokens.entries()) {
    if (token === 'any' || token === 'all') FIREWALL_PROFILES.forEach((profile) => chosen.add(profile));
    else {
      const profile = FIREWALL_PROFILES.find((candidate) => candidate.toLowerCase() === token);
      if (!profile) {
        throw new FirewallChangeError(
          'invalid-profile',
          `profile ${index + 1} (${JSON.stringify(token)}) is not domain, private, public or any`,
        );
      }
      chosen.add(profile);
    }
  }
  return FIREWALL_PROFILES.filter((profile) => chosen.has(profile));
}

/** Local TCP ports for a rule: 1-65535, ranges, or RPC / RPC-EPMap. */
export function parseLocalPorts(input: string): PortEntry[] {
  let entries: PortEntry[];
  try {
    entries = parsePortList(input.trim());
  } catch (error) {
    if (error instanceof AddressSyntaxError) throw new FirewallChangeError('invalid-port', error.message);
    throw error;
  }
  for (const entry of entries) {
    if (entry.kind === 'keyword' && entry.keyword !== 'RPC' && entry.keyword !== 'RPC-EPMap') {
      throw new FirewallChangeError(
        'invalid-port',
        `port keyword '${entry.keyword}' is not RPC or RPC-EPMap`,
      );
    }
    if (entry.kind === 'range' && entry.first === 0)
      throw new FirewallChangeError('invalid-port', 'port 0 is not a port');
  }
  return entries;
}

function checkScope(scope: NarrowScope): NarrowScope {
  if (scope.entries.length === 0) {
    throw new FirewallChangeError(
      'invalid-scope',
      'the scope is empty: give LocalSubnet or management addresses',
    );
  }
  // Re-validate entries built in code rather than by parseNarrowScope.
  return parseNarrowScope(scope.entries.map(scopeEntryText));
}

function checkProfiles(profiles: readonly FirewallProfile[]): readonly FirewallProfile[] {
  if (profiles.length === 0) throw new FirewallChangeError('invalid-profile', 'no profile given');
  return parseProfiles(profiles);
}

function scopeEntryText(entry: AddressEntry): string {
  switch (entry.kind) {
    case 'keyword':
      return entry.keyword;
    case 'address':
      return entry.address;
    case 'subnet':
      return `${entry.network}/${entry.prefixLength}`;
    case 'range':
      return `${entry.first}-${entry.last}`;
    case 'any':
      return 'Any';
  }
}

// --- quoting ----------------------------------------------------------------------------------------------------

/** PowerShell treats U+2018-U+201B like the ASCII apostrophe; each is doubled to stay literal. */
export function quotePowerShell(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, (quote) => quote + quote)}'`;
}

/** `-EncodedCommand` payload: base64 of the script's UTF-16LE code units. */
export function encodePowerShellCommand(script: string): string {
  let binary = '';
  for (let i = 0; i < script.length; i++) {
    const unit = script.charCodeAt(i);
    binary += String.fromCharCode(unit & 0xff, unit >> 8);
  }
  return btoa(binary);
}

const NETSH_SAFE_ARGUMENT = /^[A-Za-z0-9=,.:/%\\_-]+$/;

function netshCommand(args: readonly string[]): FirewallCommand {
  for (const [index, arg] of args.entries()) {
    if (!NETSH_SAFE_ARGUMENT.test(arg)) {
      throw new FirewallChangeError(
        'unsafe-argument',
        `netsh argument ${index + 1} ${JSON.stringify(arg)} holds characters netsh cannot take safely; refused`,
      );
    }
  }
  return { program: 'netsh', args, display: `netsh ${args.join(' ')}` };
}

/** One PowerShell statement as a runnable command: stop on the first error, passed encoded (no quoting layer). */
export function powershellCommand(statement: string): FirewallCommand {
  const script = `$ErrorActionPreference = 'Stop'; ${statement}`;
  return {
    program: 'powershell',
    args: [
      '-NoLogo',
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-EncodedCommand',
      encodePowerShellCommand(script),
    ],
    display: script,
  };
}

// --- plans ------------------------------------------------------------------------------------------------------

const psList = (values: readonly string[]): string => values.map(quotePowerShell).join(',');

function netshPorts(ports: readonly PortEntry[]): string {
  return ports.map(formatPortEntry).join(',');
}

function powershellPorts(ports: readonly PortEntry[]): string[] {
  // PowerShell spells the endpoint-mapper keyword RPCEPMap ([F7]).
  return ports.map((port) =>
    port.kind === 'keyword' && port.keyword === 'RPC-EPMap' ? 'RPCEPMap' : formatPortEntry(port),
  );
}

/** The rule a new narrow rule should appear as in the local store, fields in the order Windows writes them. */
function predictRule(
  shape: TargetShape,
  ports: readonly PortEntry[] | null,
  scope: NarrowScope,
  profiles: readonly FirewallProfile[],
  name: string,
): FirewallRule {
  const fields: RuleField[] = [
    { key: 'Action', value: 'Allow' },
    { key: 'Active', value: 'TRUE' },
    { key: 'Dir', value: 'In' },
    { key: 'Protocol', value: '6' },
  ];
  if (profiles.length < FIREWALL_PROFILES.length) {
    for (const profile of profiles) fields.push({ key: 'Profile', value: profile });
  }
  for (const port of ports ?? []) {
    const text = formatPortEntry(port);
    fields.push({
      key: port.kind === 'range' && port.first !== port.last ? 'LPort2_10' : 'LPort',
      value: text,
    });
  }
  for (const family of [4, 6] as const) {
    for (const entry of scope.entries) {
      if (entry.kind === 'keyword') fields.push({ key: `RA${family}`, value: entry.keyword });
      else if (entry.kind !== 'any' && entry.family === family)
        fields.push({ key: `RA${family}`, value: storedAddress(entry) });
    }
  }
  fields.push({ key: 'App', value: shape.program });
  if (shape.service) fields.push({ key: 'Svc', value: shape.service });
  fields.push({ key: 'Name', value: name });
  return composeFirewallRule(EXPECTED_RULE_VERSION, fields);
}

/** IPv4 subnets are stored with a dotted mask (as in [MS-GPFAS] 4.2), IPv6 ones with a prefix length. */
function storedAddress(entry: Exclude<AddressEntry, { kind: 'any' } | { kind: 'keyword' }>): string {
  if (entry.kind === 'subnet' && entry.family === 4) {
    const mask = entry.prefixLength === 0 ? 0 : (0xffffffff << (32 - entry.prefixLength)) >>> 0;
    const dotted = [24, 16, 8, 0].map((shift) => (mask >>> shift) & 0xff).join('.');
    return `${entry.network}/${dotted}`;
  }
  return scopeEntryText(entry);
}

export function planFirewallChange(change: FirewallChange, tool: FirewallTool): FirewallChangePlan {
  const ruleId = validateRuleId(change.ruleId, tool);
  if (tool === 'netsh') checkNetshRuleName(ruleId);
  const locate: RuleLocator = tool === 'netsh' ? { by: 'name', name: ruleId } : { by: 'id', ruleId };
  switch (change.kind) {
    case 'add': {
      const shape = TARGET_SHAPES[change.target];
      const scope = checkScope(change.scope);
      const profiles = checkProfiles(change.profiles);
      const ports = change.localPorts
        ? parseLocalPorts(change.localPorts.map(formatPortEntry).join(','))
        : shape.ports;
      const displayName = tool === 'netsh' ? ruleId : validateDisplayName(change.displayName ?? ruleId);
      if (tool === 'netsh' && change.displayName !== undefined && change.displayName !== ruleId) {
        throw new FirewallChangeError(
          'unsupported-by-tool',
          'netsh has no separate display name (the name is the rule id); use PowerShell for a display name',
        );
      }
      const rule = predictRule(shape, ports, scope, profiles, displayName);
      const remote = scope.entries.map(scopeEntryText);
      const command =
        tool === 'netsh'
          ? netshCommand([
              'advfirewall',
              'firewall',
              'add',
              'rule',
              `name=${ruleId}`,
              'dir=in',
              'action=allow',
              'protocol=TCP',
              ...(ports ? [`localport=${netshPorts(ports)}`] : []),
              `program=${shape.program}`,
              ...(shape.service ? [`service=${shape.service}`] : []),
              `remoteip=${remote.join(',')}`,
              `profile=${profiles.map((profile) => profile.toLowerCase()).join(',')}`,
              'enable=yes',
            ])
          : powershellCommand(
              [
                'New-NetFirewallRule',
                `-Name ${quotePowerShell(ruleId)}`,
                `-DisplayName ${quotePowerShell(displayName)}`,
                '-Direction Inbound -Action Allow -Protocol TCP',
                ...(ports ? [`-LocalPort ${psList(powershellPorts(ports))}`] : []),
                `-Program ${quotePowerShell(shape.program)}`,
                ...(shape.service ? [`-Service ${quotePowerShell(shape.service)}`] : []),
                `-RemoteAddress ${psList(remote)}`,
                `-Profile ${psList(profiles)}`,
                '-Enabled True -PolicyStore PersistentStore | Out-Null',
              ].join(' '),
            );
      return {
        tool,
        command,
        expected: { kind: 'rule', locate, rule, ruleString: formatFirewallRule(rule) },
      };
    }
    case 'narrow': {
      const scope = checkScope(change.scope);
      const profiles = checkProfiles(change.profiles);
      const remote = scope.entries.map(scopeEntryText);
      const command =
        tool === 'netsh'
          ? netshCommand([
              'advfirewall',
              'firewall',
              'set',
              'rule',
              `name=${ruleId}`,
              'new',
              `remoteip=${remote.join(',')}`,
              `profile=${profiles.map((profile) => profile.toLowerCase()).join(',')}`,
              'enable=yes',
            ])
          : powershellCommand(
              `Set-NetFirewallRule -Name ${quotePowerShell(ruleId)} -RemoteAddress ${psList(remote)} -Profile ${psList(profiles)} -Enabled True`,
            );
      return { tool, command, expected: { kind: 'rule-properties', locate, active: true, scope, profiles } };
    }
    case 'limit-profiles': {
      const profiles = checkProfiles(change.profiles);
      const command =
        tool === 'netsh'
          ? netshCommand([
              'advfirewall',
              'firewall',
              'set',
              'rule',
              `name=${ruleId}`,
              'new',
              `profile=${profiles.map((profile) => profile.toLowerCase()).join(',')}`,
            ])
          : powershellCommand(
              `Set-NetFirewallRule -Name ${quotePowerShell(ruleId)} -Profile ${psList(profiles)}`,
            );
      return { tool, command, expected: { kind: 'rule-properties', locate, active: true, profiles } };
    }
    case 'enable':
    case 'disable': {
      const enable = change.kind === 'enable';
      const command =
        tool === 'netsh'
          ? netshCommand([
              'advfirewall',
              'firewall',
              'set',
              'rule',
              `name=${ruleId}`,
              'new',
              `enable=${enable ? 'yes' : 'no'}`,
            ])
          : powershellCommand(
              `${enable ? 'Enable' : 'Disable'}-NetFirewallRule -Name ${quotePowerShell(ruleId)}`,
            );
      return { tool, command, expected: { kind: 'rule-properties', locate, active: enable } };
    }
    case 'delete': {
      const command =
        tool === 'netsh'
          ? netshCommand(['advfirewall', 'firewall', 'delete', 'rule', `name=${ruleId}`])
          : powershellCommand(`Remove-NetFirewallRule -Name ${quotePowerShell(ruleId)}`);
      return { tool, command, expected: { kind: 'absent', locate } };
    }
  }
}

// --- verification -----------------------------------------------------------------------------------------------

export type FirewallVerification =
  | { readonly ok: true; readonly ruleId: string | null; readonly message: string }
  | { readonly ok: false; readonly problems: readonly string[] };

/** Canonical, comparable form of a remote address list: merged intervals plus keywords, sorted. */
function remoteKey(addresses: FirewallRule['remoteAddresses'] | readonly AddressEntry[]): string {
  if (addresses === 'any') return 'Any';
  const keywords = new Set<string>();
  const intervals = [];
  for (const entry of addresses) {
    const concrete = entryInterval(entry);
    if (concrete) intervals.push(...concrete);
    else if (entry.kind === 'keyword') keywords.add(entry.keyword.toLowerCase());
  }
  return [...[...keywords].sort(), ...unionIntervals(intervals).map(formatInterval)].join(',');
}

function describeLocator(locate: RuleLocator): string {
  return locate.by === 'id' ? `rule id ${locate.ruleId}` : `rule named ${locate.name}`;
}

function findRules(
  snapshot: KeySnapshot,
  locate: RuleLocator,
): { id: string; rule: FirewallRule | null; error?: string }[] {
  const found: { id: string; rule: FirewallRule | null; error?: string }[] = [];
  for (const [id, value] of snapshot.values) {
    if (value.type !== 'REG_SZ') continue;
    let rule: FirewallRule | null = null;
    let error: string | undefined;
    try {
      rule = parseFirewallRule(value.data);
    } catch (caught) {
      if (!(caught instanceof FirewallRuleSyntaxError)) throw caught;
      error = caught.message;
    }
    const matches =
      locate.by === 'id' ? id.toLowerCase() === locate.ruleId.toLowerCase() : rule?.name === locate.name;
    if (matches) found.push({ id, rule, ...(error ? { error } : {}) });
  }
  return found;
}

/** Compares what the local store holds after a change with what the change should have produced, by meaning. */
export function verifyFirewallChange(
  expected: ExpectedFirewallState,
  snapshotsAfter: readonly KeySnapshot[],
): FirewallVerification {
  const snapshot = snapshotsAfter.find(
    (candidate) => candidate.path.toLowerCase() === LOCAL_RULES_KEY.toLowerCase(),
  );
  if (!snapshot) throw new FirewallStoreError(`the snapshots do not include ${LOCAL_RULES_KEY}`);
  const found = snapshot.exists ? findRules(snapshot, expected.locate) : [];
  const where = describeLocator(expected.locate);
  if (expected.kind === 'absent') {
    return found.length === 0
      ? { ok: true, ruleId: null, message: `${where} is gone` }
      : { ok: false, problems: [`${where} is still present (${found.map((item) => item.id).join(', ')})`] };
  }
  if (found.length === 0) return { ok: false, problems: [`${where} is not in the local rule store`] };
  if (found.length > 1) {
    return {
      ok: false,
      problems: [`${found.length} rules match ${where} (${found.map((item) => item.id).join(', ')})`],
    };
  }
  const [only] = found;
  if (!only?.rule)
    return { ok: false, problems: [`${where} does not parse: ${only?.error ?? 'unknown error'}`] };
  const actual = only.rule;
  const problems: string[] = [];
  const compare = (what: string, want: string, got: string): void => {
    if (want !== got) problems.push(`${what}: expected ${want}, found ${got}`);
  };
  if (expected.kind === 'rule') {
    const want = expected.rule;
    compare('Action', want.action, actual.action);
    compare('Active', String(want.active), String(actual.active));
    compare('Dir', want.direction, actual.direction);
    compare('Protocol', String(want.protocol ?? 'any'), String(actual.protocol ?? 'any'));
    compare('Profiles', want.profiles.join(','), actual.profiles.join(','));
    const ports = (rule: FirewallRule): string =>
      rule.localPorts === 'any' ? 'any' : rule.localPorts.map(formatPortEntry).join(',').toLowerCase();
    compare('Local ports', ports(want), ports(actual));
    compare('Remote addresses', remoteKey(want.remoteAddresses), remoteKey(actual.remoteAddresses));
    compare('Program', normaliseProgramPath(want.app ?? 'any'), normaliseProgramPath(actual.app ?? 'any'));
    compare('Service', (want.service ?? 'any').toLowerCase(), (actual.service ?? 'any').toLowerCase());
    compare('Name', want.name ?? '', actual.name ?? '');
  } else {
    compare('Active', String(expected.active), String(actual.active));
    if (expected.scope)
      compare('Remote addresses', remoteKey(expected.scope.entries), remoteKey(actual.remoteAddresses));
    if (expected.profiles) compare('Profiles', expected.profiles.join(','), actual.profiles.join(','));
  }
  return problems.length === 0
    ? { ok: true, ruleId: only.id, message: `${where} (${only.id}) is as expected` }
    : { ok: false, problems: problems.map((problem) => `${where} (${only.id}): ${problem}`) };
}
