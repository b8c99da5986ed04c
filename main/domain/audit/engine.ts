import type { KeySnapshot, RegistryPort } from '../registry-port/types';
import { reference } from '../catalog/references';
import { CATALOG, catalogKeys, catalogSubtrees } from '../catalog/settings';
import { worstSeverity, type CatalogSetting, type Remedy } from '../catalog/types';
import {
  FIREWALL_KEYS,
  FirewallStoreError,
  analyzeExposure,
  readFirewallStore,
  rulesOpeningDynamicRpc,
} from './deps';
import { targetFor, type Profile } from '../profiles/profile';
import { evaluateAppIds } from './appid';
import { applicationsFinding } from './applications';
import { APPID_ROOTS } from '../appids/roots';
import { evaluateDescriptor } from './descriptor';
import type { Evaluation, EvaluationContext } from './evaluation';
import { evaluateFirewall, type FirewallAnalysis } from './firewall';
import type { AuditReport, Finding } from './report';
import { VERDICTS, type Verdict } from './verdicts';
import { postureScore, standingOf } from '../report/standing';
import { evaluateRpcPorts } from './rpc-ports';
import { evaluateDword, evaluateFlags, evaluateYesNo } from './scalar';
import { SnapshotIndex } from './snapshots';

/** Every key the audit reads, in one batch: the catalog's own keys and the firewall model's. */
export function auditKeys(): string[] {
  const keys = new Map<string, string>();
  for (const key of [...catalogKeys(), ...FIREWALL_KEYS]) keys.set(key.toLowerCase(), key);
  return [...keys.values()];
}

/** The keys read with everything below them, in the same batch (the AppID key). */
export function auditSubtrees(): string[] {
  return catalogSubtrees();
}

function analyseFirewall(snapshots: readonly KeySnapshot[]): FirewallAnalysis {
  // A refused firewall key is not an absent one: the rules it holds would be missing from the analysis.
  const wanted = new Set(FIREWALL_KEYS.map((key) => key.toLowerCase()));
  const refused = snapshots.find(
    (snapshot) => wanted.has(snapshot.path.toLowerCase()) && snapshot.unreadable !== undefined,
  );
  if (refused) return { problem: refused.unreadable! };
  try {
    const store = readFirewallStore(snapshots);
    const report = analyzeExposure(store);
    return { report, rpcPortRules: rulesOpeningDynamicRpc(store, report.rpcDynamicPorts.ranges) };
  } catch (error) {
    if (error instanceof FirewallStoreError) return { problem: error.message };
    throw error;
  }
}

function evaluate(
  setting: CatalogSetting,
  profile: Profile,
  context: EvaluationContext & { readonly firewall: FirewallAnalysis },
): Evaluation | null {
  switch (setting.kind) {
    case 'dword': {
      const target = targetFor(profile, setting);
      return target ? evaluateDword(setting, target, context) : null;
    }
    case 'flags': {
      const target = targetFor(profile, setting);
      return target ? evaluateFlags(setting, target, context) : null;
    }
    case 'yes-no': {
      const target = targetFor(profile, setting);
      return target ? evaluateYesNo(setting, target, context) : null;
    }
    case 'descriptor': {
      const target = targetFor(profile, setting);
      return target ? evaluateDescriptor(setting, target, context) : null;
    }
    case 'rpc-ports': {
      const target = targetFor(profile, setting);
      return target ? evaluateRpcPorts(setting, target, context) : null;
    }
    case 'firewall-exposure': {
      const target = targetFor(profile, setting);
      return target ? evaluateFirewall(setting, target, context) : null;
    }
    case 'appid-permissions': {
      const target = targetFor(profile, setting);
      return target ? evaluateAppIds(setting, target, context) : null;
    }
  }
}

/**
 * What a setting the profile does not assess holds today, read exactly as the audit reads it: evaluated against a
 * target every value meets, so only the reading is kept. Scalar kinds only (the others need a target to mean much).
 */
function currentOf(
  setting: CatalogSetting,
  context: EvaluationContext,
): AuditReport['notAssessed'][number]['current'] {
  const evaluation =
    setting.kind === 'dword'
      ? evaluateDword(setting, { atLeast: Number.MIN_SAFE_INTEGER }, context)
      : setting.kind === 'yes-no'
        ? evaluateYesNo(setting, { anyOf: ['Y', 'N'] }, context)
        : null;
  return evaluation && { ...evaluation.effective, explanation: evaluation.explanation };
}

/** How a finding's shortfall is fixed: a value Group Policy holds is the GPO's, whatever the setting's own remedy. */
function remedyOf(setting: CatalogSetting, evaluation: Evaluation): Remedy {
  if (setting.remedy === 'manual') return 'manual';
  return setting.remedy === 'group-policy' || evaluation.managedByPolicy ? 'group-policy' : 'local';
}

const POL_EXPORT =
  '`sinkguard export --format pol` writes a Registry.pol for a GPO’s Machine folder (or for `LGPO.exe /m` on a machine outside a domain).';

/** Where and how to fix a finding SinkGuard does not change itself. */
function remedyHintOf(setting: CatalogSetting, remedy: Remedy, managed: boolean): string | null {
  switch (remedy) {
    case 'local':
      return null;
    case 'manual':
      return setting.manualFix ?? null;
    case 'group-policy': {
      const where = setting.groupPolicy ? `: ${setting.groupPolicy}` : '';
      if (setting.remedy === 'group-policy') {
        return (
          `Set it with Group Policy${where}. SinkGuard never writes under HKLM\\SOFTWARE\\Policies on this machine; ` +
          POL_EXPORT
        );
      }
      return managed
        ? `Group Policy sets it here; change it in the GPO that manages this machine${where}.`
        : `Change it in the GPO${where}.`;
    }
  }
}

