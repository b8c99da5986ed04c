import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSecurityDescriptor,
  DescriptorError,
  encodeSecurityDescriptor,
  formatSddl,
  hexToBytes,
  parseSddl,
} from '../../main/domain/descriptors';
import { sddlCases } from './sddl-cases';
import { FuzzCounter, loadConformance } from './support';

const load = loadConformance;
const seedsHex = load<{ hex: string }>('sd_binary.json').map((entry) => hexToBytes(entry.hex));
const CONTEXT = { machineSid: 'S-1-5-21-2457507606-2709100691-398136650' };

/** The message of every DescriptorError is one line of printable text: echoed input is quoted, never raw. */
const isOneLine = (message: string): boolean =>
  [...message].every((char) => char.charCodeAt(0) >= 0x20 && char.charCodeAt(0) !== 0x7f);

/** The only failure allowed: a DescriptorError at a position inside the input, with a one-line message. */
function expectTyped(error: unknown, length: number): asserts error is DescriptorError {
  if (!(error instanceof DescriptorError)) throw error;
  expect(error.position).toBeGreaterThanOrEqual(0);
  expect(error.position).toBeLessThanOrEqual(length);
  expect(isOneLine(error.message), error.message).toBe(true);
}

/** Runs `fn`; fails on anything but a typed error (see expectTyped). Returns whether it succeeded. */
function onlyTypedErrors(fn: () => void, length: number): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    expectTyped(error, length);
    return false;
  }
}

/** What the binary decoder saw, across every test below: the acceptance asks for 100,000 cases of it alone. */
const binary = { cases: 0, pastHeader: 0, decoded: 0 };

/**
 * Decodes `bytes`; whatever decodes must re-encode to bytes that decode to the same descriptor, and must format as
 * SDDL or fail typed at a byte of that encoding. Counts the case, and whether it got past the 20-byte header.
 */
function decodeCase(bytes: Uint8Array): void {
  binary.cases++;
  let sd;
  try {
    sd = decodeSecurityDescriptor(bytes);
  } catch (error) {
    expectTyped(error, bytes.length);
    if (error.position >= 20) binary.pastHeader++;
    return;
  }
  binary.pastHeader++;
  binary.decoded++;
  const encoded = encodeSecurityDescriptor(sd);
  // Layouts Windows never writes (gaps, shared SIDs, slack) re-encode differently; the meaning must survive.
  expect(decodeSecurityDescriptor(encoded)).toEqual(sd);
  onlyTypedErrors(() => formatSddl(sd, CONTEXT), encoded.length);
}

/** Little-endian writes of a value at an offset, as the mutations below edit size, count and offset fields. */
const setLittleEndian = (bytes: number[], at: number, value: number, width: 1 | 2 | 4): void => {
  for (let i = 0; i < width && at + i < bytes.length; i++) bytes[at + i] = (value >>> (8 * i)) & 0xff;
};

/** Values that sit on the edges of a size, count or offset check. */
const EDGE_VALUES = [
  0, 1, 2, 3, 4, 7, 8, 12, 15, 16, 19, 20, 0x14, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0xffff, 0xffffffff,
];

