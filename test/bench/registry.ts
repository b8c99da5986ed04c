import { readFile } from 'node:fs/promises';
import { parseRegFile, writeRegFile } from '../../main/domain/regfile/index';
import { AUDIT_KEY_LIST } from '../../main/registry/audit-keys';
import { wineHost, type RegExeHost } from '../../main/registry/host';
import { RegExeRegistry, exportRoots } from '../../main/registry/reg-exe';
import { SimulatedRegistry } from '../../main/registry/simulated';
import { MACHINE_FIXTURE_ROOTS } from '../support/machine-roots';
import { createWinePrefix } from '../support/wine';
import { fmt, medianMs, type BenchSection } from './harness';

// From the source tree: main/registry/machines.ts embeds the fixtures through Vite, which `tsx` lacks.
const legacyMachine = async (): Promise<Uint8Array> =>
  new Uint8Array(await readFile(new URL('../../main/registry/machines/legacy.reg', import.meta.url)));

function countingHost(host: RegExeHost): { host: RegExeHost; processes: () => number } {
  let processes = 0;
  const counted =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A) => {
      processes++;
      return fn(...args);
    };
  return {
    host: { ...host, reg: counted(host.reg), runBatch: counted(host.runBatch) },
    processes: () => processes,
  };
}

/**
 * Reading the whole audit set (AUDIT_KEYS, firewall rule stores included) from the legacy machine: each adapter side
 * by side with one bare `wine reg query` spawn and the naive one-spawn-per-value approach, as ratios of one run.
 */
export async function bench(): Promise<BenchSection> {
  const title = 'Registry: reading the audit set (legacy machine)';
  const machine = await legacyMachine();
  const simulated = new SimulatedRegistry([parseRegFile(machine)]);
  const simulatedMs = await medianMs(() => simulated.readKeys(AUDIT_KEY_LIST), 20);
  const snapshots = await simulated.readKeys(AUDIT_KEY_LIST);
  const valueCount = snapshots.reduce((sum, snapshot) => sum + snapshot.values.size, 0);

  const prefix = await createWinePrefix('bench-registry').catch(() => null);
  if (!prefix) {
    return {
      title,
      lines: [
        `- simulated: ${fmt(simulatedMs, 2)} ms for ${AUDIT_KEY_LIST.length} keys, ${valueCount} values`,
        '- Wine is not available: no reg.exe figures.',
      ],
    };
  }
  try {
    const counting = countingHost(wineHost(prefix.env));
    const port = new RegExeRegistry(counting.host);
    await port.importRegFile(
      writeRegFile({ blocks: MACHINE_FIXTURE_ROOTS.map((path) => ({ kind: 'delete-key' as const, path })) }),
    );
    await port.importRegFile(machine);

    const bareMs = await medianMs(
      () => counting.host.reg(['query', 'HKLM\\SOFTWARE\\Microsoft\\Ole', '/reg:64']),
      7,
    );
    const before = counting.processes();
    const adapterMs = await medianMs(() => port.readKeys(AUDIT_KEY_LIST), 7);
    const processesPerRead = (counting.processes() - before) / 7;
    const values = snapshots.flatMap((snapshot) =>
      [...snapshot.values.keys()].map((name) => [snapshot.path, name] as const),
    );
    const naiveMs = await medianMs(async () => {
      for (const [key, name] of values)
        await counting.host.reg(['query', key, ...(name === '' ? ['/ve'] : ['/v', name]), '/reg:64']);
    }, 1);

    const row = (backend: string, ms: number, processes: string): string =>
      `| ${backend} | ${fmt(ms, 1)} ms | ${fmt(ms / bareMs, 2)}× | ${processes} |`;
    return {
      title,
      lines: [
        `${AUDIT_KEY_LIST.length} keys, ${valueCount} values. Target: the full read costs at most 1.5× one bare spawn.`,
        '',
        '| approach | wall time (median) | vs one bare `wine reg query` | processes from Node |',
        '|---|---|---|---|',
        row('one bare `wine reg query` (baseline)', bareMs, '1'),
        row('reg.exe adapter under Wine: one cmd batch of `reg export`s', adapterMs, fmt(processesPerRead)),
        row('naive: one `wine reg query /v` per value', naiveMs, fmt(values.length)),
        row('simulated machine', simulatedMs, '0'),
        '| regedit adapter | n/a | n/a | Windows Script Host only (cannot run under Wine) |',
        '',
        `- The adapter is one process from Node; inside Wine cmd.exe starts one reg.exe per exported root (${exportRoots(AUDIT_KEY_LIST).length} for`,
        '  the audit set, siblings exported through their parent), and each Wine process start costs about half a bare spawn.',
      ],
    };
  } finally {
    await prefix.dispose();
  }
}
