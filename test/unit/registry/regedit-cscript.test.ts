import childProcess, { type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { copyFile, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegeditRegistry, resolveRegeditScriptDirectory } from '../../../main/registry/regedit';
import { SimulatedRegistry } from '../../../main/registry/simulated';

interface Spawn {
  readonly file: string;
  readonly args: readonly string[];
}

/**
 * Stands in for child_process.execFile under the real `regedit` package (no cscript runs off Windows): records what
 * it was asked to start and answers as regedit's scripts do — JSON for a list, exit 0 for a write.
 */
function recordSpawns(): Spawn[] {
  const spawns: Spawn[] = [];
  vi.spyOn(childProcess, 'execFile').mockImplementation(((
    file: string,
    args: readonly string[],
    ...rest: unknown[]
  ) => {
    spawns.push({ file, args: [...args] });
    const child = Object.assign(new EventEmitter(), {
      stdin: new PassThrough(),
      stdout: new PassThrough(),
      stderr: new PassThrough(),
    });
    const callback = rest.find((item) => typeof item === 'function') as
      ((error: Error | null, stdout: string, stderr: string) => void) | undefined;
    const keys = args.slice(3);
    const listing = Object.fromEntries(keys.map((key) => [key, { exists: false, keys: [], values: {} }]));
    setImmediate(() => (callback ? callback(null, JSON.stringify(listing), '') : child.emit('close', 0)));
    return child as unknown as ChildProcess;
  }) as unknown as typeof childProcess.execFile);
  return spawns;
}

afterEach(() => void vi.restoreAllMocks());

describe('regedit backend: Windows Script Host by full path', () => {
  it('starts cscript from %SystemRoot%\\System32 for reads and writes, never by bare name', async () => {
    const spawns = recordSpawns();
    const port = await RegeditRegistry.open(new SimulatedRegistry(), resolveRegeditScriptDirectory(), {
      SystemRoot: 'D:\\Win',
    });
    await port.readKeys(['HKLM\\SOFTWARE\\Microsoft\\Ole']);
    await port.writeValues([{ key: 'HKLM\\SOFTWARE\\X', name: 'v', value: { type: 'REG_DWORD', data: 1 } }]);
    const scripts = resolveRegeditScriptDirectory();
    expect(spawns.map((spawn) => [spawn.file, ...spawn.args.slice(0, 3)])).toEqual([
      ['D:\\Win\\System32\\cscript.exe', '//Nologo', join(scripts, 'regList.wsf'), '64'],
      ['D:\\Win\\System32\\cscript.exe', '//Nologo', join(scripts, 'regCreateKey.wsf'), '64'],
      ['D:\\Win\\System32\\cscript.exe', '//Nologo', join(scripts, 'regPutValue.wsf'), '64'],
    ]);
    // regedit's own search (a bare `cscript.exe`, then `where cscript.exe`) never ran.
    expect(spawns.filter((spawn) => !/^[A-Z]:\\/.test(spawn.file))).toEqual([]);
  });

  it('refuses, starting nothing, when SystemRoot is not a plain path', async () => {
    const spawns = recordSpawns();
    await expect(
      RegeditRegistry.open(new SimulatedRegistry(), resolveRegeditScriptDirectory(), {
        SystemRoot: '\\\\server\\share',
      }),
    ).rejects.toMatchObject({ code: 'backend-unavailable', message: expect.stringMatching(/SystemRoot/) });
    expect(spawns).toEqual([]);
  });
});

// A planted cscript.exe can only be planted where Windows would find it: Windows only.
const onWindows = process.platform === 'win32';
if (!onWindows) {
  console.warn(
    "SKIPPED a planted cscript.exe in the working folder: Windows only (not a CI failure: CI is Linux, and Wine cannot run regedit's .wsf scripts)",
  );
}
describe.skipIf(!onWindows)('regedit on Windows: a planted cscript.exe', () => {
  it('is not run from the working folder; the real one in System32 answers', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sinkguard-planted-'));
    const marker = join(folder, 'planted-ran');
    const previous = { cwd: process.cwd(), nodeOptions: process.env.NODE_OPTIONS };
    try {
      // The planted program is a copy of node that, through NODE_OPTIONS, leaves a marker when it starts.
      await copyFile(process.execPath, join(folder, 'cscript.exe'));
      await writeFile(
        join(folder, 'mark.cjs'),
        `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`,
      );
      process.env.NODE_OPTIONS = `--require "${join(folder, 'mark.cjs')}"`;
      process.chdir(folder);
      const { RegExeRegistry } = await import('../../../main/registry/reg-exe');
      const { windowsHost } = await import('../../../main/registry/host');
      const port = await RegeditRegistry.open(new RegExeRegistry(windowsHost(process.env)));
      const [ole] = await port.readKeys(['HKLM\\SOFTWARE\\Microsoft\\Ole']);
      expect(ole?.exists).toBe(true);
      await expect(stat(marker)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      process.chdir(previous.cwd);
      if (previous.nodeOptions === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = previous.nodeOptions;
      await rm(folder, { recursive: true, force: true });
    }
  });
});
