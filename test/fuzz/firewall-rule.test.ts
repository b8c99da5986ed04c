import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FirewallRuleSyntaxError,
  formatFirewallRule,
  parseFirewallRule,
} from '../../main/domain/firewall/rule-string';
import { FirewallChangeError, parseNarrowScope } from '../../main/domain/firewall/commands';

const KEYS = [
  'Action',
  'Dir',
  'Protocol',
  'LPort',
  'RPort',
  'RA4',
  'RA6',
  'LA4',
  'Profile',
  'Active',
  'App',
  'Svc',
  'ICMP4',
  'LSM',
  'Platform',
  'Platform2',
  'SkipVer',
  'TTK2_22',
  'NNm',
  'Name',
  'X',
];
const VALUES = [
  'Allow',
  'Block',
  'In',
  'out',
  '6',
  '17',
  '1',
  '135',
  '1-5,7',
  'RPC',
  'LocalSubnet',
  '10.0.0.0/8',
  'fe80::/64',
  '8:*',
  'TRUE',
  '',
  '=',
  '999999',
  '10.0.0.1/24',
  '2:6:2',
  'GTEQ',
  '2.30',
  'WFDPrint',
  '@FirewallAPI.dll,-34256',
  '@x,-',
];

describe('firewall rule parser under fuzzing', () => {
  it('either parses and formats back exactly, or throws FirewallRuleSyntaxError', () => {
    const field = fc.oneof(
      fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES)).map(([key, value]) => `${key}=${value}`),
      fc.string({ maxLength: 12 }),
    );
    const rule = fc.tuple(
      fc.constantFrom('v2.30', 'V2.0', 'x', ''),
      fc.array(field, { maxLength: 10 }),
      fc.boolean(),
    );
    fc.assert(
      fc.property(rule, ([version, fields, trailing]) => {
        const text = `${version}|${fields.join('|')}${trailing ? '|' : ''}`;
        try {
          expect(formatFirewallRule(parseFirewallRule(text))).toBe(text);
        } catch (error) {
          if (!(error instanceof FirewallRuleSyntaxError)) throw error;
        }
      }),
      { numRuns: 20_000 },
    );
  });

  it('scope parsing accepts or refuses with FirewallChangeError, never anything else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          parseNarrowScope(text);
        } catch (error) {
          if (!(error instanceof FirewallChangeError)) throw error;
        }
      }),
      { numRuns: 20_000 },
    );
  });
});
