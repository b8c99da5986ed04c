import type { AuditReport } from '../audit/report';
import { CATALOG } from '../catalog/settings';
import { STANDINGS, standingOf, type Standing } from '../report/standing';
import type { Drift, FleetCounts, FleetHost, MatrixRow } from './report';

/** The matrix columns: every catalog setting, in catalog order. */
export const MATRIX_SETTINGS: readonly { settingId: string; title: string }[] = CATALOG.map((setting) => ({
  settingId: setting.id,
  title: setting.title,
}));

const worstOf = (standings: readonly (Standing | null)[]): Standing | null => {
  let worst: Standing | null = null;
  for (const standing of standings)
    if (standing !== null && (worst === null || STANDINGS.indexOf(standing) < STANDINGS.indexOf(worst)))
      worst = standing;
  return worst;
};

/** Memory stays bounded however large the fleet: facts tracked at most, and host names kept per fact. */
export const MAX_FACTS = 2_000;
export const MAX_HOSTS_PER_FACT = 100;

/** A host's row: its standing on every matrix setting (the compact part kept for the whole fleet). */
export function matrixRow(host: FleetHost): MatrixRow {
  const report = host.report;
  const bySetting = new Map(report?.findings.map((finding) => [finding.settingId, standingOf(finding)]));
  return {
    host: host.host,
    status: host.status,
    standings: MATRIX_SETTINGS.map((setting) => bySetting.get(setting.settingId) ?? null),
    score: report?.summary.score ?? null,
    keysNotInExport: report?.machine?.keysNotInExport?.length ?? 0,
  };
}

/**
 * The fleet's counts, built one host at a time so no host's report is kept: only its row, and the host's name in
 * the lists of the settings and facts it falls short on.
 */
export class FleetTally {
  readonly rows: MatrixRow[] = [];
  private readonly bySetting = new Map<
    string,
    { settingId: string; title: string; standing: Standing; hosts: string[] }
  >();
  private readonly byFinding = new Map<
    string,
    { settingId: string; finding: string; count: number; hosts: string[] }
  >();
  private factsNotCounted = false;

  add(host: FleetHost): MatrixRow {
    const row = matrixRow(host);
    this.rows.push(row);
    for (const finding of host.report?.findings ?? []) {
      const standing = standingOf(finding);
      if (standing === 'ok') continue;
      const key = `${finding.settingId}\u0000${standing}`;
      const entry = this.bySetting.get(key) ?? {
        settingId: finding.settingId,
        title: finding.title,
        standing,
        hosts: [],
      };
      entry.hosts.push(host.host);
      this.bySetting.set(key, entry);
      if (finding.meetsProfile !== false) continue;
      for (const fact of new Set(finding.details)) {
        const factKey = `${finding.settingId}\u0000${fact}`;
        let found = this.byFinding.get(factKey);
        if (!found) {
          if (this.byFinding.size >= MAX_FACTS) {
            this.factsNotCounted = true;
            continue;
          }
          found = { settingId: finding.settingId, finding: fact, count: 0, hosts: [] };
          this.byFinding.set(factKey, found);
        }
        found.count++;
        if (found.hosts.length < MAX_HOSTS_PER_FACT) found.hosts.push(host.host);
      }
    }
    return row;
  }

  counts(): FleetCounts {
    const byWorstStanding = Object.fromEntries(STANDINGS.map((standing) => [standing, 0])) as Record<
      Standing,
      number
    >;
    let audited = 0;
    for (const row of this.rows) {
      if (row.status !== 'audited') continue;
      audited++;
      const worst = worstOf(row.standings);
      if (worst !== null) byWorstStanding[worst]++;
    }
    const order = (setting: string) => MATRIX_SETTINGS.findIndex((entry) => entry.settingId === setting);
    return {
      hosts: this.rows.length,
      audited,
      unreadable: this.rows.length - audited,
      byWorstStanding,
      bySetting: [...this.bySetting.values()].sort(
        (a, b) =>
          STANDINGS.indexOf(a.standing) - STANDINGS.indexOf(b.standing) ||
          b.hosts.length - a.hosts.length ||
          order(a.settingId) - order(b.settingId),
      ),
      byFinding: [...this.byFinding.values()].sort(
        (a, b) => b.count - a.count || order(a.settingId) - order(b.settingId),
      ),
      findingsNotCounted: this.factsNotCounted,
    };
  }
}

/**
 * What changed between an earlier collection and this one, host by host and setting by setting (a host that could not
 * be read in either has every setting at null there). Rows are matched by host name, case-insensitively.
 */
export function driftBetween(
  compareTo: string,
  before: readonly MatrixRow[],
  after: readonly MatrixRow[],
): Drift {
  const fold = (host: string) => host.toUpperCase();
  const earlier = new Map(before.map((row) => [fold(row.host), row]));
  const later = new Set(after.map((row) => fold(row.host)));
  const changed: Drift['changed'] = [];
  for (const row of after) {
    const old = earlier.get(fold(row.host));
    if (!old) continue;
    MATRIX_SETTINGS.forEach((setting, index) => {
      const from = old.standings[index] ?? null;
      const to = row.standings[index] ?? null;
      if (from !== to) changed.push({ host: row.host, ...setting, from, to });
    });
  }
  return {
    compareTo,
    changed,
    newHosts: after.filter((row) => !earlier.has(fold(row.host))).map((row) => row.host),
    goneHosts: before.filter((row) => !later.has(fold(row.host))).map((row) => row.host),
  };
}

/** Whether any audited host has a finding at or above `threshold` (a severity rank), as `audit --fail-on` judges one. */
export function reportExceeds(report: AuditReport, atLeast: (severity: string) => boolean): boolean {
  return report.findings.some((finding) => finding.severity !== null && atLeast(finding.severity));
}
