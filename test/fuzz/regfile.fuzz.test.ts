import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  REG_FILE_MAX_BYTES,
  RegFileError,
  RegFileTooLargeError,
  parseRegFile,
  writeRegFile,
  type RegFile,
  type RegFileProblem,
} from '../../main/domain/regfile/index';
import { BREAKS, bomAnd, textOf } from './regfile-breaks';
import { FuzzCounter } from './support';

// `.reg` files come from `reg export` on this machine or another one (an offline audit), or from a backup folder:
// valid ones must parse to what was written and write back byte for byte; broken ones (cut short, bad hex runs,
// other encodings, dangling continuation lines, huge values) must be refused with a RegFileError naming the problem.

const PROBLEMS: readonly RegFileProblem[] = [
  'not-utf16',
  'missing-header',
  'truncated',
  'bad-hex',
  'unknown-type',
  'bad-string',
  'bad-syntax',
];

const name = fc.oneof(
  fc.constantFrom(
    '',
    'UnsecAppAccessControlDefault',
    'MachineAccessRestriction',
    'a "quoted" \\ name',
    'Ünïcødé',
    // Names a parser keeping values in a plain object would lose, or pollute Object.prototype with.
    '__proto__',
    'constructor',
  ),
  fc.string({ maxLength: 20, unit: 'grapheme' }).filter((text) => !/[\r\n]/.test(text)),
);
const value = fc.oneof(
  fc.string({ maxLength: 60, unit: 'grapheme' }).map((data) => ({ type: 'REG_SZ' as const, data })),
  fc
    .string({ maxLength: 30 })
    .map((data) => ({ type: 'REG_EXPAND_SZ' as const, data: data.replace(/\0/g, '') })),
  fc
    .array(
      fc.string({ minLength: 1, maxLength: 12 }).filter((text) => !text.includes('\0')),
      { maxLength: 4 },
    )
    .map((data) => ({ type: 'REG_MULTI_SZ' as const, data })),
  fc.nat({ max: 0xffffffff }).map((data) => ({ type: 'REG_DWORD' as const, data })),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((data) => ({ type: 'REG_QWORD' as const, data })),
  // Long enough to wrap onto continuation lines, as reg export writes them.
  fc.uint8Array({ maxLength: 200 }).map((data) => ({ type: 'REG_BINARY' as const, data })),
);
const entry = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), name, value }) },
  fc.record({ kind: fc.constant('delete' as const), name }),
);
const keyPath = fc
  .array(
    fc.constantFrom(
      'SOFTWARE',
      'Microsoft',
      'Ole',
      'WBEM',
      'CIMOM',
      '{GUID-1}',
      'A B',
      'Ünï',
      '__proto__',
      'constructor',
    ),
    {
      minLength: 1,
      maxLength: 4,
    },
  )
  .chain((parts) => fc.constantFrom('HKLM', 'HKCU', 'HKU').map((hive) => [hive, ...parts].join('\\')));
const block = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('key' as const),
      path: keyPath,
      entries: fc.array(entry, { maxLength: 5 }),
    }),
  },
  fc.record({ kind: fc.constant('delete-key' as const), path: keyPath }),
);
/** A valid file, as reg export writes it. */
const validFile = fc.record({ blocks: fc.array(block, { maxLength: 5 }) }).map((file) => file as RegFile);

/** Byte equality (toEqual walks a megabyte array for seconds); on a difference, the texts are compared for a diff. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  if (Buffer.compare(actual, expected) !== 0) expect(textOf(actual)).toBe(textOf(expected));
  expect(actual.length).toBe(expected.length);
}

const RUNS = 10_000;
/** 4 MiB of hex on about 160,000 continuation lines: a parser that copied per line would be quadratic here. */
const HUGE_BINARY = 4 << 20;

