import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurably } from '../changes/storage';
import { RegistryBackendSetting } from '../contract/ipc';
import type { DataFolderGuard } from '../platform/data-folder';

/**
 * The app's settings, in settings.json beside the journal in the data folder: a machine-wide choice, kept where only
 * administrators may write (it decides which program the elevated app starts), checked like the journal is.
 */
const SettingsFile = z.object({ registryBackend: RegistryBackendSetting.optional() }).strict();

export interface BackendSettingStore {
  /** The saved choice; undefined when none was saved. Rejects when the file cannot be trusted or read. */
  read(): Promise<RegistryBackendSetting | undefined>;
  write(backend: RegistryBackendSetting): Promise<void>;
}

export function backendSettingStore(directory: string, guard: DataFolderGuard): BackendSettingStore {
  const path = join(directory, 'settings.json');
  return {
    async read() {
      if ((await guard.verify(directory)) === 'missing') return undefined;
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      const parsed = SettingsFile.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${path} is not a SinkGuard settings file`);
      return parsed.data.registryBackend;
    },
    async write(backend) {
      await guard.prepare(directory);
      await writeFileDurably(path, directory, `${JSON.stringify({ registryBackend: backend }, null, 2)}\n`);
    },
  };
}

/** What the handlers need: the choice for the next start, why it is locked (or null), and how to save it. */
export interface BackendSettingControl {
  nextStart(): RegistryBackendSetting;
  readonly locked: string | null;
  save(backend: RegistryBackendSetting): Promise<void>;
}

export function backendSettingControl(
  store: BackendSettingStore,
  saved: RegistryBackendSetting | undefined,
  locked: string | null,
): BackendSettingControl {
  let nextStart = saved ?? 'reg-exe';
  return {
    nextStart: () => nextStart,
    locked,
    async save(backend) {
      await store.write(backend);
      nextStart = backend;
    },
  };
}
