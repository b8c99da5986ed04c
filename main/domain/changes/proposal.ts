import type { Finding } from '../audit/report';
import { findSetting } from '../catalog/index';
import { decodeSecurityDescriptor } from '../descriptors/binary';
import { comPermissionLabel, diffComRights } from '../descriptors/com';
import { DescriptorError } from '../descriptors/errors';
import { hexToBytes } from '../descriptors/hex';
import { formatSddl, parseSddl } from '../descriptors/sddl';
import { sidDisplayName } from '../descriptors/sid';
import type { SettingEdit } from './model';

/**
 * What a wizard opened from a finding proposes: the audit's own change (the profile's target, as the audit planned
 * it) turned back into the edit a wizard sends, with one line per change saying why in an admin's words. The values
 * come from `finding.change` only, so the proposal is the profile's target and never a second statement of it.
 */
export interface ProposedEdit extends SettingEdit {
  readonly reasons: readonly string[];
}

const asksFor = (finding: Finding) => `the audit's profile asks for ${finding.expected}`;

/** The edit that meets the profile for one finding, or null when SinkGuard has nothing to propose for it. */
export function proposedEdit(finding: Finding): ProposedEdit | null {
  const change = finding.change;
  const setting = findSetting(finding.settingId);
  if (!change || !finding.changeableLocally || !setting) return null;
  const write = change.registryWrites[0];
  const generic = [`${finding.title}: ${change.to} instead of ${change.from}, because ${asksFor(finding)}.`];
  switch (setting.kind) {
    case 'dword':
    case 'flags':
      return write?.value.type === 'REG_DWORD'
        ? { settingId: finding.settingId, value: write.value.data, reasons: generic }
        : null;
    case 'yes-no':
      return write?.value.type === 'REG_SZ'
        ? { settingId: finding.settingId, value: write.value.data, reasons: generic }
        : null;
    case 'rpc-ports': {
      const ports = change.registryWrites.find((entry) => entry.value.type === 'REG_MULTI_SZ');
      const value =
        ports?.value.type === 'REG_MULTI_SZ'
          ? { restrict: true, ports: [...ports.value.data] }
          : { restrict: false };
      return { settingId: finding.settingId, value, reasons: generic };
    }
    case 'firewall-exposure':
      return change.firewall
        ? {
            settingId: finding.settingId,
            value: { allowFrom: [...change.firewall.allowFrom] },
            reasons: generic,
          }
        : null;
    case 'descriptor':
      return write?.value.type === 'REG_BINARY'
        ? descriptorProposal(finding, write.value.data, setting.rights)
        : null;
    case 'appid-permissions':
      return null;
  }
}

/** A descriptor's proposal: the SDDL the audit would write, and per principal which rights it loses and why. */
function descriptorProposal(finding: Finding, hex: string, kind: 'access' | 'launch'): ProposedEdit | null {
  try {
    const after = decodeSecurityDescriptor(hexToBytes(hex));
    const sddl = formatSddl(after);
    const current = finding.effective.raw;
    const reasons: string[] = [];
    if (typeof current === 'string') {
      for (const entry of diffComRights(parseSddl(current), after, kind)) {
        const lost = entry.removed.filter((removed) => removed.effect === 'allow');
        if (lost.length === 0) continue;
        reasons.push(
          `${sidDisplayName(entry.sid)} loses ${lost.map((removed) => comPermissionLabel(removed.permission)).join(', ')}: Windows' default does not grant it, and ${asksFor(finding)}.`,
        );
      }
    }
    if (reasons.length === 0)
      reasons.push(`${finding.title}: back to the Windows default, because ${asksFor(finding)}.`);
    return { settingId: finding.settingId, value: sddl, reasons };
  } catch (error) {
    if (error instanceof DescriptorError) return null;
    throw error;
  }
}

/** The proposals for the given settings (a wizard's), in that order; settings with nothing to propose are left out. */
export function proposedEdits(
  findings: ReadonlyMap<string, Finding>,
  settingIds: readonly string[],
): Map<string, ProposedEdit> {
  const proposals = new Map<string, ProposedEdit>();
  for (const settingId of settingIds) {
    const finding = findings.get(settingId);
    const proposal = finding ? proposedEdit(finding) : null;
    if (proposal) proposals.set(settingId, proposal);
  }
  return proposals;
}