describe('.reg parser under fuzzing', () => {
  it('parses generated files to what was written, writes them back byte for byte; refuses the broken share', () => {
    const roundTrip = new FuzzCounter('.reg files', 'round-tripped (write → parse → write)');
    const refused = new FuzzCounter('.reg files, broken', 'refused with RegFileError');
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const applied = new Set<string>();
    fc.assert(
      fc.property(
        validFile,
        fc.oneof(
          { weight: 3, arbitrary: fc.constant(null) },
          { weight: 2, arbitrary: fc.nat({ max: BREAKS.length - 1 }) },
        ),
        fc.nat(),
        fc.boolean(),
        (file, breakIndex, at, lf) => {
          const written = writeRegFile(file);
          if (breakIndex === null) {
            // Windows writes CRLF; a file passed through a Unix tool has LF: both mean the same file.
            const bytes = lf ? bomAnd(textOf(written).replace(/\r\n/g, '\n')) : written;
            const parsed = parseRegFile(bytes);
            expectSameBytes(writeRegFile(parsed), written);
            roundTrip.count(true);
            return;
          }
          roundTrip.count(false);
          const broken = BREAKS[breakIndex]!;
          applied.add(broken.what);
          const bytes = broken.apply(written, at);
          let error: unknown = null;
          try {
            parseRegFile(bytes!);
          } catch (caught) {
            error = caught;
          }
          if (error === null) {
            // Some cuts and byte changes leave a valid file (cut at a line end, a changed letter in a name).
            expect(broken.problem, `${broken.what} parsed`).toBeUndefined();
            refused.count(false);
            return;
          }
          expect(error, broken.what).toBeInstanceOf(RegFileError);
          const { problem, line } = error as RegFileError;
          expect(PROBLEMS, broken.what).toContain(problem);
          if (broken.problem) expect(problem, broken.what).toBe(broken.problem);
          // The line named is one the file has: at most one more than its CR and LF bytes, in any encoding.
          expect(line).toBeGreaterThanOrEqual(0);
          expect(line, broken.what).toBeLessThanOrEqual(
            1 + bytes!.filter((byte) => byte === 10 || byte === 13).length,
          );
          heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
          refused.count(true);
        },
      ),
      { numRuns: RUNS },
    );
    roundTrip.expectFloor(0.5, RUNS);
    refused.expectFloor(0.7, refused.cases);
    // A bound, not a measurement: inputs are a few kilobytes (hex runs up to 15 KB), so a refusal that kept copies
    // of them per line or per byte would show here. Prototypes gain nothing from `__proto__` names and keys.
    expect(heapPeak - heapBefore).toBeLessThan(256 << 20);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect([...applied].sort(), 'every break was tried').toEqual(BREAKS.map(({ what }) => what).sort());
  });

  it('parses huge values (a 4 MiB binary on 160,000 continuation lines, a 1 MiB string) in bounded memory', () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const file: RegFile = {
      blocks: [
        {
          kind: 'key',
          path: 'HKLM\\SOFTWARE\\Big',
          entries: [
            {
              kind: 'set',
              name: 'binary',
              value: { type: 'REG_BINARY', data: new Uint8Array(HUGE_BINARY).fill(0xab) },
            },
            { kind: 'set', name: 'string', value: { type: 'REG_SZ', data: 'x'.repeat(1 << 20) } },
          ],
        },
      ],
    };
    const written = writeRegFile(file);
    expect(textOf(written).split('\r\n').length).toBeGreaterThan(160_000);
    expectSameBytes(writeRegFile(parseRegFile(written)), written);
    // A bound, not a measurement: a parse that kept a copy of the data per line would take gigabytes.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(1 << 30);
  });

  it('refuses a file over the size limit with a RegFileTooLargeError, unread', () => {
    const bytes = new Uint8Array(REG_FILE_MAX_BYTES + 2);
    bytes.set([0xff, 0xfe]);
    expect(() => parseRegFile(bytes)).toThrow(RegFileTooLargeError);
  });
});
