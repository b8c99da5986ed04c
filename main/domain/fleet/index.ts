/**
 * Fleet exports: a hardening profile compiled into what existing fleet engines apply (`reg import`, PowerShell,
 * Ansible, Group Policy). Pure: the desired state comes from the profile and the catalog alone.
 */
import type { Profile } from '../profiles/profile';
import { compileAnsible } from './ansible';
import type { ExportFormat, FleetArtifact } from './artifact';
import { profileDesiredState } from './desired-state';
import { compileGpoSddl } from './gpo-sddl';
import { compileRegistryPol } from './pol';
import { compilePowerShell } from './ps1';
import { compileReg } from './reg';

export {
  EXPORT_FORMATS,
  EXPORT_FORMAT_INFO,
  FleetExportError,
  asciiJson,
  type ArtifactContent,
  type ExportFormat,
  type ExportFormatInfo,
  type FleetArtifact,
  type NotCarried,
} from './artifact';
export {
  BUILT_IN_WMI_RULES,
  POLICY_KEY,
  isPolicyValue,
  localValues,
  profileDesiredState,
  wholeValues,
  type AcceptRule,
  type DesiredFirewall,
  type DesiredPolicyDescriptor,
  type DesiredState,
  type DesiredValue,
  type FirewallTargetName,
  type LeftAlone,
  type ReportedOnly,
} from './desired-state';
export { type DesiredApplication, type DesiredAppIdValue } from './applications';
export {
  narrowRuleId,
  narrowRules,
  notCarriedOtherRules,
  type NarrowRule,
  type NarrowRulesRefused,
} from './firewall';
export { ANSIBLE_LINE_LIMIT, COMMENT_CONTINUATION, UNSAFE_TAG, ansiblePlay, compileAnsible } from './ansible';
export { compileGpoSddl, registryValuesLine } from './gpo-sddl';
export { compileRegistryPol, policyEntries, writeRegistryPol, type PolicyEntry } from './pol';
export {
  DATA_LINE_PREFIX,
  compilePowerShell,
  powerShellData,
  type PowerShellData,
  type PowerShellValue,
} from './ps1';
export { compileReg, desiredRegBlocks } from './reg';

const COMPILERS: Readonly<
  Record<ExportFormat, (state: ReturnType<typeof profileDesiredState>) => FleetArtifact>
> = {
  reg: compileReg,
  ps1: compilePowerShell,
  ansible: compileAnsible,
  pol: compileRegistryPol,
  'gpo-sddl': compileGpoSddl,
};

/** Compiles a validated profile into one fleet format. */
export function exportProfile(profile: Profile, format: ExportFormat): FleetArtifact {
  return COMPILERS[format](profileDesiredState(profile));
}
