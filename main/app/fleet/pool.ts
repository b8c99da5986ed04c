import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FleetHost } from '../../domain/fleet-audit/index';
import type { HostEntry } from './collection';
import type { HostJob, HostResult, WorkerSetup } from './worker';

/**
 * The built worker (out/main/fleet-worker.js, beside the entry or one folder up from a chunk), else the source tree's
 * (tests and tsx). Names go through a variable so the bundler does not try to resolve them at build time.
 */
function workerScript(): URL {
  const here = import.meta.url;
  const candidates = ['./fleet-worker.js', '../fleet-worker.js', './worker-dev.mjs'];
  for (const candidate of candidates) {
    const url = new URL(candidate, here);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error('internal: the fleet audit worker script is missing from this build');
}

/** How many hosts are audited at once: every core. */
export const defaultThreads = (): number => Math.max(1, availableParallelism());

const hostOf = (entry: HostEntry, result: HostResult | null): FleetHost => {
  if (entry.problem !== null || result === null)
    return {
      host: entry.host,
      entry: entry.entry,
      status: 'unreadable',
      problem: entry.problem,
      report: null,
    };
  if ('problem' in result)
    return {
      host: entry.host,
      entry: entry.entry,
      status: 'unreadable',
      problem: result.problem,
      report: null,
    };
  return { host: entry.host, entry: entry.entry, status: 'audited', problem: null, report: result.report };
};

/**
 * Audits the hosts on `threads` worker threads and yields their results in the entries' order. At most
 * 2 × threads hosts are in flight or waiting to be yielded, so memory does not grow with the fleet.
 */
export async function* auditEntries(
  entries: readonly HostEntry[],
  setup: WorkerSetup,
  threads = defaultThreads(),
): AsyncGenerator<FleetHost> {
  const window = threads * 2;
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const done = new Map<number, HostResult>();
  const queue: number[] = [];
  let wake: (() => void) | null = null;
  let failure: Error | null = null;
  const notify = () => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const id = queue.shift()!;
      const entry = entries[id]!;
      idle.pop()!.postMessage({ id, paths: entry.paths, manifest: entry.manifest } satisfies HostJob);
    }
  };
  const needsWorker = entries.some((entry) => entry.problem === null);
  for (let index = 0; needsWorker && index < Math.min(threads, entries.length); index++) {
    const worker = new Worker(workerScript(), { workerData: setup });
    worker.on('message', (result: HostResult) => {
      done.set(result.id, result);
      idle.push(worker);
      dispatch();
      notify();
    });
    worker.on('error', (error) => {
      failure = error;
      notify();
    });
    workers.push(worker);
    idle.push(worker);
  }
  try {
    let next = 0;
    for (let yielded = 0; yielded < entries.length; yielded++) {
      while (next < entries.length && next - yielded < window) {
        if (entries[next]!.problem === null) queue.push(next);
        next++;
      }
      dispatch();
      const entry = entries[yielded]!;
      if (entry.problem === null) {
        while (!done.has(yielded)) {
          if (failure) throw failure;
          await new Promise<void>((resolve) => (wake = resolve));
        }
      }
      const result = done.get(yielded) ?? null;
      done.delete(yielded);
      yield hostOf(entry, result);
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
