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
 * How reg.exe is reached: directly on Windows, through `wine` elsewhere. Arguments always go as an argument list
 * (execFile/spawn), never through a shell, so no key name can become a command.
 */
export interface RegExeHost {
  readonly description: string;
  reg(args: readonly string[]): Promise<CommandResult>;
  /** The path reg.exe sees for a host temp path. */
  toWindowsPath(hostPath: string): string;
}

type Env = Readonly<Record<string, string | undefined>>;

const TIMEOUT_MS = 120_000;

/** A process that could not be started (not one that ran and failed) is tried again this many times. */
const START_ATTEMPTS = 3;

/**
 * Runs a program and resolves to its exit code and output. Starting a process can fail transiently on a loaded
 * machine (seen under Wine as `spawn UNKNOWN` when several start at once); since the program never ran, trying again
 * is safe for reads and writes alike. Anything else that goes wrong is a typed 'backend-unavailable' error.
 */
async function run(
  file: string,
  args: readonly string[],
  options: { env?: Env; unavailable: string },
): Promise<CommandResult> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await runOnce(file, args, options.env);
    if ('exitCode' in outcome) return outcome;
    if (outcome.started || attempt >= START_ATTEMPTS) {
      throw new RegistryError('backend-unavailable', `${options.unavailable}: ${outcome.reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

function runOnce(
  file: string,
  args: readonly string[],
  env: Env | undefined,
): Promise<CommandResult | { started: boolean; reason: string }> {
  return new Promise((resolve) => {
    try {
      execFile(
        file,
        [...args],
        {
          encoding: 'latin1',
          windowsHide: true,
          timeout: TIMEOUT_MS,
          maxBuffer: 64 * 1024 * 1024,
          ...(env ? { env: env as NodeJS.ProcessEnv } : {}),
        },
        (error, stdout, stderr) => {
          if (error && typeof error.code !== 'number') {
            const started =
              error.killed || !('syscall' in error && String(error.syscall).startsWith('spawn'));
            resolve({
              started,
              reason: error.killed ? `timed out after ${TIMEOUT_MS / 1000}s` : error.message,
            });
            return;
          }
          resolve({ exitCode: error ? Number(error.code) : 0, output: `${stdout}${stderr}` });
        },
      );
    } catch (error) {
      // Some start failures (spawn UNKNOWN) are thrown at once rather than reported to the callback.
      resolve({ started: false, reason: error instanceof Error ? error.message : String(error) });
    }
  });
}

/** reg.exe from %SystemRoot%\System32 (not PATH), so nothing on PATH can stand in for them. */
export function windowsHost(env: Env): RegExeHost {
  const system32 = `${env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows'}\\System32`;
  const regExe = `${system32}\\reg.exe`;
  return {
    description: `reg.exe (${regExe})`,
    reg: (args) => run(regExe, args, { unavailable: `cannot run ${regExe}` }),
    toWindowsPath: (hostPath) => hostPath,
  };
}

/**
 * By full path: `wine reg` (a bare name) is launched through start.exe /exec, one more Wine process on every call;
 * every Wine prefix has its system programs here.
 */
const WINE_REG_EXE = 'C:\\windows\\system32\\reg.exe';

/** Wine's reg.exe against the WINEPREFIX in `env` (Wine's default prefix when unset). */
export function wineHost(env: Env, wine = env.SINKGUARD_WINE ?? 'wine'): RegExeHost {
  const wineEnv: Env = { ...env, WINEDEBUG: env.WINEDEBUG ?? '-all' };
  const unavailable = `cannot run '${wine}' (install Wine, or choose --registry simulated)`;
  return {
    description: `wine reg.exe (WINEPREFIX=${env.WINEPREFIX ?? '~/.wine'})`,
    reg: (args) => runWine(wine, [WINE_REG_EXE, ...args], wineEnv, unavailable),
    toWindowsPath: toWinePath,
  };
}

/**
 * Runs a Wine program with its output going to a temp file. A pipe would stay open as long as the wineserver the
 * program may have started (it inherits the pipe and lingers for seconds), so the call would wait for it. When Wine
 * itself could not start the program (it says `wine: …`, seen on a loaded machine), the program never ran and is
 * tried again, as run() does. So is any failure exit without reg.exe's own error line: Wine's reg.exe names every
 * error it meets on a line starting `reg: `, so a failure that printed nothing, or a complete listing with exit 1
 * (both seen in CI under load), is Wine's, not reg.exe's. Every reg.exe operation here is safe to repeat: reads
 * change nothing, and an import writes the same values again.
 */
/** How Wine's reg.exe starts every error it reports (`reg: Unable to find the specified registry key`). */
const REG_EXE_ERROR = /^reg: /m;

async function runWine(
  wine: string,
  args: readonly string[],
  env: Env,
  unavailable: string,
): Promise<CommandResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await runWineOnce(wine, args, env, unavailable);
    const silent = result.output.trim() === '';
    const winesOwn = result.exitCode !== 0 && !REG_EXE_ERROR.test(result.output);
    if (!winesOwn) return result;
    if (attempt >= START_ATTEMPTS) {
      const said = silent
        ? `it failed (exit ${result.exitCode}) without a word, ${attempt} times`
        : `it failed (exit ${result.exitCode}) without an error from reg.exe, ${attempt} times: ${result.output.trim().slice(0, 500)}`;
      throw new RegistryError('backend-unavailable', `${unavailable}: ${said}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
}

async function runWineOnce(
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
