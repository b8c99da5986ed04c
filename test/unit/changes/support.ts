import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ChangeEngine,
  SimulatedFirewallRunner,
  type ChangeEngineOptions,
  type ProgressEvent,
} from '../../../main/changes/index';
import type { TransactionStep } from '../../../main/domain/changes/index';
import { LOCAL_RULES_KEY } from '../../../main/domain/firewall/store';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { parseRegFile } from '../../../main/domain/regfile/index';
import { RegistryError } from '../../../main/registry/errors';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import type { RegistryOperation } from '../../../main/registry/simulated';
import type { RegistryPort } from '../../../main/registry/types';

export const tempDirectory = (): string => mkdtempSync(join(tmpdir(), 'sinkguard-changes-'));

/** The whole simulated registry as `.reg` bytes: two machines are identical when these are. */
export async function wholeRegistry(port: RegistryPort): Promise<string> {
  return Buffer.from(await port.exportKeys(['HKLM'])).toString('hex');
}

export type FaultMode = 'before' | 'after' | 'dead-from';

/**
 * Wraps a port and fails its operations: `before` the n-th call (nothing happens), `after` it (it happened but the
 * caller sees a failure), or every call from the n-th on (the backend died). Counts every call.
 */
export class FaultyPort implements RegistryPort {
  readonly kind;
  readonly description;
  calls: RegistryOperation[] = [];
  fault: { at: number; mode: FaultMode } | null = null;

  constructor(private readonly inner: RegistryPort) {
    this.kind = inner.kind;
    this.description = inner.description;
  }

  private async call<T>(operation: RegistryOperation, run: () => Promise<T>): Promise<T> {
    const index = this.calls.length;
    this.calls.push(operation);
    const fault = this.fault;
    const fail = (): never => {
      throw new RegistryError('backend-unavailable', `injected failure at call ${index} (${operation})`);
    };
    if (
      fault &&
      ((fault.mode === 'before' && index === fault.at) || (fault.mode === 'dead-from' && index >= fault.at))
    )
      fail();
    const result = await run();
    if (fault && fault.mode === 'after' && index === fault.at) fail();
    return result;
  }

  readKeys: RegistryPort['readKeys'] = (paths) => this.call('readKeys', () => this.inner.readKeys(paths));
  writeValues: RegistryPort['writeValues'] = (writes) =>
    this.call('writeValues', () => this.inner.writeValues(writes));
  deleteValues: RegistryPort['deleteValues'] = (refs) =>
    this.call('deleteValues', () => this.inner.deleteValues(refs));
  createKeys: RegistryPort['createKeys'] = (paths) =>
    this.call('createKeys', () => this.inner.createKeys(paths));
  exportKeys: RegistryPort['exportKeys'] = (paths) =>
    this.call('exportKeys', () => this.inner.exportKeys(paths));
  importRegFile: RegistryPort['importRegFile'] = (content) =>
    this.call('importRegFile', () => this.inner.importRegFile(content));
}

/** A simulated machine kept in a `.reg` file, rewritten (atomically) after every change: it survives a kill. */
export class PersistentSimulatedRegistry implements RegistryPort {
  readonly kind = 'simulated';
  readonly description = 'simulated (persistent)';
  private readonly inner: SimulatedRegistry;

  constructor(private readonly file: string) {
    this.inner = new SimulatedRegistry([parseRegFile(new Uint8Array(readFileSync(file)))]);
  }

  private async persist(): Promise<void> {
    const bytes = await this.inner.exportKeys(['HKLM']);
    writeFileSync(`${this.file}.tmp`, bytes);
    renameSync(`${this.file}.tmp`, this.file);
  }

  readKeys: RegistryPort['readKeys'] = (paths) => this.inner.readKeys(paths);
  exportKeys: RegistryPort['exportKeys'] = (paths) => this.inner.exportKeys(paths);
  writeValues: RegistryPort['writeValues'] = async (writes) => {
    await this.inner.writeValues(writes);
    await this.persist();
  };
  deleteValues: RegistryPort['deleteValues'] = async (refs) => {
    await this.inner.deleteValues(refs);
    await this.persist();
  };
  createKeys: RegistryPort['createKeys'] = async (paths) => {
    await this.inner.createKeys(paths);
    await this.persist();
  };
  importRegFile: RegistryPort['importRegFile'] = async (content) => {
    await this.inner.importRegFile(content);
    await this.persist();
  };
}

