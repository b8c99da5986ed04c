/**
 * The applications a profile names, as fleet exports carry them. An export is made without the target machine, so
 * it can only address an application by its AppID: the key HKLM\SOFTWARE\Classes\AppID\{GUID} (the 64-bit view,
 * the one 64-bit COM reads). An application named by its executable is resolved on the machine by the ps1 only
 * (from the `program.exe` key's AppID value); reg and ansible refuse it, naming the entry.
 */
import { APPID_ROOTS, appIdKeyPath } from '../appids/roots';
import { appIdWantedValues } from '../changes/plan-appid';
import { PROFILE_APPLICATIONS, changeOf, profileAppIdGuid, type Profile } from '../profiles/index';
import type { RegFileBlock } from '../regfile/index';
import type { RegistryValue } from '../registry-port/types';
import { FleetExportError, type NotCarried } from './artifact';
import type { ExportFormat } from './formats';

/** One value an application's entry sets (null: removed, so the machine default applies). */
export interface DesiredAppIdValue {
  readonly name: string;
  readonly value: RegistryValue | null;
}

export interface DesiredApplication {
  /** As the profile names it: a GUID or an executable's file name. */
  readonly id: string;
  /** `{GUID}` in upper case; null when the profile names an executable. */
  readonly guid: string | null;
  readonly values: readonly DesiredAppIdValue[];
}

/** The applications' values, computed by the change engine's own mapping (appIdWantedValues). */
export function desiredApplications(profile: Profile): DesiredApplication[] {
  return (profile.applications ?? []).map((entry, index) => ({
    id: entry.id,
    guid: profileAppIdGuid(entry.id),
    values: appIdWantedValues(changeOf(entry), `applications[${index}] (${entry.id})`).map((wanted) => ({
      name: wanted.name,
      value: wanted.after,
    })),
  }));
}

/** The 64-bit view's AppID root, where reg and ansible write. */
export const APPID_ROOT = APPID_ROOTS['64-bit'];

/**
 * Refuses a profile naming an application by executable for a format that cannot look it up on the machine: which
 * AppID `program.exe` maps to differs from machine to machine.
 */
export function requireAppIdGuids(
  applications: readonly DesiredApplication[],
  format: ExportFormat,
): asserts applications is readonly (DesiredApplication & { readonly guid: string })[] {
  const index = applications.findIndex((application) => application.guid === null);
  if (index < 0) return;
  throw new FleetExportError(
    format,
    `applications[${index}].id`,
    `"${applications[index]!.id}" names an executable, which maps to an AppID only on each machine; the ${format} ` +
      'export cannot look it up there. Name the application by its AppID ({xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, ' +
      '`sinkguard appid show NAME` gives it), or use the ps1 export, which looks the executable up on each machine',
  );
}

/** The AppID keys' `.reg` blocks: each value set, or deleted (`"Name"=-`) where the profile asks for the default. */
export function appIdRegBlocks(applications: readonly DesiredApplication[]): RegFileBlock[] {
  requireAppIdGuids(applications, 'reg');
  return applications.map((application) => ({
    kind: 'key',
    path: appIdKeyPath({ guid: application.guid, view: '64-bit' }),
    entries: application.values.map((wanted) =>
      wanted.value === null
        ? { kind: 'delete' as const, name: wanted.name }
        : { kind: 'set' as const, name: wanted.name, value: wanted.value },
    ),
  }));
}

/** For a format that carries no per-application setting (pol, gpo-sddl): the applications, named, and why. */
export function notCarriedApplications(
  applications: readonly DesiredApplication[],
  reason: string,
): NotCarried[] {
  if (applications.length === 0) return [];
  return [
    {
      settingId: PROFILE_APPLICATIONS.id,
      title: PROFILE_APPLICATIONS.title,
      reason: `${applications.map((application) => application.id).join(', ')}: ${reason}`,
    },
  ];
}
