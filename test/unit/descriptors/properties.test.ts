import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Control,
  decodeSecurityDescriptor,
  encodeSecurityDescriptor,
  formatSddl,
  parseSddl,
  type Ace,
  type AceType,
  type SecurityDescriptor,
} from '../../../main/domain/descriptors';

const CONTEXT = { machineSid: 'S-1-5-21-11-22-33', domainSid: 'S-1-5-21-44-55-66' };

const sid = fc.oneof(
  fc.constantFrom(
    'S-1-1-0',
    'S-1-5-7',
    'S-1-5-32-544',
    'S-1-5-32-562',
    'S-1-5-21-11-22-33-500',
    'S-1-5-21-44-55-66-512',
  ),
  fc
    .record({
      authority: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 2 ** 48 - 1 })),
      subs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
    })
    .map(({ authority, subs }) =>
      [
        'S',
        '1',
        authority >= 2 ** 32 ? `0x${authority.toString(16).toUpperCase()}` : String(authority),
        ...subs.map(String),
      ].join('-'),
    ),
);
const guid = fc.uuid().map((text) => text.toLowerCase());
const simpleTypes: AceType[] = [
  'access-allowed',
  'access-denied',
  'system-audit',
  'system-alarm',
  'mandatory-label',
];
const objectTypes: AceType[] = [
  'access-allowed-object',
  'access-denied-object',
  'system-audit-object',
  'system-alarm-object',
];
const mask = fc.integer({ min: 0, max: 0xffffffff });
const flags = fc.integer({ min: 0, max: 0xff });

const simpleAce = fc.record({ type: fc.constantFrom(...simpleTypes), flags, mask, sid });
const objectAce = fc
  .record({
    type: fc.constantFrom(...objectTypes),
    flags,
    mask,
    sid,
    objectType: fc.option(guid, { nil: undefined }),
    inheritedObjectType: fc.option(guid, { nil: undefined }),
  })
  .map(({ objectType, inheritedObjectType, ...rest }): Ace => ({
    ...rest,
    ...(objectType !== undefined && { objectType }),
    ...(inheritedObjectType !== undefined && { inheritedObjectType }),
  }));
const conditionalAce = fc
  .record({
    type: fc.constantFrom<AceType>(
      'access-allowed-callback',
      'access-denied-callback',
      'system-audit-callback',
    ),
    flags,
    mask,
    sid,
    condition: fc.constantFrom(
      '(Member_of {SID(BA)})',
      '(@USER.Title == "PM")',
      '((@DEVICE.a) && (Exists @RESOURCE.b))',
      '(!(x < -0x10))',
    ),
  })
  .map(({ condition, ...ace }) => ({ ...ace, condition }));

/** A descriptor SDDL can express: control holds only presence and P/AR/AI bits, ACL revision as Windows picks. */
const sddlDescriptor: fc.Arbitrary<SecurityDescriptor> = fc
  .record({
    owner: fc.option(sid, { nil: undefined }),
    group: fc.option(sid, { nil: undefined }),
    dacl: fc.option(fc.option(fc.array(fc.oneof(simpleAce, objectAce), { maxLength: 6 }), { nil: null }), {
      nil: undefined,
    }),
    sacl: fc.option(fc.array(fc.oneof(simpleAce, objectAce), { maxLength: 4 }), { nil: undefined }),
    aclFlags: fc.integer({ min: 0, max: 0x3f }),
  })
  .map(({ owner, group, dacl, sacl, aclFlags }) => {
    const flagBits = [0x1000, 0x0100, 0x0400, 0x2000, 0x0200, 0x0800].filter((_, i) => aclFlags & (1 << i));
    let control = Control.selfRelative;
    if (dacl !== undefined)
      control |= Control.daclPresent | flagBits.filter((b) => b & 0x1500).reduce((a, b) => a | b, 0);
    if (sacl !== undefined)
      control |= Control.saclPresent | flagBits.filter((b) => b & 0x2a00).reduce((a, b) => a | b, 0);
    const acl = (aces: Ace[]) => ({
      revision: aces.some((ace) => ace.type.endsWith('-object')) ? 4 : 2,
      aces,
    });
    return {
      control,
      ...(owner !== undefined && { owner }),
      ...(group !== undefined && { group }),
      ...(dacl && { dacl: acl(dacl) }),
      ...(sacl && { sacl: acl(sacl) }),
    };
  });

/** Any model the binary form can hold, including bits SDDL cannot express and ACL slack. */
const binaryDescriptor: fc.Arbitrary<SecurityDescriptor> = fc
  .record({
    base: sddlDescriptor,
    extraControl: fc.integer({ min: 0, max: 0x7fff }),
    resourceManagerControl: fc.integer({ min: 0, max: 255 }),
    trailing: fc.uint8Array({ maxLength: 12 }),
    appData: fc.uint8Array({ minLength: 1, maxLength: 12 }),
  })
  .map(({ base, extraControl, resourceManagerControl, trailing, appData }) => ({
    ...base,
    control: base.control | extraControl,
    ...(resourceManagerControl !== 0 && { resourceManagerControl }),
    ...(base.dacl && {
      dacl: {
        ...base.dacl,
        aces: [
          ...base.dacl.aces,
          {
            type: 'access-allowed-callback' as const,
            flags: 0,
            mask: 1,
            sid: 'S-1-1-0',
            applicationData: Buffer.from(appData).toString('hex'),
          },
        ],
        ...(trailing.length > 0 && { trailingBytes: Buffer.from(trailing).toString('hex') }),
      },
    }),
  }));

describe('round trips are the identity', () => {
  it('model → binary → model', () => {
    fc.assert(
      fc.property(binaryDescriptor, (sd) => {
        expect(decodeSecurityDescriptor(encodeSecurityDescriptor(sd))).toEqual(sd);
      }),
      { numRuns: 500 },
    );
  });

  it('model → SDDL → model', () => {
    fc.assert(
      fc.property(sddlDescriptor, (sd) => {
        expect(parseSddl(formatSddl(sd, CONTEXT), CONTEXT)).toEqual(sd);
      }),
      { numRuns: 500 },
    );
  });

  it('conditional ACEs: SDDL → model → SDDL and model → binary → model', () => {
    fc.assert(
      fc.property(fc.array(conditionalAce, { minLength: 1, maxLength: 4 }), (aces) => {
        const letters: Record<string, string> = {
          'access-allowed-callback': 'XA',
          'access-denied-callback': 'XD',
          'system-audit-callback': 'XU',
        };
        const sddl = `D:${aces.map((ace) => `(${letters[ace.type]};;0x${ace.mask.toString(16)};;;${ace.sid};${ace.condition})`).join('')}`;
        const sd = parseSddl(sddl, CONTEXT);
        expect(parseSddl(formatSddl(sd, CONTEXT), CONTEXT)).toEqual(sd);
        expect(decodeSecurityDescriptor(encodeSecurityDescriptor(sd))).toEqual(sd);
      }),
      { numRuns: 200 },
    );
  });
});
