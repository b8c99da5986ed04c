import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryError } from './errors';

export interface CommandResult {
  readonly exitCode: number;
  /** stdout and stderr together: reg.exe (and Wine's reg) print errors to either. */
  readonly output: string;
}

/**
 * How reg.exe and cmd.exe are reached: directly on Windows, through `wine` elsewhere. Both run arguments through
 * execFile, never a shell string; the only command line built from data is the batch file RegExeRegistry writes.
 */
export interface RegExeHost {
  readonly description: string;
  reg(args: readonly string[]): Promise<CommandResult>;
  /** Runs a .cmd batch file (a host path) in one cmd.exe process. */
  runBatch(batchPath: string): Promise<CommandResult>;
  /** The path reg.exe sees for a host temp path. */
  toWindowsPath(hostPath: string): string;
}

type Env = Readonly<Record<string, string | undefined>>;

const TIMEOUT_MS = 120_000;

function run(
  file: string,
  args: readonly string[],
  options: { env?: Env; windowsVerbatimArguments?: boolean; unavailable: string },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        encoding: 'latin1',
        windowsHide: true,
        timeout: TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
        ...(options.env ? { env: options.env as NodeJS.ProcessEnv } : {}),
        ...(options.windowsVerbatimArguments ? { windowsVerbatimArguments: true } : {}),
      },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (error && typeof error.code !== 'number') {
          reject(
            new RegistryError(
              'backend-unavailable',
              `${options.unavailable}: ${error.killed ? `timed out after ${TIMEOUT_MS / 1000}s` : error.message}`,
            ),
          );
          return;
        }
        resolve({ exitCode: error ? Number(error.code) : 0, output });
      },
    );
  });
}

/** reg.exe and cmd.exe from %SystemRoot%\System32 (not PATH), so nothing on PATH can stand in for them. */
export function windowsHost(env: Env): RegExeHost {
  const system32 = `${env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows'}\\System32`;
  const regExe = `${system32}\\reg.exe`;
  const cmdExe = `${system32}\\cmd.exe`;
  return {
    description: `reg.exe (${regExe})`,
    reg: (args) => run(regExe, args, { unavailable: `cannot run ${regExe}` }),
    // /s with the quoted path quoted again is how cmd.exe keeps a path with spaces whole (what Node's shell:true does).
    runBatch: (batchPath) =>
      run(cmdExe, ['/d', '/s', '/c', `""${batchPath}""`], {
        windowsVerbatimArguments: true,
        unavailable: `cannot run ${cmdExe}`,
      }),
    toWindowsPath: (hostPath) => hostPath,
  };
}

/** Wine's reg.exe and cmd.exe against the WINEPREFIX in `env` (Wine's default prefix when unset). */
export function wineHost(env: Env, wine = env.SINKGUARD_WINE ?? 'wine'): RegExeHost {
  const wineEnv: Env = { ...env, WINEDEBUG: env.WINEDEBUG ?? '-all' };
  const unavailable = `cannot run '${wine}' (install Wine, or choose --registry simulated)`;
  return {
    description: `wine reg.exe (WINEPREFIX=${env.WINEPREFIX ?? '~/.wine'})`,
    reg: (args) => runWine(wine, ['reg', ...args], wineEnv, unavailable),
    runBatch: (batchPath) => runWine(wine, ['cmd', '/d', '/c', toWinePath(batchPath)], wineEnv, unavailable),
    toWindowsPath: toWinePath,
  };
}

/**
 * Runs a Wine program with its output going to a temp file. A pipe would stay open as long as the wineserver the
 * program may have started (it inherits the pipe and lingers for seconds), so the call would wait for it.
 */
async function runWine(
  wine: string,
  args: readonly string[],
  env: Env,
  unavailable: string,
): Promise<CommandResult> {
  const directory = await mkdtemp(join(tmpdir(), 'sinkguard-wine-'));
  const outputFile = join(directory, 'output.txt');
  const fd = openSync(outputFile, 'w');
  try {
    const exitCode = await new Promise<number>((resolve, reject) => {
      const child = spawn(wine, [...args], {
        env: env as NodeJS.ProcessEnv,
        stdio: ['ignore', fd, fd],
        windowsHide: true,
      });
      const timer = setTimeout(() => child.kill(), TIMEOUT_MS);
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new RegistryError('backend-unavailable', `${unavailable}: ${error.message}`));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (signal) reject(new RegistryError('backend-unavailable', `${unavailable}: stopped by ${signal}`));
        else resolve(code ?? 1);
      });
    });
    return { exitCode, output: await readFile(outputFile, 'latin1') };
  } finally {
    closeSync(fd);
    await rm(directory, { recursive: true, force: true });
  }
}

/** Wine maps drive Z: to the Unix root in every prefix it creates. */
function toWinePath(hostPath: string): string {
  return `Z:${hostPath.replace(/\//g, '\\')}`;
}
