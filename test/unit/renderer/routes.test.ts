import { describe, expect, it } from 'vitest';
import { CATALOG, findSetting } from '../../../main/domain/catalog';
import {
  fixRouteFor,
  offeredBy,
  stepIndex,
  WIZARDS,
  type WizardId,
} from '../../../renderer/src/model/routes';

const wizards = Object.keys(WIZARDS) as WizardId[];
const offered = wizards.flatMap((wizard) =>
  WIZARDS[wizard].flatMap((step, index) => step.offers.map((settingId) => ({ wizard, index, settingId }))),
);

describe('fixRouteFor: every setting SinkGuard changes has a wizard step that offers it', () => {
  it.each(CATALOG.filter((setting) => setting.remedy === 'local').map((setting) => setting.id))(
    '%s routes to a step that offers it',
    (settingId) => {
      const route = fixRouteFor({ settingId });
      expect(route).not.toBeNull();
      expect(offeredBy(route!.page, route!.step)).toContain(settingId);
      // Never the review step: it applies what the other steps chose and offers nothing of its own.
      expect(route!.step).toBeLessThan(WIZARDS[route!.page].length - 1);
    },
  );

  it.each(CATALOG.filter((setting) => setting.remedy !== 'local').map((setting) => setting.id))(
    '%s is not changed by SinkGuard, so no wizard offers it and "Fix…" has nowhere to go',
    (settingId) => {
      expect(fixRouteFor({ settingId })).toBeNull();
    },
  );

  it('offers only catalog settings, each on exactly one step', () => {
    for (const { settingId } of offered) expect(findSetting(settingId), settingId).toBeDefined();
    const ids = offered.map((entry) => entry.settingId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('offers each setting in the wizard of its area', () => {
    const wizardOfArea: Record<string, WizardId> = {
      'wmi-callbacks': 'wmi',
      'dcom-limits': 'dcom',
      authentication: 'dcom',
      firewall: 'firewall',
      rpc: 'firewall',
    };
    for (const { wizard, settingId } of offered)
      expect(wizard, settingId).toBe(wizardOfArea[findSetting(settingId)!.area]);
  });

  it('ends every wizard with the review step, which offers nothing', () => {
    for (const wizard of wizards) {
      const steps = WIZARDS[wizard];
      expect(steps.at(-1)).toEqual({ label: 'Review and apply', offers: [] });
    }
  });

  it('finds steps by label, and refuses a label no step has', () => {
    expect(stepIndex('dcom', 'Default permissions')).toBe(1);
    expect(stepIndex('firewall', 'Callbacks and RPC ports')).toBe(2);
    expect(() => stepIndex('wmi', 'Turn off the access check')).toThrow(
      'the wmi wizard has no step "Turn off the access check"',
    );
    expect(offeredBy('dcom', 99)).toEqual([]);
  });

  it('returns null for an id outside the catalog', () => {
    expect(fixRouteFor({ settingId: 'dcom.no-such-setting' })).toBeNull();
  });
});
