import { describe, expect, it } from 'vitest';
import { appIdTargetOf, readAppIdInventory } from '../../../main/domain/appids/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { appIdRow, filterAppIdRows, worstLabel } from '../../../renderer/src/model/appids';
import { INVENTORY_PAGE_FOR } from '../../../renderer/src/model/routes';

const rowsOf = async () => {
  const inventory = await readAppIdInventory(
    await openSimulatedMachine('legacy'),
    appIdTargetOf(builtInProfile('recommended')),
  );
  return inventory.entries.map(appIdRow);
};

describe('the DCOM applications table’s rows and filter', () => {
  it('puts each application in admins’ words, the worst finding ranked for sorting', async () => {
    const rows = await rowsOf();
    const agent = rows.find((row) => row.guid === '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}')!;
    expect(agent).toMatchObject({
      id: '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}|64-bit',
      name: 'Asset Inventory Agent',
      hosting: 'its own executable (local server)',
      identity: 'the launching user (RunAs not set)',
      authentication: '1 (RPC_C_AUTHN_LEVEL_NONE)',
      worst: 'critical',
      worstRank: 3,
      atFault: true,
    });
    const service = rows.find((row) => row.entry.hosting.kind === 'service' && row.worst === null)!;
    expect(service.worstRank).toBe(-1);
    expect(worstLabel(null)).toBe('None');
    expect(worstLabel('low')).toBe('Advice');
    expect(worstLabel('critical')).toBe('Critical');
  });

  it('searches name, GUID (braces and case aside) and executables; “at fault only” keeps the ones at fault', async () => {
    const rows = await rowsOf();
    const names = (search: string, atFaultOnly = false) =>
      filterAppIdRows(rows, { search, atFaultOnly }).map((row) => row.name);
    expect(names('inventory agent')).toEqual(['Asset Inventory Agent']);
    expect(names('5c4e0d1a-8b7f')).toEqual(['Asset Inventory Agent']);
    expect(names('{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}')).toEqual(['Asset Inventory Agent']);
    expect(names('INVENTORYAGENT.EXE')).toEqual(['Asset Inventory Agent']);
    expect(names('', true)).toHaveLength(7);
    expect(names('callback', true)).toHaveLength(6);
    expect(names('nothing like this')).toEqual([]);
    expect(names('')).toHaveLength(rows.length);
  });

  it('links the per-application finding to the page', () => {
    expect(INVENTORY_PAGE_FOR['dcom.appid-permissions']?.page).toBe('appids');
  });
});
