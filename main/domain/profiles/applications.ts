import { z } from 'zod';
import { AppIdChange } from '../appids/model';
import { comAclProblem } from '../changes/com-acl';
import type { ComAclKind } from '../descriptors/com';
import { DescriptorError } from '../descriptors/errors';
import { parseSddl } from '../descriptors/sddl';

/**
 * A profile's per-application settings: which DCOM applications (AppIDs) it sets, and to what. Each entry is an
 * AppIdChange (the one definition `appid set` and the wizard use) plus the application's ID.
 */

/** How audits and exports name a profile's applications as a whole (not a catalog setting: many values, by ID). */
export const PROFILE_APPLICATIONS = {
  id: 'dcom.profile-applications',
  title: 'DCOM applications the profile names',
} as const;

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** `{GUID}` in upper case when `id` is an AppID (braces optional), or null when it names an executable. */
export function profileAppIdGuid(id: string): string | null {
  const guid = GUID.exec(id.trim())?.[1];
  return guid ? `{${guid.toUpperCase()}}` : null;
}

/** An executable's file name as the `program.exe` keys spell it: no folder, no characters Windows forbids. */
const FORBIDDEN = /[\\/:*?"<>|]/;
const isExecutableName = (id: string): boolean =>
  id.trim() === id && !FORBIDDEN.test(id) && [...id].every((char) => char.charCodeAt(0) >= 0x20);

const idSchema = z
  .string()
  .min(1)
  .max(260)
  .refine((id) => profileAppIdGuid(id) !== null || isExecutableName(id), {
    error:
      'expected an AppID ({xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}) or an executable file name (program.exe) without a folder',
  })
  .describe(
    'The application: its AppID GUID, or the file name of its executable where that maps to exactly one AppID',
  );

/** Why COM would refuse `sddl` as the application's permission of this kind, or null when it would accept it. */
function sddlProblem(sddl: string, kind: ComAclKind): string | null {
  try {
    return comAclProblem(parseSddl(sddl), kind);
  } catch (error) {
    if (error instanceof DescriptorError) return `invalid SDDL: ${error.message}`;
    throw error;
  }
}

export const ProfileApplicationSchema = z
  .strictObject({ id: idSchema, ...AppIdChange.shape })
  .superRefine((entry, context) => {
    const { id: _id, ...asked } = entry;
    if (Object.values(asked).every((value) => value === undefined))
      context.addIssue({
        code: 'custom',
        message: 'names no setting: give runAs, access, launch or authenticationLevel',
      });
    for (const kind of ['access', 'launch'] as const) {
      const permission = entry[kind];
      if (permission === undefined || permission === 'default') continue;
      const problem = sddlProblem(permission.sddl, kind);
      if (problem)
        context.addIssue({
          code: 'custom',
          path: [kind, 'sddl'],
          message: `not a descriptor COM accepts as the ${kind} permission: ${problem}`,
        });
    }
  });
export type ProfileApplication = z.infer<typeof ProfileApplicationSchema>;

/** The same application named twice (same AppID, or same executable in any case) is refused: which one wins? */
const sameApplication = (id: string): string => profileAppIdGuid(id) ?? id.toLowerCase();

export const ProfileApplicationsSchema = z
  .array(ProfileApplicationSchema)
  .max(1000)
  .superRefine((entries, context) => {
    const seen = new Map<string, number>();
    for (const [index, entry] of entries.entries()) {
      const first = seen.get(sameApplication(entry.id));
      if (first !== undefined)
        context.addIssue({
          code: 'custom',
          path: [index, 'id'],
          message: `names the same application as applications[${first}]; give each application once`,
        });
      else seen.set(sameApplication(entry.id), index);
    }
  })
  .describe(
    'Per-application DCOM settings (AppID): the identity the server runs as, its access and launch permissions ("default" = the machine default), its authentication level',
  );

/** The change an entry asks of its application (the entry without its ID). */
export function changeOf(entry: ProfileApplication): AppIdChange {
  const { id: _id, ...change } = entry;
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined)) as AppIdChange;
}
