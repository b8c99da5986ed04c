/**
 * Offline audit correctness: a key an export does not hold is "not in the export" (unknown), never "not set" (which
 * would read as compliant). The file's own blocks say which subtrees were exported.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_KEYS } from '../../../main/registry/audit-keys';
import {
  AuditReportSchema,
  exportRoots,
  markNotInExport,
  type AuditReport,
} from '../../../main/domain/audit/index';
import { isSameOrBelow } from '../../../main/domain/changes/index';
import { parseRegFile, writeRegFile } from '../../../main/domain/regfile/index';
import { openSimulatedMachine, type MachineProfile } from '../../../main/registry/machines';
import { runCliCaptured } from '../../support/cli';
import { exportCoveringAudit } from './support';

let directory: string;
const file = (name: string): string => path.join(directory, name);

/** Key families an admin's export commonly misses, with the settings that must turn unknown without them. */
const FAMILIES = [
  {
    name: 'Policies',
    machine: 'gpo-managed',
    root: 'HKLM\\SOFTWARE\\Policies',
    settings: ['dcom.machine-access-restriction', 'firewall.endpoint-mapper'],
  },
  { name: 'AppID', machine: 'legacy', root: AUDIT_KEYS.appId, settings: ['dcom.appid-permissions'] },
  {
    name: 'Rpc',
    machine: 'gpo-managed',
    root: 'HKLM\\SOFTWARE\\Microsoft\\Rpc',
    settings: ['rpc.dynamic-port-restriction'],
  },
  {
    name: 'firewall rules',
    machine: 'legacy',
    root: AUDIT_KEYS.firewallRules,
    settings: ['firewall.endpoint-mapper', 'firewall.dynamic-rpc', 'firewall.unsecapp'],
  },
  { name: 'CIMOM', machine: 'legacy', root: AUDIT_KEYS.cimom, settings: ['wmi.unsecapp-access-check'] },
] as const satisfies readonly { machine: MachineProfile; [key: string]: unknown }[];

const audit = async (name: string): Promise<{ report: AuditReport; text: string; code: number }> => {
  const json = await runCliCaptured(['audit', '--reg-file', file(name), '--json', '--fail-on', 'none']);
  expect(json.stderr).toBe('');
  const text = await runCliCaptured(['audit', '--reg-file', file(name), '--fail-on', 'none']);
  return { report: AuditReportSchema.parse(JSON.parse(json.stdout)), text: text.stdout, code: json.code };
};

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'sinkguard-not-in-export-'));
  for (const family of FAMILIES) {
    const full = await exportCoveringAudit(await openSimulatedMachine(family.machine));
    writeFileSync(file(`${family.machine}-full.reg`), full);
    const blocks = parseRegFile(full).blocks.filter((block) => !isSameOrBelow(block.path, family.root));
    writeFileSync(file(`${family.name}.reg`), writeRegFile({ blocks }));
  }
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('an export that lacks a key family', () => {
  it.each(FAMILIES)(
    'without $name: its settings are unknown, not in the export, never OK',
    async (family) => {
      const full = await audit(`${family.machine}-full.reg`);
      expect(full.report.machine?.keysNotInExport).toEqual([]);
      const partial = await audit(`${family.name}.reg`);
      const missing = partial.report.machine?.keysNotInExport ?? [];
      expect(missing.length).toBeGreaterThan(0);
      for (const key of missing) expect(isSameOrBelow(key, family.root)).toBe(true);

      for (const settingId of family.settings) {
        const finding = partial.report.findings.find((entry) => entry.settingId === settingId);
        expect(finding, settingId).toMatchObject({
          verdict: 'unreadable',
          standing: 'unreadable',
          meetsProfile: null,
        });
        expect(finding!.explanation).toContain('not in the export');
      }
      // Everything else reads exactly as with the full export.
      const before = new Map(full.report.findings.map((entry) => [entry.settingId, entry]));
      for (const finding of partial.report.findings) {
        if (finding.verdict === 'unreadable' && finding.explanation.includes('not in the export')) continue;
        expect(finding, finding.settingId).toEqual(before.get(finding.settingId));
      }
      expect(partial.report.summary.meetsProfile).toBe(false);
      expect(partial.text).toMatch(
        /^Not in the export: \d+ settings are unknown, not compliant: the export holds no /m,
      );
      expect(partial.text).toContain(missing[0]);
    },
  );

  it('an export of only the Ole key: nothing else reads as compliant', async () => {
    const ole = await (await openSimulatedMachine('stock')).exportKeys([AUDIT_KEYS.ole]);
    writeFileSync(file('ole-only.reg'), ole);
    const { report } = await audit('ole-only.reg');
    const ok = report.findings
      .filter((finding) => finding.verdict === 'ok')
      .map((finding) => finding.settingId);
    expect(ok.every((id) => id.startsWith('dcom.'))).toBe(true);
    expect(
      report.findings.find((finding) => finding.settingId === 'wmi.allow-anonymous-callback')?.verdict,
    ).toBe('unreadable');
    expect(report.machine?.keysNotInExport).toContain(AUDIT_KEYS.cimom);
  });
});

describe('markNotInExport', () => {
  const absent = (key: string) => ({ path: key, exists: false, values: new Map(), subkeys: [] });
  const present = (key: string) => ({ ...absent(key), exists: true });

  it('a key below an exported or deleted block is absent; one with no block above it is not in the export', () => {
    const roots = exportRoots([
      { blocks: [{ kind: 'key', path: 'HKLM\\SOFTWARE\\Policies\\Microsoft', entries: [] }] },
      { blocks: [{ kind: 'delete-key', path: 'HKLM\\SOFTWARE\\Microsoft\\Rpc' }] },
    ]);
    const { snapshots, keysNotInExport } = markNotInExport(
      [
        absent('HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM'),
        absent('HKLM\\SOFTWARE\\Microsoft\\Rpc\\Internet'),
        absent('HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM'),
        present('HKLM\\SOFTWARE\\Microsoft\\Ole'),
      ],
      roots,
    );
    expect(snapshots.map((snapshot) => snapshot.unreadable)).toEqual([
      undefined,
      undefined,
      expect.stringMatching(/^not in the export: /),
      undefined,
    ]);
    expect(keysNotInExport).toEqual(['HKLM\\SOFTWARE\\Microsoft\\WBEM\\CIMOM']);
  });

  it('keys a collector found absent count as exported; keys it could not read stay unreadable with its reason', () => {
    const { snapshots, keysNotInExport } = markNotInExport(
      [absent('HKLM\\SOFTWARE\\Classes\\AppID'), present('HKLM\\SOFTWARE\\Microsoft\\Ole')],
      exportRoots([], ['hklm\\software\\classes\\appid']),
      new Map([['HKLM\\SOFTWARE\\Microsoft\\Ole', 'reg export: Access is denied.']]),
    );
    expect(keysNotInExport).toEqual([]);
    expect(snapshots[0]!.unreadable).toBeUndefined();
    expect(snapshots[1]).toMatchObject({ exists: false, unreadable: 'reg export: Access is denied.' });
  });
});
