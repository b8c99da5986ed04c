import { findSetting } from '../catalog/settings';
import { isPolicyValue, localValues, type DesiredState, type LeftAlone } from './desired-state';
import type { ExportFormat } from './formats';

export { EXPORT_FORMATS, EXPORT_FORMAT_INFO, type ExportFormat, type ExportFormatInfo } from './formats';

/** A setting of the profile that this format cannot take to a machine, and why (never silently dropped). */
export interface NotCarried {
  readonly settingId: string;
  readonly title: string;
  readonly reason: string;
}

export type ArtifactContent =
  { readonly kind: 'text'; readonly text: string } | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

/** One compiled export: the file, what it cannot carry and what it leaves as it is. */
export interface FleetArtifact {
  readonly format: ExportFormat;
  /** A suggested file name, e.g. `sinkguard-recommended.reg` (safe characters only). */
  readonly fileName: string;
  readonly content: ArtifactContent;
  readonly notCarried: readonly NotCarried[];
  readonly leftAlone: readonly LeftAlone[];
}

/** A profile this format cannot carry faithfully (never a partial artifact): names the format and the field. */
export class FleetExportError extends Error {
  override readonly name = 'FleetExportError';
  constructor(
    readonly format: ExportFormat,
    /** The profile field (`name`, `description`, `managementScope[2]`). */
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${format} export: profile ${field}: ${reason}`);
  }
}

export function settingTitle(settingId: string): string {
  return findSetting(settingId)?.title ?? settingId;
}

/**
 * A JSON string literal holding only printable ASCII: every other character (line breaks of any kind, controls,
 * non-ASCII) is a `\uXXXX` escape. Safe inside any line comment; `JSON.parse` gives back exactly the input.
 */
export function asciiJson(text: string): string {
  return JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Base64 of the text's UTF-8 bytes. */
export function utf8Base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** `sinkguard-<profile name>` with anything but letters, digits, `.`, `_` and `-` replaced. */
export function artifactBaseName(profileName: string): string {
  const slug = profileName
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60);
  return `sinkguard-${slug === '' ? 'profile' : slug}`;
}

/**
 * The description every artifact opens with, as comment text (one entry per line, no comment marker). Profile
 * text goes in only as {@link asciiJson} literals, so it can never end a comment.
 */
export function headerLines(
  state: DesiredState,
  what: string,
  notCarried: readonly NotCarried[],
  notes: readonly string[] = [],
): string[] {
  const lines = [
    `SinkGuard fleet export: ${what}`,
    `Profile: ${asciiJson(state.profile.name)}`,
    ...(state.profile.description === null ? [] : [`Description: ${asciiJson(state.profile.description)}`]),
    `Management scope: ${state.profile.managementScope.map(asciiJson).join(', ')}`,
    'Computed from the profile alone: the same end state for every machine it is applied to.',
    ...notes,
  ];
  if (notCarried.length > 0) {
    lines.push('NOT CARRIED by this file (apply these another way):');
    for (const item of notCarried)
      lines.push(asciiText(`  ${item.settingId} (${item.title}): ${item.reason}`));
  }
  if (state.leftAlone.length > 0) {
    lines.push('Left as they are (every value meets the profile):');
    for (const item of state.leftAlone) lines.push(asciiText(`  ${item.settingId}: ${item.reason}`));
  }
  return lines;
}

const ASCII_PUNCTUATION: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2026': '...',
  '\u203a': '>',
  '\u00a0': ' ',
};

/**
 * SinkGuard's own text (catalog titles and reasons) for a comment line: typographic punctuation as its ASCII
 * look-alike, anything else outside printable ASCII as `?`. Never used on profile text, which goes in as
 * {@link asciiJson} literals.
 */
export function asciiText(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (char) => ASCII_PUNCTUATION[char] ?? '?');
}

/** Prefixes comment text with a line-comment marker; the text must be free of line breaks (checked). */
export function commentBlock(marker: string, lines: readonly string[]): string[] {
  return lines.map((line) => {
    if (/[^\x20-\x7e]/.test(line))
      throw new Error(`internal: comment line holds a non-printable character: ${line}`);
    return line === '' ? marker : `${marker} ${line}`;
  });
}

/**
 * The policy values (under HKLM\SOFTWARE\Policies) that a local write leaves out: SinkGuard sets them only through
 * Group Policy. Written any other way they outlive the policy ("tattoo" the machine) and a domain GPO overrides them.
 */
export function notCarriedPolicyValues(state: DesiredState): NotCarried[] {
  const reasons = new Map<string, string[]>();
  for (const desired of state.values.filter(isPolicyValue)) {
    const names = reasons.get(desired.settingId) ?? [];
    reasons.set(desired.settingId, [...names, `${desired.key}\\${desired.name}`]);
  }
  return [...reasons].map(([settingId, values]) => ({
    settingId,
    title: settingTitle(settingId),
    reason:
      `${values.join(', ')} is a Group Policy value, which SinkGuard sets only through Group Policy: use the pol ` +
      'export in a GPO (or LGPO.exe /m); written locally it would stay behind when the policy goes',
  }));
}

/** The settings SinkGuard only reports: no export carries them. */
export function notCarriedReportedOnly(state: DesiredState): NotCarried[] {
  return state.reportedOnly.map(({ settingId, title, reason }) => ({ settingId, title, reason }));
}

/** Flag bits a whole-value write cannot set without overwriting the bits the profile leaves alone. */
export function notCarriedBits(state: DesiredState, writer: string): NotCarried[] {
  return localValues(state)
    .filter((desired) => desired.accept.kind === 'bits')
    .map((desired) => ({
      settingId: desired.settingId,
      title: settingTitle(desired.settingId),
      reason:
        `the profile sets or clears single flag bits of ${desired.key}\\${desired.name} and keeps the others, ` +
        `which ${writer} cannot do without overwriting the whole value: use the ps1 export`,
    }));
}