/** A real descriptor with a few bytes or fields overwritten, bytes inserted or deleted, or the buffer cut short. */
const mutatedBytes = fc
  .record({
    seed: fc.integer({ min: 0, max: seedsHex.length - 1 }),
    edits: fc.array(
      fc.record({
        kind: fc.constantFrom('set', 'field16', 'field32', 'insert', 'delete', 'truncate'),
        at: fc.nat(),
        byte: fc.constantFrom(0, 1, 2, 4, 0x7f, 0x80, 0xff, 0x14, 0x10),
        value: fc.constantFrom(...EDGE_VALUES),
        delta: fc.integer({ min: -8, max: 8 }),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ seed, edits }) => {
    const bytes = [...seedsHex[seed]!];
    for (const { kind, at, byte, value, delta } of edits) {
      const i = bytes.length === 0 ? 0 : at % bytes.length;
      if (kind === 'set') bytes[i] = byte;
      // A size, count or offset field nudged (delta) or replaced by an edge value.
      else if (kind === 'field16')
        setLittleEndian(bytes, i, delta !== 0 ? (bytes[i]! | ((bytes[i + 1] ?? 0) << 8)) + delta : value, 2);
      else if (kind === 'field32')
        setLittleEndian(bytes, i & ~3, delta !== 0 ? bytes.length + delta : value, 4);
      else if (kind === 'insert') bytes.splice(i, 0, byte);
      else if (kind === 'delete') bytes.splice(i, 1);
      else bytes.length = i;
    }
    return Uint8Array.from(bytes);
  });

/**
 * Buffers that pass the header check (revision 1, SE_SELF_RELATIVE set) with each component offset absent, pointing
 * somewhere in the buffer or just past it, over random bytes seeded with plausible ACL and SID headers: random bytes
 * alone almost never get past byte 0.
 */
const headerShapedBytes = fc
  .record({
    length: fc.integer({ min: 20, max: 160 }),
    tail: fc.uint8Array({ minLength: 140, maxLength: 140 }),
    resourceManagerControl: fc.constantFrom(0, 0, 0, 1, 0xff),
    control: fc.integer({ min: 0, max: 0xffff }),
    offsets: fc.array(fc.oneof(fc.constant(0), fc.constant(20), fc.nat(), fc.constant(-1)), {
      minLength: 4,
      maxLength: 4,
    }),
    shapes: fc.array(
      fc.record({
        at: fc.nat(),
        kind: fc.constantFrom('acl', 'sid', 'ace'),
        count: fc.integer({ min: 0, max: 16 }),
        size: fc.integer({ min: 0, max: 64 }),
      }),
      { maxLength: 4 },
    ),
  })
  .map(({ length, tail, resourceManagerControl, control, offsets, shapes }) => {
    const bytes = [1, resourceManagerControl, 0, 0, ...new Array<number>(16).fill(0), ...tail].slice(
      0,
      length,
    );
    setLittleEndian(bytes, 2, control | 0x8000, 2);
    for (const [index, offset] of offsets.entries()) {
      const value =
        offset === -1 ? length : offset === 0 || offset === 20 ? offset : 20 + (offset % (length - 19));
      setLittleEndian(bytes, 4 + 4 * index, value, 4);
    }
    for (const { at, kind, count, size } of shapes) {
      const i = 20 + (at % Math.max(1, length - 20));
      if (i >= length) continue;
      if (kind === 'acl') {
        bytes[i] = 2 + (count % 3);
        if (i + 1 < length) bytes[i + 1] = 0;
        setLittleEndian(bytes, i + 2, size, 2);
        setLittleEndian(bytes, i + 4, count % 4, 2);
        setLittleEndian(bytes, i + 6, 0, 2);
      } else if (kind === 'sid') {
        bytes[i] = 1;
        if (i + 1 < length) bytes[i + 1] = count;
      } else {
        bytes[i] = count % 0x16;
        setLittleEndian(bytes, i + 2, size, 2);
      }
    }
    return Uint8Array.from(bytes);
  });

// The binary decoder alone gets 25,000 random + 25,000 header-shaped + 50,000 mutated = 100,000 cases; the SDDL
// parser another 50,000. Each case also re-encodes or re-formats whatever decoded. About 10 s on two cores.
const BINARY_RANDOM = 25_000;
const BINARY_HEADER_SHAPED = 25_000;
const BINARY_MUTATED = 50_000;
const SDDL_RUNS = 25_000;

describe('descriptor codecs under fuzzing only ever throw DescriptorError', () => {
  it('decodes random buffers', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), decodeCase), { numRuns: BINARY_RANDOM });
  });

  it('decodes buffers with a valid header and plausible ACL, ACE and SID headers behind it', () => {
    fc.assert(fc.property(headerShapedBytes, decodeCase), { numRuns: BINARY_HEADER_SHAPED });
  });

  it('decodes mutated Windows descriptors (bytes, size/count/offset fields, insertions, cuts)', () => {
    fc.assert(fc.property(mutatedBytes, decodeCase), { numRuns: BINARY_MUTATED });
  });

  it('parses random strings', () => {
    // Random text seldom parses (an empty string, "D:" ...): this one tests the refusal path, and says how often.
    const counter = new FuzzCounter('SDDL, random strings', 'parsed (the rest refused with DescriptorError)');
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 80,
          unit: fc.constantFrom(...'OGDS:();AXUPIRCLWN0123456789abcdefx-S{}"#@.&|!= ,\n\r\t\u0000'),
        }),
        (text) => {
          counter.count(onlyTypedErrors(() => parseSddl(text, CONTEXT), text.length));
        },
      ),
      { numRuns: SDDL_RUNS },
    );
    counter.expectFloor(0, SDDL_RUNS);
  });

  it('parses mutated SDDL, and what parses formats and re-parses to the same descriptor', () => {
    const counter = new FuzzCounter('SDDL', 'round-tripped (parse → format → parse, encode → decode)');
    fc.assert(
      fc.property(sddlCases, ({ text, broken }) => {
        let sd;
        try {
          sd = parseSddl(text, CONTEXT);
        } catch (error) {
          expectTyped(error, text.length);
          // Only the broken share may be refused: the grammar and the changed vectors are valid SDDL.
          expect(broken, `refused ${JSON.stringify(text)}: ${error.message}`).toBe(true);
          counter.count(false);
          return;
        }
        expect(parseSddl(formatSddl(sd, CONTEXT), CONTEXT)).toEqual(sd);
        expect(decodeSecurityDescriptor(encodeSecurityDescriptor(sd))).toEqual(sd);
        counter.count(true);
      }),
      { numRuns: SDDL_RUNS },
    );
    // Most cases are valid by construction; the broken share (one in five) and the seeds Windows itself refuses
    // keep the refusal path covered.
    counter.expectFloor(0.3, SDDL_RUNS);
  });

  it('gave the binary decoder at least 100,000 cases, most of them past the header', () => {
    console.log(
      `fuzz binary descriptors: ${binary.cases} cases, ${binary.pastHeader} past the header, ${binary.decoded} decoded and re-encoded`,
    );
    expect(binary.cases).toBe(BINARY_RANDOM + BINARY_HEADER_SHAPED + BINARY_MUTATED);
    expect(binary.cases).toBeGreaterThanOrEqual(100_000);
    // Random bytes fail at byte 0; the shaped and mutated cases must reach the ACLs and SIDs behind the header.
    // (Measured: about 60% of them get there, and 12% of the mutated ones still decode.)
    expect(binary.pastHeader).toBeGreaterThan(0.5 * (BINARY_HEADER_SHAPED + BINARY_MUTATED));
    expect(binary.decoded).toBeGreaterThan(0.05 * BINARY_MUTATED);
  });

  it('refuses pathologically deep expressions with a typed error, not a stack overflow', () => {
    const deep = `D:(XA;;CC;;;WD;${'('.repeat(100_000)}a${')'.repeat(100_000)})`;
    expect(() => parseSddl(deep)).toThrow(DescriptorError);
    const nots = new Uint8Array([
      0x61,
      0x72,
      0x74,
      0x78,
      0xf8,
      2,
      0,
      0,
      0,
      0x61,
      0,
      ...new Array(100_000).fill(0xa2),
    ]);
    const sd = parseSddl('D:(XA;;CC;;;WD;(a))');
    const ace = { ...sd.dacl!.aces[0]!, applicationData: Buffer.from(nots).toString('hex') };
    expect(() => formatSddl({ ...sd, dacl: { revision: 2, aces: [ace] } })).toThrow(DescriptorError);
  });
});
