import type { Finding } from '../../../main/domain/audit/report';

/**
 * The wizards' steps as data: each step's label and the catalog settings it offers a control for. The wizards
 * render their controls from these lists, so "Fix…" (fixRouteFor) and the troubleshooter can only land on a step
 * that really changes the setting. Pure, so the mapping is unit-tested against the catalog.
 */
export interface WizardStep {
  readonly label: string;
  /** Setting ids this step has a control for (the review step offers none: it applies what the others chose). */
  readonly offers: readonly string[];
}

export type WizardId = 'wmi' | 'dcom' | 'firewall';

export const WIZARDS = {
  wmi: [
    { label: 'Why callbacks can be spoofed', offers: [] },
    {
      label: 'Turn on the access check',
      offers: ['wmi.unsecapp-access-check', 'wmi.allow-anonymous-callback'],
    },
    { label: 'Fix the clients', offers: [] },
    { label: 'Review and apply', offers: [] },
  ],
  dcom: [
    {
      label: 'Machine-wide limits',
      offers: ['dcom.machine-access-restriction', 'dcom.machine-launch-restriction', 'dcom.enable-dcom'],
    },
    {
      label: 'Default permissions',
      offers: ['dcom.default-access-permission', 'dcom.default-launch-permission'],
    },
    {
      label: 'Authentication and impersonation',
      offers: [
        'dcom.legacy-authentication-level',
        'dcom.legacy-impersonation-level',
        'dcom.legacy-secure-references',
        'dcom.require-integrity-activation',
        'dcom.raise-activation-authentication-level',
        'dcom.scm-remote-call-flags',
      ],
    },
    { label: 'Review and apply', offers: [] },
  ],
  firewall: [
    { label: 'What is open now', offers: [] },
    {
      label: 'Open or scope TCP 135 and dynamic RPC',
      offers: ['firewall.endpoint-mapper', 'firewall.dynamic-rpc'],
    },
    { label: 'Callbacks and RPC ports', offers: ['firewall.unsecapp', 'rpc.dynamic-port-restriction'] },
    { label: 'Review and apply', offers: [] },
  ],
} as const satisfies Readonly<Record<WizardId, readonly WizardStep[]>>;

const labels = (steps: readonly WizardStep[]) => steps.map((step) => step.label);
export const WMI_STEPS = labels(WIZARDS.wmi);
export const DCOM_STEPS = labels(WIZARDS.dcom);
export const FIREWALL_STEPS = labels(WIZARDS.firewall);

/** The step index of a wizard step by label (a typo fails loudly, not on step 0). */
export function stepIndex(wizard: WizardId, label: string): number {
  const index = labels(WIZARDS[wizard]).indexOf(label);
  if (index < 0) throw new RangeError(`the ${wizard} wizard has no step "${label}"`);
  return index;
}

/** The settings one wizard step offers. */
export const offeredBy = (wizard: WizardId, step: number): readonly string[] =>
  (WIZARDS[wizard][step] as WizardStep | undefined)?.offers ?? [];

/** Which wizard, at which step, fixes a finding. */
export interface FixRoute {
  readonly page: WizardId;
  readonly step: number;
}

/** The wizard step that offers the finding's setting, or null when no wizard changes it (policy-only settings). */
export function fixRouteFor(finding: Pick<Finding, 'settingId'>): FixRoute | null {
  for (const page of ['wmi', 'dcom', 'firewall'] as const) {
    const step = WIZARDS[page].findIndex((candidate: WizardStep) =>
      candidate.offers.includes(finding.settingId),
    );
    if (step >= 0) return { page, step };
  }
  return null;
}

/** Findings whose applications are listed on a page of their own: the per-application (AppID) finding. */
export const INVENTORY_PAGE_FOR: Readonly<
  Record<string, { readonly page: 'appids'; readonly label: string }>
> = {
  'dcom.appid-permissions': { page: 'appids', label: 'Show the applications' },
};
