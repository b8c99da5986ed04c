import type { AuditReport } from '../audit/report';
import { CATALOG, namedValue, type DwordSetting } from '../catalog';

/**
 * The RPC settings that exist only as Group Policy values (the catalog's `group-policy` remedy): shown whether or not
 * the profile assesses them, in the app, the CLI's text and the HTML report alike, since no wizard can change them.
 */
export const POLICY_ONLY_RPC_SETTINGS: readonly DwordSetting[] = CATALOG.filter(
  (setting): setting is DwordSetting =>
    setting.kind === 'dword' && setting.area === 'rpc' && setting.remedy === 'group-policy',
);

export interface PolicyOnlyReading {
  readonly display: string;
  /** True when a GPO has set the value; false when it is not configured (or cannot be read). */
  readonly configured: boolean;
  readonly meaning: string;
  readonly affects: string | null;
  /** The value's standing under the profile, or null when the profile does not assess it. */
  readonly assessed: AuditReport['findings'][number] | null;
}

/**
 * What one policy-only setting holds today, from its finding when the profile assesses it, else from the audit's
 * reading of it; the meaning and who it affects are the catalog's words for that value.
 */
export function policyOnlyReading(report: AuditReport, setting: DwordSetting): PolicyOnlyReading | null {
  const finding = report.findings.find((candidate) => candidate.settingId === setting.id) ?? null;
  const current =
    finding?.effective ?? report.notAssessed.find((entry) => entry.settingId === setting.id)?.current ?? null;
  if (!current) return null;
  const configured = current.source !== 'default';
  const named = typeof current.raw === 'number' ? namedValue(setting.allowed, current.raw) : undefined;
  const absentValue =
    setting.whenAbsent.value === null ? undefined : namedValue(setting.allowed, setting.whenAbsent.value);
  return {
    display: current.display,
    configured,
    meaning: configured ? (named?.meaning ?? current.display) : setting.whenAbsent.meaning,
    affects: configured
      ? (named?.affects ?? null)
      : (setting.whenAbsent.affects ?? absentValue?.affects ?? null),
    assessed: finding,
  };
}

/** Each policy-only setting with what it holds now, in the catalog's order (settings the audit did not read: left out). */
export function policyOnlyReadings(
  report: AuditReport,
): { readonly setting: DwordSetting; readonly reading: PolicyOnlyReading }[] {
  return POLICY_ONLY_RPC_SETTINGS.flatMap((setting) => {
    const reading = policyOnlyReading(report, setting);
    return reading ? [{ setting, reading }] : [];
  });
}

/** One line for a reading: what it holds, whether a GPO set it, and what that means. */
export function policyOnlySentence(setting: DwordSetting, reading: PolicyOnlyReading): string {
  return (
    `${setting.title}: ${reading.display} (${reading.configured ? 'set by Group Policy' : 'not configured in Group Policy'}). ` +
    reading.meaning +
    (setting.groupPolicy ? ` Set in: ${setting.groupPolicy}.` : '')
  );
}
