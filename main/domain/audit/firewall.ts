import type { FirewallExposureSetting, FirewallTarget, Severity } from '../catalog/types';
import { worstSeverity } from '../catalog/types';
import type { DynamicRpcRule, ExposureReport, ExposureTargetId, ProfileExposure } from './deps';
import { scopeCovers } from '../profiles/scope';
import type { Evaluation, EvaluationContext } from './evaluation';

/** The firewall analysis, computed once per audit, or why it could not be. */
export type FirewallAnalysis =
  | { readonly report: ExposureReport; readonly rpcPortRules: readonly DynamicRpcRule[] }
  | { readonly problem: string };

const TARGET_IDS: Readonly<Record<FirewallExposureSetting['target'], ExposureTargetId>> = {
  'endpoint-mapper': 'rpc-endpoint-mapper',
  'dynamic-rpc': 'rpc-dynamic',
  unsecapp: 'wmi-async-callback',
};

interface ProfileVerdict {
  readonly exposure: ProfileExposure;
  /** Remote entries outside what the profile allows (all of them for `nowhere`); ['Any'] when open to all. */
  readonly beyond: readonly string[];
  readonly severity: Severity | null;
}

function describeOpen(exposure: ProfileExposure): string {
  if (!exposure.open) return `${exposure.profile}: closed`;
  const from = exposure.reachableFrom.any ? 'Any' : exposure.reachableFrom.entries.join(', ');
  const how =
    exposure.reason === 'firewall-off'
      ? 'firewall off'
      : exposure.reason === 'default-inbound-allow'
        ? 'default inbound action Allow'
        : exposure.allowingRules.map((rule) => rule.id).join(', ');
  return `${exposure.profile}: open from ${from} (${how})`;
}

function judgeProfile(
  setting: FirewallExposureSetting,
  target: FirewallTarget,
  exposure: ProfileExposure,
  scope: readonly string[],
): ProfileVerdict {
  if (!exposure.open) return { exposure, beyond: [], severity: null };
  const reachable = exposure.reachableFrom;
  const entries = reachable.any ? ['Any'] : [...reachable.entries, ...reachable.authenticatedOnly];
  const beyond =
    target.reachableFrom === 'nowhere' ? entries : entries.filter((entry) => !scopeCovers(scope, entry));
  if (beyond.length === 0) return { exposure, beyond, severity: null };
  const severity =
    reachable.any && exposure.profile === 'Public' ? setting.publicAnySeverity : setting.severity;
  return { exposure, beyond, severity };
}

export function evaluateFirewall(
  setting: FirewallExposureSetting,
  target: FirewallTarget,
  context: EvaluationContext & { readonly firewall: FirewallAnalysis },
): Evaluation {
  const scope = context.profile.managementScope;
  const expected =
    target.reachableFrom === 'nowhere'
      ? 'not reachable from any remote address'
      : `reachable only from the management scope (${scope.join(', ')})`;
  const common = { local: null, policy: null, expected };
  if ('problem' in context.firewall) {
    return {
      ...common,
      effective: { display: 'unknown', raw: null, source: 'local' },
      managedByPolicy: false,
      meets: null,
      problem: context.firewall.problem,
      severityIfShort: setting.severity,
      explanation: `The firewall configuration could not be analysed: ${context.firewall.problem}.`,
      details: [],
      change: null,
    };
  }
  const report = context.firewall.report;
  const exposure = report.targets.find((candidate) => candidate.target.id === TARGET_IDS[setting.target]);
  if (!exposure) throw new Error(`the firewall analysis has no target ${TARGET_IDS[setting.target]}`);

  const verdicts = exposure.profiles.map((profile) => judgeProfile(setting, target, profile, scope));
  const short = verdicts.filter((verdict) => verdict.severity !== null);
  const display = exposure.profiles.map(describeOpen).join('; ');
  const offendingRules = [
    ...new Map(
      short.flatMap((verdict) => verdict.exposure.allowingRules).map((rule) => [rule.id, rule]),
    ).values(),
  ];
  // Group Policy governs the exposure when the rules or profile switches that open it come from a GPO.
  const profileByPolicy = (verdict: ProfileVerdict): boolean => {
    const settings = report.profiles.find((profile) => profile.profile === verdict.exposure.profile);
    if (!settings) return false;
    if (verdict.exposure.reason === 'firewall-off') return settings.firewallEnabledSource === 'policy';
    if (verdict.exposure.reason === 'default-inbound-allow')
      return settings.defaultInboundActionSource === 'policy';
    return (
      verdict.exposure.allowingRules.length > 0 &&
      verdict.exposure.allowingRules.every((rule) => rule.store === 'policy')
    );
  };
  const governing = short.length > 0 ? short : verdicts.filter((verdict) => verdict.exposure.open);
  const managedByPolicy = governing.length > 0 && governing.every(profileByPolicy);

  const details = [
    ...exposure.profiles.map((profile) => profile.explanation),
    ...report.findings
      .filter((finding) => finding.target === TARGET_IDS[setting.target] || finding.target === null)
      .filter((finding) => finding.code !== 'callbacks-blocked' || target.reachableFrom !== 'nowhere')
      .map((finding) => finding.message),
  ];
  // The endpoint mapper's title names its port already; the dynamic targets' ports depend on Rpc\\Internet.
  const what =
    exposure.target.ports === 'dynamic'
      ? `${exposure.target.title} on ${exposure.ports}`
      : exposure.target.title;
  const explanation =
    short.length === 0
      ? `${what}: ${display}.`
      : `${what} is reachable from ${[...new Set(short.flatMap((verdict) => verdict.beyond))].join(', ')} ` +
        `on the ${short.map((verdict) => verdict.exposure.profile).join(', ')} profile${short.length > 1 ? 's' : ''}. ${display}.`;
  return {
    ...common,
    effective: {
      display,
      raw: exposure.profiles.map((profile) => ({
        profile: profile.profile,
        open: profile.open,
        reachableFrom: profile.reachableFrom.any ? ['Any'] : [...profile.reachableFrom.entries],
        rules: profile.allowingRules.map((rule) => rule.id),
        ruleNames: profile.allowingRules.map((rule) => rule.displayName ?? rule.id),
      })),
      source: managedByPolicy ? 'policy' : 'local',
    },
    managedByPolicy,
    meets: short.length === 0,
    problem: null,
    severityIfShort: worstSeverity(short.map((verdict) => verdict.severity)) ?? setting.severity,
    explanation,
    details,
    change:
      short.length === 0
        ? null
        : {
            settingId: setting.id,
            from: display,
            to:
              target.reachableFrom === 'nowhere'
                ? 'closed on every profile'
                : `open only from ${scope.join(', ')}`,
            registryWrites: [],
            registryDeletes: [],
            firewall: {
              target: setting.target,
              allowFrom: target.reachableFrom === 'nowhere' ? [] : [...scope],
              rules: offendingRules.map((rule) => rule.id),
            },
          },
  };
}
