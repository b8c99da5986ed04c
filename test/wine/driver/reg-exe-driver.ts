// Runs under Windows node.exe in Wine (bundled to one file by test/wine/windows-node.test.ts): the reg.exe adapter's
// win32 code paths (reg.exe and cmd.exe spawned directly) against Wine's registry. Prints one JSON line.
import { detectElevation } from '../../../main/platform/elevation';
import { RegistryError } from '../../../main/registry/errors';
import { windowsHost } from '../../../main/registry/host';
import { RegExeRegistry } from '../../../main/registry/reg-exe';
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
  };
  process.stdout.write(`${serialize(result)}\n`);
}

main().catch((error: unknown) => {
  process.stdout.write(
    `${JSON.stringify({ crashed: error instanceof Error ? error.stack : String(error) })}\n`,
  );
  process.exitCode = 1;
});
