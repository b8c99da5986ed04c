import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MANIFEST_FILE_NAME, type CollectionManifest } from '../../main/domain/fleet/manifest';
import { fleetSpecs, writeFleet } from '../support/fleet-generator';
import { buildOut, fmt, type BenchSection } from './harness';

/**
 * `fleet audit` over generated fleets with the variation (AppID trees of 200–2,000 entries, 80–400 firewall
 * rules): hosts/s, peak RSS (GNU time), and the ratio to one `audit --reg-file` process per host (measured on
 * SEPARATE hosts, scaled). Sizes: SINKGUARD_BENCH_FLEET (default "1000"; "1000,10000" for the memory-flatness check).
 */
const SIZES = (process.env.SINKGUARD_BENCH_FLEET ?? '1000').split(',').map(Number);
const SEPARATE = 10;
const CLI = 'out/main/cli.js';

function timed(args: readonly string[]): { seconds: number; peakKb: number } {
  const start = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, CLI, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  const seconds = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return { seconds, peakKb: Number(run.stderr.trim().split('\n').at(-1)) };
}

export async function bench(): Promise<BenchSection> {
  buildOut();
  const lines = [
    '| hosts | fleet audit wall time | hosts/s | peak RSS | separate `audit --reg-file` processes (est.) | ratio |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  const peaks: number[] = [];
  for (const size of SIZES) {
    const directory = mkdtempSync(join(tmpdir(), 'sinkguard-bench-fleet-'));
    try {
      await writeFleet(
        directory,
        fleetSpecs({ count: size, seed: size, appIds: [200, 2000], rules: [80, 400], partialEvery: 100 }),
      );
      const fleet = timed(['fleet', 'audit', directory, '--json', '--fail-on', 'none']);
      let separate = 0;
      for (let index = 1; index <= SEPARATE; index++) {
        const folder = join(directory, `HOST-${String(index).padStart(5, '0')}`);
        const manifestPath = join(folder, MANIFEST_FILE_NAME);
        const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CollectionManifest;
        const files = manifest.keys.flatMap((key) =>
          key.file ? ['--reg-file', join(folder, key.file)] : [],
        );
        separate += timed([
          'audit',
          ...files,
          '--manifest',
          manifestPath,
          '--json',
          '--fail-on',
          'none',
        ]).seconds;
      }
      const estimate = (separate / SEPARATE) * size;
      peaks.push(fleet.peakKb);
      lines.push(
        `| ${size} | ${fmt(fleet.seconds, 1)} s | ${fmt(size / fleet.seconds, 1)} | ${fmt(fleet.peakKb / 1024)} MiB | ` +
          `${fmt(estimate)} s | ${fmt(estimate / fleet.seconds, 1)}× |`,
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  lines.push(
    '',
    `- Each host's bundle as the collectors write it (one export per audit key, a manifest); every ${100}th host has a partial export.`,
    `- Separate processes: ${SEPARATE} hosts audited one \`node ${CLI} audit\` each, the mean scaled to the fleet.`,
  );
  if (peaks.length > 1)
    lines.push(
      `- Peak RSS at ${SIZES.at(-1)} hosts is ${fmt(peaks.at(-1)! / peaks[0]!, 2)}× that at ${SIZES[0]} (goal ≤ 1.2×).`,
    );
  return { title: 'Fleet audit', lines };
}
