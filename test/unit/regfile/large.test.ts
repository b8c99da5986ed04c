import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  REG_FILE_MAX_BYTES,
  RegFileTooLargeError,
  encodeUtf16le,
  parseRegFile,
  writeRegFile,
} from '../../../main/domain/regfile/index';
import { BackupStore } from '../../../main/changes/backups';
import { readRegFileWithinLimit } from '../../../main/registry/reg-file-read';

const folder = await mkdtemp(join(tmpdir(), 'sinkguard-regfile-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('.reg codec: large files', () => {
  it('parses a 1 MB hex value exactly, as reg export wraps it', () => {
    const data = Uint8Array.from({ length: 2 ** 20 }, (_, i) => (i * 7919 + (i >> 8)) & 0xff);
    const file = {
      blocks: [
        {
          kind: 'key' as const,
          path: 'HKLM\\SOFTWARE\\Big',
          entries: [{ kind: 'set' as const, name: 'blob', value: { type: 'REG_BINARY' as const, data } }],
        },
      ],
    };
    const bytes = writeRegFile(file);
    expect(bytes.length).toBeGreaterThan(6 * 2 ** 20);
    const [block] = parseRegFile(bytes).blocks;
    expect(block).toMatchObject({ kind: 'key', path: 'HKLM\\SOFTWARE\\Big', entries: [{ name: 'blob' }] });
    const parsed = block?.kind === 'key' ? block.entries[0] : undefined;
    const value = parsed?.kind === 'set' ? parsed.value : undefined;
    expect(value?.type).toBe('REG_BINARY');
    // Compared as one buffer: a deep equality of a million elements one by one would take seconds.
    expect(Buffer.compare(Buffer.from(value!.data as Uint8Array), Buffer.from(data))).toBe(0);
  });

  it('reads a byte that a line break splits, as joining the lines would', () => {
    const text =
      'Windows Registry Editor Version 5.00\r\n[HKEY_LOCAL_MACHINE\\A]\r\n"b"=hex:01,0\\\r\n  2,03\r\n';
    expect(parseRegFile(encodeUtf16le(`\uFEFF${text}`)).blocks[0]).toMatchObject({
      entries: [{ name: 'b', value: { type: 'REG_BINARY', data: Uint8Array.of(1, 2, 3) } }],
    });
  });

  it('refuses a file over the limit with a typed error naming its size and the limit', () => {
    const bytes = new Uint8Array(REG_FILE_MAX_BYTES + 2);
    bytes.set(encodeUtf16le('\uFEFFWindows Registry Editor Version 5.00\r\n'));
    let refused: unknown;
    try {
      parseRegFile(bytes);
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(RegFileTooLargeError);
    expect(refused).toMatchObject({
      problem: 'too-large',
      code: 'malformed-data',
      size: REG_FILE_MAX_BYTES + 2,
      limit: REG_FILE_MAX_BYTES,
      message:
        '.reg file: the file is 256.0 MiB, over the 256 MiB SinkGuard reads (exports of the keys it audits are a few MB); export a narrower key',
    });
  });

  it('refuses such a file on disk by its size, before reading it; reads one at the limit', async () => {
    const over = join(folder, 'over.reg');
    await writeFile(over, '');
    await truncate(over, REG_FILE_MAX_BYTES + 1); // sparse: no 256 MiB written or read
    await expect(readRegFileWithinLimit(over)).rejects.toMatchObject({
      problem: 'too-large',
      size: REG_FILE_MAX_BYTES + 1,
    });
    const small = join(folder, 'small.reg');
    await writeFile(small, encodeUtf16le('\uFEFFWindows Registry Editor Version 5.00\r\n'));
    expect(parseRegFile(await readRegFileWithinLimit(small))).toEqual({ blocks: [] });
  });

  it("refuses a backup over the limit as not SinkGuard's own, before reading or checksumming it", async () => {
    const dataDirectory = join(folder, 'data');
    const store = new BackupStore(dataDirectory);
    const id = '20250101T120000Z-1a2b3c4d';
    const directory = join(dataDirectory, 'backups');
    await mkdir(directory, { recursive: true });
    const manifest = {
      schemaVersion: 1,
      id,
      createdAt: '2025-01-01T12:00:00Z',
      machine: 'M',
      user: 'U',
      backend: 'reg.exe',
      operation: 'apply',
      target: 'recommended',
      exportedKeys: [],
      missingKeys: [],
      summary: [],
      regFile: `${id}.reg`,
      regSha256: '0'.repeat(64),
      regBytes: REG_FILE_MAX_BYTES + 1,
    };
    await writeFile(join(directory, `${id}.json`), JSON.stringify(manifest));
    await writeFile(join(directory, `${id}.reg`), '');
    await truncate(join(directory, `${id}.reg`), REG_FILE_MAX_BYTES + 1);
    await expect(store.load(id)).rejects.toMatchObject({
      message: expect.stringMatching(/^backup .*\.reg: \.reg file: the file is 256\.0 MiB, over the 256 MiB/),
    });
  });
});
