import { describe, expect, it } from 'vitest';
import {
  decodeSecurityDescriptor,
  DescriptorError,
  encodeSecurityDescriptor,
  formatSddl,
  hexToBytes,
  type SecurityDescriptor,
  parseSddl,
  sddlToHex,
} from '../../../main/domain/descriptors';

/** The error `run` throws; fails the test when it returns (a partial descriptor) or throws anything else. */
function thrown(run: () => unknown): DescriptorError {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    expect(error).toBeInstanceOf(DescriptorError);
    return error as DescriptorError;
  }
  throw new Error(`expected a DescriptorError, got a result: ${JSON.stringify(result)}`);
}

/**
 * O:BAG:SYD:(A;;CCDCLC;;;WD) as Windows lays it out (76 bytes):
 *   0 header (revision 0, control 2, owner offset 4, group 8, SACL 12, DACL 16)
 *  20 DACL: revision 20, AclSize 22, AceCount 24; ACE 1 at 28: type 28, flags 29, AceSize 30, mask 32, SID 36
 *  48 owner SID S-1-5-32-544 (revision 48, sub-authority count 49)
 *  64 group SID S-1-5-18 (revision 64, count 65)
 */
const BASE = 'O:BAG:SYD:(A;;CCDCLC;;;WD)';

function corrupt(edit: (bytes: Uint8Array, view: DataView) => Uint8Array | void): Uint8Array {
  const bytes = hexToBytes(sddlToHex(BASE));
  return edit(bytes, new DataView(bytes.buffer)) ?? bytes;
}

describe('the layout the table below corrupts', () => {
  it('is what the comment says', () => {
    const bytes = corrupt(() => {});
    expect(bytes).toHaveLength(76);
    const view = new DataView(bytes.buffer);
    expect([4, 8, 12, 16].map((at) => view.getUint32(at, true))).toEqual([48, 64, 0, 20]);
    expect([view.getUint16(22, true), view.getUint16(24, true), view.getUint16(30, true)]).toEqual([
      28, 1, 20,
    ]);
  });
});

