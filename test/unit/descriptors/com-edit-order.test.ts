import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, WATCHED_PRINCIPALS, type DescriptorSetting } from '../../../main/domain/catalog';
import {
  AceFlag,
  COM_PERMISSIONS,
  comRightsView,
  decodeSecurityDescriptor,
  DEFAULT_COM_SDDL,
  encodeSecurityDescriptor,
  formatSddl,
  parseSddl,
  withComRights,
  withoutComPermissions,
  type Ace,
  type ComAclKind,
  type ComPermission,
  type SecurityDescriptor,
} from '../../../main/domain/descriptors';

// Edits of COM descriptors keep ACE order (issue 18): checked on every conformance vector whose DACL reads as a COM
// ACL (allow and deny ACEs holding only COM's bits), plus Windows' four defaults.
const conformanceDir = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'shared', 'conformance');
if (!existsSync(conformanceDir)) throw new Error(`conformance vectors not found at ${conformanceDir}`);
const MACHINE = { machineSid: 'S-1-5-21-2457507606-2709100691-398136650' };
const load = (name: string): Record<string, unknown>[] =>
  JSON.parse(readFileSync(path.join(conformanceDir, name), 'utf8')) as Record<string, unknown>[];

const readsAsComAcl = (sd: SecurityDescriptor): boolean =>
  (sd.dacl?.aces.length ?? 0) > 0 &&
  sd.dacl!.aces.every(
    (ace) => (ace.type === 'access-allowed' || ace.type === 'access-denied') && !(ace.mask & ~0x1f),
  );

const vectors = new Map<string, SecurityDescriptor>();
for (const sddl of [
  ...load('sd_binary.json').map((entry) => entry.sddl as string),
  ...load('sddl_roundtrip.json').map((entry) => entry.input as string),
  ...Object.values(DEFAULT_COM_SDDL),
]) {
  let sd: SecurityDescriptor;
  try {
    sd = parseSddl(sddl, MACHINE);
  } catch {
    continue; // the invalid-looking inputs are the conformance suite's business
  }
  if (readsAsComAcl(sd)) vectors.set(formatSddl(sd, MACHINE), sd);
}

/** The kinds of rights the catalog's DCOM settings edit, and the principals their baselines watch. */
const dcomSettings = CATALOG.filter((setting): setting is DescriptorSetting => setting.kind === 'descriptor');
const kinds = [...new Set(dcomSettings.map((setting) => setting.rights))];
const watched = [
  ...new Set(
    dcomSettings.flatMap((setting) =>
      Object.values(setting.baselines).flatMap((target) =>
        target ? target.noRemoteBeyondDefault.map((alias) => WATCHED_PRINCIPALS[alias].sid) : [],
      ),
    ),
  ),
];

const shape = (aces: readonly Ace[]) => aces.map((ace) => `${ace.type}|${ace.flags}|${ace.sid}`);
const isComAce = (ace: Ace) =>
  (ace.type === 'access-allowed' || ace.type === 'access-denied') && !(ace.flags & AceFlag.inheritOnly);
const heldBy = (ace: Ace, kind: ComAclKind): ComPermission[] =>
  comRightsView({ control: 0x8004, dacl: { revision: 2, aces: [ace] } }, kind).flatMap((row) =>
    ace.type === 'access-allowed' ? row.allow : row.deny,
  );
const group = (ace: Ace) => (ace.flags & AceFlag.inherited ? 2 : ace.type === 'access-denied' ? 0 : 1);

function expectRoundTrips(sd: SecurityDescriptor): void {
  expect(parseSddl(formatSddl(sd))).toEqual(
    parseSddl(formatSddl(decodeSecurityDescriptor(encodeSecurityDescriptor(sd)))),
  );
  expect(formatSddl(decodeSecurityDescriptor(encodeSecurityDescriptor(sd)))).toBe(formatSddl(sd));
}

describe('COM rights edits keep ACE order, on the conformance descriptors', () => {
  it('finds the COM-shaped vectors and the catalog edits to try', () => {
    expect(vectors.size).toBeGreaterThanOrEqual(80);
    expect(kinds.sort()).toEqual(['access', 'launch']);
    expect(watched).toContain('S-1-5-7');
  });

  it.each(kinds)(
    'removing one %s right keeps every ACE in place; the last right removes only its ACE',
    (kind) => {
      let edits = 0;
      for (const sd of vectors.values()) {
        for (const row of comRightsView(sd, kind)) {
          for (const permission of row.allow) {
            const after = withoutComPermissions(sd, kind, row.sid, [permission]);
            edits++;
            const expected = sd.dacl!.aces.filter(
              (ace) =>
                !(
                  isComAce(ace) &&
                  ace.sid === row.sid &&
                  ace.type === 'access-allowed' &&
                  heldBy(ace, kind).join() === permission
                ),
            );
            expect(shape(after.dacl!.aces)).toEqual(shape(expected));
            const view = comRightsView(after, kind).find((r) => r.sid === row.sid);
            expect(view?.allow ?? []).toEqual(row.allow.filter((p) => p !== permission));
            expectRoundTrips(after);
          }
        }
      }
      expect(edits).toBeGreaterThan(50);
    },
  );

  it.each(kinds)(
    'adding a %s right to a principal with an explicit ACE changes that ACE in place',
    (kind) => {
      let edits = 0;
      for (const sd of vectors.values()) {
        for (const row of comRightsView(sd, kind)) {
          const own = sd.dacl!.aces.some(
            (ace) =>
              ace.sid === row.sid &&
              ace.type === 'access-allowed' &&
              isComAce(ace) &&
              !(ace.flags & AceFlag.inherited),
          );
          if (!own) continue;
          for (const { permission } of COM_PERMISSIONS[kind].filter(
            (p) => !row.allow.includes(p.permission),
          )) {
            const after = withComRights(sd, kind, { ...row, allow: [...row.allow, permission] });
            edits++;
            expect(shape(after.dacl!.aces)).toEqual(shape(sd.dacl!.aces));
            expect(comRightsView(after, kind).find((r) => r.sid === row.sid)!.allow).toContain(permission);
            expectRoundTrips(after);
          }
        }
      }
      expect(edits).toBeGreaterThan(20);
    },
  );

  it.each(kinds)('a new principal with a %s right gets one ACE, in canonical position', (kind) => {
    let edits = 0;
    for (const sd of vectors.values()) {
      const present = new Set(sd.dacl!.aces.map((ace) => ace.sid));
      for (const sid of watched.filter((candidate) => !present.has(candidate))) {
        for (const effect of ['allow', 'deny'] as const) {
          const permission = COM_PERMISSIONS[kind].at(-1)!.permission;
          const after = withComRights(sd, kind, {
            sid,
            allow: effect === 'allow' ? [permission] : [],
            deny: effect === 'deny' ? [permission] : [],
          });
          edits++;
          const aces = after.dacl!.aces;
          const at = aces.findIndex((ace) => ace.sid === sid);
          expect(shape(aces.filter((_, index) => index !== at))).toEqual(shape(sd.dacl!.aces));
          expect(aces[at]).toMatchObject({
            type: effect === 'allow' ? 'access-allowed' : 'access-denied',
            flags: 0,
          });
          // Everything before it belongs to its canonical group or an earlier one; the next ACE to a later one.
          const mine = group(aces[at]!);
          expect(aces.slice(0, at).filter((ace) => group(ace) > mine)).toEqual([]);
          if (at + 1 < aces.length) expect(group(aces[at + 1]!)).toBeGreaterThan(mine);
          expectRoundTrips(after);
        }
      }
    }
    expect(edits).toBeGreaterThan(100);
  });
});
