import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAddressEntry } from '../../main/domain/firewall/addresses';
import { FirewallChangeError, parseNarrowScope } from '../../main/domain/firewall/commands';
import {
  FirewallRuleSyntaxError,
  formatFirewallRule,
  parseFirewallRule,
} from '../../main/domain/firewall/rule-string';
import { FuzzCounter, loadConformance, pick } from './support';

// Mostly valid input, mutated from Windows' own rule strings ([MS-GPFAS] 2.2.2.19 vectors) and from the grammar,
// plus a share of broken input: random input almost never parses, so it would test only the refusal path.

const SEEDS = loadConformance<{ rule: string }>('firewall_rules.json').map((entry) => entry.rule);

/** Values the grammar accepts, per key. Keys that may appear once are marked; repeating one breaks the rule. */
const GRAMMAR: Readonly<Record<string, { values: readonly string[]; once?: true }>> = {
  Action: { values: ['Allow', 'Block', 'ByPass', 'allow'], once: true },
  Active: { values: ['TRUE', 'FALSE', 'true'], once: true },
  Dir: { values: ['In', 'Out', 'out'], once: true },
  Protocol: { values: ['6', '17', '1', '58', '0', '255', 'tcp', 'UDP'], once: true },
  Profile: { values: ['Domain', 'Private', 'Public', 'public'] },
  LPort: { values: ['135', 'RPC', 'RPC-EPMap', '1-5,7', '49152-65535', '0', 'IPHTTPSIn', 'NewKeyword'] },
  RPort: { values: ['135', '5000-5020', '65535'] },
  LPort2_10: { values: ['RPC', '80,443'] },
  LA4: { values: ['10.0.0.1', '192.168.1.0/255.255.255.0', '10.0.0.0/8', '10.0.0.1-10.0.0.9', '*'] },
  RA4: { values: ['LocalSubnet', '10.0.0.0/8', '10.0.0.1', 'DNS', 'Any'] },
  RA6: { values: ['LocalSubnet', 'fe80::/64', '::1', 'fe80::1-fe80::9'] },
  ICMP4: { values: ['8:*', '3:4', '0:0'] },
  ICMP6: { values: ['128:*', '1:3'] },
  App: { values: ['%SystemRoot%\\system32\\svchost.exe', 'C:\\Program Files\\x.exe', 'System'], once: true },
  Svc: { values: ['RpcSs', '*', 'termservice', '=Name'], once: true },
  Name: {
    values: ['Rule', '@FirewallAPI.dll,-28775', '@{Microsoft.App?ms-resource://x}', 'a=b'],
    once: true,
  },
  Desc: { values: ['Inbound rule', '@FirewallAPI.dll,-28756', ''], once: true },
  EmbedCtxt: { values: ['@FirewallAPI.dll,-28752', 'Group'], once: true },
  Edge: { values: ['TRUE', 'FALSE'], once: true },
  Defer: { values: ['App', 'User'], once: true },
  LSM: { values: ['TRUE', 'FALSE'], once: true },
  PCross: { values: ['TRUE'], once: true },
  Platform: { values: ['2:6:2', '2:10:0'] },
  Platform2: { values: ['GTEQ'], once: true },
  SkipVer: { values: ['2.30', '0.0'], once: true },
  TTK2_22: { values: ['WFDPrint', 'NewerKeyword'] },
  Security: { values: ['Authenticate', 'AuthenticateEncrypt'] },
  IFType: { values: ['Lan', 'Wireless'] },
  NewerField2_40: { values: ['anything', '1'] },
};
const KEYS = Object.keys(GRAMMAR);
const VERSIONS = ['v2.30', 'v2.10', 'V2.0', 'v2.33', 'V4.0', 'v255.255'];

/** A value that is wrong for its key, or a field that is not a field: one of these breaks a rule. */
const BREAKS = [
  (fields: string[]) => fields.concat('Action=Allow', 'Action=Block'), // a single key twice
  (fields: string[]) => fields.concat('Protocol=256'),
  (fields: string[]) => fields.concat('LPort=70000'),
  (fields: string[]) => fields.concat('RA4=fe80::1'),
  (fields: string[]) => fields.concat('ICMP4=8'),
  (fields: string[]) => fields.concat('Dir=Both'),
  (fields: string[]) => fields.concat('NoEquals'),
  (fields: string[]) => fields.concat('=value'),
  (fields: string[]) => ['', ...fields], // '||'
  (fields: string[]) => fields.filter((field) => !/^dir=/i.test(field)),
  (fields: string[]) => fields.filter((field) => !/^action=/i.test(field)),
];

