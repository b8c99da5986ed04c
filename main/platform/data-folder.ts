/**
 * Locking down and checking SinkGuard's data folder (%ProgramData%\SinkGuard) on Windows. An elevated SinkGuard
 * imports the .reg backups kept there; %ProgramData% lets every user create folders and files, so a folder created
 * with inherited permissions (or created beforehand by someone else) could hold planted backups or journal lines.
 *
 * Off Windows this does not apply: the folder is the user's own XDG data folder (or a simulated machine's throwaway
 * one), and no other account's SinkGuard imports from it.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { ADMINISTRATORS_SID, SYSTEM_SID, dataFolderProblems } from '../domain/changes/data-folder';
import { quotePowerShellLiteral } from '../domain/changes/elevation';
import { ProgramRunError, runProgram, systemProgramPath, type ProgramResult } from './programs';

/** Runs a program by full path with an argument array (never through a shell); tests record the calls instead. */
export interface ProgramRunner {
  run(file: string, args: readonly string[]): Promise<ProgramResult>;
}

/** What the change engine asks before it relies on the folder. */
export interface DataFolderGuard {
  /** Before writing backups or the journal: creates the folder when missing (locked down), then checks it. */
  prepare(directory: string): Promise<void>;
  /** Before trusting what the folder holds (journal, backups to import): checks it; a missing one holds nothing. */
  verify(directory: string): Promise<'trusted' | 'missing'>;
}

/** The folder cannot be trusted (or its permissions cannot be read); `problems` says why. Nothing was changed. */
export class UntrustedDataFolderError extends Error {
  override readonly name = 'UntrustedDataFolderError';
  constructor(
    readonly directory: string,
    readonly problems: readonly string[],
    message: string,
    /** The folder's permissions could not be read because this process may not: it is not elevated. */
    readonly accessDenied = false,
  ) {
    super(message);
  }
}

/** The icacls arguments that leave only SYSTEM and Administrators, with full control, inherited by everything inside. */
export function lockDownArguments(directory: string): string[] {
  return [
    directory,
    '/inheritance:r',
    '/grant:r',
    `*${SYSTEM_SID}:(OI)(CI)F`,
    `*${ADMINISTRATORS_SID}:(OI)(CI)F`,
  ];
}

export interface WindowsGuardOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly runner?: ProgramRunner;
  /** Tests point these at a temp folder; the defaults are node:fs. */
  readonly makeDirectory?: (path: string) => Promise<'created' | 'exists'>;
  readonly listDirectory?: (path: string) => Promise<string[] | null>;
}

/** The guard for this platform: the Windows one, or one that checks nothing (see the file comment). */
export function dataFolderGuardFor(
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
): DataFolderGuard {
  return platform === 'win32' ? windowsDataFolderGuard({ env }) : NOT_APPLICABLE;
}

export const NOT_APPLICABLE: DataFolderGuard = {
  prepare: async () => undefined,
  verify: async () => 'trusted',
};

export function windowsDataFolderGuard(options: WindowsGuardOptions): DataFolderGuard {
  const runner = options.runner ?? { run: (file, args) => runProgram(file, args, { timeoutMs: 60_000 }) };
  const makeDirectory = options.makeDirectory ?? makeDirectoryOnce;
  const listDirectory = options.listDirectory ?? listIfPresent;
  // The programs that decide what is trusted are never found through a path someone else could set: with an odd
  // SystemRoot, Windows' own default.
  const system32 = (...parts: string[]): string => {
    try {
      return systemProgramPath(options.env, ...parts);
    } catch (error) {
      if (!(error instanceof ProgramRunError)) throw error;
      return systemProgramPath({}, ...parts);
    }
  };
  const icacls = system32('icacls.exe');
  const powershell = system32('WindowsPowerShell', 'v1.0', 'powershell.exe');

  const refuse = (
    directory: string,
    problems: readonly string[],
    advice: string,
    accessDenied = false,
  ): never => {
    throw new UntrustedDataFolderError(
      directory,
      problems,
      `the data folder ${directory} is not safe to use: ${problems.join('; ')}. ${advice}`,
      accessDenied,
    );
  };
  async function check(path: string): Promise<void> {
    const result = await runner.run(powershell, [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      `(Get-Acl -LiteralPath ${quotePowerShellLiteral(path)}).Sddl`,
    ]);
    const sddl = result.stdout.trim();
    if (result.exitCode !== 0 || sddl === '') {
      const said = (result.stderr || result.stdout).trim().split(/\r?\n/)[0] ?? '';
      refuse(
        path,
        [
          `its permissions could not be read (PowerShell exited with ${result.exitCode}${said ? `: ${said}` : ''})`,
        ],
        /denied|unauthorized/i.test(said)
          ? 'Only administrators can read it: relaunch SinkGuard elevated.'
          : 'Check that PowerShell runs on this machine.',
        /denied|unauthorized/i.test(said),
      );
    }
    const problems = dataFolderProblems(sddl);
    if (problems.length > 0) refuse(path, problems, lockDownAdvice(path));
  }

  return {
    async prepare(path) {
      requirePlainPath(path);
      if ((await makeDirectory(path)) === 'exists') return check(path);
      // Created just now with %ProgramData%'s inherited permissions: lock it down before anything goes in it.
      for (const args of [lockDownArguments(path), [path, '/setowner', `*${ADMINISTRATORS_SID}`]]) {
        const result = await runner.run(icacls, args);
        if (result.exitCode !== 0) {
          const said = (result.stderr || result.stdout).trim().split(/\r?\n/)[0] ?? '';
          refuse(
            path,
            [`icacls could not lock it down (exit ${result.exitCode}${said ? `: ${said}` : ''})`],
            'Run SinkGuard elevated, or lock the folder down by hand.',
          );
        }
      }
      await check(path);
      // Anything already inside was put there in the moment before the lock-down, by someone else.
      const inside = (await listDirectory(path)) ?? [];
      if (inside.length > 0)
        refuse(
          path,
          [
            `${inside.length} item(s) appeared in it before it was locked down (${inside.slice(0, 3).join(', ')})`,
          ],
          'Delete the folder and try again.',
        );
    },
    async verify(path) {
      requirePlainPath(path);
      if ((await listDirectory(path)) === null) return 'missing';
      await check(path);
      return 'trusted';
    },
  };
}

