/** The fleet tally stays bounded: distinct facts and host names per fact are capped, and it says so. */
import { describe, expect, it } from 'vitest';
import { FleetTally, driftBetween } from '../../../main/domain/fleet-audit/index';
import { MAX_FACTS, MAX_HOSTS_PER_FACT } from '../../../main/domain/fleet-audit/aggregate';
import type { AuditReport } from '../../../main/domain/audit/index';
import { auditSimulated } from '../audit/support';

const legacy = await auditSimulated('legacy');

const withFact = (fact: string): AuditReport => ({
  ...legacy,
  findings: legacy.findings.map((finding, index) =>
    index === 0
      ? { ...finding, verdict: 'weak', severity: 'high', meetsProfile: false, details: [fact] }
      : finding,
  ),
});

describe('FleetTally', () => {
  it('counts a fact on every host but names only the first hosts, and stops tracking new facts past the cap', () => {
    const tally = new FleetTally();
    const sharedReport = withFact('SHARED FACT: Everyone may launch');
    for (let host = 0; host < MAX_HOSTS_PER_FACT + 50; host++)
      tally.add({
        host: `H${host}`,
        entry: `H${host}`,
        status: 'audited',
        problem: null,
        report: sharedReport,
      });
    for (let host = 0; host < MAX_FACTS + 10; host++)
      tally.add({
        host: `U${host}`,
        entry: `U${host}`,
        status: 'audited',
        problem: null,
        report: withFact(`unique ${host}`),
      });
    const counts = tally.counts();
    const shared = counts.byFinding.find((entry) => entry.finding === 'SHARED FACT: Everyone may launch')!;
    expect(shared.count).toBe(MAX_HOSTS_PER_FACT + 50);
    expect(shared.hosts).toHaveLength(MAX_HOSTS_PER_FACT);
    expect(shared.hosts[0]).toBe('H0');
    // Every fact the legacy machine brings is on every host: most hosts first.
    expect(counts.byFinding[0]!.count).toBe(MAX_HOSTS_PER_FACT + 50 + MAX_FACTS + 10);
    expect(counts.byFinding).toHaveLength(MAX_FACTS);
    expect(counts.byFinding.some((entry) => entry.finding === `unique ${MAX_FACTS + 9}`)).toBe(false);
    expect(counts.findingsNotCounted).toBe(true);
    expect(counts).toMatchObject({ hosts: MAX_HOSTS_PER_FACT + 50 + MAX_FACTS + 10, unreadable: 0 });
  });

  it('drift: a host unreadable before and audited now changes from null on each assessed setting', () => {
    const tally = new FleetTally();
    const row = tally.add({ host: 'A', entry: 'A', status: 'audited', problem: null, report: legacy });
    const before = [{ ...row, status: 'unreadable' as const, standings: row.standings.map(() => null) }];
    const drift = driftBetween('old', before, [row]);
    expect(drift.changed.length).toBe(row.standings.filter((standing) => standing !== null).length);
    expect(drift.changed.every((change) => change.from === null && change.host === 'A')).toBe(true);
  });
});
