// Runs under Windows node.exe in Wine (bundled to one file by test/wine/windows-node.test.ts): the reg.exe adapter's
// win32 code paths (reg.exe spawned directly) against Wine's registry. Prints one JSON line.
import { readFile } from 'node:fs/promises';
import { auditMachine } from '../../../main/domain/audit/index';
import { BUILT_IN_PROFILE_NAMES, builtInProfile } from '../../../main/domain/profiles/index';
import { writeRegFile } from '../../../main/domain/regfile/index';
import { detectElevation } from '../../../main/platform/elevation';
import { RegistryError } from '../../../main/registry/errors';
import { windowsHost } from '../../../main/registry/host';
import { RegExeRegistry } from '../../../main/registry/reg-exe';
import { MACHINE_FIXTURE_ROOTS } from '../../support/machine-roots';
import { DRIVER_KEY, DRIVER_VALUES, serialize } from './values';

async function errorOf(operation: Promise<unknown>): Promise<unknown> {
  try {
    await operation;
    return null;
  } catch (error) {
    return error instanceof RegistryError ? { code: error.code, where: error.where ?? null } : String(error);
  }
}

async function main(): Promise<void> {
  const port = new RegExeRegistry(windowsHost(process.env));
  const writes = Object.entries(DRIVER_VALUES).map(([name, value]) => ({ key: DRIVER_KEY, name, value }));
  await port.writeValues(writes);
  const [written, missing] = await port.readKeys([DRIVER_KEY, `${DRIVER_KEY}\\Missing`]);
  const backup = await port.exportKeys([DRIVER_KEY]);
  await port.writeValues([{ key: DRIVER_KEY, name: 'dword', value: { type: 'REG_DWORD', data: 1 } }]);
  await port.importRegFile(backup);
  const [restored] = await port.readKeys([DRIVER_KEY]);
  const truncated = await errorOf(port.importRegFile(backup.subarray(0, 7)));
  const missingDelete = await errorOf(port.deleteValues([{ key: `${DRIVER_KEY}\\Missing`, name: 'x' }]));
  const result = {
    platform: process.platform,
    description: port.description,
    written: Object.fromEntries(written!.values),
    restored: Object.fromEntries(restored!.values),
    missingExists: missing!.exists,
    truncated,
    missingDelete,
    elevated: await detectElevation(port),
    audits: await auditEachMachine(port, process.argv.slice(2)),
  };
  process.stdout.write(`${serialize(result)}\n`);
}

/**
 * Arguments are `name=path` pairs of machine fixtures: each is imported through the adapter into a registry cleared of
 * the fixture trees, then audited against every built-in profile.
 */
async function auditEachMachine(
  port: RegExeRegistry,
  machines: readonly string[],
): Promise<Record<string, Record<string, unknown>>> {
  const clear = writeRegFile({ blocks: MACHINE_FIXTURE_ROOTS.map((path) => ({ kind: 'delete-key', path })) });
  const audits: Record<string, Record<string, unknown>> = {};
  for (const machine of machines) {
    const [name, path] = [machine.slice(0, machine.indexOf('=')), machine.slice(machine.indexOf('=') + 1)];
    await port.importRegFile(clear);
    await port.importRegFile(new Uint8Array(await readFile(path)));
    audits[name] = {};
    for (const profile of BUILT_IN_PROFILE_NAMES) {
      audits[name][profile] = await auditMachine(port, builtInProfile(profile));
    }
  }
  return audits;
}

main().catch((error: unknown) => {
  process.stdout.write(
    `${JSON.stringify({ crashed: error instanceof Error ? error.stack : String(error) })}\n`,
  );
  process.exitCode = 1;
});
