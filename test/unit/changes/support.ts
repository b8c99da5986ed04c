import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ChangeEngine, SimulatedFirewallRunner, type ChangeEngineOptions } from '../../../main/changes/index';
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

const CHILD = fileURLToPath(new URL('./fixtures/apply-child.ts', import.meta.url));

interface ChildResult {
  readonly killedAt: number | null;
  readonly done: string | null;
  readonly boundaries: number;
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
    let result: ChildResult = { killedAt: null, done: null, boundaries: 0 };
    child.on('message', (message: { boundary?: number; done?: string; boundaries?: number }) => {
      if (message.boundary === stopAt) {
        result = { ...result, killedAt: stopAt };
        child.kill('SIGKILL');
      }
      if (message.done !== undefined)
        result = { ...result, done: message.done, boundaries: message.boundaries ?? 0 };
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve(result);
      else reject(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}
