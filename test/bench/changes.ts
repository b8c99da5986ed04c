import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ChangeEngine, SimulatedFirewallRunner } from '../../main/changes/index';
import { builtInProfile } from '../../main/domain/profiles/index';
import { parseRegFile, writeRegFile } from '../../main/domain/regfile/index';
import { SimulatedRegistry } from '../../main/registry/simulated';
import { wineHost, type RegExeHost } from '../../main/registry/host';
import { RegExeRegistry } from '../../main/registry/reg-exe';
import { createWinePrefix } from '../support/wine';
import { fmt, medianMs, type BenchSection } from './harness';

/** Counts every process the reg.exe adapter starts (reg.exe runs and cmd.exe batches). */
function countingHost(host: RegExeHost): { host: RegExeHost; count: () => number } {
  let spawned = 0;
  return {
    host: {
      ...host,
      reg: (args) => {
        spawned++;
        return host.reg(args);
      },
    },
    count: () => spawned,
  };
}

// Read from the source tree: main/registry/machines.ts embeds them through Vite, which `tsx` (npm run bench) lacks.
const legacyMachine = async (): Promise<Uint8Array> =>
  new Uint8Array(await readFile(new URL('../../main/registry/machines/legacy.reg', import.meta.url)));

const ROOTS = [
  'HKLM\\SOFTWARE\\Microsoft\\Ole',
  'HKLM\\SOFTWARE\\Microsoft\\WBEM',
  'HKLM\\SOFTWARE\\Microsoft\\Rpc',
  'HKLM\\SOFTWARE\\Policies',
];

/**
 * An apply of the "recommended" profile on the legacy machine (registry changes only: the firewall runner is not
 * part of the registry count): wall time and registry processes on Wine, and wall time on the simulated backend.
 */
export async function bench(): Promise<BenchSection> {
  const lines = ['| backend | step | wall time | registry processes |', '|---|---|---|---|'];
  const simulatedMs = await medianMs(async () => {
    const port = new SimulatedRegistry([parseRegFile(await legacyMachine())]);
    const data = await mkdtemp(join(tmpdir(), 'sinkguard-bench-'));
    const engine = new ChangeEngine({
      port,
      firewall: new SimulatedFirewallRunner(port),
      dataDirectory: data,
      detectElevation: async () => true,
      identity: { machine: 'bench', user: 'bench' },
    });
    const plan = await engine.createPlan({ profile: builtInProfile('strict') });
    await engine.applyPlan(plan.id);
    await rm(data, { recursive: true, force: true });
  });
  lines.push(`| simulated | plan + apply (strict, legacy) | ${fmt(simulatedMs, 1)} ms | – |`);

  const prefix = await createWinePrefix('bench-changes').catch(() => null);
  if (!prefix)
    return { title: 'Change engine', lines: [...lines, '', 'Wine is not available: no reg.exe figures.'] };
  try {
    const counting = countingHost(wineHost(prefix.env));
    const port = new RegExeRegistry(counting.host);
    await port.importRegFile(
      writeRegFile({ blocks: ROOTS.map((path) => ({ kind: 'delete-key' as const, path })) }),
    );
    await port.importRegFile(await legacyMachine());
    const data = await mkdtemp(join(tmpdir(), 'sinkguard-bench-'));
    const engine = new ChangeEngine({
      port,
      // Firewall commands would spawn netsh/PowerShell on Windows; the bench measures the registry path alone.
      firewall: { run: async () => ({ exitCode: 0, stdout: '', stderr: '' }) },
      dataDirectory: data,
      detectElevation: async () => true,
      identity: { machine: 'bench', user: 'bench' },
    });
    const recommended = builtInProfile('recommended');
    const registryOnly = {
      ...recommended,
      settings: Object.fromEntries(
        Object.entries(recommended.settings).filter(([id]) => !id.startsWith('firewall.')),
      ),
    };
    let start = counting.count();
    let began = performance.now();
    const plan = await engine.createPlan({ profile: registryOnly });
    lines.push(
      `| wine reg.exe | plan (one batch read) | ${fmt(performance.now() - began)} ms | ${counting.count() - start} |`,
    );
    start = counting.count();
    began = performance.now();
    const outcome = await engine.applyPlan(plan.id);
    lines.push(
      `| wine reg.exe | apply: re-read, backup, ${plan.valueChanges.length} value changes in one reg import, verify (${outcome.status}) | ${fmt(performance.now() - began)} ms | ${counting.count() - start} |`,
    );
    start = counting.count();
    began = performance.now();
    await engine.restoreBackup(outcome.backupId!);
    lines.push(
      `| wine reg.exe | restore (read, backup, one import, verify) | ${fmt(performance.now() - began)} ms | ${counting.count() - start} |`,
    );
    await rm(data, { recursive: true, force: true });
  } finally {
    await prefix.dispose();
  }
  return { title: 'Change engine', lines };
}
