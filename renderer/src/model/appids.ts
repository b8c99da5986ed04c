import { describeHosting, describeIdentity } from '../../../main/domain/appids/identity';
import type { AppIdEntry } from '../../../main/domain/appids/model';
import { isAtFault, worstFinding } from '../../../main/domain/appids/standing';
import { showAuthenticationLevel } from '../../../main/domain/appids/level';
import { severityRank, type Severity } from '../../../main/domain/catalog/types';

/**
 * The DCOM applications table as data: one row per AppID in admins' words, and the search and "at fault only" filter.
 * Pure, so what the page shows and filters is unit-tested without a browser.
 */
export interface AppIdRow {
  /** GUID and view: the same AppID may be listed once per registry view when the two differ. */
  readonly id: string;
  readonly entry: AppIdEntry;
  readonly name: string;
  readonly guid: string;
  readonly hosting: string;
  readonly identity: string;
  readonly authentication: string;
  /** The worst finding's severity, null without findings. */
  readonly worst: Severity | null;
  /** For sorting by the worst finding: -1 none, 0 low … 3 critical. */
  readonly worstRank: number;
  readonly atFault: boolean;
}

export const rowId = (entry: Pick<AppIdEntry, 'guid' | 'view'>): string => `${entry.guid}|${entry.view}`;

export function appIdRow(entry: AppIdEntry): AppIdRow {
  const worst = worstFinding(entry);
  return {
    id: rowId(entry),
    entry,
    name: entry.view === '32-bit' ? `${entry.name} (32-bit)` : entry.name,
    guid: entry.guid,
    hosting: describeHosting(entry.hosting),
    identity: describeIdentity(entry.identity),
    authentication:
      entry.authenticationLevel === null
        ? 'Machine default'
        : showAuthenticationLevel(entry.authenticationLevel),
    worst,
    worstRank: worst === null ? -1 : severityRank(worst),
    atFault: isAtFault(entry),
  };
}

/**
 * The rows a search and the switch leave: the search matches name, GUID (braces optional) or an executable, any
 * case, each word of it somewhere.
 */
export function filterAppIdRows(
  rows: readonly AppIdRow[],
  { search, atFaultOnly }: { readonly search: string; readonly atFaultOnly: boolean },
): AppIdRow[] {
  const words = search.trim().toLowerCase().replace(/[{}]/g, '').split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (atFaultOnly && !row.atFault) return false;
    if (words.length === 0) return true;
    const haystack = [row.name, row.guid.replace(/[{}]/g, ''), ...row.entry.executables]
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** The worst finding in words, for the table: low findings are advice, not faults. */
export function worstLabel(worst: Severity | null): string {
  switch (worst) {
    case null:
      return 'None';
    case 'low':
      return 'Advice';
    default:
      return worst.charAt(0).toUpperCase() + worst.slice(1);
  }
}
