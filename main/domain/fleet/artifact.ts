import { findSetting } from '../catalog/settings';
import type { DesiredState, LeftAlone } from './desired-state';

export const EXPORT_FORMATS = ['reg', 'ps1', 'ansible', 'pol', 'gpo-sddl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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
    for (const item of notCarried) lines.push(`  ${item.settingId} (${item.title}): ${item.reason}`);
  }
  if (state.leftAlone.length > 0) {
    lines.push('Left as they are (every value meets the profile):');
    for (const item of state.leftAlone) lines.push(`  ${item.settingId}: ${item.reason}`);
  }
  return lines;
}

/** Prefixes comment text with a line-comment marker; the text must be free of line breaks (checked). */
export function commentBlock(marker: string, lines: readonly string[]): string[] {
  return lines.map((line) => {
    if (/[^\x20-\x7e]/.test(line))
      throw new Error(`internal: comment line holds a non-printable character: ${line}`);
    return line === '' ? marker : `${marker} ${line}`;
  });
}
