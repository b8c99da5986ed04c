import type { Finding } from '../../../main/domain/audit/report';

/** Which wizard, at which step, fixes a finding. Pure so the mapping is easy to check. */
export type FixRoute =
  | { readonly page: 'wmi'; readonly step: number }
  | { readonly page: 'dcom'; readonly step: number }
  | { readonly page: 'firewall'; readonly step: number };

export const WMI_STEPS = [
  'Why callbacks can be spoofed',
  'Turn on the access check',
  'Fix the clients',
  'Review and apply',
];
export const DCOM_STEPS = ['Machine-wide limits', 'Authentication and impersonation', 'Review and apply'];
export const FIREWALL_STEPS = [
  'What is open now',
  'Open or scope TCP 135 and dynamic RPC',
  'Callbacks and RPC ports',
  'Review and apply',
];

export function fixRouteFor(finding: Pick<Finding, 'settingId' | 'area'>): FixRoute {
  switch (finding.area) {
    case 'wmi-callbacks':
      return { page: 'wmi', step: 1 };
    case 'dcom-limits':
      return { page: 'dcom', step: 0 };
    case 'authentication':
      return { page: 'dcom', step: 1 };
    case 'firewall':
      return { page: 'firewall', step: finding.settingId === 'firewall.unsecapp' ? 2 : 1 };
    case 'rpc':
      return { page: 'firewall', step: 2 };
  }
}
