import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RegFileError,
  encodeUtf16le,
  parseRegFile,
  writeRegFile,
  writeRegFileText,
  type RegFile,
  type RegFileProblem,
} from '../../../main/domain/regfile/index';
import type { RegistryValue } from '../../../main/registry/types';

const utf16File = (text: string): Uint8Array => encodeUtf16le(`\uFEFF${text}`);
const hex = (text: string): Uint8Array =>
  Uint8Array.from(text.match(/../g) ?? [], (pair) => parseInt(pair, 16));
const bytesUpTo = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i + 1);

/** Captured from Wine 8 `reg export HKLM\SOFTWARE\T1 out.reg /y /reg:64` (file text after the BOM). */
const WINE_EXPORT = [
  'Windows Registry Editor Version 5.00',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\T1]',
  '@="def"',
  '"a b"="x\\"y\\\\z"',
  '"bin"=hex:01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,16,17,\\',
  '  18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27,28,29,2a,2b,2c,2d,2e,2f,30,\\',
  '  31,32,33,34,35,36,37,38,39,3a,3b,3c,3d,3e,3f',
  '"d"=dword:00000007',
  '"ebin"=hex:',
  '"exp"=hex(2):25,00,53,00,79,00,73,00,74,00,65,00,6d,00,52,00,6f,00,6f,00,74,00,\\',
  '  25,00,5c,00,78,00,00,00',
  '"q"=hex(b):89,67,45,23,01,00,00,00',
  '',
  '[HKEY_LOCAL_MACHINE\\SOFTWARE\\T1\\sub]',
  '@=""',
  '',
  '',
].join('\r\n');

