import type { Profile } from '../../domain/profiles/profile';
import {
  FleetTally,
  MATRIX_SETTINGS,
  driftBetween,
  type FleetHost,
  type FleetReportBody,
} from '../../domain/fleet-audit/index';
import { APP_VERSION } from '../../platform/version';
import { listCollection } from './collection';
import { auditEntries, defaultThreads } from './pool';

export interface FleetAuditOptions {
  readonly directory: string;
  readonly profile: Profile;
  readonly compare?: string;
  readonly threads?: number;
  readonly platform: NodeJS.Platform;
  /** Called with each host as it is audited, in host order (the JSON report streams them out). */
  readonly onHost?: (host: FleetHost) => void;
  readonly now?: Date;
}

export interface FleetAuditResult extends FleetReportBody {
  readonly generatedAt: string;
  readonly version: string;
  /** Whether any audited host has a finding of at least this severity rank (for --fail-on). */
  readonly severities: ReadonlySet<string>;
}

async function tally(
  directory: string,
  options: FleetAuditOptions,
  onHost?: (host: FleetHost) => void,
): Promise<{ tally: FleetTally; problems: Map<string, string>; severities: Set<string> }> {
  const entries = await listCollection(directory);
  const result = new FleetTally();
  const problems = new Map<string, string>();
  const severities = new Set<string>();
  const setup = { profile: options.profile, version: APP_VERSION, platform: options.platform };
  for await (const host of auditEntries(entries, setup, options.threads ?? defaultThreads())) {
    result.add(host);
    if (host.problem !== null) problems.set(host.host, host.problem);
    for (const finding of host.report?.findings ?? []) if (finding.severity) severities.add(finding.severity);
    onHost?.(host);
  }
  return { tally: result, problems, severities };
}

/**
 * `fleet audit`: every host of the collection audited offline on worker threads, streamed in host order to `onHost`
 * and tallied; with `compare`, the earlier collection is audited first (its rows only) for the drift.
 */
export async function runFleetAudit(options: FleetAuditOptions): Promise<FleetAuditResult> {
  const before = options.compare === undefined ? null : (await tally(options.compare, options)).tally.rows;
  const now = await tally(options.directory, options, options.onHost);
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    version: APP_VERSION,
    rows: now.tally.rows,
    problems: now.problems,
    counts: now.tally.counts(),
    drift: before === null ? null : driftBetween(options.compare!, before, now.tally.rows),
    severities: now.severities,
  };
}

export { MATRIX_SETTINGS };
