import { describe, expect, it } from 'vitest';
import {
  appIdLabel,
  lookupAppId,
  type AppIdEntry,
  type AppIdInventory,
} from '../../../main/domain/appids/index';

const app = (
  guid: string,
  name: string,
  executables: string[],
  view: AppIdEntry['view'] = '64-bit',
): AppIdEntry => ({
  guid,
  view,
  name,
  executables,
  hosting: { kind: 'local-server' },
  identity: { kind: 'launching-user' },
  authenticationLevel: null,
  access: { kind: 'machine-default' },
  launch: { kind: 'machine-default' },
  findings: [],
});

const A = '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}';
const B = '{11111111-2222-3333-4444-555555555555}';
const C = '{AAAAAAAA-2222-3333-4444-555555555555}';
const inventory: AppIdInventory = {
  entries: [
    app(A, 'Asset Inventory Agent', ['InventoryAgent.exe']),
    app(B, 'Shared host A', ['shared.exe']),
    app(C, 'Shared host B', ['Shared.EXE']),
    app(C, 'Shared host B (32-bit)', ['Shared.EXE'], '32-bit'),
    app(A, 'Agent 32', [], '32-bit'),
  ],
  unreadable: [],
};

describe('lookupAppId', () => {
  it('finds an application by AppID with or without braces, in any case, preferring the 64-bit view', () => {
    for (const id of [A, A.toLowerCase(), A.slice(1, -1), ` ${A.slice(1, -1).toLowerCase()} `]) {
      const found = lookupAppId(inventory, id);
      expect(found).toMatchObject({ ok: true, entry: { guid: A, view: '64-bit' } });
    }
  });

  it('finds an application by executable name in any case', () => {
    expect(lookupAppId(inventory, 'inventoryagent.EXE')).toMatchObject({ ok: true, entry: { guid: A } });
  });

  it('refuses an executable mapped to several AppIDs and lists them (one per AppID, views folded)', () => {
    const found = lookupAppId(inventory, 'shared.exe');
    expect(found).toMatchObject({ ok: false, reason: 'ambiguous' });
    if (found.ok) throw new Error('an ambiguous name was resolved');
    expect(found.matches.map((entry) => entry.guid)).toEqual([B, C]);
    expect(found.message).toContain(`${B} (Shared host A)`);
    expect(found.message).toContain(`${C} (Shared host B)`);
    expect(found.message).toContain('by its AppID');
  });

  it('says plainly that an unknown AppID or name matches nothing', () => {
    const unknownGuid = lookupAppId(inventory, '{00000000-0000-0000-0000-000000000000}');
    expect(unknownGuid).toMatchObject({ ok: false, reason: 'unknown', matches: [] });
    if (!unknownGuid.ok)
      expect(unknownGuid.message).toContain(
        'No application has the AppID {00000000-0000-0000-0000-000000000000}',
      );
    const unknownName = lookupAppId(inventory, 'nothing.exe');
    expect(unknownName).toMatchObject({ ok: false, reason: 'unknown' });
    if (!unknownName.ok) expect(unknownName.message).toContain('"nothing.exe"');
  });

  it('labels an application by GUID and name, or by GUID alone when it has no other name', () => {
    expect(appIdLabel(app(A, 'Agent', []))).toBe(`${A} (Agent)`);
    expect(appIdLabel(app(A, A, []))).toBe(A);
  });
});
