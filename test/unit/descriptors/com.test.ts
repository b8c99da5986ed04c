import { describe, expect, it } from 'vitest';
import {
  comRightsToDescriptor,
  comRightsView,
  DEFAULT_COM_DESCRIPTORS,
  DEFAULT_COM_SDDL,
  describeComDiff,
  formatSddl,
  grantsRemote,
  isWindowsDefault,
  parseSddl,
  remoteRightsBeyondDefault,
  sddlToHex,
  hexToSddl,
  withComRights,
  withoutComPermissions,
  type ComDescriptorName,
} from '../../../main/domain/descriptors';

const ANONYMOUS = 'S-1-5-7';
const EVERYONE = 'S-1-1-0';
const DCOM_USERS = 'S-1-5-32-562';

describe('Windows default COM descriptors', () => {
  it.each(Object.entries(DEFAULT_COM_SDDL))('%s survives SDDL → binary → SDDL unchanged', (name, sddl) => {
    expect(hexToSddl(sddlToHex(sddl))).toBe(sddl);
    expect(formatSddl(DEFAULT_COM_DESCRIPTORS[name as ComDescriptorName])).toBe(sddl);
    expect(isWindowsDefault(parseSddl(sddl), name as ComDescriptorName)).toBe(true);
  });

  it('encodes MachineAccessRestriction in the layout Windows writes (DACL, owner, group)', () => {
    const bytes = Uint8Array.from(sddlToHex(DEFAULT_COM_SDDL.MachineAccessRestriction).match(/../g)!, (b) =>
      parseInt(b, 16),
    );
    const view = new DataView(bytes.buffer);
    const aclSize = view.getUint16(20 + 2, true);
    expect([view.getUint32(16, true), view.getUint32(4, true), view.getUint32(8, true)]).toEqual([
      20,
      20 + aclSize,
      20 + aclSize + 16,
    ]);
    expect(view.getUint32(12, true)).toBe(0);
    expect(bytes.length).toBe(20 + aclSize + 32);
  });

  it('shows the defaults as dcomcnfg does', () => {
    expect(comRightsView(DEFAULT_COM_DESCRIPTORS.MachineAccessRestriction, 'access').slice(0, 3)).toEqual([
      { sid: EVERYONE, allow: ['localAccess', 'remoteAccess'], deny: [] },
      { sid: ANONYMOUS, allow: ['localAccess'], deny: [] },
      { sid: DCOM_USERS, allow: ['localAccess', 'remoteAccess'], deny: [] },
    ]);
    expect(comRightsView(DEFAULT_COM_DESCRIPTORS.MachineLaunchRestriction, 'launch')[1]).toEqual({
      sid: EVERYONE,
      allow: ['localLaunch', 'localActivation'],
      deny: [],
    });
  });

  it('accepts the older MachineLaunchRestriction without the capability SID, and nothing looser', () => {
    const older =
      'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)(A;;CCDCLCSWRP;;;LU)(A;;CCDCSW;;;AC)';
    expect(isWindowsDefault(parseSddl(older), 'MachineLaunchRestriction')).toBe(true);
    const reordered =
      'O:BAG:BAD:(A;;CCDC;;;AN)(A;;CCDCLC;;;WD)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)(A;;CCDC;;;AC)(A;;CCDC;;;S-1-15-3-1024-2405443489-874036122-4286035555-1823921565-1746547431-2453885448-3625952902-991631256)';
    expect(isWindowsDefault(parseSddl(reordered), 'MachineAccessRestriction')).toBe(true);
    const legacy = 'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)(A;;CCDCLC;;;LU)';
    expect(isWindowsDefault(parseSddl(legacy), 'MachineAccessRestriction')).toBe(false);
    expect(isWindowsDefault(parseSddl('O:BAG:BAD:NO_ACCESS_CONTROL'), 'MachineAccessRestriction')).toBe(
      false,
    );
  });
});