/** The data folder's subfolder that holds the .reg files handed to `reg import`, each only while it is imported. */
export const IMPORT_FOLDER_NAME = 'import';

/**
 * The folder for `reg import`'s files: `<data>\import`, created (and on Windows locked down and checked) like the data
 * folder itself, before the first import of this process; later imports reuse the check. In %TEMP% the same user's
 * unelevated processes could replace the file between its write and the elevated import.
 */
export function importFolderIn(dataDirectory: string, guard: DataFolderGuard): () => Promise<string> {
  const folder = join(dataDirectory, IMPORT_FOLDER_NAME);
  let ready: Promise<string> | undefined;
  const prepare = async (): Promise<string> => {
    await guard.prepare(dataDirectory);
    await guard.prepare(folder);
    // Off Windows the guard checks nothing (see the file comment): the folder is the user's own, kept private.
    await mkdir(folder, { recursive: true, mode: 0o700 });
    return folder;
  };
  return () => {
    ready ??= prepare().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    return ready;
  };
}

/**
 * The folder for the files `reg export` writes before a read reads them: the import folder while it can be prepared
 * (an elevated process: a backup read from a file an unelevated process swapped could later be restored), else
 * os.tmpdir(), where an unelevated audit (which cannot create the data folder) reads no more than its user could.
 */
export function readFolderFrom(importFolder: () => Promise<string>): () => Promise<string> {
  return () => importFolder().catch(() => tmpdir());
}

/**
 * The way forward for a folder that fails the check, as PowerShell commands an admin can paste: every argument is a
 * single-quoted literal (a bare `(OI)` would run as a command, and a double-quoted path would expand `$(…)`).
 */
export function lockDownAdvice(path: string): string {
  const icacls = (args: readonly string[]): string =>
    ['icacls.exe', ...args.map(quotePowerShellLiteral)].join(' ');
  return (
    'A non-administrator could have planted backups or journal records in it: check what it holds, then delete it ' +
    '(SinkGuard creates it again, locked down) or lock it down with these PowerShell commands: ' +
    `${icacls(lockDownArguments(path))}; ${icacls([path, '/setowner', `*${ADMINISTRATORS_SID}`])}`
  );
}

function requirePlainPath(path: string): void {
  // A line break would end the PowerShell statement; NUL cannot cross a command line.
  if (/[\0\r\n]/.test(path) || !win32.isAbsolute(path)) {
    throw new UntrustedDataFolderError(
      path,
      ['it is not a plain absolute path'],
      `the data folder ${JSON.stringify(path)} is not a plain absolute path`,
    );
  }
}

async function makeDirectoryOnce(path: string): Promise<'created' | 'exists'> {
  await mkdir(win32.dirname(path), { recursive: true });
  try {
    await mkdir(path);
    return 'created';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw error;
  }
}

async function listIfPresent(path: string): Promise<string[] | null> {
  try {
    return await readdir(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    // Present but unreadable (not elevated): the ACL check says so in words.
    if (code === 'EACCES' || code === 'EPERM') return [];
    throw error;
  }
}