const WINE_EXPORT_MODEL: RegFile = {
  blocks: [
    {
      kind: 'key',
      path: 'HKLM\\SOFTWARE\\T1',
      entries: [
        { kind: 'set', name: '', value: { type: 'REG_SZ', data: 'def' } },
        { kind: 'set', name: 'a b', value: { type: 'REG_SZ', data: 'x"y\\z' } },
        { kind: 'set', name: 'bin', value: { type: 'REG_BINARY', data: bytesUpTo(63) } },
        { kind: 'set', name: 'd', value: { type: 'REG_DWORD', data: 7 } },
        { kind: 'set', name: 'ebin', value: { type: 'REG_BINARY', data: new Uint8Array(0) } },
        { kind: 'set', name: 'exp', value: { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\x' } },
        { kind: 'set', name: 'q', value: { type: 'REG_QWORD', data: 0x123456789n } },
      ],
    },
    {
      kind: 'key',
      path: 'HKLM\\SOFTWARE\\T1\\sub',
      entries: [{ kind: 'set', name: '', value: { type: 'REG_SZ', data: '' } }],
    },
  ],
};

function problemOf(bytes: Uint8Array): { problem: RegFileProblem; line: number; message: string } {
  try {
    parseRegFile(bytes);
  } catch (error) {
    if (error instanceof RegFileError) {
      expect(error.code).toBe('malformed-data');
      expect(error.where?.line).toBe(error.line);
      return { problem: error.problem, line: error.line, message: error.message };
    }
    throw error;
  }
  throw new Error('expected the file to be rejected');
}

describe('.reg codec: what reg export writes', () => {
  it('parses a file Wine reg export wrote into the exact values', () => {
    expect(parseRegFile(utf16File(WINE_EXPORT))).toEqual(WINE_EXPORT_MODEL);
  });

  it('writes the same bytes reg export writes: BOM, UTF-16LE, CRLF, wrapping, blank lines', () => {
    const bytes = writeRegFile(WINE_EXPORT_MODEL);
    expect([...bytes.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x57, 0x00]);
    expect(bytes).toEqual(utf16File(WINE_EXPORT));
  });

  it('writes multi-strings with empty entries, key deletions, value deletions and odd-length binaries', () => {
    const text = writeRegFileText({
      blocks: [
        { kind: 'delete-key', path: 'HKLM\\SOFTWARE\\Gone' },
        {
          kind: 'key',
          path: 'HKLM\\SOFTWARE\\Kept',
          entries: [
            { kind: 'set', name: 'm', value: { type: 'REG_MULTI_SZ', data: ['a', '', 'b'] } },
            { kind: 'set', name: 'odd', value: { type: 'REG_BINARY', data: hex('010203') } },
            { kind: 'set', name: 'none', value: { type: 'REG_OTHER', typeCode: 0, data: hex('ff') } },
            { kind: 'set', name: 'nul', value: { type: 'REG_SZ', data: 'a\0b' } },
            { kind: 'delete', name: 'old "one"' },
            { kind: 'delete', name: '' },
          ],
        },
      ],
    });
    expect(text.split('\r\n')).toEqual([
      'Windows Registry Editor Version 5.00',
      '',
      '[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Gone]',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Kept]',
      '"m"=hex(7):61,00,00,00,00,00,62,00,00,00,00,00',
      '"odd"=hex:01,02,03',
      '"none"=hex(0):ff',
      // reg export would cut a string at its NUL; hex(1) keeps it whole.
      '"nul"=hex(1):61,00,00,00,62,00,00,00',
      '"old \\"one\\""=-',
      '@=-',
      '',
      '',
    ]);
  });

  it('refuses to write a value its type cannot hold, naming key and value', () => {
    const bad = { type: 'REG_DWORD', data: 2 ** 32 } as RegistryValue;
    expect(() =>
      writeRegFile({
        blocks: [{ kind: 'key', path: 'HKLM\\X', entries: [{ kind: 'set', name: 'v', value: bad }] }],
      }),
    ).toThrow(/value 'v' of key 'HKLM\\X': REG_DWORD data must be an integer/);
    expect(() => writeRegFile({ blocks: [{ kind: 'key', path: 'NOPE\\X', entries: [] }] })).toThrow(
      /registry hive/,
    );
  });
});

describe('.reg codec: reading', () => {
  it('reads comments, spacing around =, escapes and REGEDIT4 ANSI files', () => {
    const v5 = parseRegFile(
      utf16File(
        'Windows Registry Editor Version 5.00\r\n; comment\r\n# wine comment\r\n[HKEY_LOCAL_MACHINE\\A]\r\n"s" = "line\\nnext"\r\n"d"=dword:ffffffff\r\n',
      ),
    );
    expect(v5.blocks[0]).toEqual({
      kind: 'key',
      path: 'HKLM\\A',
      entries: [
        { kind: 'set', name: 's', value: { type: 'REG_SZ', data: 'line\nnext' } },
        { kind: 'set', name: 'd', value: { type: 'REG_DWORD', data: 0xffffffff } },
      ],
    });
    const ansi = new Uint8Array([
      ...new TextEncoder().encode('REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\B]\r\n"e"="caf'),
      0xe9,
      ...new TextEncoder().encode('"\r\n"x"=hex(2):25,41,25,00\r\n"m"=hex(7):61,00,62,00,00\r\n'),
    ]);
    expect(parseRegFile(ansi).blocks[0]).toEqual({
      kind: 'key',
      path: 'HKLM\\B',
      entries: [
        { kind: 'set', name: 'e', value: { type: 'REG_SZ', data: 'café' } },
        { kind: 'set', name: 'x', value: { type: 'REG_EXPAND_SZ', data: '%A%' } },
        { kind: 'set', name: 'm', value: { type: 'REG_MULTI_SZ', data: ['a', 'b'] } },
      ],
    });
  });

  it('reads a file without the final blank line reg export writes, as reg import does', () => {
    // Hand-written files often end right after the last value. A cut inside a line is caught (unclosed string or
    // key, trailing comma or backslash); one at a line boundary cannot be told from a complete file, and backups
    // are checked by their SHA-256 instead.
    const file = parseRegFile(
      utf16File('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\A]\r\n"d"=dword:00000002'),
    );
    expect(file.blocks).toEqual([
      {
        kind: 'key',
        path: 'HKLM\\A',
        entries: [{ kind: 'set', name: 'd', value: { type: 'REG_DWORD', data: 2 } }],
      },
    ]);
  });

  it('keeps data a typed decoding cannot represent as REG_OTHER', () => {
    const file = parseRegFile(
      utf16File(
        'Windows Registry Editor Version 5.00\r\n[HKEY_LOCAL_MACHINE\\A]\r\n"d"=hex(4):01,02\r\n"s"=hex(1):61\r\n',
      ),
    );
    expect(file.blocks[0]).toMatchObject({
      entries: [
        { name: 'd', value: { type: 'REG_OTHER', typeCode: 4, data: hex('0102') } },
        { name: 's', value: { type: 'REG_OTHER', typeCode: 1, data: hex('61') } },
      ],
    });
  });
  it('keeps every value its own bytes while one buffer decodes them all, small and large, in any order', () => {
    const large = bytesUpTo(3000).map((byte) => byte & 0xff);
    const values: RegistryValue[] = [
      { type: 'REG_BINARY', data: hex('0102') },
      { type: 'REG_OTHER', typeCode: 0x20, data: hex('aabbcc') },
      { type: 'REG_BINARY', data: large },
      { type: 'REG_EXPAND_SZ', data: '%SystemRoot%' },
      { type: 'REG_BINARY', data: hex('ff') },
      { type: 'REG_BINARY', data: new Uint8Array(0) },
      { type: 'REG_DWORD', data: 2 },
      { type: 'REG_BINARY', data: large.slice(0, 1500) },
    ];
    const file: RegFile = {
      blocks: [1, 2].map((n) => ({
        kind: 'key' as const,
        path: `HKLM\\SOFTWARE\\K${n}`,
        entries: values.map((value, i) => ({ kind: 'set' as const, name: `v${i}`, value })),
      })),
    };
    const parsed = parseRegFile(writeRegFile(file));
    expect(parsed).toEqual(file);
    // A kept value is not changed by writing into another one's bytes (no scratch is shared).
    const first = parsed.blocks[0]!;
    if (first.kind !== 'key') throw new Error('not a key block');
    (first.entries[0] as { value: { data: Uint8Array } }).value.data.fill(0);
    expect(parsed.blocks[1]).toEqual(file.blocks[1]);
    expect(first.entries.slice(1)).toEqual(
      file.blocks[0]!.kind === 'key' && file.blocks[0]!.entries.slice(1),
    );
  });
});

describe('.reg codec: bad input names the line and returns nothing', () => {
  const v5 = (...lines: string[]): Uint8Array =>
    utf16File(['Windows Registry Editor Version 5.00', ...lines].join('\r\n'));

  it.each([
    ['a missing header', utf16File('[HKEY_LOCAL_MACHINE\\A]\r\n'), 'missing-header', 1],
    [
      'a UTF-8 Version 5.00 file',
      new TextEncoder().encode('Windows Registry Editor Version 5.00\r\n'),
      'not-utf16',
      1,
    ],
    ['a UTF-16BE file', new Uint8Array([0xfe, 0xff, 0, 0x57]), 'not-utf16', 1],
    ['UTF-16LE without BOM', encodeUtf16le('Windows Registry Editor Version 5.00\r\n'), 'not-utf16', 1],
    [
      'a hex continuation cut off at the end',
      v5('', '[HKEY_LOCAL_MACHINE\\A]', '"b"=hex:01,02,\\'),
      'truncated',
      4,
    ],
    ['a key line cut off at the end', v5('', '[HKEY_LOCAL_MACHINE\\A'), 'truncated', 3],
    [
      'hex data cut off after a comma at the end',
      v5('', '[HKEY_LOCAL_MACHINE\\A]', '"b"=hex:01,ab,'),
      'truncated',
      4,
    ],
    [
      'hex data cut off after a comma, then a new key',
      v5('', '[HKEY_LOCAL_MACHINE\\A]', '"b"=hex(2):41,00,', '', '[HKEY_LOCAL_MACHINE\\B]', ''),
      'truncated',
      4,
    ],
    [
      'a continuation whose next line is blank, leaving a trailing comma',
      v5('', '[HKEY_LOCAL_MACHINE\\A]', '"b"=hex:01,02,\\', '', '"c"=dword:00000001', ''),
      'truncated',
      5,
    ],
    ['a string cut off at the end', v5('[HKEY_LOCAL_MACHINE\\A]', '"s"="abc'), 'truncated', 3],
    [
      'a file cut in the middle of a character',
      utf16File('Windows Registry Editor Version 5.00\r\n[A').subarray(0, 81),
      'truncated',
      2,
    ],
    ['bad hex', v5('[HKEY_LOCAL_MACHINE\\A]', '"b"=hex:01,0g'), 'bad-hex', 3],
    [
      'bad hex on a continuation line',
      v5('[HKEY_LOCAL_MACHINE\\A]', '"b"=hex:01,\\', '  zz', ''),
      'bad-hex',
      4,
    ],
    ['a short dword', v5('[HKEY_LOCAL_MACHINE\\A]', '"d"=dword:'), 'bad-hex', 3],
    ['an unknown type', v5('[HKEY_LOCAL_MACHINE\\A]', '"q"=qword:01'), 'unknown-type', 3],
    ['an unknown hex type', v5('[HKEY_LOCAL_MACHINE\\A]', '"q"=hex(zz):01'), 'unknown-type', 3],
    ['a value before any key', v5('"a"="b"'), 'bad-syntax', 2],
    ['an unknown hive', v5('[HKEY_NOWHERE\\A]'), 'bad-syntax', 2],
    ['an unknown escape', v5('[HKEY_LOCAL_MACHINE\\A]', '"a"="\\q"', ''), 'bad-string', 3],
  ] as const)('rejects %s', (_label, bytes, problem, line) => {
    const rejected = problemOf(bytes);
    expect(rejected).toMatchObject({ problem, line });
    expect(rejected.message).toContain(line > 0 ? `line ${line}` : '.reg');
  });
});

const valueArbitrary: fc.Arbitrary<RegistryValue> = fc.oneof(
  fc.string({ unit: 'binary' }).map((data) => ({ type: 'REG_SZ' as const, data })),
  fc.string({ unit: 'binary' }).map((data) => ({ type: 'REG_EXPAND_SZ' as const, data })),
  fc
    .array(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')))
    .map((data) => ({ type: 'REG_MULTI_SZ' as const, data })),
  fc.integer({ min: 0, max: 0xffffffff }).map((data) => ({ type: 'REG_DWORD' as const, data })),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((data) => ({ type: 'REG_QWORD' as const, data })),
  fc.uint8Array({ maxLength: 300 }).map((data) => ({ type: 'REG_BINARY' as const, data })),
  fc
    .record({ typeCode: fc.constantFrom(0, 5, 6, 8, 9, 10, 0x12345), data: fc.uint8Array({ maxLength: 40 }) })
    .map(({ typeCode, data }) => ({ type: 'REG_OTHER' as const, typeCode, data })),
);
const keyPathArbitrary = fc
  .array(fc.stringMatching(/^[A-Za-z0-9 _.{}()-]{1,12}$/), { minLength: 1, maxLength: 4 })
  .map((parts) => `HKLM\\${parts.join('\\')}`)
  .filter((path) => path.split('\\').every((part) => part.trim() === part && part !== ''));
const fileArbitrary: fc.Arbitrary<RegFile> = fc.record({
  blocks: fc.array(
    fc.oneof(
      keyPathArbitrary.map((path) => ({ kind: 'delete-key' as const, path })),
      fc.record({
        kind: fc.constant('key' as const),
        path: keyPathArbitrary,
        entries: fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('set' as const),
              name: fc.string({ unit: 'binary' }),
              value: valueArbitrary,
            }),
            fc.record({ kind: fc.constant('delete' as const), name: fc.string({ unit: 'binary' }) }),
          ),
          { maxLength: 6 },
        ),
      }),
    ),
    { maxLength: 5 },
  ),
});

describe('.reg codec: round trip', () => {
  it('parse(write(x)) equals x for every file the model can express', () => {
    fc.assert(
      fc.property(fileArbitrary, (file) => {
        expect(parseRegFile(writeRegFile(file))).toEqual(file);
      }),
      { numRuns: 500 },
    );
  });

  it('write(parse(bytes)) gives back the bytes of a reg export file', () => {
    fc.assert(
      fc.property(fileArbitrary, (file) => {
        const bytes = writeRegFile(file);
        expect(writeRegFile(parseRegFile(bytes))).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });
});
