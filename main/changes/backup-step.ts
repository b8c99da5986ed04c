import { backupScope, type ChangeOperation } from '../domain/changes/index';
import { writeRegFile } from '../domain/regfile/index';
import { RegistryError } from '../domain/registry-port/errors';
import type { KeySnapshot } from '../domain/registry-port/types';
import { BackupError, type BackupManifest } from './backups';
import type { EngineContext } from './context';
import { ChangeRefusedError } from './errors';

/** Exports the existing keys among `keys` (missing ones are listed instead) and stores the backup durably. */
export async function backUp(
  context: EngineContext,
  id: string,
  operation: ChangeOperation,
  target: string,
  keys: readonly string[],
  snapshots: readonly KeySnapshot[],
  summary: readonly {
    readonly settingId: string;
    readonly title: string;
    readonly lines: readonly string[];
  }[],
): Promise<BackupManifest> {
  const { exported, missing } = backupScope(keys, snapshots);
  let reg: Uint8Array;
  try {
    reg = exported.length > 0 ? await context.port.exportKeys(exported) : writeRegFile({ blocks: [] });
  } catch (error) {
    if (error instanceof RegistryError)
      throw new ChangeRefusedError(
        'backend',
        `the backup export failed, nothing was changed: ${error.message}`,
      );
    throw error;
  }
  return context.backups.save(
    {
      id,
      createdAt: context.now().toISOString(),
      machine: context.options.identity.machine,
      user: context.options.identity.user,
      backend: context.port.description,
      operation,
      target,
      exportedKeys: exported,
      missingKeys: missing,
      summary: summary.map((item) => ({
        settingId: item.settingId,
        title: item.title,
        lines: [...item.lines],
      })),
    },
    reg,
  );
}

export async function loadBackupOrRefuse(
  context: EngineContext,
  id: string,
): Promise<{ manifest: BackupManifest; reg: Uint8Array }> {
  try {
    return await context.backups.load(id);
  } catch (error) {
    if (error instanceof BackupError)
      throw new ChangeRefusedError(error.code === 'not-found' ? 'not-found' : 'invalid-input', error.message);
    throw error;
  }
}
