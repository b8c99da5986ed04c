import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangeRefusedError } from '../../../main/changes/index';
import { dataFolderProblems } from '../../../main/domain/changes/data-folder';
import { builtInProfile } from '../../../main/domain/profiles/index';
import {
  UntrustedDataFolderError,
  windowsDataFolderGuard,
  type ProgramRunner,
} from '../../../main/platform/data-folder';
import type { ProgramResult } from '../../../main/platform/programs';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { engineFor, tempDirectory, wholeRegistry } from './support';

/** What SinkGuard's own lock-down leaves: SYSTEM and Administrators, full control, inherited, nothing else. */
const LOCKED = 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';
/** A folder made in %ProgramData% with inherited permissions, as a standard user would get it. */
const INHERITED =
  'O:S-1-5-21-1-2-3-1001G:S-1-5-21-1-2-3-513D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIIOID;GA;;;CO)' +
  '(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;BU)';

describe('the data folder check (SinkGuard’s own SDDL parser)', () => {
  it('trusts a folder owned by Administrators or SYSTEM that only they may write', () => {
    expect(dataFolderProblems(LOCKED)).toEqual([]);
    expect(dataFolderProblems('O:SYG:SYD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;FR;;;BU)')).toEqual([]);
    // A deny entry takes rights away: never a problem.
    expect(dataFolderProblems('O:BAD:P(D;OICI;FA;;;WD)(A;OICI;FA;;;BA)')).toEqual([]);
  });

  it('names a foreign owner and every other principal granted a right that writes', () => {
    expect(dataFolderProblems(INHERITED)).toEqual([
      'it is owned by S-1-5-21-1-2-3-1001, not by Administrators or SYSTEM',
      'CREATOR OWNER (S-1-3-0) may write to it (rights 0x10000000)',
      'Users (S-1-5-32-545) may write to it (rights 0x00000116)',
    ]);
    expect(dataFolderProblems('O:BAD:P(A;OICI;FA;;;BA)(A;;0x2;;;AU)')).toEqual([
      'Authenticated Users (S-1-5-11) may write to it (rights 0x00000002)',
    ]);
    expect(dataFolderProblems('O:BAD:P(A;OICI;FA;;;BA)(A;;WD;;;WD)')).toEqual([
      'Everyone (S-1-1-0) may write to it (rights 0x00040000)',
    ]);
  });

  it('refuses a missing or NULL DACL and an unreadable descriptor', () => {
    expect(dataFolderProblems('O:BAG:SY')).toEqual([
      'it has no access control list: everyone may write to it',
    ]);
    expect(dataFolderProblems('O:BAD:NO_ACCESS_CONTROL')).toEqual([
      'it has no access control list: everyone may write to it',
    ]);
    expect(dataFolderProblems('not sddl')[0]).toMatch(/^its permissions could not be read/);
  });
});

/** A recording runner: icacls succeeds, PowerShell prints the SDDL it is given. */
function recordingRunner(sddl: () => string, icaclsExit = 0) {
  const calls: { file: string; args: readonly string[] }[] = [];
  const runner: ProgramRunner = {
    run: async (file, args): Promise<ProgramResult> => {
      calls.push({ file, args });
      if (file.endsWith('icacls.exe'))
        return { exitCode: icaclsExit, stdout: '', stderr: 'Access is denied.' };
      return { exitCode: 0, stdout: `${sddl()}\r\n`, stderr: '' };
    },
  };
  return { runner, calls };
}

const env = { SystemRoot: 'C:\\Windows' };

