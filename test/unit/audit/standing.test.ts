import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../main/domain/audit/report';
import { SCORE_CAP, postureScore, standingOf } from '../../../main/domain/report/standing';
import { auditSimulated } from './support';

type Scored = Pick<Finding, 'settingId' | 'severity' | 'meetsProfile'>;
const met = (settingId: string): Scored => ({ settingId, severity: null, meetsProfile: true });
const short = (settingId: string, severity: Finding['severity']): Scored => ({
  settingId,
  severity,
  meetsProfile: false,
});
// Catalog settings of each base severity used below.
const FINE = [
  'dcom.enable-dcom',
  'dcom.legacy-impersonation-level',
  'firewall.unsecapp',
  'wmi.allow-anonymous-callback',
];

describe('posture score', () => {
  it('is 100 when everything meets the profile, and weighs a shortfall by its severity', () => {
    expect(postureScore(FINE.map(met))).toBe(100);
    const low = postureScore([...FINE.map(met), short('dcom.legacy-secure-references', 'low')]);
    const high = postureScore([...FINE.map(met), short('dcom.legacy-secure-references', 'high')]);
    expect(low).toBeGreaterThan(high);
    expect(high).toBeLessThanOrEqual(SCORE_CAP.high);
  });

  it('never reads 50% or better with a critical finding, however many settings are fine', () => {
    const many = Array.from({ length: 40 }, () => met('dcom.enable-dcom'));
    expect(postureScore([...many, short('dcom.machine-access-restriction', 'critical')])).toBe(
      SCORE_CAP.critical,
    );
    expect(SCORE_CAP.critical).toBeLessThan(50);
  });

  it('counts an unreadable setting as falling short', () => {
    const unreadable: Scored = { settingId: 'dcom.enable-dcom', severity: 'medium', meetsProfile: null };
    expect(postureScore([...FINE.map(met), unreadable])).toBeLessThan(100);
  });

  it('the weakened machine with 7 critical findings scores 20 (it read 50% before)', async () => {
    const report = await auditSimulated('legacy');
    expect(report.findings.filter((finding) => finding.standing === 'critical')).toHaveLength(7);
    expect(report.summary.score).toBe(SCORE_CAP.critical);
  });
});

describe('standing: one word per finding', () => {
  it('names a shortfall by its severity, anything else by its state', () => {
    expect(standingOf({ verdict: 'weak', severity: 'high' })).toBe('high');
    expect(standingOf({ verdict: 'weak', severity: 'low' })).toBe('low');
    expect(standingOf({ verdict: 'critical', severity: 'critical' })).toBe('critical');
    expect(standingOf({ verdict: 'managed', severity: 'high' })).toBe('managed');
    expect(standingOf({ verdict: 'unreadable', severity: 'medium' })).toBe('unreadable');
    expect(standingOf({ verdict: 'ok', severity: null })).toBe('ok');
  });

  it('every audited finding carries the standing of its verdict and severity', async () => {
    const report = await auditSimulated('gpo-managed');
    for (const finding of report.findings) expect(finding.standing).toBe(standingOf(finding));
  });
});
