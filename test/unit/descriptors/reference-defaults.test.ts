import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COM_DESCRIPTORS,
  DEFAULT_COM_SDDL,
  decodeSecurityDescriptor,
  formatSddl,
  hexToBytes,
  isWindowsDefault,
  parseSddl,
  sddlToHex,
  type ComDescriptorName,
} from '../../../main/domain/descriptors';
import { isCI } from '../../support/lane';

// The reference sits beside the clone, like the conformance vectors (../shared/reference).
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const referenceFile = path.resolve(repoRoot, '..', 'shared', 'reference', 'domain.md');
const present = existsSync(referenceFile);
if (!present) {
  const reason = `domain reference not found at ${referenceFile}: the shared/reference directory must sit beside the repository`;
  if (isCI) throw new Error(`${reason}; under CI=true this test must run`);
  console.warn(`SKIPPED Windows defaults from ../shared/reference: ${reason}`);
}

const NAMES = Object.keys(DEFAULT_COM_SDDL) as ComDescriptorName[];

/** The `| Value | SDDL | Src |` rows of domain.md §4 "Defaults on Windows 10/11 and Server 2016+", as written. */
function referenceDefaults(markdown: string): Map<string, string> {
  const section = markdown.split(/^### /m).find((part) => part.startsWith('Defaults on Windows'));
  if (!section) throw new Error('domain.md has no "### Defaults on Windows…" section');
  const rows = new Map<string, string>();
  for (const match of section.matchAll(/^\| (\w+)[^|]*\| `([^`]+)` \|/gm)) rows.set(match[1]!, match[2]!);
  return rows;
}

describe.skipIf(!present)('Windows defaults, read from ../shared/reference/domain.md §4', () => {
  const rows = present ? referenceDefaults(readFileSync(referenceFile, 'utf8')) : new Map<string, string>();

  it('lists a literal SDDL for each of the four COM descriptors', () => {
    expect([...rows.keys()].sort()).toEqual([...NAMES].sort());
  });

  /** The reference elides one capability SID (`S-1-15-3-1024-2405443489-…-991631256`); its full form is given once. */
  const capabilitySid = (): string => {
    const full = [...rows.values()].flatMap((sddl) => sddl.match(/S-1-15-3-1024-[0-9-]+\d(?![-\d…])/g) ?? []);
    expect(new Set(full).size).toBe(1);
    return full[0]!;
  };

  /** The row's SDDL with the elided SID filled in; only the known SID, where its visible ends match. */
  const literalOf = (name: ComDescriptorName): string => {
    const written = rows.get(name)!;
    const elided = /(S-1-[0-9-]+?)-…-(\d+)/.exec(written);
    if (!elided) return written;
    const sid = capabilitySid();
    expect(sid.startsWith(`${elided[1]}-`) && sid.endsWith(`-${elided[2]}`)).toBe(true);
    return written.replace(elided[0], sid);
  };

  it('elides exactly one SID, in MachineLaunchRestriction', () => {
    expect(NAMES.filter((name) => rows.get(name)!.includes('…'))).toEqual(['MachineLaunchRestriction']);
  });

  it.each(NAMES)('%s is the code default', (name) => {
    const literal = literalOf(name);
    expect(literal).not.toContain('…');
    expect(DEFAULT_COM_SDDL[name]).toBe(literal);
  });

  it.each(NAMES)('%s holds in both forms: SDDL → bytes → SDDL gives the reference literal back', (name) => {
    const literal = literalOf(name);
    const bytes = hexToBytes(sddlToHex(literal));
    expect(formatSddl(decodeSecurityDescriptor(bytes))).toBe(literal);
    expect(decodeSecurityDescriptor(bytes)).toEqual(DEFAULT_COM_DESCRIPTORS[name]);
    expect(isWindowsDefault(parseSddl(literal), name)).toBe(true);
  });
});
