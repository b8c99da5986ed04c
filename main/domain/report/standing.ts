import type { Finding } from '../audit/report';
import { findSetting } from '../catalog/settings';
import { severityRank, type Severity } from '../catalog/types';

/**
 * Where a setting stands, in ONE word for the UI, the CLI table, the HTML report and `--json`: a shortfall is named
 * by its severity (Critical, High, Medium, Low); otherwise it meets the profile (OK), Group Policy owns it (Managed
 * by Group Policy) or it cannot be read (Unreadable). It replaces showing a status word ("weak") beside a severity
 * ("high"): the audit's `verdict` and `severity` stay in the JSON as the facts it is derived from.
 */
export const STANDINGS = ['critical', 'high', 'medium', 'low', 'managed', 'unreadable', 'ok'] as const;
export type Standing = (typeof STANDINGS)[number];

export const STANDING_LABELS: Readonly<Record<Standing, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  managed: 'Managed by Group Policy',
  unreadable: 'Unreadable',
  ok: 'OK',
};

export function standingOf(finding: Pick<Finding, 'verdict' | 'severity'>): Standing {
  switch (finding.verdict) {
    case 'ok':
    case 'managed':
    case 'unreadable':
      return finding.verdict;
    case 'weak':
    case 'critical':
      // A shortfall always has a severity; without one, the verdict's own word stands in.
      return finding.severity ?? (finding.verdict === 'critical' ? 'critical' : 'high');
  }
}

/** How many findings stand where, every standing present (zero included), in STANDINGS order. */
export function standingCounts(
  findings: readonly Pick<Finding, 'verdict' | 'severity'>[],
): Record<Standing, number> {
  const counts = Object.fromEntries(STANDINGS.map((standing) => [standing, 0])) as Record<Standing, number>;
  for (const finding of findings) counts[standingOf(finding)]++;
  return counts;
}

/** How much a setting weighs in the score, by severity: each step up counts twice as much. */
const WEIGHT: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 4, critical: 8 };

/** The highest score a machine can reach while its worst shortfall is of this severity. */
export const SCORE_CAP: Readonly<Record<Severity, number>> = { low: 90, medium: 75, high: 50, critical: 20 };

/**
 * The posture score, 0–100, weighted by severity:
 *   score = 100 × (weight of the settings that meet the profile) / (weight of every assessed setting),
 * where a setting weighs 1, 2, 4 or 8 by severity (low → critical: a shortfall by its own severity, a met setting by
 * its catalog severity), rounded down, then capped by the worst shortfall (critical ≤ 20, high ≤ 50, medium ≤ 75,
 * low ≤ 90). A setting that cannot be read counts as falling short; one Group Policy manages counts by whether it
 * meets the profile. So one critical finding never reads better than 20, however many settings are fine.
 */
export function postureScore(
  findings: readonly Pick<Finding, 'settingId' | 'severity' | 'meetsProfile'>[],
): number {
  let met = 0;
  let total = 0;
  let worst: Severity | null = null;
  for (const finding of findings) {
    const short = finding.meetsProfile !== true;
    const severity: Severity = finding.severity ?? findSetting(finding.settingId)?.severity ?? 'medium';
    total += WEIGHT[severity];
    if (!short) met += WEIGHT[severity];
    else if (worst === null || severityRank(severity) > severityRank(worst)) worst = severity;
  }
  if (total === 0) return 100;
  const weighted = Math.floor((100 * met) / total);
  return worst === null ? weighted : Math.min(weighted, SCORE_CAP[worst]);
}
