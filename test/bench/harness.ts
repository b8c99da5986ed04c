import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** One area's figures, printed as a Markdown section by `npm run bench` (test/bench/run.ts). */
export interface BenchSection {
  readonly title: string;
  /** Markdown lines: a table or a list of figures, with units. */
  readonly lines: readonly string[];
}

/** Runs `fn` repeatedly for about `budgetMs` (after a short warm-up) and returns operations per second. */
export function throughput(fn: () => void, budgetMs = 1_000): { opsPerSecond: number; iterations: number } {
  const warmUpUntil = performance.now() + Math.min(200, budgetMs / 5);
  while (performance.now() < warmUpUntil) fn();
  let iterations = 0;
  const start = performance.now();
  let now = start;
  while (now - start < budgetMs) {
    fn();
    iterations++;
    if ((iterations & 63) === 0) now = performance.now();
  }
  now = performance.now();
  return { opsPerSecond: (iterations * 1000) / (now - start), iterations };
}

/** Wall time of an async operation, median of `runs`. */
export async function medianMs(fn: () => Promise<unknown>, runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * Medians of several async operations measured in turns (a, b, c, a, b, c, …) after one warm-up round, so a
 * slowdown of the machine hits each of them alike and their ratios stay fair.
 */
export async function interleavedMediansMs<K extends string>(
  operations: Readonly<Record<K, () => Promise<unknown>>>,
  runs = 11,
): Promise<Record<K, number>> {
  const entries = Object.entries(operations) as [K, () => Promise<unknown>][];
  for (const [, fn] of entries) await fn();
  const times = new Map<K, number[]>(entries.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, fn] of entries) {
      const start = performance.now();
      await fn();
      times.get(name)!.push(performance.now() - start);
    }
  }
  return Object.fromEntries(
    entries.map(([name]) => {
      const sorted = times.get(name)!.sort((a, b) => a - b);
      return [name, sorted[Math.floor(sorted.length / 2)]!];
    }),
  ) as Record<K, number>;
}

/** The middle value (upper middle for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Builds out/ (main, preload, renderer) so a bench measures the code as it is now, not a stale build. */
export function buildOut(): void {
  const build = spawnSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (build.status !== 0) throw new Error(`electron-vite build failed (exit ${build.status})`);
}
