/**
 * Over generated fleets (test/support/fleet-generator.ts): every host's result in `fleet audit` equals
 * `audit --reg-file … --manifest …` on its bundle; partial exports are reported with their unknowns; the drift
 * between two collections lists exactly the hosts and settings that changed, and the hosts added and gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSameOrBelow } from '../../../main/domain/changes/index';
import { MANIFEST_FILE_NAME } from '../../../main/domain/fleet/manifest';
import { MATRIX_SETTINGS, type FleetReport } from '../../../main/domain/fleet-audit/index';
import { standingOf } from '../../../main/domain/report/standing';
import { AUDIT_KEYS } from '../../../main/registry/audit-keys';
import { fleetSpecs, writeFleet, type HostSpec } from '../../support/fleet-generator';
import { fleetJson, singleAudit, timeless } from './support';

const COUNT = 120;
let root: string;
let specs: HostSpec[];
let report: FleetReport;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sinkguard-generated-'));
  specs = fleetSpecs({ count: COUNT, seed: 20261206, partialEvery: 20 });
  await writeFleet(join(root, 'a'), specs);
  const run = await fleetJson([join(root, 'a'), '--fail-on', 'none']);
  expect(run.run.code).toBe(0);
  report = run.report;
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

const bundleOf = (collection: string, host: string, folder: FleetReport['hosts'][number]) => {
  const paths = folder.report!.machine!.source.replace(/^offline: /, '').split(', ');
  return { paths, manifest: join(collection, host, MANIFEST_FILE_NAME) };
};

describe('a generated fleet of 120 hosts', () => {
  it('varies: all three machines, several standings per setting, some partial exports', () => {
    expect(new Set(specs.map((spec) => spec.machine)).size).toBe(3);
    expect(specs.filter((spec) => spec.missing !== null)).toHaveLength(COUNT / 20);
    const levels = new Set(
      report.matrix.rows.map(
        (row) =>
          row.standings[MATRIX_SETTINGS.findIndex((s) => s.settingId === 'dcom.legacy-authentication-level')],
      ),
    );
    expect(levels.size).toBeGreaterThan(2);
  });

  it('audits every host exactly as audit --reg-file --manifest does on its bundle (all 120)', async () => {
    expect(report.hosts.map((host) => host.host)).toEqual(specs.map((spec) => spec.host));
    expect(report.counts).toMatchObject({ hosts: COUNT, audited: COUNT, unreadable: 0 });
    for (const host of report.hosts) {
      const { paths, manifest } = bundleOf(join(root, 'a'), host.host, host);
      expect(paths.every((path) => path.startsWith(join(root, 'a', host.host)))).toBe(true);
      const single = await singleAudit(paths, manifest);
      expect(timeless(host.report!), host.host).toEqual(timeless(single));
      expect(host.report!.machine).toMatchObject({
        hostName: host.host,
        backend: 'reg-file',
        collectedAt: '2026-12-01T00:00:00.000Z',
      });
    }
  }, 300_000);

  it('reports a partial export with its unknowns, and only those', () => {
    for (const [index, spec] of specs.entries()) {
      const host = report.hosts[index]!;
      const missing = host.report!.machine!.keysNotInExport!;
      if (spec.missing === null) {
        expect(missing, spec.host).toEqual([]);
        continue;
      }
      expect(missing.length, spec.host).toBeGreaterThan(0);
      for (const key of missing) expect(isSameOrBelow(key, spec.missing)).toBe(true);
      const unknown = host.report!.findings.filter((finding) =>
        finding.explanation.includes('not in the export'),
      );
      expect(unknown.length, spec.host).toBeGreaterThan(0);
      for (const finding of unknown)
        expect(finding).toMatchObject({ verdict: 'unreadable', meetsProfile: null });
      expect(report.matrix.rows[index]!.keysNotInExport).toBe(missing.length);
    }
    expect(
      specs.some((spec) => spec.missing === AUDIT_KEYS.appId || spec.missing === AUDIT_KEYS.firewallRules),
    ).toBe(true);
  });

  it('drift against a later collection lists exactly the changed hosts and settings, and the hosts added and gone', async () => {
    const changedHosts = new Set([3, 17, 42, 77, 99].map((index) => specs[index]!.host));
    const later = specs
      .filter((spec) => spec.host !== specs[5]!.host)
      .map((spec): HostSpec => {
        if (!changedHosts.has(spec.host)) return spec;
        const level = spec.machine === 'legacy' ? 6 : 1;
        const writes = spec.writes.filter((write) => write.name !== 'LegacyAuthenticationLevel');
        return {
          ...spec,
          writes: [
            ...writes,
            {
              key: AUDIT_KEYS.ole,
              name: 'LegacyAuthenticationLevel',
              value: { type: 'REG_DWORD', data: level },
            },
          ],
        };
      });
    later.push({ ...specs[0]!, host: 'HOST-NEW' });
    await writeFleet(join(root, 'b'), later);
    const { report: drifted } = await fleetJson([
      join(root, 'b'),
      '--compare',
      join(root, 'a'),
      '--fail-on',
      'none',
    ]);
    const drift = drifted.drift!;
    expect(drift.compareTo).toBe(join(root, 'a'));
    expect(drift.newHosts).toEqual(['HOST-NEW']);
    expect(drift.goneHosts).toEqual([specs[5]!.host]);
    expect(new Set(drift.changed.map((change) => change.host))).toEqual(changedHosts);
    // Exactly what single-host audits of the two bundles say changed.
    const expected: typeof drift.changed = [];
    for (const host of drifted.hosts.filter((entry) => changedHosts.has(entry.host))) {
      const old = report.hosts.find((entry) => entry.host === host.host)!;
      const standings = (findings: NonNullable<typeof host.report>['findings']) =>
        new Map(findings.map((finding) => [finding.settingId, standingOf(finding)]));
      const before = standings(old.report!.findings);
      const after = standings(host.report!.findings);
      for (const setting of MATRIX_SETTINGS) {
        const from = before.get(setting.settingId) ?? null;
        const to = after.get(setting.settingId) ?? null;
        if (from !== to) expected.push({ host: host.host, ...setting, from, to });
      }
    }
    expect(drift.changed).toEqual(expected);
    expect(
      drift.changed.every(
        (change) =>
          change.settingId === 'dcom.legacy-authentication-level' ||
          change.settingId === 'dcom.appid-permissions',
      ),
    ).toBe(true);
    expect(
      drift.changed.filter((change) => change.settingId === 'dcom.legacy-authentication-level'),
    ).toHaveLength(changedHosts.size);
  }, 300_000);
});
