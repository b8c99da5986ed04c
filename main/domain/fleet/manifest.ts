import { z } from 'zod';
import { isSameOrBelow } from '../changes/values';

/**
 * A collection: one folder per host holding the `reg export` files of the audit keys and this manifest, written by
 * SinkGuard's collectors (`sinkguard fleet collector`). Everything in it comes from the fleet and is untrusted: the
 * schema is strict, file names are plain names, and the host name is checked again before it names anything.
 */
export const MANIFEST_FILE_NAME = 'sinkguard-manifest.json';
export const COLLECTORS = ['ansible', 'ps1'] as const;
export const KEY_STATES = ['exported', 'absent', 'unreadable'] as const;

/** A file name inside the host's folder: no separators, no `..`, a `.reg` extension. */
const REG_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}\.reg$/;

export const CollectionManifestSchema = z
  .object({
    sinkguardCollection: z.literal(1),
    host: z.string().min(1).max(255),
    domain: z.string().max(255).nullable(),
    collectedAt: z.iso.datetime({ offset: true }),
    osBuild: z.string().max(500).nullable(),
    collector: z.enum(COLLECTORS),
    keys: z
      .array(
        z
          .object({
            key: z
              .string()
              .regex(/^HKLM\\/i)
              .max(500),
            state: z.enum(KEY_STATES),
            file: z.string().regex(REG_FILE_NAME).nullable(),
            error: z.string().max(2000).nullable(),
          })
          .strict(),
      )
      .max(200),
  })
  .strict();
export type CollectionManifest = z.infer<typeof CollectionManifestSchema>;

/** What a manifest adds to the host's exports for the offline audit. */
export interface CollectorFacts {
  readonly hostName: string | null;
  readonly osBuild: string | null;
  readonly collectedAt: string | null;
  /** Keys the collector found absent on the machine: absent, not "not in the export". */
  readonly absentKeys: readonly string[];
  /** Keys it could not read there, with why. */
  readonly unreadableKeys: ReadonlyMap<string, string>;
}

export function collectorFacts(manifest: CollectionManifest): CollectorFacts {
  const unreadable = manifest.keys.filter((entry) => entry.state === 'unreadable');
  return {
    hostName: manifest.host,
    osBuild: manifest.osBuild,
    collectedAt: new Date(manifest.collectedAt).toISOString(),
    absentKeys: manifest.keys.filter((entry) => entry.state === 'absent').map((entry) => entry.key),
    unreadableKeys: new Map(
      unreadable.map((entry) => [
        entry.key,
        `the collector could not export it: ${entry.error?.trim() || 'no reason given'}`,
      ]),
    ),
  };
}

/**
 * The keys a collector exports: the audit's keys without those below another (`reg export` takes a key with its
 * whole subtree, and a key below an absent one is absent too).
 */
export function collectorKeys(auditKeys: readonly string[]): string[] {
  const unique = [...new Map(auditKeys.map((key) => [key.toUpperCase(), key])).values()];
  return unique.filter((key) => !unique.some((other) => other !== key && isSameOrBelow(key, other)));
}

/** The file each collected key is exported to: its position in the list, so names never come from the fleet. */
export const exportFileName = (index: number): string => `key-${String(index + 1).padStart(2, '0')}.reg`;

/**
 * A host name that may name a folder and a report row: a NetBIOS or DNS name (letters, digits, `-`, `.`, `_`), not
 * starting with a dot. Anything else, `../..` and control characters included, is refused with why.
 */
export function checkHostName(name: string): string | null {
  if (name.length === 0) return 'the host name is empty';
  if (name.length > 253) return 'the host name is longer than 253 characters';
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name))
    return `the host name ${JSON.stringify(name)} holds characters a host name cannot (only letters, digits, ".", "-" and "_")`;
  return null;
}
