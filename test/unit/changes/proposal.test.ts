import { describe, expect, it } from 'vitest';
import { runAudit } from '../../../main/domain/audit/index';
import { planForEdits, planForProfile, planKeys, type Plan } from '../../../main/domain/changes/index';
import { proposedEdit, proposedEdits } from '../../../main/domain/changes/proposal';
import { BUILT_IN_PROFILE_NAMES, builtInProfile } from '../../../main/domain/profiles/index';
import { MACHINE_PROFILES, openSimulatedMachine, type MachineProfile } from '../../../main/registry/machines';

async function contextOf(machine: MachineProfile) {
  const port = await openSimulatedMachine(machine);
  return {
    id: '20250102T030405Z-0123abcd',
    createdAt: '2025-01-02T03:04:05.000Z',
    backend: port.description,
    snapshots: await port.readKeys(planKeys()),
    fingerprint: 'f',
  };
}

/** What a plan does, in no order: each value written or deleted, and each firewall target's new scope. */
const effectOf = (plan: Plan) => ({
  values: plan.valueChanges
    .map((change) => JSON.stringify([change.key, change.name, change.action, change.after]))
    .sort(),
  firewall: plan.firewallChanges.map((change) => [change.settingId, change.allowFrom]),
});

describe('the wizards’ proposal is the audit’s own change', () => {
  it.each(
    MACHINE_PROFILES.flatMap((machine) =>
      BUILT_IN_PROFILE_NAMES.map((profile) => [machine, profile] as const),
    ),
  )('%s with %s: planning the proposals does what planning the profile does', async (machine, name) => {
    const context = await contextOf(machine);
    const profile = builtInProfile(name);
    const report = runAudit(context.snapshots, profile);
    const findings = new Map(report.findings.map((finding) => [finding.settingId, finding]));
    const proposals = [...proposedEdits(findings, [...findings.keys()]).values()];
    const edits = proposals.map(({ settingId, value }) => ({ settingId, value }));
    expect(effectOf(planForEdits(edits, context))).toEqual(effectOf(planForProfile(profile, context)));
    // Every proposal explains itself, and only findings that fall short get one.
    for (const proposal of proposals) {
      expect(proposal.reasons.length).toBeGreaterThan(0);
      expect(findings.get(proposal.settingId)!.meetsProfile).not.toBe(true);
    }
  });

  it('legacy: takes Remote Access from ANONYMOUS LOGON, saying why, and raises the authentication level', async () => {
    const context = await contextOf('legacy');
    const report = runAudit(context.snapshots, builtInProfile('recommended'));
    const findings = new Map(report.findings.map((finding) => [finding.settingId, finding]));
    const access = proposedEdit(findings.get('dcom.machine-access-restriction')!)!;
    expect(access.value).toMatch(/^O:.*D:/);
    // ANONYMOUS LOGON keeps local access only (CC DC), no longer remote access (LC).
    expect(access.value).toContain('(A;;CCDC;;;AN)');
    expect(access.reasons).toEqual([
      expect.stringMatching(/^ANONYMOUS LOGON loses Remote Access: Windows' default does not grant it/),
    ]);
    const level = proposedEdit(findings.get('dcom.legacy-authentication-level')!)!;
    expect(level.value).toBeGreaterThanOrEqual(5);
    expect(level.reasons[0]).toContain('RPC_C_AUTHN_LEVEL_PKT_INTEGRITY');
    // Settings that meet the profile, or that only Group Policy or the admin by hand fixes, get no proposal.
    expect(proposedEdit(findings.get('dcom.enable-dcom')!)).toBeNull();
    expect(proposedEdit(findings.get('dcom.appid-permissions')!)).toBeNull();
    expect(proposedEdit(findings.get('firewall.unsecapp')!)!.value).toEqual({ allowFrom: ['LocalSubnet'] });
    expect(proposedEdit(findings.get('firewall.endpoint-mapper')!)!.value).toEqual({
      allowFrom: ['LocalSubnet'],
    });
  });
});