describe('the Windows data folder guard (recording runner, real folders)', () => {
  it('creates a missing folder, locks it down with icacls (argument arrays), then checks it', async () => {
    const folder = join(tempDirectory(), 'SinkGuard');
    const { runner, calls } = recordingRunner(() => LOCKED);
    await windowsDataFolderGuard({ env, runner }).prepare(folder);
    expect(existsSync(folder)).toBe(true);
    expect(calls).toEqual([
      {
        file: 'C:\\Windows\\System32\\icacls.exe',
        args: [folder, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F'],
      },
      { file: 'C:\\Windows\\System32\\icacls.exe', args: [folder, '/setowner', '*S-1-5-32-544'] },
      {
        file: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        args: ['-NoProfile', '-NonInteractive', '-Command', `(Get-Acl -LiteralPath '${folder}').Sddl`],
      },
    ]);
  });

  it('checks an existing folder without changing it, and refuses one someone else made', async () => {
    const folder = tempDirectory();
    const { runner, calls } = recordingRunner(() => INHERITED);
    const error = await windowsDataFolderGuard({ env, runner })
      .prepare(folder)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UntrustedDataFolderError);
    expect((error as Error).message).toContain(`the data folder ${folder} is not safe to use`);
    expect((error as Error).message).toContain('Users (S-1-5-32-545) may write to it');
    expect((error as Error).message).toContain(`icacls.exe '${folder}' '/inheritance:r'`);
    expect(calls.map((call) => call.file.split('\\').at(-1))).toEqual(['powershell.exe']);
  });

  it('refuses a new folder in which something appeared before the lock-down', async () => {
    const folder = join(tempDirectory(), 'SinkGuard');
    const { runner } = recordingRunner(() => {
      // Planted between mkdir and icacls.
      writeFileSync(join(folder, 'planted.json'), '{}');
      return LOCKED;
    });
    await expect(windowsDataFolderGuard({ env, runner }).prepare(folder)).rejects.toThrow(
      /1 item\(s\) appeared in it before it was locked down \(planted\.json\)/,
    );
  });

  it('says so when icacls fails, and when PowerShell cannot read the permissions', async () => {
    const { runner } = recordingRunner(() => LOCKED, 5);
    await expect(
      windowsDataFolderGuard({ env, runner }).prepare(join(tempDirectory(), 'SinkGuard')),
    ).rejects.toThrow(/icacls could not lock it down \(exit 5: Access is denied\.\)/);
    const denied: ProgramRunner = {
      run: async () => ({
        exitCode: 1,
        stdout: '',
        stderr: 'Get-Acl : Attempted to perform an unauthorized operation… access denied',
      }),
    };
    await expect(windowsDataFolderGuard({ env, runner: denied }).verify(tempDirectory())).rejects.toThrow(
      /could not be read .*relaunch SinkGuard elevated/,
    );
    // The engine tells that apart from an unsafe folder: not elevated, and the relaunch is the way forward.
    const engine = engineFor(await openSimulatedMachine('stock'), tempDirectory(), {
      dataFolder: windowsDataFolderGuard({ env, runner: denied }),
    });
    await expect(engine.history()).rejects.toMatchObject({ code: 'not-elevated' });
  });

  it('verify trusts nothing missing and runs nothing for it', async () => {
    const { runner, calls } = recordingRunner(() => LOCKED);
    expect(await windowsDataFolderGuard({ env, runner }).verify(join(tempDirectory(), 'none'))).toBe(
      'missing',
    );
    expect(calls).toEqual([]);
  });

  it('never takes programs from a SystemRoot that is not a plain path', async () => {
    const { runner, calls } = recordingRunner(() => LOCKED);
    await windowsDataFolderGuard({ env: { SystemRoot: 'C:\\x" & calc' }, runner }).verify(tempDirectory());
    expect(calls[0]!.file).toBe('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });
});

describe('the engine relies on the data folder only after the guard says so', () => {
  it('refuses an apply in an untrusted folder before writing anything, with the reasons', async () => {
    const port = await openSimulatedMachine('legacy');
    const data = tempDirectory();
    mkdirSync(data, { recursive: true });
    const { runner } = recordingRunner(() => INHERITED);
    const engine = engineFor(port, data, { dataFolder: windowsDataFolderGuard({ env, runner }) });
    const before = await wholeRegistry(port);
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    const error = await engine.applyPlan(plan.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ChangeRefusedError);
    expect(error).toMatchObject({ code: 'untrusted-data-folder' });
    expect((error as ChangeRefusedError).details).toContain(
      'it is owned by S-1-5-21-1-2-3-1001, not by Administrators or SYSTEM',
    );
    expect(await wholeRegistry(port)).toBe(before);
    expect(existsSync(join(data, 'backups'))).toBe(false);
    // Reading the journal (history, start-up recovery) is refused the same way.
    await expect(engine.history()).rejects.toMatchObject({ code: 'untrusted-data-folder' });
  });

  it('checks once per process once trusted', async () => {
    const port = await openSimulatedMachine('legacy');
    const { runner, calls } = recordingRunner(() => LOCKED);
    const engine = engineFor(port, join(tempDirectory(), 'SinkGuard'), {
      dataFolder: windowsDataFolderGuard({ env, runner }),
    });
    expect(await engine.history()).toEqual([]);
    expect(calls).toEqual([]);
    const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
    expect((await engine.applyPlan(plan.id)).status).toBe('applied');
    await engine.history();
    expect(calls.map((call) => call.file.split('\\').at(-1))).toEqual([
      'icacls.exe',
      'icacls.exe',
      'powershell.exe',
    ]);
  });
});
