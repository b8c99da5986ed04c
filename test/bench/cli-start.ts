import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildOut, fmt, interleavedMediansMs, median, type BenchSection } from './harness';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TRACE = fileURLToPath(new URL('./trace-packages.mjs', import.meta.url));
const CLI = 'bin/sinkguard.js';
const RUNS = 15;
const IMPORT_RUNS = 7;

/** Goals of issue 16: a command's start within this many times a bare `node -e 0`. */
const RUNS_MEASURED = [
  { name: '`node -e 0` (baseline)', args: ['-e', '0'], goal: null },
  { name: '`sinkguard --help`', args: [CLI, '--help'], goal: 1.5 },
  { name: '`sinkguard audit --registry simulated:legacy --json`', args: [CLI, ...auditArgs()], goal: 2 },
] as const;

/** Packages weighed one by one: what a command may load, each in a fresh process. */
const PACKAGES = ['commander', 'ipaddr.js', 'yaml', 'zod'] as const;

function auditArgs(): string[] {
  return ['audit', '--registry', 'simulated:legacy', '--json', '--fail-on', 'none'];
}

/** Wall time of one fresh node process to its exit, output discarded (as a shell with `> /dev/null` would). */
function run(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`node ${args.join(' ')}: exit ${code}`)),
    );
  });
}

/** The packages (bare imports) a run loads, from test/bench/trace-packages.mjs. */
async function packagesLoaded(args: readonly string[]): Promise<string[]> {
  const { stderr } = await promisify(execFile)(process.execPath, ['--import', TRACE, ...args], { cwd: ROOT });
  const names = [...stderr.matchAll(/^package (\S+)$/gm)].map((match) => match[1]!.split('/')[0]!);
  return [...new Set(names)].sort();
}

/** One package's import time in a fresh process (its own dependencies included), as the process measures it. */
async function importMs(name: string): Promise<number> {
  const script = `const s = performance.now(); await import(${JSON.stringify(name)}); console.log(performance.now() - s);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
  });
  return Number(stdout.trim());
}

/**
 * The `sinkguard` command's cold start against a bare Node start: hyperfine-like medians of fresh processes taken in
 * turns, and which packages each run loads (a command imports only its own module: main/cli/commands/index.ts).
 */
export async function bench(): Promise<BenchSection> {
  buildOut();
  const times = await interleavedMediansMs(
    Object.fromEntries(RUNS_MEASURED.map((entry) => [entry.name, () => run(entry.args)])),
    RUNS,
  );
  const baseline = times[RUNS_MEASURED[0].name]!;
  const lines = [
    `Fresh \`node\` processes, medians of ${RUNS} runs taken in turns after a warm-up round (output discarded).`,
    '',
    '| run | wall time (median) | vs `node -e 0` | goal | met | packages loaded |',
    '|---|---:|---:|---:|---|---|',
  ];
  for (const entry of RUNS_MEASURED) {
    const ratio = times[entry.name]! / baseline;
    const loaded = entry.goal === null ? [] : await packagesLoaded(entry.args);
    lines.push(
      `| ${entry.name} | ${fmt(times[entry.name]!, 1)} ms | ${fmt(ratio, 2)}× | ` +
        `${entry.goal === null ? '–' : `≤ ${entry.goal}×`} | ${entry.goal === null ? '–' : ratio <= entry.goal ? 'met' : 'NOT'} | ` +
        `${entry.goal === null ? '–' : loaded.join(', ') || 'none'} |`,
    );
  }
  // Each package in its own fresh process, in turns; the figure is the child's own measure of the import.
  const importTimes = new Map<string, number[]>(PACKAGES.map((name) => [name, []]));
  for (let i = 0; i < IMPORT_RUNS; i++)
    for (const name of PACKAGES) importTimes.get(name)!.push(await importMs(name));
  lines.push(
    '',
    `| package | import time in a fresh process (median of ${IMPORT_RUNS}) |`,
    '|---|---:|',
    ...PACKAGES.map((name) => `| ${name} | ${fmt(median(importTimes.get(name)!), 1)} ms |`),
  );
  return { title: 'CLI start', lines };
}
