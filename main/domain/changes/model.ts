import type { AppIdChange, AppIdView } from '../appids/model';
import type { ExpectedFirewallState } from '../firewall/commands';
import type { FirewallProfile } from '../firewall/rule-string';
import type { FirewallCommand } from '../firewall/runner';
import type { RegistryValue, RegistryValueType } from '../registry-port/types';

/**
 * What a plan was made for: a profile (built-in name or file), the admin's own edits from the UI, or a change to one
 * DCOM application (its AppID key in one registry view).
 */
export type PlanTarget =
  | { readonly kind: 'profile'; readonly name: string }
  | { readonly kind: 'edits'; readonly edits: readonly SettingEdit[] }
  | { readonly kind: 'appid'; readonly application: AppIdRef; readonly change: AppIdChange };

/** One application as a plan names it: its AppID, the registry view its key is in, and its name (null: none). */
export interface AppIdRef {
  readonly guid: string;
  readonly view: AppIdView;
  readonly name: string | null;
}

/**
 * A change to one application whose ID the inventory resolved to its key, as planning (and planning again at apply)
 * takes it; `serviceAccount`: its hosting service's logon account, for a refusal's words.
 */
export interface AppIdRequest {
  readonly application: AppIdRef;
  readonly change: AppIdChange;
  readonly serviceAccount: string | null;
}

/**
 * One admin edit in catalog terms (never a registry path). The value's shape depends on the setting's kind:
 * dword → a number the catalog allows; yes-no → 'Y' | 'N'; descriptor → an SDDL string (written as the binary
 * self-relative descriptor); rpc-ports → { restrict: false } | { restrict: true, ports: [...] };
 * firewall-exposure → { allowFrom: [...], profiles?: ['Domain' | 'Private' | 'Public', ...] } (empty allowFrom =
 * close on every profile; with profiles, the target is left open from allowFrom on exactly those profiles, enabling
 * its built-in rule where it is closed today).
 */
export interface SettingEdit {
  readonly settingId: string;
  readonly value: unknown;
}

/** One registry value the plan writes or deletes, with what it holds now. */
export interface ValueChange {
  readonly settingId: string;
  readonly key: string;
  readonly name: string;
  readonly action: 'write' | 'delete';
  /** The type written (for a delete: the type deleted). */
  readonly type: RegistryValueType;
  readonly before: RegistryValue | null;
  /** null for a delete. */
  readonly after: RegistryValue | null;
}

/** One rule's change: the builder's command, what the store must hold afterwards, and how to undo it. */
export interface FirewallRuleStep {
  readonly ruleId: string;
  /** What the Firewall console shows for the rule, and its group (rule-names.ts); null when unknown. */
  readonly displayName: string | null;
  readonly group: string | null;
  readonly command: FirewallCommand;
  readonly expected: ExpectedFirewallState;
  /** The rule string the local store should hold afterwards (display; verification compares meaning). */
  readonly expectedRule: string;
  /** The rule string before the change. */
  readonly ruleBefore: string;
  /** Puts the rule's enabled state, remote addresses and profiles back as they were. */
  readonly undo: FirewallCommand;
}

/** A firewall change: commands run through the firewall runner, verified by re-reading the rule store. */
export interface FirewallChange {
  readonly settingId: string;
  readonly target: 'endpoint-mapper' | 'dynamic-rpc' | 'unsecapp';
  /** The remote scope left open; empty = closed. */
  readonly allowFrom: readonly string[];
  /** The profiles the admin chose to leave it open on; null = each rule kept its own profiles. */
  readonly profiles: readonly FirewallProfile[] | null;
  readonly steps: readonly FirewallRuleStep[];
}

/** A setting the plan leaves out, and why. */
export interface SkippedSetting {
  readonly settingId: string;
  readonly title: string;
  readonly reason: 'policy-managed' | 'unreadable' | 'not-supported';
  readonly message: string;
}

/** Who a change affects and what they must do; `breaksCallbacks` marks the ones that stop unauthenticated callers. */
export interface PlanWarning {
  readonly settingId: string;
  readonly breaksCallbacks: boolean;
  readonly message: string;
}

/** One setting's part of the plan, in words: the diff the admin reads before confirming. */
export interface SettingDiff {
  readonly settingId: string;
  readonly title: string;
  readonly from: string;
  readonly to: string;
  /** Display lines: `- before` / `+ after` per value, principal by principal for descriptors. */
  readonly lines: readonly string[];
  readonly restartRequired: boolean;
}

export interface Plan {
  readonly id: string;
  readonly createdAt: string;
  readonly target: PlanTarget;
  /** The registry backend the plan was read from (`simulated: legacy`, `wine reg.exe ...`). */
  readonly backend: string;
  /** Every key read for the plan, in one batch. */
  readonly keysRead: readonly string[];
  /** SHA-256 (hex) of every value read: a re-read with another fingerprint means the plan is stale. */
  readonly fingerprint: string;
  readonly valueChanges: readonly ValueChange[];
  readonly firewallChanges: readonly FirewallChange[];
  /** Keys the plan writes to that do not exist yet: the topmost missing ancestor of each (restore deletes them). */
  readonly createdKeys: readonly string[];
  readonly skipped: readonly SkippedSetting[];
  readonly warnings: readonly PlanWarning[];
  readonly diff: readonly SettingDiff[];
}

export const isEmptyPlan = (plan: Pick<Plan, 'valueChanges' | 'firewallChanges'>): boolean =>
  plan.valueChanges.length === 0 && plan.firewallChanges.length === 0;

/** Bad input to planning (an unknown setting, a value the catalog does not allow), naming the setting. */
export class PlanInputError extends Error {
  override readonly name = 'PlanInputError';
  constructor(
    readonly settingId: string,
    readonly reason: string,
  ) {
    super(`${settingId}: ${reason}`);
  }
}
