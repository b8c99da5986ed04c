import { decodeUtf16le, encodeUtf16le, type RegFileProblem } from '../../main/domain/regfile/index';

// Ways to break a `.reg` file as `reg export` writes it, for the .reg fuzzer: cuts, bad hex runs, other encodings,
// stray NULs, dangling continuation lines.

export const textOf = (bytes: Uint8Array): string => decodeUtf16le(bytes, 2);
export const bomAnd = (text: string): Uint8Array => encodeUtf16le(`\uFEFF${text}`);

/** Ways to break a file; `problem`, when set, is the one refusal this break must give. */
export const BREAKS: readonly {
  what: string;
  problem?: RegFileProblem;
  apply: (bytes: Uint8Array, at: number) => Uint8Array | null;
}[] = [
  {
    what: 'cut at an odd byte',
    problem: 'truncated',
    apply: (bytes, at) => bytes.slice(0, 2 + 2 * (at % (bytes.length / 2 - 1)) + 1),
  },
  { what: 'cut at a character', apply: (bytes, at) => bytes.slice(0, 2 + 2 * (at % (bytes.length / 2 - 1))) },
  { what: 'no byte order mark', problem: 'not-utf16', apply: (bytes) => bytes.slice(2) },
  {
    what: 'UTF-16 big-endian',
    problem: 'not-utf16',
    apply: (bytes) => bytes.map((_, i) => bytes[i % 2 === 0 ? i + 1 : i - 1]!),
  },
  {
    what: 'UTF-8 with a BOM',
    problem: 'not-utf16',
    apply: (bytes) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(textOf(bytes))]),
  },
  { what: 'a second BOM', problem: 'missing-header', apply: (bytes) => bomAnd(`\uFEFF${textOf(bytes)}`) },
  {
    what: 'a hex run ending in a dangling backslash',
    problem: 'truncated',
    apply: (bytes) => bomAnd(`${textOf(bytes).trimEnd()}\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"v"=hex:01,02,\\`),
  },
  {
    what: 'a hex run ending in a comma',
    problem: 'truncated',
    apply: (bytes) => bomAnd(`${textOf(bytes).trimEnd()}\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"v"=hex:01,02,\r\n`),
  },
  {
    what: 'a hex run with a three-digit byte',
    problem: 'bad-hex',
    apply: (bytes, at) =>
      bomAnd(`${textOf(bytes)}[HKEY_LOCAL_MACHINE\\X]\r\n"v"=hex:${'ab,'.repeat(at % 500)}abc\r\n`),
  },
  {
    what: 'a long hex run with a non-hex byte',
    problem: 'bad-hex',
    apply: (bytes, at) =>
      bomAnd(`${textOf(bytes)}[HKEY_LOCAL_MACHINE\\X]\r\n"v"=hex(3):${'00,'.repeat(at % 5000)}zz\r\n`),
  },
  {
    what: 'a hex run cut mid-byte at the end of the file',
    problem: 'bad-hex',
    apply: (bytes) => bomAnd(`${textOf(bytes)}[HKEY_LOCAL_MACHINE\\X]\r\n"v"=hex:01,02,0`),
  },
  {
    what: 'a hex run cut after a comma at the end of the file',
    problem: 'truncated',
    apply: (bytes) => bomAnd(`${textOf(bytes)}[HKEY_LOCAL_MACHINE\\X]\r\n"v"=hex(7):41,00,`),
  },
  {
    what: "a hex run's continuation running into a key line",
    problem: 'bad-hex',
    apply: (bytes) =>
      bomAnd(`${textOf(bytes)}[HKEY_LOCAL_MACHINE\\X]\r\n"v"=hex:01,\\\r\n[HKEY_LOCAL_MACHINE\\Y]\r\n`),
  },
  {
    what: 'a NUL in a hex run',
    problem: 'bad-hex',
    apply: (bytes) => bomAnd(`${textOf(bytes)}[HKEY_LOCAL_MACHINE\\X]\r\n"v"=hex:01,\0 02\r\n`),
  },
  {
    what: 'NULs padding the end',
    problem: 'bad-syntax',
    apply: (bytes, at) => bomAnd(`${textOf(bytes)}[HKEY_LOCAL_MACHINE\\X]\r\n${'\0'.repeat(1 + (at % 64))}`),
  },
  {
    what: 'a stray NUL',
    apply: (bytes, at) => {
      const text = textOf(bytes);
      const i = at % (text.length + 1);
      return bomAnd(text.slice(0, i) + '\0' + text.slice(i));
    },
  },
  {
    what: 'UTF-8 without a BOM',
    problem: 'not-utf16',
    apply: (bytes) => new TextEncoder().encode(textOf(bytes)),
  },
  {
    what: 'a key line cut short',
    problem: 'truncated',
    apply: (bytes) => bomAnd(`${textOf(bytes).trimEnd()}\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE`),
  },
  {
    what: 'a string cut short',
    problem: 'truncated',
    apply: (bytes) => bomAnd(`${textOf(bytes)}[HKEY_LOCAL_MACHINE\\X]\r\n"v"="abc`),
  },
  {
    what: 'an unknown type',
    problem: 'unknown-type',
    apply: (bytes) => bomAnd(`${textOf(bytes)}[HKEY_LOCAL_MACHINE\\X]\r\n"v"=qword:1\r\n`),
  },
  {
    what: 'a value before any key',
    problem: 'bad-syntax',
    apply: () => bomAnd('Windows Registry Editor Version 5.00\r\n\r\n"v"=dword:1\r\n'),
  },
  {
    what: 'a random byte changed',
    apply: (bytes, at) => {
      const copy = bytes.slice();
      copy[at % copy.length] = (at >> 8) & 0xff;
      return copy;
    },
  },
];