function whenAbsentOf(setting: CatalogSetting): string | null {
  return setting.kind === 'firewall-exposure' || 'whenAbsent' in setting ? setting.whenAbsent.meaning : null;
}

function verdictOf(evaluation: Evaluation): Verdict {
  if (evaluation.problem !== null) return 'unreadable';
  if (evaluation.managedByPolicy) return 'managed';
  if (evaluation.meets) return 'ok';
  return evaluation.severityIfShort === 'critical' ? 'critical' : 'weak';
}

function explain(
  setting: CatalogSetting,
  evaluation: Evaluation,
  verdict: Verdict,
  profile: Profile,
): string {
  const against = `the "${profile.name}" profile (${evaluation.expected})`;
  const standing = evaluation.meets ? `This meets ${against}.` : `This falls short of ${against}.`;
  switch (verdict) {
    case 'ok':
      return `${evaluation.explanation} ${standing}`;
    case 'weak':
    case 'critical':
      return `${evaluation.explanation} ${standing}`;
    case 'managed':
      return setting.remedy === 'group-policy'
        ? `Set by Group Policy, the only place this value lives; change it in the GPO that manages this machine. ${evaluation.explanation} ${standing}`
        : `Managed by Group Policy: what the policy sets overrides the local configuration, so SinkGuard cannot change it here; change the GPO instead. ` +
            `${evaluation.explanation} ${standing}`;
    case 'unreadable':
      return (
        `${setting.title} cannot be read. ${evaluation.explanation} ` +
        `SinkGuard cannot tell what Windows does with this; rewrite it with a valid value.`
      );
  }
}

function toFinding(setting: CatalogSetting, evaluation: Evaluation, profile: Profile): Finding {
  const verdict = verdictOf(evaluation);
  const short = evaluation.meets !== true;
  const remedy = remedyOf(setting, evaluation);
  const remedyHint = remedyHintOf(setting, remedy, evaluation.managedByPolicy);
  const explanation = explain(setting, evaluation, verdict, profile);
  return {
    settingId: setting.id,
    title: setting.title,
    area: setting.area,
    verdict,
    severity: short ? evaluation.severityIfShort : null,
    standing: standingOf({ verdict, severity: short ? evaluation.severityIfShort : null }),
    meetsProfile: evaluation.meets,
    effective: evaluation.effective,
    local: evaluation.local,
    policy: evaluation.policy,
    managedByPolicy: evaluation.managedByPolicy,
    changeableLocally: remedy === 'local',
    remedy,
    remedyHint,
    groupPolicySetting: setting.groupPolicy ?? null,
    whenAbsent: whenAbsentOf(setting),
    expected: evaluation.expected,
    // A shortfall SinkGuard will not fix says who does; a managed one already says so.
    explanation:
      short && remedyHint !== null && verdict !== 'managed' ? `${explanation} ${remedyHint}` : explanation,
    details: [...evaluation.details],
    change: remedy === 'local' ? evaluation.change : null,
    restartRequired: setting.restartRequired,
    rationale: setting.rationale,
    sideEffects: setting.sideEffects,
    references: setting.references.map(reference),
  };
}

/**
 * The audit itself, pure: the snapshots of one batch read (see auditKeys) measured against a profile. Values that
 * cannot be read become 'unreadable' findings; nothing here throws on registry content.
 */
export function runAudit(snapshots: readonly KeySnapshot[], profile: Profile): AuditReport {
  const context = { index: new SnapshotIndex(snapshots), profile, firewall: analyseFirewall(snapshots) };
  const findings: Finding[] = [];
  const notAssessed: AuditReport['notAssessed'] = [];
  for (const setting of CATALOG) {
    const evaluation = evaluate(setting, profile, context);
    if (evaluation) findings.push(toFinding(setting, evaluation, profile));
    else
      notAssessed.push({ settingId: setting.id, title: setting.title, current: currentOf(setting, context) });
  }
  const applications = applicationsFinding(profile, snapshots);
  if (applications) findings.push(applications);
  const counts = Object.fromEntries(VERDICTS.map((verdict) => [verdict, 0])) as Record<Verdict, number>;
  for (const finding of findings) counts[finding.verdict]++;
  return {
    schemaVersion: 1,
    profile: {
      name: profile.name,
      description: profile.description ?? null,
      managementScope: [...profile.managementScope],
    },
    findings,
    notAssessed,
    rpcPortRules: 'report' in context.firewall ? [...context.firewall.rpcPortRules] : null,
    summary: {
      counts,
      worstSeverity: worstSeverity(findings.map((finding) => finding.severity)),
      score: postureScore(findings),
      meetsProfile: findings.every((finding) => finding.meetsProfile === true),
    },
  };
}

/**
 * Reads every key the audit needs in ONE batch through the port (the AppID key with its subtree; a key the backend
 * refuses to read becomes unreadable findings, not a failed audit), then audits.
 */
export async function auditMachine(port: RegistryPort, profile: Profile): Promise<AuditReport> {
  return runAudit(await readForAudit(port, profile), profile);
}

/**
 * The one batch read an audit needs; a profile that names applications also needs the 32-bit AppID root (an
 * application may be registered there only).
 */
export function readForAudit(port: RegistryPort, profile?: Profile): Promise<KeySnapshot[]> {
  const extra = (profile?.applications?.length ?? 0) > 0 ? [APPID_ROOTS['32-bit']] : [];
  return port.readKeys([...auditKeys(), ...extra], {
    subtrees: [...auditSubtrees(), ...extra],
    reportUnreadable: true,
  });
}
