import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Standing } from '../../main/domain/report/standing';

/**
 * What the end-to-end suite expects on each simulated machine (main/registry/machines/*.reg) under the Recommended
 * profile: every finding's verdict and the one action its card offers, and per wizard either the change to make
 * (applied, verified on the dashboard, undone) or what the wizard says when there is nothing to change.
 */

export type Verdict = 'ok' | 'weak' | 'critical' | 'managed' | 'unreadable';
/**
 * The card's action: "Fix…", "Managed by Group Policy", "Set by Group Policy…" (a value only a GPO sets), "How to
 * fix…" (reported only, fixed by hand), or none (it meets the profile).
 */
export type CardAction = 'fix' | 'managed' | 'policy-only' | 'manual' | 'none';

export interface ExpectedFinding {
  readonly verdict: Verdict;
  readonly action: CardAction;
  /** Words the card's plain explanation must contain. */
  readonly says?: string;
}

/** A wizard change: how to make it in the wizard (from its first step), and the verdict it moves. */
export interface WizardChange {
  readonly kind: 'apply';
  /** The setting whose verdict the apply changes on the dashboard. */
  readonly settingId: string;
  readonly after: Verdict;
  /** Text the review's diff of `settingId` shows. */
  readonly diffContains: string;
  /** Drives the wizard from its first step to its review step. */
  readonly make: (page: Page) => Promise<void>;
}
export interface NothingToChange {
  readonly kind: 'nothing';
  /** What the wizard says instead of a plan. */
  readonly says: string;
}

export interface MachineCase {
  readonly machine: 'stock' | 'legacy' | 'gpo-managed';
  readonly findings: Readonly<Record<string, ExpectedFinding>>;
  /** The dashboard's count per standing (the chips shown). */
  readonly counts: Readonly<Partial<Record<Standing, number>>>;
  /** Findings that read differently under the Strict profile (the rest of Strict is the unit tests'). */
  readonly strict: Readonly<Record<string, ExpectedFinding>>;
  readonly dcom: WizardChange | NothingToChange;
  readonly firewall: WizardChange | NothingToChange;
}

const fix = (verdict: Verdict): ExpectedFinding => ({ verdict, action: 'fix' });
const ok: ExpectedFinding = { verdict: 'ok', action: 'none' };
const managed: ExpectedFinding = { verdict: 'managed', action: 'managed' };
const policyOnly: ExpectedFinding = { verdict: 'weak', action: 'policy-only' };

/** Under Strict, on a machine without RPC policies: secure references are wanted, and the RPC policies need a GPO. */
const STRICT_WITHOUT_RPC_POLICY = {
  'dcom.legacy-secure-references': fix('weak'),
  'rpc.restrict-remote-clients': policyOnly,
  'rpc.endpoint-mapper-client-authentication': policyOnly,
  'dcom.local-activation-exemptions': policyOnly,
};

/** Picks a level by its constant's name in the DCOM wizard's authentication step. */
async function chooseLevel(page: Page, title: RegExp, name: string): Promise<void> {
  await page.getByTestId('step-2').click();
  await page.getByRole('combobox', { name: title }).click();
  await page.getByRole('option', { name, exact: true }).click();
  await page.getByTestId('wizard-next').click();
}

const RAISE_AUTHENTICATION: WizardChange = {
  kind: 'apply',
  settingId: 'dcom.legacy-authentication-level',
  after: 'ok',
  diffContains: 'RPC_C_AUTHN_LEVEL_PKT_INTEGRITY',
  make: (page) => chooseLevel(page, /LegacyAuthenticationLevel/, 'RPC_C_AUTHN_LEVEL_PKT_INTEGRITY'),
};

