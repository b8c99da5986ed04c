import { describe, expect, it } from 'vitest';
import {
  LiveReadError,
  canonicalAddresses,
  liveMatches,
  parseLiveRules,
  readRulesCommand,
  removeRuleCommand,
  ruleStateOf,
  setRuleCommand,
} from '../../../main/domain/firewall/live';
import { parseFirewallRule } from '../../../main/domain/firewall/rule-string';

const decode = (args: readonly string[]): string => {
  const bytes = Uint8Array.from(atob(args.at(-1)!), (char) => char.charCodeAt(0));
  return new TextDecoder('utf-16le').decode(bytes);
};

describe('live firewall commands', () => {
  it('sets a rule back with Set-NetFirewallRule and its before-values, names quoted as literals', () => {
    const command = setRuleCommand("x'; Invoke-Pwned; '", {
      enabled: false,
      action: 'Allow',
      profiles: ['Domain', 'Private', 'Public'],
      remoteAddresses: ['Any'],
    });
    expect(command.program).toBe('powershell');
    expect(command.display).toBe(
      "$ErrorActionPreference = 'Stop'; Set-NetFirewallRule -Name 'x''; Invoke-Pwned; ''' -Enabled False " +
        "-Action Allow -RemoteAddress 'Any' -Profile 'Any'",
    );
    expect(decode(command.args)).toBe(command.display);
  });

  it('names the profiles and addresses a rule had', () => {
    const before = ruleStateOf(
      parseFirewallRule(
        'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|Profile=Private|LPort=135|RA4=10.0.10.0/255.255.255.0|RA4=LocalSubnet|RA6=LocalSubnet|Name=x|',
      ),
    );
    expect(before).toEqual({
      enabled: true,
      action: 'Allow',
      profiles: ['Domain', 'Private'],
      remoteAddresses: ['10.0.10.0/24', 'LocalSubnet'],
    });
    expect(setRuleCommand('R', before).display).toContain(
      "-Enabled True -Action Allow -RemoteAddress '10.0.10.0/24','LocalSubnet' -Profile 'Domain','Private'",
    );
  });

  it('removes a created rule by its id, and reads rules by id with their filters', () => {
    expect(removeRuleCommand('SinkGuard-x').display).toBe(
      "$ErrorActionPreference = 'Stop'; Remove-NetFirewallRule -Name 'SinkGuard-x'",
    );
    const read = readRulesCommand(['A', "B'"]).display;
    expect(read).toContain("Get-NetFirewallRule -Name 'A','B''' -ErrorAction SilentlyContinue");
    expect(read).toContain('Get-NetFirewallAddressFilter');
    expect(read).toContain('Get-NetFirewallPortFilter');
    expect(read).not.toMatch(/FirewallRules|reg(\.exe)? import/i);
    expect(() => readRulesCommand([])).toThrow(LiveReadError);
  });
});

describe('parseLiveRules', () => {
  const rule = {
    Name: 'RPC-EPMAP-In',
    Enabled: 'True',
    Action: 'Allow',
    Direction: 'Inbound',
    Profile: 'Domain, Private',
    PolicyStoreSourceType: 'Local',
    RemoteAddress: ['10.0.10.0/255.255.255.0', 'LocalSubnet'],
    LocalPort: ['RPCEPMap'],
    Protocol: 'TCP',
  };

  it('reads rules by name, any profile and a single address as Windows PowerShell writes them', () => {
    const rules = parseLiveRules(
      JSON.stringify([rule, { ...rule, Name: 'b', Profile: 'Any', RemoteAddress: 'Any', LocalPort: '135' }]),
    );
    expect(rules.get('RPC-EPMAP-IN')).toMatchObject({
      enabled: true,
      profiles: ['Domain', 'Private'],
      remoteAddresses: ['10.0.10.0/255.255.255.0', 'LocalSubnet'],
    });
    expect(rules.get('B')).toMatchObject({
      profiles: ['Domain', 'Private', 'Public'],
      remoteAddresses: ['Any'],
      localPorts: ['135'],
    });
    expect(parseLiveRules('').size).toBe(0);
    expect(parseLiveRules('[]').size).toBe(0);
  });

  it('refuses output it does not understand instead of guessing', () => {
    expect(() => parseLiveRules('WARNING: something')).toThrow(LiveReadError);
    expect(() => parseLiveRules(JSON.stringify([{ ...rule, Enabled: 1 }]))).toThrow(/Enabled/);
    expect(() => parseLiveRules(JSON.stringify([{ ...rule, Profile: 'Home' }]))).toThrow(/profile/);
    expect(() => parseLiveRules(JSON.stringify([{ ...rule, Action: 'Maybe' }]))).toThrow(/Action/);
  });

  it('compares a live rule with a state by meaning', () => {
    const live = parseLiveRules(JSON.stringify([rule])).get('RPC-EPMAP-IN');
    const state = {
      enabled: true,
      action: 'Allow' as const,
      profiles: ['Private', 'Domain'] as const,
      remoteAddresses: ['LocalSubnet', '10.0.10.0/24'],
    };
    expect(liveMatches(live, state)).toBe(true);
    expect(liveMatches(live, { ...state, enabled: false })).toBe(false);
    expect(liveMatches(live, { ...state, remoteAddresses: ['Any'] })).toBe(false);
    expect(liveMatches(undefined, null)).toBe(true);
    expect(liveMatches(live, null)).toBe(false);
    expect(canonicalAddresses(['Any', '10.0.0.1'])).toBe('any');
  });
});
