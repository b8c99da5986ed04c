/**
 * A stored rule string with its enabled state, remote addresses and/or profiles replaced, the way
 * `Set-NetFirewallRule -Enabled … -RemoteAddress … -Profile …` leaves it: every other field keeps its place and
 * spelling. The change planner predicts `expectedRule` with it and the simulated firewall applies commands with it,
 * so the two cannot drift apart (verification itself compares meaning, not text).
 */
import {
  FIREWALL_PROFILES,
  composeFirewallRule,
  formatFirewallRule,
  type FirewallRule,
  type RuleField,
} from './rule-string';

export interface RuleEdit {
  readonly active?: boolean;
  /** As given to `-RemoteAddress`: addresses, blocks, ranges or keywords; `Any` (or nothing) = every address. */
  readonly remote?: readonly string[];
  /** As given to `-Profile`: `Any` or all three = every profile (no Profile field is stored). */
  readonly profiles?: readonly string[];
}

const REMOTE_KEY = /^ra(4|6|42|62)$/i;
/** Fields Windows writes after the remote addresses: a new RA4/RA6 goes before the first of them. */
const AFTER_REMOTE = /^(app|svc|name|desc|embedctxt)$/i;
/** Fields Windows writes before the profiles: a new Profile goes after the last of them. */
const BEFORE_PROFILE = /^(action|active|dir|protocol)$/i;

/** RA4/RA6 fields for `-RemoteAddress` entries: keywords apply to both families, addresses to their own. */
export function remoteAddressFields(entries: readonly string[]): RuleField[] {
  const unique = [...new Set(entries)];
  if (unique.length === 0 || unique.some((entry) => entry.toLowerCase() === 'any')) return [];
  const isKeyword = (entry: string): boolean => /^[A-Za-z]+$/.test(entry);
  const fields: RuleField[] = [];
  for (const family of ['4', '6'] as const) {
    for (const entry of unique) {
      if (isKeyword(entry) || (family === '6') === entry.includes(':'))
        fields.push({ key: `RA${family}`, value: entry });
    }
  }
  return fields;
}

/** Profile fields for `-Profile` values: none when every profile is meant. */
export function profileFields(profiles: readonly string[]): RuleField[] {
  const chosen = FIREWALL_PROFILES.filter((profile) =>
    profiles.some((given) => given.toLowerCase() === profile.toLowerCase()),
  );
  if (profiles.some((given) => given.toLowerCase() === 'any') || chosen.length === FIREWALL_PROFILES.length)
    return [];
  return chosen.map((value) => ({ key: 'Profile', value }));
}

export function editRuleString(before: FirewallRule, edit: RuleEdit): string {
  const remote = edit.remote === undefined ? null : remoteAddressFields(edit.remote);
  const profiles = edit.profiles === undefined ? null : profileFields(edit.profiles);
  const fields: RuleField[] = [];
  let placedRemote = false;
  let placedProfiles = false;
  for (const field of before.fields) {
    const key = field.key.toLowerCase();
    if (key === 'active' && edit.active !== undefined) {
      fields.push({ key: field.key, value: edit.active ? 'TRUE' : 'FALSE' });
    } else if (remote !== null && REMOTE_KEY.test(key)) {
      if (!placedRemote) fields.push(...remote);
      placedRemote = true;
    } else if (profiles !== null && key === 'profile') {
      if (!placedProfiles) fields.push(...profiles);
      placedProfiles = true;
    } else {
      fields.push(field);
    }
  }
  if (edit.active !== undefined && !before.fields.some((field) => field.key.toLowerCase() === 'active')) {
    fields.splice(1, 0, { key: 'Active', value: edit.active ? 'TRUE' : 'FALSE' });
  }
  if (profiles !== null && !placedProfiles && profiles.length > 0) {
    let at = 0;
    fields.forEach((field, index) => {
      if (BEFORE_PROFILE.test(field.key)) at = index + 1;
    });
    fields.splice(at, 0, ...profiles);
  }
  if (remote !== null && !placedRemote && remote.length > 0) {
    const at = fields.findIndex((field) => AFTER_REMOTE.test(field.key));
    fields.splice(at < 0 ? fields.length : at, 0, ...remote);
  }
  return formatFirewallRule(composeFirewallRule(before.version.text, fields));
}
