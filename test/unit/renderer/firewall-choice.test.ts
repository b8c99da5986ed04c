import { describe, expect, it } from 'vitest';
import { PlanCreateRequest } from '../../../main/contract/changes';
import {
  defaultProfiles,
  describeToday,
  exposureRows,
  firewallEditValue,
  toggleProfile,
} from '../../../renderer/src/model/firewall';

const closed = [
  { profile: 'Domain', open: false, reachableFrom: [], rules: [] },
  { profile: 'Private', open: false, reachableFrom: [], rules: [] },
  { profile: 'Public', open: false, reachableFrom: [], rules: [] },
];

describe('the firewall wizard’s per-target choice', () => {
  it('reads the finding’s exposure defensively', () => {
    expect(exposureRows(null)).toEqual([]);
    expect(
      exposureRows([{ profile: 'Domain', open: true, reachableFrom: ['Any', 3], rules: 'x' }, 7]),
    ).toEqual([{ profile: 'Domain', open: true, reachableFrom: ['Any'], rules: [] }]);
  });

  it('says plainly when a target is closed today, and where it is open from otherwise', () => {
    expect(describeToday(closed)).toBe('Closed today on every profile');
    expect(
      describeToday([
        {
          profile: 'Domain',
          open: true,
          reachableFrom: ['10.0.10.0/24'],
          rules: ['WMI-RPCSS-In-TCP-NoScope'],
        },
        closed[1]!,
        { profile: 'Public', open: true, reachableFrom: ['Any'], rules: ['X'] },
      ]),
    ).toBe('Open today on Domain (from 10.0.10.0/24); Public (from Any); closed on Private');
    expect(describeToday([])).toMatch(/^Not known today/);
  });

  it('starts "Open only from the scope" on the profiles open today, or Domain when closed everywhere', () => {
    expect(defaultProfiles(closed)).toEqual(['Domain']);
    expect(defaultProfiles([])).toEqual(['Domain']);
    expect(
      defaultProfiles([closed[0]!, { ...closed[1]!, open: true }, { ...closed[2]!, open: true }]),
    ).toEqual(['Private', 'Public']);
  });

  it('toggles profiles in Domain, Private, Public order', () => {
    expect(toggleProfile(['Public'], 'Domain', true)).toEqual(['Domain', 'Public']);
    expect(toggleProfile(['Domain', 'Public'], 'Domain', false)).toEqual(['Public']);
  });

  it('sends open-from-scope with its profiles, close without any, and nothing for leave', () => {
    const scope = firewallEditValue('scope', ['10.0.10.0/24'], ['Public', 'Domain']);
    expect(scope).toEqual({ allowFrom: ['10.0.10.0/24'], profiles: ['Domain', 'Public'] });
    expect(firewallEditValue('close', ['10.0.10.0/24'], ['Domain'])).toEqual({ allowFrom: [] });
    expect(firewallEditValue('keep', ['10.0.10.0/24'], ['Domain'])).toBeNull();
    for (const value of [scope, { allowFrom: [] }]) {
      expect(
        PlanCreateRequest.safeParse({ edits: [{ settingId: 'firewall.endpoint-mapper', value }] }).success,
      ).toBe(true);
    }
  });
});
