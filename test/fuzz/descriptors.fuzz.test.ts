import { readFileSync } from 'node:fs';
import path from 'node:path';
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

const conformanceDir = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'conformance');
const load = <T>(name: string): T[] =>
  JSON.parse(readFileSync(path.join(conformanceDir, name), 'utf8')) as T[];
const seedsHex = load<{ hex: string }>('sd_binary.json').map((entry) => hexToBytes(entry.hex));
const seedsSddl = [
  ...load<{ input: string }>('sddl_roundtrip.json').map((entry) => entry.input),
  ...load<{ input: string }>('sddl_invalid.json').map((entry) => entry.input),
];
const CONTEXT = { machineSid: 'S-1-5-21-2457507606-2709100691-398136650' };

/** Runs `fn`; the only failure allowed is a DescriptorError with a sane position. Returns whether it succeeded. */
function onlyTypedErrors(fn: () => void, length: number): boolean {
  try {
    fn();
    return true;
  } catch (error) {
    if (!(error instanceof DescriptorError)) throw error;
    expect(error.position).toBeGreaterThanOrEqual(0);
    expect(error.position).toBeLessThanOrEqual(Math.max(length, 0xffff));
    return false;
  }
}

/** A real descriptor with a few bytes overwritten, inserted, deleted or the buffer cut short. */
const mutatedBytes = fc
  .record({
    seed: fc.integer({ min: 0, max: seedsHex.length - 1 }),
    edits: fc.array(
      fc.record({
        kind: fc.constantFrom('set', 'insert', 'delete', 'truncate'),
        at: fc.nat(),
        byte: fc.constantFrom(0, 1, 2, 4, 0x7f, 0x80, 0xff, 0x14, 0x10),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ seed, edits }) => {
    const bytes = [...seedsHex[seed]!];
    for (const { kind, at, byte } of edits) {
      const i = bytes.length === 0 ? 0 : at % bytes.length;
      if (kind === 'set') bytes[i] = byte;
      else if (kind === 'insert') bytes.splice(i, 0, byte);
      else if (kind === 'delete') bytes.splice(i, 1);
      else bytes.length = i;
    }
    return Uint8Array.from(bytes);
  });

const SDDL_PIECES = [
  'O:',
  'G:',
  'D:',
  'S:',
  '(',
  ')',
  ';',
  'A',
  'XA',
  'OA',
  'RA',
  'P',
  'AI',
  'CC',
  'GA',
  'WD',
  'S-1-',
  '0x',
  '-',
  '{',
  '}',
  '"',
  '#',
  '@User.',
  '&&',
  '||',
  '!',
  '==',
  ' ',
  'SID(',
  'Member_of',
  ',',
  'TI',
  '9',
  'ffff',
];
const mutatedSddl = fc
  .record({
    seed: fc.integer({ min: 0, max: seedsSddl.length - 1 }),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        cut: fc.integer({ min: 0, max: 3 }),
        piece: fc.constantFrom(...SDDL_PIECES),
      }),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  })
  .map(({ seed, edits }) => {
    let text = seedsSddl[seed]!;
    for (const { at, cut, piece } of edits) {
      const i = text.length === 0 ? 0 : at % text.length;
      text = text.slice(0, i) + piece + text.slice(i + cut);
    }
    return text;
  });

// 4 × 25,000 = 100,000 cases in total; each also re-encodes or re-formats whatever decoded.
const RUNS = 25_000;

describe('descriptor codecs under fuzzing only ever throw DescriptorError', () => {
  it('decodes random buffers', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        if (onlyTypedErrors(() => decodeSecurityDescriptor(bytes), bytes.length)) {
          expect(encodeSecurityDescriptor(decodeSecurityDescriptor(bytes))).toEqual(bytes);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('decodes mutated Windows descriptors; what decodes survives a re-encode and formats or fails typed', () => {
    fc.assert(
      fc.property(mutatedBytes, (bytes) => {
        if (!onlyTypedErrors(() => decodeSecurityDescriptor(bytes), bytes.length)) return;
        const sd = decodeSecurityDescriptor(bytes);
        // Mutations can leave a layout Windows never writes (gaps, shared SIDs); the meaning must still survive.
        expect(decodeSecurityDescriptor(encodeSecurityDescriptor(sd))).toEqual(sd);
        onlyTypedErrors(() => formatSddl(sd, CONTEXT), bytes.length);
      }),
      { numRuns: RUNS },
    );
  });

  it('parses random strings', () => {
    fc.assert(
      fc.property(
        fc.string({
          maxLength: 80,
          unit: fc.constantFrom(...'OGDS:();AXUPIRCLWN0123456789abcdefx-S{}"#@.&|!= ,'),
        }),
        (text) => {
          onlyTypedErrors(() => parseSddl(text, CONTEXT), text.length);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('parses mutated SDDL, and what parses formats and re-parses to the same descriptor', () => {
    fc.assert(
      fc.property(mutatedSddl, (text) => {
        if (!onlyTypedErrors(() => parseSddl(text, CONTEXT), text.length)) return;
        const sd = parseSddl(text, CONTEXT);
        expect(parseSddl(formatSddl(sd, CONTEXT), CONTEXT)).toEqual(sd);
        expect(decodeSecurityDescriptor(encodeSecurityDescriptor(sd))).toEqual(sd);
      }),
      { numRuns: RUNS },
    );
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
