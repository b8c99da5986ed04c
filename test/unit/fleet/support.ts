import fc from 'fast-check';
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import type { AuditReport } from '../../../main/domain/audit/index';
import type { FleetArtifact } from '../../../main/domain/fleet/index';
import {
  BUILT_IN_PROFILE_NAMES,
  builtInProfile,
  parseProfileText,
  validateProfile,
  type Profile,
} from '../../../main/domain/profiles/index';
import { decodeUtf16le } from '../../../main/domain/regfile/index';

/** A profile file whose every free-text field (and the scope entries the schema accepts) is hostile. */
export const HOSTILE_PROFILE_PATH = new URL('../../fleet/hostile.profile.json', import.meta.url).pathname;

export function hostileProfile(): Profile {
  return parseProfileText(readFileSync(HOSTILE_PROFILE_PATH, 'utf8'), HOSTILE_PROFILE_PATH);
}

/** The built-in profiles and the hostile one, by name, for `describe.each`. */
export function everyProfile(): [string, Profile][] {
  return [
    ...BUILT_IN_PROFILE_NAMES.map((name): [string, Profile] => [name, builtInProfile(name)]),
    ['hostile', hostileProfile()],
  ];
}

export function textOf(artifact: FleetArtifact): string {
  if (artifact.content.kind !== 'text') throw new Error(`${artifact.format} is not a text artifact`);
  return artifact.content.text;
}

export function bytesOf(artifact: FleetArtifact): Uint8Array {
  if (artifact.content.kind !== 'bytes') throw new Error(`${artifact.format} is not a binary artifact`);
  return artifact.content.bytes;
}

/** A `.reg` artifact's text without its BOM. */
export function regText(artifact: FleetArtifact): string {
  const bytes = bytesOf(artifact);
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
  return decodeUtf16le(bytes, 2);
}

/** Findings that fall short of the profile (or cannot be read), as `settingId: verdict` for readable failures. */
export function shortfalls(report: AuditReport): string[] {
  return report.findings
    .filter((finding) => finding.meetsProfile !== true)
    .map((finding) => `${finding.settingId}: ${finding.verdict}`);
}

const DANGEROUS = [
  "'",
  '"',
  '`',
  '$',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  ';',
  '#',
  '<',
  '>',
  '\\',
  '|',
  '&',
  '@',
  '%',
];
/** Text built from the characters that end literals, comments and lines in the formats, spaces (single and in
 * runs, which the playbook's line folding must keep) and random graphemes. */
export const hostileText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        ...DANGEROUS,
        '\r',
        '\n',
        '\r\n',
        '\u0085',
        '\u2028',
        '\u2029',
        '\u0000',
        '\u007f',
        '{{',
        '#>',
        '@"',
        ' ',
        '  ',
        '\t',
        ' x ',
      ),
      fc.string({ unit: 'grapheme', maxLength: 4 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** The strict profile's settings with this name (cut to the schema's 80) and description. */
export function profileWith(name: string, description: string): Profile {
  return validateProfile(
    {
      name: name === '' ? 'x' : name.slice(0, 80),
      description,
      managementScope: ['LocalSubnet'],
      settings: builtInProfile('strict').settings,
    },
    'property',
  );
}

/** A site profile that also names DCOM applications, by AppID only (as reg and ansible need them). */
export const APPLICATION_GUIDS = [
  '{5C4E0D1A-8B7F-4A36-9E21-3F6B7C8D9A01}',
  '{11111111-2222-3333-4444-000000000001}',
];
export const APPLICATION_LAUNCH = 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;SY)';

export function applicationsProfile(): Profile {
  return validateProfile(
    {
      ...builtInProfile('recommended'),
      name: 'servers',
      applications: [
        {
          id: APPLICATION_GUIDS[0],
          runAs: 'network-service',
          access: 'default',
          launch: { sddl: APPLICATION_LAUNCH },
          authenticationLevel: 6,
        },
        { id: APPLICATION_GUIDS[1]!.slice(1, -1).toLowerCase(), runAs: 'launching-user' },
      ],
    },
    'applications',
  );
}