describe('audit questions', () => {
  const legacy = parseSddl(
    'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(D;;CCLC;;;S-1-5-21-1-2-3-1000)(A;;CCDCLC;;;S-1-5-21-1-2-3-1000)',
  );

  it('grantsRemote reads allow, deny, order and old-format ACEs', () => {
    expect(grantsRemote(DEFAULT_COM_DESCRIPTORS.MachineAccessRestriction, ANONYMOUS, 'access')).toBe(false);
    expect(grantsRemote(DEFAULT_COM_DESCRIPTORS.MachineAccessRestriction, EVERYONE, 'access')).toBe(true);
    expect(grantsRemote(legacy, ANONYMOUS, 'access')).toBe(true);
    expect(grantsRemote(legacy, 'S-1-5-21-1-2-3-1000', 'access')).toBe(false);
    expect(grantsRemote(parseSddl('D:(A;;CC;;;AN)'), ANONYMOUS, 'launch')).toBe(true);
    expect(grantsRemote(parseSddl('D:(A;;CCDCSWRP;;;AN)'), ANONYMOUS, 'launch')).toBe(true);
    expect(grantsRemote(parseSddl('D:(A;;CCDCSW;;;AN)'), ANONYMOUS, 'launch')).toBe(false);
    expect(grantsRemote(parseSddl('D:NO_ACCESS_CONTROL'), ANONYMOUS, 'access')).toBe(true);
    expect(grantsRemote(parseSddl('D:(A;IO;CCDCLC;;;AN)'), ANONYMOUS, 'access')).toBe(false);
  });

  it('lists remote rights beyond the default', () => {
    expect(
      remoteRightsBeyondDefault(DEFAULT_COM_DESCRIPTORS.MachineAccessRestriction, 'MachineAccessRestriction'),
    ).toEqual([]);
    expect(remoteRightsBeyondDefault(legacy, 'MachineAccessRestriction')).toEqual([
      { sid: ANONYMOUS, permissions: ['remoteAccess'] },
    ]);
    expect(
      remoteRightsBeyondDefault(parseSddl('O:BAG:BAD:NO_ACCESS_CONTROL'), 'MachineLaunchRestriction'),
    ).toEqual([{ sid: EVERYONE, permissions: ['remoteLaunch', 'remoteActivation'] }]);
  });

  it('describes a change principal by principal', () => {
    const before = DEFAULT_COM_DESCRIPTORS.MachineAccessRestriction;
    const after = withComRights(before, 'access', {
      sid: ANONYMOUS,
      allow: ['localAccess', 'remoteAccess'],
      deny: [],
    });
    expect(describeComDiff(before, after, 'access')).toEqual(['ANONYMOUS LOGON: + Remote Access (allow)']);
    const owned = { ...after, owner: 'S-1-5-18' };
    expect(describeComDiff(after, owned, 'access')).toEqual(['Owner: Administrators → SYSTEM']);
    expect(describeComDiff(before, before, 'access')).toEqual([]);
  });
});

describe('editing COM rights', () => {
  it('builds new-format ACEs with EXECUTE, denies first', () => {
    const sd = comRightsToDescriptor(
      [
        { sid: EVERYONE, allow: ['localLaunch', 'localActivation'], deny: [] },
        { sid: ANONYMOUS, allow: [], deny: ['remoteLaunch', 'remoteActivation'] },
      ],
      'launch',
    );
    expect(formatSddl(sd)).toBe('O:BAG:BAD:(D;;CCLCRP;;;AN)(A;;CCDCSW;;;WD)');
  });

  it('rewrites old-format ACEs rather than mixing formats, and can remove a principal', () => {
    const old = parseSddl('O:BAG:BAD:(A;;CC;;;WD)(A;;CC;;;AN)');
    const edited = withComRights(old, 'access', { sid: ANONYMOUS, allow: ['localAccess'], deny: [] });
    expect(formatSddl(edited)).toBe('O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)');
    const removed = withComRights(edited, 'access', { sid: ANONYMOUS, allow: [], deny: [] });
    expect(formatSddl(removed)).toBe('O:BAG:BAD:(A;;CCDCLC;;;WD)');
    const denied = withComRights(removed, 'access', { sid: ANONYMOUS, allow: [], deny: ['remoteAccess'] });
    expect(formatSddl(denied)).toBe('O:BAG:BAD:(D;;CCLC;;;AN)(A;;CCDCLC;;;WD)');
  });

  it('takes Remote Access from ANONYMOUS LOGON inside its ACE, as dcomcnfg does, and adds new ACEs canonically', () => {
    const legacy = parseSddl('O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)');
    const narrowed = withoutComPermissions(legacy, 'access', ANONYMOUS, ['remoteAccess']);
    expect(formatSddl(narrowed)).toBe('O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)');
    const gone = withoutComPermissions(narrowed, 'access', ANONYMOUS, ['localAccess']);
    expect(formatSddl(gone)).toBe('O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;S-1-5-32-562)');
    const inherited = parseSddl('O:BAG:BAD:AI(D;;CCLC;;;BG)(A;;CCDC;;;WD)(A;ID;CCDC;;;BU)');
    const added = withComRights(inherited, 'access', { sid: ANONYMOUS, allow: ['localAccess'], deny: [] });
    expect(formatSddl(added)).toBe('O:BAG:BAD:AI(D;;CCLC;;;BG)(A;;CCDC;;;WD)(A;;CCDC;;;AN)(A;ID;CCDC;;;BU)');
  });
});
