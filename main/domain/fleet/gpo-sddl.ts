import {
  artifactBaseName,
  commentBlock,
  headerLines,
  notCarriedReportedOnly,
  settingTitle,
  type FleetArtifact,
  type NotCarried,
} from './artifact';
import { notCarriedApplications } from './applications';
import { isPolicyValue, type DesiredPolicyDescriptor, type DesiredState } from './desired-state';

/** `HKLM\SOFTWARE\Policies\...` as secedit spells it in GptTmpl.inf: `MACHINE\Software\Policies\...` (G3). */
function infKey(key: string): string {
  return key.replace(/^HKLM\\SOFTWARE\\/i, 'MACHINE\\Software\\');
}

/** One `[Registry Values]` line: reg_type 1 (REG_SZ), the SDDL quoted (SDDL never holds a double quote). */
export function registryValuesLine(policy: DesiredPolicyDescriptor): string {
  if (policy.sddl.includes('"') || /[\r\n]/.test(policy.sddl)) {
    throw new Error(`internal: SDDL for ${policy.name} cannot be quoted in GptTmpl.inf`);
  }
  return `${infKey(policy.key)}\\${policy.name}=1,"${policy.sddl}"`;
}

function notCarriedByGpoSddl(state: DesiredState): NotCarried[] {
  const carried = new Set(state.policyDescriptors.map((policy) => policy.settingId));
  const reasons = new Map<string, string>();
  for (const desired of state.values) {
    if (carried.has(desired.settingId) || reasons.has(desired.settingId)) continue;
    reasons.set(
      desired.settingId,
      isPolicyValue(desired)
        ? 'is a Group Policy value, not a security option: use the pol export'
        : 'has no DCOM SDDL security option: use the reg, ps1 or ansible export',
    );
  }
  for (const firewall of state.firewall) {
    reasons.set(firewall.settingId, 'firewall rules are not security options: use the ps1 or ansible export');
  }
  return [
    ...notCarriedReportedOnly(state),
    ...[...reasons].map(([settingId, reason]) => ({ settingId, title: settingTitle(settingId), reason })),
    ...notCarriedApplications(
      state.applications,
      "the DCOM SDDL security options are machine-wide limits; an application's own identity and permissions " +
        'have no security option: use the reg, ps1 or ansible export',
    ),
  ];
}

/**
 * The SDDL strings for the "DCOM: Machine Access/Launch Restrictions in SDDL syntax" security options, and the
 * same as a GptTmpl.inf `[Registry Values]` fragment. CRLF text; `;` starts a comment in GptTmpl.inf.
 */
export function compileGpoSddl(state: DesiredState): FleetArtifact {
  const notCarried = notCarriedByGpoSddl(state);
  const notes = [
    'Group Policy: Computer Configuration > Windows Settings > Security Settings > Local Policies > Security Options.',
    'The policy values take precedence over HKLM\\SOFTWARE\\Microsoft\\Ole and apply without a restart.',
    'The SDDL is the Windows default descriptor, which grants nobody a remote right beyond the default.',
  ];
  const lines = commentBlock(';', headerLines(state, 'DCOM SDDL security options (GPO)', notCarried, notes));
  lines.push(';');
  for (const policy of state.policyDescriptors) {
    lines.push(`; ${policy.optionName}:`, `;   ${policy.sddl}`);
  }
  if (state.policyDescriptors.length === 0)
    lines.push('; The profile sets neither DCOM SDDL security option.');
  lines.push(
    ';',
    '; GptTmpl.inf fragment (Machine\\Microsoft\\Windows NT\\SecEdit\\GptTmpl.inf, saved as UTF-16LE):',
    '[Registry Values]',
    ...state.policyDescriptors.map(registryValuesLine),
    '',
  );
  return {
    format: 'gpo-sddl',
    fileName: `${artifactBaseName(state.profile.name)}-dcom-sddl.inf`,
    content: { kind: 'text', text: lines.join('\r\n') },
    notCarried,
    leftAlone: state.leftAlone,
  };
}
