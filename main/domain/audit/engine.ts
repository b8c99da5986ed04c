import type { KeySnapshot, RegistryPort } from '../../registry/types';
import { reference } from '../catalog/references';
import { CATALOG, catalogKeys } from '../catalog/settings';
import { worstSeverity, type CatalogSetting } from '../catalog/types';
import { FIREWALL_KEYS, FirewallStoreError, analyzeExposure, readFirewallStore } from './deps';
import { targetFor, type Profile } from '../profiles/profile';
import { evaluateDescriptor } from './descriptor';
import type { Evaluation, EvaluationContext } from './evaluation';
import { evaluateFirewall, type FirewallAnalysis } from './firewall';
import { VERDICTS, type AuditReport, type Finding, type Verdict } from './report';
import { evaluateRpcPorts } from './rpc-ports';
import { evaluateDword, evaluateYesNo } from './scalar';
import { SnapshotIndex } from './snapshots';

/** Every key the audit reads, in one batch: the catalog's own keys and the firewall model's. */
export function auditKeys(): string[] {
  const keys = new Map<string, string>();
  for (const key of [...catalogKeys(), ...FIREWALL_KEYS]) keys.set(key.toLowerCase(), key);
  return [...keys.values()];
}

function analyseFirewall(snapshots: readonly KeySnapshot[]): FirewallAnalysis {
  try {
    return { report: analyzeExposure(readFirewallStore(snapshots)) };
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
  }
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
      return (
        `Managed by Group Policy: what the policy sets overrides the local configuration, so SinkGuard cannot change it here; change the GPO instead. ` +
        `${evaluation.explanation} ${standing}`
      );
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
  return {
    settingId: setting.id,
    title: setting.title,
    area: setting.area,
    verdict,
    severity: short ? evaluation.severityIfShort : null,
    meetsProfile: evaluation.meets,
    effective: evaluation.effective,
    local: evaluation.local,
    policy: evaluation.policy,
    managedByPolicy: evaluation.managedByPolicy,
    changeableLocally: !evaluation.managedByPolicy,
    expected: evaluation.expected,
    explanation: explain(setting, evaluation, verdict, profile),
    details: [...evaluation.details],
    change: evaluation.managedByPolicy ? null : evaluation.change,
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
    else notAssessed.push({ settingId: setting.id, title: setting.title });
  }
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
    summary: {
      counts,
      worstSeverity: worstSeverity(findings.map((finding) => finding.severity)),
      meetsProfile: findings.every((finding) => finding.meetsProfile === true),
    },
  };
}

/** Reads every key the audit needs in ONE batch through the port, then audits. */
export async function auditMachine(port: RegistryPort, profile: Profile): Promise<AuditReport> {
  return runAudit(await port.readKeys(auditKeys()), profile);
}