export const MACHINES: readonly MachineCase[] = [
  {
    machine: 'stock',
    findings: {
      'wmi.unsecapp-access-check': fix('weak'),
      'wmi.allow-anonymous-callback': ok,
      'dcom.enable-dcom': ok,
      'dcom.machine-access-restriction': ok,
      'dcom.machine-launch-restriction': ok,
      'dcom.default-access-permission': ok,
      'dcom.default-launch-permission': ok,
      'dcom.appid-permissions': ok,
      'dcom.legacy-authentication-level': fix('weak'),
      'dcom.legacy-impersonation-level': ok,
      'dcom.legacy-secure-references': ok,
      'dcom.require-integrity-activation': ok,
      'dcom.raise-activation-authentication-level': ok,
      'dcom.scm-remote-call-flags': ok,
      'rpc.dynamic-port-restriction': ok,
      'firewall.endpoint-mapper': ok,
      'firewall.dynamic-rpc': ok,
      'firewall.unsecapp': ok,
    },
    counts: { critical: 0, high: 1, medium: 1, ok: 16 },
    strict: STRICT_WITHOUT_RPC_POLICY,
    dcom: RAISE_AUTHENTICATION,
    // Closed everywhere and meeting the profile: the wizard starts on "Leave as it is" for every target.
    firewall: { kind: 'nothing', says: 'Nothing is changed yet: choose a rule to open, scope or close.' },
  },
  {
    machine: 'legacy',
    findings: {
      'wmi.unsecapp-access-check': fix('weak'),
      'wmi.allow-anonymous-callback': fix('weak'),
      'dcom.enable-dcom': ok,
      'dcom.machine-access-restriction': {
        ...fix('critical'),
        says: 'ANONYMOUS LOGON is granted Remote Access',
      },
      'dcom.machine-launch-restriction': fix('critical'),
      'dcom.default-access-permission': ok,
      'dcom.default-launch-permission': ok,
      // A third-party AppID grants ANONYMOUS LOGON remote access: each application's settings are its own.
      'dcom.appid-permissions': { verdict: 'critical', action: 'manual' },
      'dcom.legacy-authentication-level': fix('critical'),
      'dcom.legacy-impersonation-level': ok,
      'dcom.legacy-secure-references': ok,
      'dcom.require-integrity-activation': ok,
      'dcom.raise-activation-authentication-level': ok,
      'dcom.scm-remote-call-flags': ok,
      'rpc.dynamic-port-restriction': ok,
      'firewall.endpoint-mapper': fix('critical'),
      'firewall.dynamic-rpc': fix('critical'),
      'firewall.unsecapp': fix('critical'),
    },
    counts: { critical: 7, high: 2, ok: 9 },
    strict: STRICT_WITHOUT_RPC_POLICY,
    dcom: {
      kind: 'apply',
      settingId: 'dcom.machine-access-restriction',
      after: 'ok',
      diffContains: 'ANONYMOUS LOGON',
      make: async (page) => {
        const matrix = page.getByTestId('matrix-MachineAccessRestriction');
        expect(await matrix.getByTestId('remote-grant-warning').count()).toBe(1);
        await matrix.getByLabel('ANONYMOUS LOGON: Remote Access, allow').uncheck();
        expect(await matrix.getByTestId('remote-grant-warning').count()).toBe(0);
        await page.getByTestId('step-3').click();
      },
    },
    firewall: {
      kind: 'apply',
      settingId: 'firewall.endpoint-mapper',
      after: 'ok',
      diffContains: 'open only from LocalSubnet',
      make: async (page) => {
        // Open to Any today; opened plainly, the wizard starts on "Leave as it is": the admin scopes TCP 135.
        expect(
          await page.getByRole('table', { name: /RPC endpoint mapper \(TCP 135\): exposure/ }).textContent(),
        ).toContain('Any');
        await page.getByTestId('wizard-next').click();
        const endpointMapper = page.getByTestId('control-firewall.endpoint-mapper');
        expect(await endpointMapper.getByLabel('Leave as it is').isChecked()).toBe(true);
        await endpointMapper.getByLabel('Open only from the scope').check();
        // The profile's management scope is filled in; Any is refused as it is typed.
        const scope = page.getByLabel(/Management scope/);
        expect(await scope.inputValue()).toBe('LocalSubnet');
        await scope.fill('LocalSubnet, Any');
        await page.getByText(/Entry 2: .*every address/).waitFor();
        expect(await page.getByTestId('wizard-next').isDisabled()).toBe(true);
        await scope.fill('LocalSubnet');
        await page.getByTestId('wizard-next').click();
        await page.getByTestId('wizard-next').click();
      },
    },
  },
  {
    machine: 'gpo-managed',
    findings: {
      'wmi.unsecapp-access-check': fix('weak'),
      'wmi.allow-anonymous-callback': ok,
      'dcom.enable-dcom': ok,
      'dcom.machine-access-restriction': managed,
      'dcom.machine-launch-restriction': managed,
      'dcom.default-access-permission': ok,
      'dcom.default-launch-permission': ok,
      'dcom.appid-permissions': ok,
      'dcom.legacy-authentication-level': fix('weak'),
      'dcom.legacy-impersonation-level': ok,
      'dcom.legacy-secure-references': ok,
      'dcom.require-integrity-activation': ok,
      'dcom.raise-activation-authentication-level': ok,
      'dcom.scm-remote-call-flags': ok,
      'rpc.dynamic-port-restriction': ok,
      'firewall.endpoint-mapper': managed,
      'firewall.dynamic-rpc': managed,
      'firewall.unsecapp': ok,
    },
    counts: { critical: 0, high: 1, medium: 1, managed: 4 },
    // Its GPO sets the RPC policies.
    strict: {
      'dcom.legacy-secure-references': fix('weak'),
      'rpc.restrict-remote-clients': managed,
      'rpc.endpoint-mapper-client-authentication': managed,
      'dcom.local-activation-exemptions': managed,
    },
    // The limits are Group Policy's (read-only matrices); the authentication level is local and weak.
    dcom: RAISE_AUTHENTICATION,
    // TCP 135 and dynamic RPC are Group Policy's; the callback rule already meets the profile.
    firewall: { kind: 'nothing', says: 'Nothing is changed yet: choose a rule to open, scope or close.' },
  },
];
