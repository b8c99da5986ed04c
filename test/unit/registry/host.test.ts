import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowsHost } from '../../../main/registry/host';

// windowsHost runs `<SystemRoot>\System32\reg.exe`; on Linux, with SystemRoot `<dir>/Root`, that is the file
// `Root\System32\reg.exe` (backslashes in its name) in <dir>, so a shell script can play reg.exe.
describe('reg.exe host', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'sinkguard-host-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it.skipIf(process.platform === 'win32')(
    'returns the exit code and output of a program that ran',
    async () => {
      const fake = join(directory, 'Root\\System32\\reg.exe');
      await writeFile(fake, '#!/bin/sh\necho "args: $*"\necho "to stderr" >&2\nexit 3\n');
      await chmod(fake, 0o755);
      const result = await windowsHost({ SystemRoot: join(directory, 'Root') }).reg([
        'query',
        'HKLM\\SOFTWARE\\A "quoted" & key',
      ]);
      expect(result).toEqual({
        exitCode: 3,
        output: 'args: query HKLM\\SOFTWARE\\A "quoted" & key\nto stderr\n',
      });
    },
  );

  it('reports a reg.exe that cannot be started as backend-unavailable, after trying again', async () => {
    const started = Date.now();
    await expect(
      windowsHost({ SystemRoot: join(directory, 'Missing') }).reg(['query', 'HKLM\\SOFTWARE']),
    ).rejects.toMatchObject({
      code: 'backend-unavailable',
      message: expect.stringMatching(/^cannot run .*Missing\\System32\\reg\.exe: .*ENOENT/),
    });
    // Two pauses between three attempts (50 ms, then 100 ms).
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });
});
