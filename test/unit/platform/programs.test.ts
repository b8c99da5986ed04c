import { describe, expect, it } from 'vitest';
import { ProgramRunError, runProgram, systemProgramPath } from '../../../main/platform/programs';

describe("Windows' own programs", () => {
  it('are named under SystemRoot\\System32, and never through a SystemRoot that is not a plain path', () => {
    expect(systemProgramPath({ SystemRoot: 'D:\\Win\\' }, 'icacls.exe')).toBe(
      'D:\\Win\\System32\\icacls.exe',
    );
    expect(systemProgramPath({}, 'WindowsPowerShell', 'v1.0', 'powershell.exe')).toBe(
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
    for (const root of ['C:\\Windows" & calc', '\\\\server\\share', 'Windows'])
      expect(() => systemProgramPath({ SystemRoot: root }, 'fltmc.exe')).toThrow(ProgramRunError);
  });

  it('run to an exit code with their output, or fail typed when they never ran to one', async () => {
    const script = 'process.stdout.write("out"); process.stderr.write("err"); process.exit(4)';
    await expect(runProgram(process.execPath, ['-e', script], { timeoutMs: 10_000 })).resolves.toEqual({
      exitCode: 4,
      stdout: 'out',
      stderr: 'err',
    });
    await expect(runProgram('/nonexistent/icacls.exe', [], { timeoutMs: 10_000 })).rejects.toMatchObject({
      reason: 'not-started',
    });
    await expect(
      runProgram(process.execPath, ['-e', 'setTimeout(() => {}, 10_000)'], { timeoutMs: 200 }),
    ).rejects.toMatchObject({ reason: 'timeout' });
  });
});