interface Recipe {
  readonly seed: number;
  readonly fromGrammar: boolean;
  readonly version: number;
  readonly edits: readonly { readonly kind: number; readonly a: number; readonly b: number }[];
  /** null: valid; else the index of the break to apply. */
  readonly broken: number | null;
  readonly cut: number;
}

const keyOf = (field: string): string => field.slice(0, field.indexOf('='));
const isOnce = (key: string): boolean =>
  Object.entries(GRAMMAR).some(([name, spec]) => spec.once && name.toLowerCase() === key.toLowerCase());

/** Builds the rule text a recipe describes: every edit keeps a valid rule valid; `broken` then breaks it. */
function ruleText(recipe: Recipe): string {
  let version: string;
  let fields: string[];
  if (recipe.fromGrammar) {
    version = pick(VERSIONS, recipe.version);
    fields = [
      `Action=${pick(GRAMMAR.Action!.values, recipe.seed)}`,
      `Dir=${pick(GRAMMAR.Dir!.values, recipe.seed >> 2)}`,
    ];
  } else {
    const parts = pick(SEEDS, recipe.seed).slice(0, -1).split('|');
    version = parts[0]!;
    fields = parts.slice(1);
  }
  for (const { kind, a, b } of recipe.edits) {
    const at = fields.length === 0 ? 0 : a % fields.length;
    const key = pick(KEYS, a);
    const present = fields.some((field) => keyOf(field).toLowerCase() === key.toLowerCase());
    switch (kind % 5) {
      case 0: // add a field the grammar allows here
        if (!isOnce(key) || !present)
          fields.splice(b % (fields.length + 1), 0, `${key}=${pick(GRAMMAR[key]!.values, b)}`);
        break;
      case 1: // drop a field other than the two every rule needs
        if (!/^(action|dir)$/i.test(keyOf(fields[at] ?? 'Action='))) fields.splice(at, 1);
        break;
      case 2: {
        // another valid value for a field the grammar knows
        const field = fields[at] ?? '';
        const spec = Object.entries(GRAMMAR).find(
          ([name]) => name.toLowerCase() === keyOf(field).toLowerCase(),
        );
        if (spec) fields[at] = `${keyOf(field)}=${pick(spec[1].values, b)}`;
        break;
      }
      case 3: // Windows writes keys in any case (LPORT=, rport=)
        if (fields[at])
          fields[at] =
            b % 2 ? keyOf(fields[at]).toUpperCase() + fields[at].slice(keyOf(fields[at]).length) : fields[at];
        break;
      default: // fields in another order
        fields.push(...fields.splice(0, at));
    }
  }
  if (recipe.broken !== null) {
    fields = pick(BREAKS, recipe.broken)(fields);
    // Some breaks cut the string itself: the version, the closing '|'.
    if (recipe.cut % 3 === 1) version = version.slice(1);
    if (recipe.cut % 3 === 2) return `${version}|${fields.join('|')}`;
  }
  return `${version}|${fields.join('|')}|`;
}

const recipes = fc.record({
  seed: fc.nat(),
  fromGrammar: fc.boolean(),
  version: fc.nat(),
  edits: fc.array(fc.record({ kind: fc.nat(), a: fc.nat(), b: fc.nat() }), { maxLength: 5 }),
  // About one case in five is broken.
  broken: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat() }),
  cut: fc.nat(),
});

const RULE_RUNS = 20_000;
const SCOPE_RUNS = 20_000;

describe('firewall rule parser under fuzzing', () => {
  it('parses mutated Windows rules and grammar rules, formats them back exactly and parses that to the same rule', () => {
    const counter = new FuzzCounter('firewall rule strings', 'round-tripped');
    fc.assert(
      fc.property(recipes, (recipe) => {
        const text = ruleText(recipe);
        let rule;
        try {
          rule = parseFirewallRule(text);
        } catch (error) {
          if (!(error instanceof FirewallRuleSyntaxError)) throw error;
          expect(error.offset).toBeGreaterThanOrEqual(0);
          expect(error.offset).toBeLessThanOrEqual(text.length);
          // Only the broken share may be refused: every edit keeps a Windows or grammar rule valid.
          expect(recipe.broken, `refused ${text}: ${error.message}`).not.toBeNull();
          counter.count(false);
          return;
        }
        const formatted = formatFirewallRule(rule);
        expect(formatted).toBe(text);
        expect(parseFirewallRule(formatted)).toEqual(rule);
        counter.count(true);
      }),
      { numRuns: RULE_RUNS },
    );
    counter.expectFloor(0.5, RULE_RUNS);
  });

  it('refuses the broken share with FirewallRuleSyntaxError, never anything else', () => {
    const counter = new FuzzCounter('firewall rule strings, broken', 'refused with FirewallRuleSyntaxError');
    fc.assert(
      fc.property(
        recipes.filter((recipe) => recipe.broken !== null),
        (recipe) => {
          const text = ruleText(recipe);
          counter.count(
            (() => {
              try {
                parseFirewallRule(text);
                return false;
              } catch (error) {
                if (!(error instanceof FirewallRuleSyntaxError)) throw error;
                return true;
              }
            })(),
          );
        },
      ),
      { numRuns: 5_000 },
    );
    // Every break above is a real error in the grammar: a rule that still parses means the parser let one through.
    counter.expectFloor(1, 5_000);
  });
});

