import { readFile } from 'node:fs/promises';
import { parseRegFile, writeRegFile } from '../../main/domain/regfile/index';
import { auditKeys, readForAudit } from '../../main/domain/audit/index';
import { wineHost, type RegExeHost } from '../../main/registry/host';
import { RegExeRegistry, exportRoots } from '../../main/registry/reg-exe';
import { SimulatedRegistry } from '../../main/registry/simulated';
import { MACHINE_FIXTURE_ROOTS } from '../support/machine-roots';
import { createWinePrefix } from '../support/wine';
import { fmt, interleavedMediansMs, medianMs, type BenchSection } from './harness';

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
    host: { ...host, reg: counted(host.reg) },
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
  const simulatedMs = await medianMs(() => readForAudit(simulated), 20);
  const snapshots = await readForAudit(simulated);
  const valueCount = snapshots.reduce(
    (sum, snapshot) =>
      sum +
      snapshot.values.size +
      (snapshot.descendants ?? []).reduce((inner, descendant) => inner + descendant.values.size, 0),
    0,
  );

  const prefix = await createWinePrefix('bench-registry').catch(() => null);
  if (!prefix) {
    return {
      title,
      lines: [
        `- simulated: ${fmt(simulatedMs, 2)} ms for ${auditKeys().length} keys (the AppID tree with all its subkeys), ${valueCount} values`,
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

    // The baseline is a bare `wine reg query` as anyone would type it; the adapter launches Wine programs by
    // full path (a bare name goes through start.exe), so that spawn is shown too.
    const query = ['query', 'HKLM\\SOFTWARE\\Microsoft\\Ole', '/reg:64'];
    const before = counting.processes();
    const runs = 11;
    const medians = await interleavedMediansMs(
      {
        bare: () => prefix.wine(['reg', ...query]),
        bareFullPath: () => counting.host.reg(query),
        adapter: () => readForAudit(port),
      },
      runs,
    );
    const processesPerRead = (counting.processes() - before) / (runs + 1) - 1;
    const values = snapshots.flatMap((snapshot) =>
      [snapshot, ...(snapshot.descendants ?? [])].flatMap((key) =>
        [...key.values.keys()].map((name) => [key.path, name] as const),
      ),
    );
    const naiveMs = await medianMs(async () => {
      for (const [key, name] of values)
        await prefix.wine(['reg', 'query', key, ...(name === '' ? ['/ve'] : ['/v', name]), '/reg:64']);
    }, 1);

    const row = (backend: string, ms: number, processes: string): string =>
      `| ${backend} | ${fmt(ms, 1)} ms | ${fmt(ms / medians.bare, 2)}× | ${processes} |`;
    const ratio = medians.adapter / medians.bare;
    return {
      title,
      lines: [
        `${auditKeys().length} keys (the AppID tree with all its subkeys), ${valueCount} values. Target: the full read costs at most 1.5× one bare ` +
          `\`wine reg query\` spawn. Measured: ${fmt(ratio, 2)}× (${ratio <= 1.5 ? 'met' : 'NOT met'}).`,
        '',
        '| approach | wall time (median) | vs one bare `wine reg query` | processes started |',
        '|---|---|---|---|',
        row('one bare `wine reg query` (baseline)', medians.bare, '1'),
        row(
          'one bare spawn by full path (`wine C:\\windows\\system32\\reg.exe query`)',
          medians.bareFullPath,
          '1',
        ),
        row(
          'reg.exe adapter under Wine: one `reg export` per root, started together',
          medians.adapter,
          fmt(processesPerRead),
        ),
        row('naive: one `wine reg query /v` per value', naiveMs, fmt(values.length)),
        row('simulated machine', simulatedMs, '0'),
        '| regedit adapter | n/a | n/a | Windows Script Host only (cannot run under Wine) |',
        '',
        `- The adapter starts one reg.exe per exported root, all at once ` +
          `(${exportRoots(auditKeys()).length} for the audit set, siblings exported through their parent).`,
        `- Medians of ${runs} runs taken in turns (baseline, full-path spawn, adapter) after a warm-up round.`,
      ],
    };
  } finally {
    await prefix.dispose();
  }
}
