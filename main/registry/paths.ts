import { shortenHive } from '../domain/regfile/index';
import { RegistryError } from './errors';

/**
 * The port's spelling of a key path (`HKLM\SOFTWARE\...`): a known hive, no empty segments, no trailing `\`.
 * Also accepts `HKEY_LOCAL_MACHINE\...`. Throws 'malformed-data' naming the key otherwise.
 */
export function normalizeKeyPath(path: string): string {
  const short = typeof path === 'string' ? shortenHive(path) : undefined;
  if (short === undefined || short.split('\\').some((part) => part === '') || /[\0\r\n]/.test(short)) {
    throw new RegistryError(
      'malformed-data',
      `'${String(path)}' is not a registry key path like HKLM\\SOFTWARE\\...`,
      {
        key: String(path),
      },
    );
  }
  return short;
}

/** Case-insensitive comparison key, as the registry compares names. */
export const foldCase = (name: string): string => name.toUpperCase();

export function parentPath(path: string): string | undefined {
  const cut = path.lastIndexOf('\\');
  return cut < 0 ? undefined : path.slice(0, cut);
}

/** Whether `descendant` is `ancestor` itself or below it (case-insensitive). */
export function isSameOrBelow(descendant: string, ancestor: string): boolean {
  const a = foldCase(ancestor);
  const d = foldCase(descendant);
  return d === a || d.startsWith(`${a}\\`);
}