describe('corrupt binary descriptors: a typed error at the exact byte, never a partial descriptor', () => {
  it.each<[string, (bytes: Uint8Array, view: DataView) => Uint8Array | void, number, string]>([
    // offset past end
    [
      'owner offset past the end',
      (_, v) => v.setUint32(4, 200, true),
      4,
      'owner offset 200 is outside the descriptor',
    ],
    [
      'DACL offset at the end',
      (_, v) => v.setUint32(16, 76, true),
      16,
      'DACL offset 76 is outside the descriptor',
    ],
    [
      'DACL offset inside the header',
      (_, v) => v.setUint32(16, 8, true),
      16,
      'DACL offset 8 is outside the descriptor',
    ],
    [
      'DACL offset inside the owner SID',
      (_, v) => v.setUint32(16, 52, true),
      52,
      'DACL revision 0 is not 2, 3 or 4',
    ],
    // ACL size lies: too big
    [
      'AclSize past the end',
      (_, v) => v.setUint16(22, 4096, true),
      22,
      'DACL size 4096 runs past the end of the descriptor',
    ],
    [
      'AclSize one byte into the owner',
      (_, v) => v.setUint16(22, 29, true),
      22,
      'DACL size 29 runs into the owner SID at byte 48',
    ],
    [
      'owner offset inside the DACL',
      (_, v) => v.setUint32(4, 36, true),
      4,
      'owner offset 36 lies inside the DACL (bytes 20-47)',
    ],
    [
      'AceCount larger than the ACEs',
      (_, v) => v.setUint16(24, 2, true),
      48,
      'DACL ACE 2 of 2 header needs 4 bytes but only 0 remain',
    ],
    // ACL size lies: too small
    [
      'AclSize below its header',
      (_, v) => v.setUint16(22, 4, true),
      22,
      'DACL size 4 is smaller than its header',
    ],
    [
      'AclSize with no room for the ACE',
      (_, v) => v.setUint16(22, 8, true),
      28,
      'DACL ACE 1 of 1 header needs 4 bytes but only 0 remain',
    ],
    [
      'AclSize cutting the ACE',
      (_, v) => v.setUint16(22, 20, true),
      30,
      'DACL ACE 1 of 1 size 20 runs past the end of the DACL',
    ],
    // ACE size lies
    [
      'AceSize past its ACL',
      (_, v) => v.setUint16(30, 21, true),
      30,
      'DACL ACE 1 of 1 size 21 runs past the end of the DACL',
    ],
    [
      'AceSize below its header',
      (_, v) => v.setUint16(30, 3, true),
      30,
      'DACL ACE 1 of 1 size 3 is smaller than its header',
    ],
    [
      'AceSize cutting the SID',
      (_, v) => v.setUint16(30, 16, true),
      36,
      'DACL ACE 1 of 1 SID with 1 sub-authorities needs 12 bytes but only 8 remain',
    ],
    // zero-length SID: no room at all for one
    [
      'AceSize leaving no SID',
      (_, v) => v.setUint16(30, 8, true),
      36,
      'DACL ACE 1 of 1 SID needs 8 bytes but only 0 remain',
    ],
    [
      'owner offset with 4 bytes left',
      (_, v) => v.setUint32(4, 72, true),
      72,
      'owner SID needs 8 bytes but only 4 remain',
    ],
    [
      'buffer cut inside the group SID',
      (bytes) => bytes.slice(0, 70),
      64,
      'group SID needs 8 bytes but only 6 remain',
    ],
    // SID sub-authority count past the end
    [
      'ACE SID count 2',
      (bytes) => void (bytes[37] = 2),
      36,
      'DACL ACE 1 of 1 SID with 2 sub-authorities needs 16 bytes but only 12 remain',
    ],
    [
      'owner SID count 15',
      (bytes) => void (bytes[49] = 15),
      48,
      'owner SID with 15 sub-authorities needs 68 bytes but only 28 remain',
    ],
    [
      'group SID count 3',
      (bytes) => void (bytes[65] = 3),
      64,
      'group SID with 3 sub-authorities needs 20 bytes but only 12 remain',
    ],
    [
      'owner SID count 16',
      (bytes) => void (bytes[49] = 16),
      49,
      'owner SID has 16 sub-authorities (at most 15)',
    ],
    // bad revisions
    ['descriptor revision 2', (bytes) => void (bytes[0] = 2), 0, 'descriptor revision 2 is not 1'],
    ['ACL revision 5', (bytes) => void (bytes[20] = 5), 20, 'DACL revision 5 is not 2, 3 or 4'],
    ['ACL revision 1', (bytes) => void (bytes[20] = 1), 20, 'DACL revision 1 is not 2, 3 or 4'],
    ['owner SID revision 2', (bytes) => void (bytes[48] = 2), 48, 'owner SID revision 2 is not 1'],
    ['ACE SID revision 0', (bytes) => void (bytes[36] = 0), 36, 'DACL ACE 1 of 1 SID revision 0 is not 1'],
    // and the rest of the header
    [
      'SE_SELF_RELATIVE clear',
      (bytes) => void (bytes[3] = 0),
      2,
      'the descriptor is not self-relative (SE_SELF_RELATIVE is clear)',
    ],
    [
      'unknown ACE type',
      (bytes) => void (bytes[28] = 0x20),
      28,
      'DACL ACE 1 of 1 has unknown or unsupported type 0x20',
    ],
    [
      'short header',
      (bytes) => bytes.slice(0, 19),
      0,
      'the descriptor header needs 20 bytes but only 19 remain',
    ],
    [
      'a byte after the end',
      (bytes) => Uint8Array.from([...bytes, 0]),
      76,
      '1 bytes after the end of the descriptor',
    ],
  ])('%s', (_name, edit, position, reason) => {
    const error = thrown(() => decodeSecurityDescriptor(corrupt(edit)));
    expect({ kind: error.kind, position: error.position, reason: error.reason }).toEqual({
      kind: 'binary',
      position,
      reason,
    });
  });

  it('refuses an object ACE in an ACL of revision 2 (object ACEs need ACL_REVISION_DS, 4)', () => {
    const bytes = hexToBytes(sddlToHex('D:(OA;;CC;;;WD)'));
    expect(bytes[20]).toBe(4);
    bytes[20] = 2;
    const error = thrown(() => decodeSecurityDescriptor(bytes));
    expect([error.position, error.reason]).toEqual([
      20,
      'DACL revision 2 cannot hold the object ACE 1 (object ACEs need 4)',
    ]);
  });

  it('accepts a SID with no sub-authorities, as Windows does (RtlValidSid only caps the count at 15)', () => {
    const sd = decodeSecurityDescriptor(corrupt((bytes) => void (bytes[49] = 0)));
    expect(sd.owner).toBe('S-1-5');
  });
});