export function engineFor(
  port: RegistryPort,
  dataDirectory: string,
  extra: Partial<ChangeEngineOptions> = {},
): ChangeEngine {
  return new ChangeEngine({
    port,
    firewall: new SimulatedFirewallRunner(port),
    dataDirectory,
    detectElevation: async () => true,
    identity: { machine: 'TESTHOST', user: 'tester' },
    ...extra,
  });
}

/**
 * Starts an apply and leaves it waiting forever at the first progress event `at` ("write ok"...): what a process
 * killed there leaves behind (journal, backup, registry), in-process.
 */
export async function interruptApply(
  port: RegistryPort,
  data: string,
  at: `${TransactionStep} ${ProgressEvent['status']}`,
  request: Parameters<ReturnType<typeof engineFor>['createPlan']>[0] = {
    profile: builtInProfile('recommended'),
  },
): Promise<void> {
  let reached!: () => void;
  const stopped = new Promise<void>((resolve) => (reached = resolve));
  const engine = engineFor(port, data, {
    onProgress: (event) => {
      if (`${event.step} ${event.status}` !== at) return;
      reached();
      return new Promise<void>(() => undefined);
    },
  });
  const plan = await engine.createPlan(request);
  void engine.applyPlan(plan.id);
  await stopped;
}

const CHILD = fileURLToPath(new URL('./fixtures/apply-child.ts', import.meta.url));

/** One step boundary of a child's run: the progress event, and what was on disk and written at that point. */
export interface Boundary {
  readonly step: string;
  readonly status: string;
  /** `registry writes/journal lines/backup files`: two boundaries with the same position leave the same state. */
  readonly position: string;
}

interface ChildResult {
  readonly killedAt: number | null;
  readonly done: string | null;
  readonly boundaries: number;
  /** Every boundary the child reported, in order. */
  readonly seen: readonly Boundary[];
}

/** Runs the child; with `stopAt`, SIGKILLs it while it waits at that step boundary. */
export function runChild(args: readonly string[], stopAt = -1): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [...args, String(stopAt)], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const seen: Boundary[] = [];
    let result: ChildResult = { killedAt: null, done: null, boundaries: 0, seen };
    child.on(
      'message',
      (message: Partial<Boundary> & { boundary?: number; done?: string; boundaries?: number }) => {
        if (message.boundary !== undefined)
          seen.push({ step: message.step!, status: message.status!, position: message.position! });
        if (message.boundary === stopAt) {
          result = { ...result, killedAt: stopAt };
          child.kill('SIGKILL');
        }
        if (message.done !== undefined)
          result = { ...result, done: message.done, boundaries: message.boundaries ?? 0 };
      },
    );
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve(result);
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

/**
 * The boundaries worth killing at: the first of each position (a kill at two boundaries with the same registry
 * writes, journal lines and backup files behind them leaves the same state, so recovery meets the same thing).
 */
export function distinctKillPoints(seen: readonly Boundary[]): { index: number; boundary: Boundary }[] {
  const positions = new Set<string>();
  return seen.flatMap((boundary, index) => {
    if (positions.has(boundary.position)) return [];
    positions.add(boundary.position);
    return [{ index, boundary }];
  });
}

/** The lines only one of two `.reg` texts has: a readable difference, empty when they are the same. */
export function differentLines(actual: string, expected: string): string[] {
  const a = actual.split('\r\n');
  const b = expected.split('\r\n');
  const inB = new Set(b);
  const inA = new Set(a);
  return [
    ...a.filter((line) => !inB.has(line)).map((line) => `+ ${line}`),
    ...b.filter((line) => !inA.has(line)).map((line) => `- ${line}`),
  ];
}

/**
 * Where a kill at this boundary falls: before the journal's `begin` (nothing written: recovery has nothing to do),
 * between `begin` and `commit` (recovery must restore the state before), or after the commit.
 */
export function killWindow(boundary: Boundary): 'before-begin' | 'in-transaction' | 'after-commit' {
  if (boundary.step === 'read' || boundary.step === 'backup') return 'before-begin';
  if (boundary.step === 'done') return 'after-commit';
  return 'in-transaction';
}

/** The keys under the firewall rule store that these imported .reg files write: rules must only ever go back by cmdlet. */
export function ruleStoreWrites(imported: readonly Uint8Array[]): string[] {
  const store = LOCAL_RULES_KEY.toUpperCase();
  return imported
    .flatMap((content) => parseRegFile(content).blocks)
    .map((block) => block.path)
    .filter((path) => path.toUpperCase() === store || path.toUpperCase().startsWith(`${store}\\`));
}
