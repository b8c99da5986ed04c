import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';
import type { ExposureReport } from '../../../main/domain/firewall/exposure';

describe('sinkguard exposure', () => {
  it('prints the analysis of a simulated legacy machine and exits 1 for its findings', async () => {
    const run = await runCliCaptured(['exposure', '--registry', 'simulated:legacy']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('RPC endpoint mapper (TCP 135, RpcSs): TCP 135');
    expect(run.stdout).toMatch(
      / {2}Public {2}OPEN {4}Public: RPC endpoint mapper \(TCP 135, RpcSs\) is reachable from Any/,
    );
    expect(run.stdout).toContain('[high] open-to-any-on-public');
  });

  it('prints JSON and exits 0 on a stock machine', async () => {
    const run = await runCliCaptured(['exposure', '--registry', 'simulated:stock', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ExposureReport;
    expect(report.targets.map((target) => target.profiles.map((profile) => profile.open))).toEqual([
      [false, false, false],
      [false, false, false],
      [false, false, false],
    ]);
    expect(report.findings.map((finding) => finding.code)).toEqual(['callbacks-blocked']);
  });

  it('names a bad --registry choice in a one-line error', async () => {
    const run = await runCliCaptured(['exposure', '--registry', 'simulated:nowhere']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sinkguard: .*nowhere.*\n$/);
  });
});
