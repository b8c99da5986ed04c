import { describe, expect, it } from 'vitest';
import { parsePortsText, parseScopeText } from '../../../renderer/src/model/scope';
import { TROUBLESHOOTER, walkTroubleshooter } from '../../../renderer/src/model/troubleshooter';

describe('the firewall scope input', () => {
  it('accepts LocalSubnet, addresses, CIDR blocks and ranges separated by commas or lines', () => {
    expect(parseScopeText('10.0.10.0/24, 192.168.1.5\nLocalSubnet  fe80::1 10.0.0.1-10.0.0.9')).toEqual({
      entries: ['10.0.10.0/24', '192.168.1.5', 'LocalSubnet', 'fe80::1', '10.0.0.1-10.0.0.9'],
      problems: [],
    });
  });

  it('names each bad entry by position and refuses Any, an empty scope and duplicates', () => {
    const { problems } = parseScopeText('10.0.0.0/33, Any, 300.1.1.1, 10.0.0.1, 10.0.0.1');
    expect(problems).toEqual([
      expect.stringMatching(/^Entry 1: .*too long for IPv4/),
      expect.stringMatching(/^Entry 2: .*every address/),
      expect.stringMatching(/^Entry 3: .*300\.1\.1\.1/),
      'Entry 5: "10.0.0.1" is listed twice',
    ]);
    expect(parseScopeText('  ').problems).toEqual([
      'Name at least one management address, subnet or LocalSubnet.',
    ]);
  });
});

describe('the callback troubleshooter', () => {
  it('leads E_ACCESSDENIED from a foreign local account to the identity fix, never to anonymous access', () => {
    const node = walkTroubleshooter([0, 0]);
    expect(node).toMatchObject({ kind: 'diagnosis', id: 'anonymous-callback', target: { wizard: 'dcom' } });
    if (node.kind !== 'diagnosis') throw new Error('unreachable');
    expect(node.fix.join(' ')).toMatch(/Network Service|Local System|domain account/);
    expect(node.never).toMatch(/Never grant ANONYMOUS LOGON/);
  });

  it('leads an unmarshal failure to the firewall steps, starting on opening the blocked target', () => {
    expect(walkTroubleshooter([1, 0])).toMatchObject({
      target: { wizard: 'firewall', step: 'scope', open: 'firewall.endpoint-mapper' },
    });
    expect(walkTroubleshooter([1, 1])).toMatchObject({
      target: { wizard: 'firewall', step: 'callbacks', open: 'firewall.unsecapp' },
    });
    expect(walkTroubleshooter([2])).toMatchObject({ target: { wizard: 'wmi' } });
  });

  it('refuses answers that do not exist, naming the position', () => {
    expect(() => walkTroubleshooter([7])).toThrow('answer 1: "symptom" has no answer 7');
    expect(() => walkTroubleshooter([2, 0])).toThrow('answer 2: the diagnosis is already reached');
  });

  it('has no dangling step and every question reaches a diagnosis', () => {
    for (const node of Object.values(TROUBLESHOOTER)) {
      if (node.kind === 'question')
        for (const answer of node.answers) expect(TROUBLESHOOTER[answer.next]).toBeDefined();
    }
  });
});

describe('the RPC dynamic port input', () => {
  it('counts ports across entries and accepts a range of at least 100', () => {
    expect(parsePortsText('5000-5099')).toEqual({ ports: ['5000-5099'], count: 100, problems: [] });
    expect(parsePortsText('5000-5050, 5040-5120').count).toBe(121);
  });

  it('names bad entries and refuses too small or empty restrictions', () => {
    expect(parsePortsText('5000-4000, 70000').problems).toEqual([
      'Entry 1: "5000-4000" ends before it starts',
      'Entry 2: "70000" lies outside 0-65535',
    ]);
    expect(parsePortsText('5000-5010').problems).toEqual([
      '11 ports is too few: Microsoft recommends at least 100.',
    ]);
    expect(parsePortsText('').problems).toEqual(['Name the ports RPC servers may use, e.g. 5000-5100.']);
  });
});