/** An address of either family, a subnet (prefix or IPv4 mask, network bits only), a range, or LocalSubnet. */
const scopeEntry = fc.oneof(
  fc.constantFrom('LocalSubnet', 'localsubnet'),
  fc.ipV4(),
  fc.ipV6(),
  fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 32 })).map(([address, prefix]) => {
    const value = address.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
    const network = prefix === 32 ? value : value - (value % 2 ** (32 - prefix));
    const text = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.');
    return `${text}/${prefix}`;
  }),
  fc.tuple(fc.ipV4(), fc.ipV4()).map(([a, b]) => {
    const value = (text: string) => text.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
    return value(a) <= value(b) ? `${a}-${b}` : `${b}-${a}`;
  }),
  fc.constantFrom(
    '10.0.0.0/255.0.0.0',
    '192.168.1.0/255.255.255.0',
    'fe80::/64',
    '2001:db8::/32',
    'fe80::1-fe80::9',
  ),
);

/** What makes a scope too wide or not a scope: each is refused. */
const badScopeEntry = fc.constantFrom(
  'Any',
  '*',
  '0.0.0.0/0',
  '::/0',
  '0.0.0.0-255.255.255.255',
  'DNS',
  '',
  '10.0.0.1/24',
  '10.0.0.0/33',
  '10.0.0.9-10.0.0.1',
  'fe80::1%eth0',
  '300.1.1.1',
  '10.0.0.0/255.0.255.0',
);

describe('narrow scope parser under fuzzing', () => {
  it('accepts generated scopes, formats them and parses that to the same scope; refuses the rest with FirewallChangeError', () => {
    const counter = new FuzzCounter('firewall scopes', 'round-tripped');
    const scope = fc.tuple(
      fc.array(scopeEntry, { minLength: 1, maxLength: 6 }),
      fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: badScopeEntry }),
      fc.nat(),
      fc.constantFrom(',', ', ', ' ,'),
    );
    fc.assert(
      fc.property(scope, ([entries, bad, at, separator]) => {
        const tokens = [...entries];
        if (bad !== null) tokens.splice(at % (tokens.length + 1), 0, bad);
        const text = tokens.join(separator);
        let parsed;
        try {
          parsed = parseNarrowScope(text);
        } catch (error) {
          if (!(error instanceof FirewallChangeError)) throw error;
          expect(error.code).toBe('invalid-scope');
          // Only the broken share may be refused: every generated entry is a narrow scope.
          expect(bad, `refused ${JSON.stringify(text)}: ${error.message}`).not.toBeNull();
          counter.count(false);
          return;
        }
        expect(bad, `accepted ${JSON.stringify(text)}`).toBeNull();
        expect(parsed.entries).toHaveLength(entries.length);
        const again = parseNarrowScope(parsed.entries.map(formatAddressEntry).join(','));
        expect(again).toEqual(parsed);
        counter.count(true);
      }),
      { numRuns: SCOPE_RUNS },
    );
    counter.expectFloor(0.5, SCOPE_RUNS);
  });

  it('refuses random text with FirewallChangeError, never anything else', () => {
    const counter = new FuzzCounter('firewall scopes, random text', 'refused with FirewallChangeError');
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseNarrowScope(text);
          counter.count(false);
        } catch (error) {
          if (!(error instanceof FirewallChangeError)) throw error;
          expect(error.code).toBe('invalid-scope');
          counter.count(true);
        }
      }),
      { numRuns: 5_000 },
    );
    // Random text is almost never an address list; the few that are (a bare "::1", "1.2.3.4") may be accepted.
    counter.expectFloor(0.9, 5_000);
  });
});
