import {
  entryInterval,
  formatInterval,
  fullInterval,
  isFullInterval,
  subtractIntervals,
  unionIntervals,
  type AddressInterval,
  type IpFamily,
} from './addresses';
import type { FirewallRule } from './rule-string';

/** Remote-address scopes: a rule's addresses and keywords, their union and difference, in words. */

export interface KeywordScope {
  readonly keyword: string;
  readonly family: IpFamily | null;
}

export interface Scope {
  readonly intervals: readonly AddressInterval[];
  readonly keywords: readonly KeywordScope[];
}

export const ANY_SCOPE: Scope = { intervals: [fullInterval(4), fullInterval(6)], keywords: [] };

export function ruleScope(rule: FirewallRule): Scope {
  if (rule.remoteAddresses === 'any') return ANY_SCOPE;
  const intervals: AddressInterval[] = [];
  const keywords: KeywordScope[] = [];
  for (const entry of rule.remoteAddresses) {
    const concrete = entryInterval(entry);
    if (concrete) intervals.push(...concrete);
    else if (entry.kind === 'keyword') keywords.push({ keyword: entry.keyword, family: entry.family });
  }
  return { intervals: unionIntervals(intervals), keywords };
}

const sameKeyword = (a: KeywordScope, b: KeywordScope): boolean =>
  a.keyword.toLowerCase() === b.keyword.toLowerCase() && (a.family === b.family || b.family === null);

export function unionScopes(scopes: readonly Scope[]): Scope {
  const keywords: KeywordScope[] = [];
  for (const scope of scopes) {
    for (const keyword of scope.keywords)
      if (!keywords.some((known) => sameKeyword(known, keyword))) keywords.push(keyword);
  }
  return { intervals: unionIntervals(scopes.flatMap((scope) => scope.intervals)), keywords };
}

export function isEmptyScope(scope: Scope): boolean {
  return scope.intervals.length === 0 && scope.keywords.length === 0;
}

/** `allow` minus `block`, exactly where both are concrete; keywords only cancel the same keyword or a full block. */
export function subtractScope(allow: Scope, block: Scope): { scope: Scope; except: string[] } {
  const fullFamilies = new Set(block.intervals.filter(isFullInterval).map((interval) => interval.family));
  const intervals = subtractIntervals(allow.intervals, block.intervals);
  const keywords = allow.keywords.filter(
    (keyword) =>
      !block.keywords.some((blocked) => sameKeyword(keyword, blocked)) &&
      !(keyword.family !== null
        ? fullFamilies.has(keyword.family)
        : fullFamilies.has(4) && fullFamilies.has(6)),
  );
  const except: string[] = [];
  if (intervals.length > 0 || keywords.length > 0) {
    for (const blocked of block.keywords) {
      if (!allow.keywords.some((keyword) => sameKeyword(keyword, blocked)))
        except.push(describeKeyword(blocked));
    }
    if (keywords.length > 0) {
      for (const interval of block.intervals)
        if (!isFullInterval(interval)) except.push(formatInterval(interval));
    }
  }
  return { scope: { intervals, keywords }, except };
}

export function describeKeyword(keyword: KeywordScope): string {
  return keyword.family === null ? keyword.keyword : `${keyword.keyword} (IPv${keyword.family})`;
}

export function describeScope(scope: Scope): { any: boolean; entries: string[] } {
  const fullFamilies = scope.intervals.filter(isFullInterval).map((interval) => interval.family);
  if (fullFamilies.includes(4) && fullFamilies.includes(6)) return { any: true, entries: ['Any'] };
  const entries: string[] = [];
  for (const interval of scope.intervals) {
    entries.push(isFullInterval(interval) ? `any IPv${interval.family} address` : formatInterval(interval));
  }
  // A keyword given for both families (RA4=LocalSubnet|RA6=LocalSubnet) reads as one entry.
  const seen = new Set<string>();
  for (const keyword of scope.keywords) {
    const lower = keyword.keyword.toLowerCase();
    if (seen.has(lower)) continue;
    const families = new Set(
      scope.keywords.filter((k) => k.keyword.toLowerCase() === lower).map((k) => k.family),
    );
    seen.add(lower);
    entries.push(
      families.has(null) || (families.has(4) && families.has(6)) ? keyword.keyword : describeKeyword(keyword),
    );
  }
  return { any: false, entries };
}

export function describeRuleRemote(rule: FirewallRule): string {
  return describeScope(ruleScope(rule)).entries.join(', ') || 'nobody';
}