describe('descriptors that decode but have no SDDL form', () => {
  // SACL at 20 (8 + one 20-byte ACE), DACL at 48, its ACEs at 56 and 76: the layout Windows writes.
  const sd: SecurityDescriptor = {
    control: 0x8014,
    sacl: { revision: 2, aces: [{ type: 'system-audit', flags: 0x40, mask: 1, sid: 'S-1-1-0' }] },
    dacl: {
      revision: 4,
      aces: [
        { type: 'access-allowed', flags: 0, mask: 1, sid: 'S-1-1-0' },
        { type: 'access-denied-callback-object', flags: 0, mask: 1, sid: 'S-1-1-0' },
      ],
    },
  };

  it("name the ACE's byte offset in the self-relative bytes", () => {
    const error = thrown(() => formatSddl(decodeSecurityDescriptor(encodeSecurityDescriptor(sd))));
    expect([error.kind, error.position, error.reason]).toEqual([
      'binary',
      76,
      'DACL ACE 2: ACE type "access-denied-callback-object" has no SDDL form',
    ]);
  });

  it('name the bad byte of a condition by its offset in the descriptor, not in the condition', () => {
    // A callback ACE at 56 (SID at 64) whose condition ('artx' at 76, then a token 0xff at 80) is cut short.
    const bad: SecurityDescriptor = {
      control: 0x8014,
      sacl: sd.sacl!,
      dacl: {
        revision: 2,
        aces: [
          {
            type: 'access-allowed-callback',
            flags: 0,
            mask: 1,
            sid: 'S-1-1-0',
            applicationData: '61727478ff000000',
          },
        ],
      },
    };
    const error = thrown(() => formatSddl(bad));
    expect([error.position, error.reason]).toEqual([
      80,
      'DACL ACE 1: conditional expression: token length runs past the end',
    ]);
  });
});

describe('malformed SDDL: a typed error at the exact character, never a partial descriptor', () => {
  it.each<[string, string, number, string]>([
    // unbalanced parentheses
    [
      'ACE not closed',
      'D:(A;;GA;;;WD',
      13,
      "expected ')' to close the ACE opened at character 2 but found the end",
    ],
    ['one ) too many', 'D:(A;;GA;;;WD))', 14, 'expected O:, G:, D: or S: but found ")"'],
    [
      '( without an ACE',
      'D:(A;;GA;;;WD)(',
      15,
      "unterminated ACE: the ACE type is not followed by ';' or ')'",
    ],
    ['( doubled', 'D:((A;;GA;;;WD)', 3, 'unknown ACE type "(A"'],
    ['ACE without (', 'D:A;;GA;;;WD)', 2, 'expected O:, G:, D: or S: but found "A;"'],
    [
      'condition not closed',
      'D:(XA;;CC;;;WD;((a == 1)',
      24,
      "conditional expression: expected ')' to close the condition but found the end",
    ],
    [
      'condition closes the ACE',
      'D:(XA;;CC;;;WD;((a == 1))',
      25,
      "expected ')' to close the ACE opened at character 2 but found the end",
    ],
    // unknown alias
    ['unknown owner alias', 'O:XX', 2, 'owner: "XX" is neither a SID alias nor S-1-…'],
    ['unknown ACE alias', 'D:(A;;GA;;;QQ)', 11, 'ACE SID: "QQ)" is neither a SID alias nor S-1-…'],
    [
      'domain alias without a domain',
      'D:(A;;GA;;;DU)',
      11,
      'ACE SID: alias DU needs the domain SID, which was not given',
    ],
    // bad hex
    ['mask 0x with no hex digit', 'D:(A;;0xZZ;;;WD)', 7, '"0xZZ" is not an access mask'],
    ['mask with a non-hex digit', 'D:(A;;0x1g;;;WD)', 9, '"0x1g" is not an access mask'],
    ['odd octet string', 'S:(RA;;;;;WD;("x",TX,0,abc))', 23, 'resource attribute: odd number of hex digits'],
    ['GUID not hex', 'D:(OA;;CC;zz;;WD)', 10, '"zz" is not a GUID'],
    // trailing junk
    ['letters after an alias', 'O:BAjunk', 4, 'expected O:, G:, D: or S: but found "ju"'],
    ['a letter after the DACL', 'D:(A;;GA;;;WD)x', 14, 'expected O:, G:, D: or S: but found "x"'],
    ['a word after the DACL', 'D:(A;;GA;;;WD) junk', 15, 'expected O:, G:, D: or S: but found "ju"'],
    ['a ; after the DACL', 'D:(A;;GA;;;WD);', 14, 'expected O:, G:, D: or S: but found ";"'],
    ['a part twice', 'G:BAG:BA', 4, 'G: appears twice'],
  ])('%s: %j', (_name, sddl, position, reason) => {
    const error = thrown(() => parseSddl(sddl));
    expect({ kind: error.kind, position: error.position, reason: error.reason }).toEqual({
      kind: 'sddl',
      position,
      reason,
    });
  });
});

describe('hex text', () => {
  it('names the character, not a byte: no byte exists yet', () => {
    const error = thrown(() => hexToBytes('01 00 0g'));
    expect([error.kind, error.position, error.message]).toEqual([
      'hex',
      7,
      'hex text: "g" is not a hex digit at character 7',
    ]);
    expect(thrown(() => hexToBytes('hex:01,0')).message).toBe(
      'hex text: odd number of hex digits at character 8',
    );
  });
});
