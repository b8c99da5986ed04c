import { describe, expect, it } from 'vitest';
import { analyzeExposure } from '../../../main/domain/firewall/exposure';
import { builtInRuleText, NAMED_RULE_IDS, ruleText } from '../../../main/domain/firewall/rule-names';
import { LOCAL_RULES_KEY, readFirewallStore } from '../../../main/domain/firewall/store';
import { firewallSnapshots, sz } from './support';

// Remote Assistance's DCOM rule as a policy-less Windows Server stores it: a resource reference SinkGuard has no
// English for, under the id the Domain-profile copy carries.
const REMOTE_ASSISTANCE =
  'v2.30|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|LPort=135|' +
  'App=%SystemRoot%\\system32\\svchost.exe|Svc=RpcSs|Name=@FirewallAPI.dll,-33035|EmbedCtxt=@FirewallAPI.dll,-33002|';

describe('built-in rule names', () => {
  it('names every variant of a built-in id, case-insensitively, and nothing else', () => {
    for (const id of [
      'RemoteAssistance-DCOM-In-TCP',
      'RemoteAssistance-DCOM-In-TCP-NoScope-Active',
      'remoteassistance-dcom-in-tcp-active',
    ]) {
      expect(builtInRuleText(id)).toEqual({
        displayName: 'Remote Assistance (DCOM-In)',
        group: 'Remote Assistance',
      });
    }
    expect(builtInRuleText('RemoteAssistance-DCOM-In-TCP-Extra')).toBeNull();
    expect(builtInRuleText('{9E3A1D47-2B6C-4F85-A0D9-7C1B5E8F3264}')).toBeNull();
    for (const id of NAMED_RULE_IDS) expect(builtInRuleText(id)?.displayName).toMatch(/\S/);
  });

  it("prefers the rule's own name and group over the table's", () => {
    expect(ruleText('MSDTC-In-TCP', { displayName: 'Mine', displayGroup: null })).toEqual({
      displayName: 'Mine',
      group: 'Distributed Transaction Coordinator',
    });
    expect(ruleText('custom', null)).toEqual({ displayName: null, group: null });
  });

  it('an audit of a stored built-in rule says its console name, not its id', () => {
    const store = readFirewallStore(
      firewallSnapshots({
        [LOCAL_RULES_KEY]: { 'RemoteAssistance-DCOM-In-TCP-NoScope-Active': sz(REMOTE_ASSISTANCE) },
      }),
    );
    const domain = analyzeExposure(store).targets[0]!.profiles.find((item) => item.profile === 'Domain')!;
    expect(domain.open).toBe(true);
    expect(domain.allowingRules[0]).toMatchObject({
      id: 'RemoteAssistance-DCOM-In-TCP-NoScope-Active',
      displayName: 'Remote Assistance (DCOM-In)',
      group: 'Remote Assistance',
    });
    expect(domain.explanation).toContain('allowed by "Remote Assistance (DCOM-In)" (local)');
    expect(domain.explanation).not.toContain('RemoteAssistance-DCOM-In-TCP');
  });
});
