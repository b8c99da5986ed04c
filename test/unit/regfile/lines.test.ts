import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RegFileError, decodeUtf16le, encodeUtf16le, parseRegFile } from '../../../main/domain/regfile/index';
import { LineCursor, Utf16LineCursor, type Line, type Lines } from '../../../main/domain/regfile/lines';

const all = (lines: Lines): Line[] => {
  const out: Line[] = [];
  for (let line = lines.next(); line; line = lines.next()) out.push(line);
  return out;
};

describe('reading UTF-16LE lines a chunk at a time', () => {
  it('hands out exactly the lines of the whole text, whatever the chunk size and line breaks', () => {
    const piece = fc.oneof(
      fc.constantFrom('\r\n', '\n', '\r', '\r\r\n', '\n\r', ''),
      fc.string({ maxLength: 12, unit: 'binary' }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), (pieces, chunk) => {
        const text = pieces.join('');
        const bytes = encodeUtf16le(`\uFEFF${text}`);
        const chunked = all(new Utf16LineCursor(bytes, 2, decodeUtf16le, chunk));
        // Compared as JSON: a deep toEqual per run is most of the time.
        expect(JSON.stringify(chunked)).toBe(JSON.stringify(all(new LineCursor(text))));
      }),
      { numRuns: 1000 },
    );
  }, 30_000);

  it('names the same line in an error past the first chunk of a large file', () => {
    const filler = Array.from({ length: 40_000 }, (_, i) => `"v${i}"=dword:00000001`);
    const text = [
      'Windows Registry Editor Version 5.00',
      '',
      '[HKEY_LOCAL_MACHINE\\SOFTWARE\\A]',
      ...filler,
      '"bad"=dword:xyz',
      '',
    ];
    const error = (() => {
      try {
        parseRegFile(encodeUtf16le(`\uFEFF${text.join('\r\n')}`));
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(RegFileError);
    expect((error as RegFileError).line).toBe(text.length - 1);
  });
});
