import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { windowsHost, wineHost } from '../../../main/registry/host';
import { runsHere } from '../../support/lane';

const withShellScripts = runsHere(
  'reg.exe and Wine host tests with stand-in programs',
  process.platform !== 'win32',
  'the stand-ins for reg.exe and wine are shell scripts, which Windows cannot run',
);

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

  it.runIf(withShellScripts)('returns the exit code and output of a program that ran', async () => {
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
  });

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

  it.runIf(withShellScripts)(
    'starts a Wine program again when Wine itself could not start it, and only then',
    async () => {
      const counter = join(directory, 'wine-runs');
      const fakeWine = join(directory, 'fake-wine');
      // Fails to start twice (as Wine reports it), then runs; a program that ran and failed is not retried.
      await writeFile(
        fakeWine,
        `#!/bin/sh\necho x >> "${counter}"\nruns=$(wc -l < "${counter}")\n` +
          `if [ "$runs" -le 2 ]; then echo 'wine: failed to open "C:\\\\x.exe": c0000135'; exit 53; fi\n` +
          `printf '%s\\n' "reg: ran $*"; exit 1\n`,
      );
      await chmod(fakeWine, 0o755);
      const host = wineHost({ PATH: process.env.PATH }, fakeWine);
      const result = await host.reg(['query', 'HKLM\\SOFTWARE']);
      expect(result).toEqual({
        exitCode: 1,
        output: 'reg: ran C:\\windows\\system32\\reg.exe query HKLM\\SOFTWARE\n',
      });
      expect((await readFile(counter, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
      // Never started at all: after three tries, a typed error with Wine's words.
      await writeFile(fakeWine, `#!/bin/sh\necho 'wine: could not load kernel32.dll'\nexit 53\n`);
      await expect(host.reg(['query', 'HKLM\\SOFTWARE'])).rejects.toMatchObject({
        code: 'backend-unavailable',
        message: expect.stringContaining('wine: could not load kernel32.dll'),
      });
    },
  );

  it.runIf(withShellScripts)(
    'runs a Wine program again when it failed without printing anything, and says so when it keeps failing',
    async () => {
      const counter = join(directory, 'silent-runs');
      const fakeWine = join(directory, 'fake-wine-silent');
      // Silent failure once, then the program runs and reports its own error (which is the answer, not retried).
      await writeFile(
        fakeWine,
        `#!/bin/sh\necho x >> "${counter}"\nruns=$(wc -l < "${counter}")\n` +
          `if [ "$runs" -le 1 ]; then exit 1; fi\n` +
          `echo 'reg: Unable to find the specified registry key'; exit 1\n`,
      );
      await chmod(fakeWine, 0o755);
      const host = wineHost({ PATH: process.env.PATH }, fakeWine);
      await expect(host.reg(['query', 'HKLM\\SOFTWARE\\Missing'])).resolves.toEqual({
        exitCode: 1,
        output: 'reg: Unable to find the specified registry key\n',
      });
      expect((await readFile(counter, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
      // A success that printed nothing (reg export, reg import) is an answer too.
      await writeFile(fakeWine, `#!/bin/sh\necho x >> "${counter}"\nexit 0\n`);
      await expect(host.reg(['import', 'Z:\\x.reg'])).resolves.toEqual({ exitCode: 0, output: '' });
      expect((await readFile(counter, 'utf8')).split('\n').filter(Boolean)).toHaveLength(3);
      await writeFile(fakeWine, `#!/bin/sh\nexit 5\n`);
      await expect(host.reg(['query', 'HKLM\\SOFTWARE'])).rejects.toMatchObject({
        code: 'backend-unavailable',
        message: expect.stringContaining('failed (exit 5) without a word, 3 times'),
      });
    },
  );

  it.runIf(withShellScripts)(
    'runs a Wine program again when it failed after a complete answer with no error from reg.exe',
    async () => {
      const counter = join(directory, 'listing-runs');
      const fakeWine = join(directory, 'fake-wine-listing');
      // Seen in CI under load: `reg query HKLM\SOFTWARE` printed every subkey and still exited 1.
      await writeFile(
        fakeWine,
        `#!/bin/sh\necho x >> "${counter}"\nruns=$(wc -l < "${counter}")\n` +
          `printf 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\n'\n` +
          `if [ "$runs" -le 1 ]; then exit 1; fi\nexit 0\n`,
      );
      await chmod(fakeWine, 0o755);
      const host = wineHost({ PATH: process.env.PATH }, fakeWine);
      await expect(host.reg(['query', 'HKLM\\SOFTWARE'])).resolves.toEqual({
        exitCode: 0,
        output: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\n',
      });
      expect((await readFile(counter, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
      await writeFile(fakeWine, `#!/bin/sh\nprintf 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\n'\nexit 1\n`);
      await expect(host.reg(['query', 'HKLM\\SOFTWARE'])).rejects.toMatchObject({
        code: 'backend-unavailable',
        message: expect.stringContaining('failed (exit 1) without an error from reg.exe, 3 times'),
      });
    },
  );
});
