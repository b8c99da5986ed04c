import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { appIdTargetOf, readAppIdInventory } from '../../main/domain/appids/index';
import { auditMachine, readForAudit } from '../../main/domain/audit/index';
import { builtInProfile } from '../../main/domain/profiles/index';
import { openSimulatedMachine } from '../../main/registry/machines';
import { writeRegFile, type RegFileBlock } from '../../main/domain/regfile/index';
import { wineHost } from '../../main/registry/host';
import { RegExeRegistry } from '../../main/registry/reg-exe';
import { MACHINE_FIXTURE_ROOTS } from '../support/machine-roots';
import { createWinePrefix } from '../support/wine';
import { fmt, interleavedMediansMs, type BenchSection } from './harness';

/** The issue's goal: the audit's whole read through reg.exe costs at most this many bare exports of the AppID tree. */
const GOAL_RATIO = 1.5;
const APPID_KEY = 'HKLM\\SOFTWARE\\Classes\\AppID';
const TARGET = appIdTargetOf(builtInProfile('recommended'));

/**
 * Reading and auditing many AppIDs on a simulated machine (no process at all): the domain's own cost, the inventory
 * (`appid list`) and the whole audit, against the legacy machine without generated AppIDs in the same run.
 */
async function simulatedInventory(): Promise<string[]> {
  const lines = [
    '| simulated legacy machine | DCOM applications inventory | whole audit (recommended) |',
    '|---|---:|---:|',
  ];
  const profile = builtInProfile('recommended');
  for (const extra of [0, 1_000, 5_000]) {
    const port = await openSimulatedMachine('legacy', { extraAppIds: extra });
    const medians = await interleavedMediansMs(
      { inventory: () => readAppIdInventory(port, TARGET), audit: () => auditMachine(port, profile) },
      7,
    );
    lines.push(
      `| ${extra === 0 ? 'as shipped (baseline)' : `+${fmt(extra)} generated AppIDs`} | ${fmt(medians.inventory)} ms | ${fmt(medians.audit)} ms |`,
    );
  }
  return lines;
}

/** `count` AppID keys from `from` on, shaped like a DCOM server's: a name, an authentication level, two descriptors. */
function appIds(from: number, count: number): RegFileBlock[] {
  // A self-relative descriptor, 88 bytes: owner Administrators, group SYSTEM, SYSTEM and INTERACTIVE allowed.
  const descriptor = Uint8Array.from(
    '01000480 3c000000 4c000000 00000000 14000000 02002800 02000000 00001400 0b000000 01010000 00000005 12000000 00001400 0b000000 01010000 00000005 04000000 01020000 00000005 20000000 20020000 01010000 00000005 12000000'
      .replace(/ /g, '')
      .match(/../g)!
      .map((byte) => parseInt(byte, 16)),
  );
  return Array.from({ length: count }, (_, i) => ({
    kind: 'key' as const,
    path: `${APPID_KEY}\\{${(from + i).toString(16).padStart(8, '0')}-5A1E-4B3C-9D2E-1F0A2B3C4D5E}`,
    entries: [
      {
        kind: 'set' as const,
        name: '',
        value: { type: 'REG_SZ' as const, data: `Bench Server ${from + i}` },
      },
      { kind: 'set' as const, name: 'AuthenticationLevel', value: { type: 'REG_DWORD' as const, data: 2 } },
      {
        kind: 'set' as const,
        name: 'LaunchPermission',
        value: { type: 'REG_BINARY' as const, data: descriptor },
      },
      {
        kind: 'set' as const,
        name: 'AccessPermission',
        value: { type: 'REG_BINARY' as const, data: descriptor },
      },
    ],
  }));
}

/**
 * The audit's whole read (readForAudit: every audit key, the AppID tree with all its subkeys) through the reg.exe
 * adapter under Wine, with 1,000 and then 5,000 AppIDs, against the floor of any out-of-process read: one bare
 * `wine reg export` of the AppID tree, measured in turns with it in the same run.
 */
export async function bench(): Promise<BenchSection> {
  const title = 'Registry: the audit read through reg.exe with many AppIDs';
  const prefix = await createWinePrefix('bench-appids').catch(() => null);
  if (!prefix) return { title, lines: ['- Wine is not available: no figures.'] };
  try {
    const host = wineHost(prefix.env);
    const port = new RegExeRegistry(host);
    await port.importRegFile(
      writeRegFile({ blocks: MACHINE_FIXTURE_ROOTS.map((path) => ({ kind: 'delete-key' as const, path })) }),
    );
    await port.importRegFile(
      new Uint8Array(await readFile(new URL('../../main/registry/machines/legacy.reg', import.meta.url))),
    );
    const file = join(prefix.path, 'bare-export.reg');
    const exportArgs = ['export', APPID_KEY, prefix.windowsPath(file), '/y', '/reg:64'];
    const runs = 7;
    const lines = [
      `The legacy machine plus generated AppIDs (a name, AuthenticationLevel, two descriptors each). Target: the ` +
        `audit's full read through the adapter costs at most ${GOAL_RATIO}× one bare \`wine reg export\` of the ` +
        `AppID tree.`,
      '',
      '| AppIDs | one bare `wine reg export` of the AppID tree (baseline) | the same by full path | audit read through the reg.exe adapter | adapter / baseline | goal | met | DCOM applications inventory (`appid list`) through the adapter | inventory / baseline |',
      '|---:|---:|---:|---:|---:|---:|---|---:|---:|',
    ];
    let seeded = 0;
    for (const count of [1_000, 5_000]) {
      await port.importRegFile(writeRegFile({ blocks: appIds(seeded, count - seeded) }));
      seeded = count;
      const medians = await interleavedMediansMs(
        {
          bare: () => prefix.wine(['reg', ...exportArgs]),
          fullPath: () => host.reg(exportArgs),
          adapter: () => readForAudit(port),
          inventory: () => readAppIdInventory(port, TARGET),
        },
        runs,
      );
      const ratio = medians.adapter / medians.bare;
      lines.push(
        `| ${fmt(count)} | ${fmt(medians.bare)} ms | ${fmt(medians.fullPath)} ms | ${fmt(medians.adapter)} ms | ` +
          `${fmt(ratio, 2)}× | ≤ ${GOAL_RATIO}× | ${ratio <= GOAL_RATIO ? 'yes' : 'NO'} | ` +
          `${fmt(medians.inventory)} ms | ${fmt(medians.inventory / medians.bare, 2)}× |`,
      );
    }
    lines.push(
      '',
      `- The adapter runs one \`reg export\` per export root (6 for the audit set), at most ` +
        `${availableParallelism()} at once here (os.availableParallelism()), the AppID tree first.`,
      `- Medians of ${runs} runs taken in turns (baseline, full-path export, adapter, inventory) after a warm-up round.`,
      '- The inventory reads both registry views (under Wine the 32-bit view mirrors the whole AppID tree, so it exports it twice) and then, in a second batch, the keys of the services that host AppIDs: about two and a half bare exports.',
      '',
      ...(await simulatedInventory()),
    );
    return { title, lines };
  } finally {
    await prefix.dispose();
  }
}
