import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KeySnapshot, RegistryValue } from '../../../main/registry/types';
import { FIREWALL_KEYS } from '../../../main/domain/firewall/store';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const sharedDirectory = path.resolve(repoRoot, '..', 'shared');

/** Reads a shared file, failing with a clear message when the shared material is not mounted. */
export function readShared(...parts: string[]): string {
  const file = path.resolve(sharedDirectory, ...parts);
  if (!existsSync(file))
    throw new Error(`shared test material missing: ${file} (expected next to the repository)`);
  return readFileSync(file, 'utf8');
}

export const sz = (data: string): RegistryValue => ({ type: 'REG_SZ', data });
export const dword = (data: number): RegistryValue => ({ type: 'REG_DWORD', data });
export const multi = (...data: string[]): RegistryValue => ({ type: 'REG_MULTI_SZ', data });

/** Snapshots for every firewall key: the given ones exist with their values, the rest do not exist. */
export function firewallSnapshots(keys: Record<string, Record<string, RegistryValue>>): KeySnapshot[] {
  const lower = new Map(Object.entries(keys).map(([key, values]) => [key.toLowerCase(), values]));
  return FIREWALL_KEYS.map((path) => {
    const values = lower.get(path.toLowerCase());
    return { path, exists: values !== undefined, values: new Map(Object.entries(values ?? {})), subkeys: [] };
  });
}
