/**
 * The firewall wizard's per-target choice, as pure data: what a target's finding says is open today, which profiles
 * "Open only from the scope" starts with, and the edit each choice sends. Pure, so it is unit-tested.
 */

export const FIREWALL_PROFILE_NAMES = ['Domain', 'Private', 'Public'] as const;
export type FirewallProfileName = (typeof FIREWALL_PROFILE_NAMES)[number];

export type FirewallChoice = 'scope' | 'close' | 'keep';

export interface ProfileExposureRow {
  readonly profile: string;
  readonly open: boolean;
  readonly reachableFrom: readonly string[];
  /** The rules that open it, by the names the Firewall console shows (their ids when a name is unknown). */
  readonly rules: readonly string[];
}

/** A firewall finding's per-profile exposure (its `effective.raw`), read defensively. */
export function exposureRows(raw: unknown): ProfileExposureRow[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return [];
    const item = entry as Record<string, unknown>;
    const strings = (value: unknown) =>
      Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    return [
      {
        profile: String(item.profile ?? '?'),
        open: item.open === true,
        reachableFrom: strings(item.reachableFrom),
        rules: strings(item.ruleNames ?? item.rules),
      },
    ];
  });
}

/** One line on what the target is open to today: "Closed today on every profile", or each open profile and from where. */
export function describeToday(rows: readonly ProfileExposureRow[]): string {
  if (rows.length === 0) return 'Not known today (the firewall could not be read)';
  const open = rows.filter((row) => row.open);
  if (open.length === 0) return 'Closed today on every profile';
  const closed = rows.filter((row) => !row.open).map((row) => row.profile);
  return (
    `Open today on ${open.map((row) => `${row.profile} (from ${row.reachableFrom.join(', ') || 'unknown'})`).join('; ')}` +
    (closed.length > 0 ? `; closed on ${closed.join(', ')}` : '')
  );
}

/** The profiles "Open only from the scope" starts with: the ones open today, or Domain when it is closed everywhere. */
export function defaultProfiles(rows: readonly ProfileExposureRow[]): FirewallProfileName[] {
  const open = FIREWALL_PROFILE_NAMES.filter((profile) =>
    rows.some((row) => row.open && row.profile === profile),
  );
  return open.length > 0 ? open : ['Domain'];
}

/** Ticks or unticks one profile, keeping Domain, Private, Public order. */
export function toggleProfile(
  profiles: readonly FirewallProfileName[],
  profile: FirewallProfileName,
  on: boolean,
): FirewallProfileName[] {
  return FIREWALL_PROFILE_NAMES.filter((name) => (name === profile ? on : profiles.includes(name)));
}

export type FirewallEditValue = { readonly allowFrom: string[]; readonly profiles?: FirewallProfileName[] };

/** The edit a choice sends: open from the scope on the chosen profiles, close everywhere, or none. */
export function firewallEditValue(
  choice: FirewallChoice,
  scope: readonly string[],
  profiles: readonly FirewallProfileName[],
): FirewallEditValue | null {
  if (choice === 'close') return { allowFrom: [] };
  if (choice === 'scope')
    return {
      allowFrom: [...scope],
      profiles: FIREWALL_PROFILE_NAMES.filter((profile) => profiles.includes(profile)),
    };
  return null;
}
