import { severityRank, worstSeverity, type Severity } from '../catalog/types';
import type { AppIdEntry } from './model';

/** How an application stands, from its findings alone: light enough for the renderer's table. */

/** The worst severity of an entry's findings, or null when it has none. */
export const worstFinding = (entry: Pick<AppIdEntry, 'findings'>): Severity | null =>
  worstSeverity(entry.findings.map((finding) => finding.severity));

/**
 * At fault: a finding of medium or worse. A `low` finding is advice (an identity that would fail callbacks, on an
 * application nobody opened to the network); the at-fault set is then exactly the applications the audit names.
 */
export const isAtFault = (entry: Pick<AppIdEntry, 'findings'>): boolean =>
  entry.findings.some((finding) => severityRank(finding.severity) >= severityRank('medium'));
