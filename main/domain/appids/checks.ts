import { AUTHENTICATION_LEVELS, namedValue } from '../catalog/constants';
import { findSetting } from '../catalog/settings';
import {
  WATCHED_PRINCIPALS,
  type AppIdSetting,
  type AppIdTarget,
  type DescriptorSetting,
  type Severity,
  type WatchedPrincipal,
} from '../catalog/types';
import {
  Control,
  DescriptorError,
  comPermissionLabel,
  comRightsView,
  decodeSecurityDescriptor,
  grantsRemote,
  type ComAclKind,
  type SecurityDescriptor,
} from '../descriptors';
import { effectiveDescriptor } from '../audit/descriptor';
import { showAuthenticationLevel } from './level';
import { describeRawValue, type RawObservation, type SnapshotIndex } from '../audit/snapshots';
import type { AppIdFindingCode } from './model';

/**
 * The checks of one AppID's own settings (AccessPermission, LaunchPermission, AuthenticationLevel) against a
 * profile's AppID target. Shared by the audit's `dcom.appid-permissions` finding and the AppID inventory, so the two
 * always name the same applications for the same reasons.
 */

/** One thing an application's own settings do that the profile does not allow (text without the app's name). */
export interface AppIdProblem {
  readonly code: AppIdFindingCode;
  readonly severity: Severity;
  readonly text: string;
}

/** An application's launch or access ACL as read: its own descriptor, the machine default, or unusable. */
export type AppIdAclReading =
  | { readonly kind: 'machine-default' }
  | { readonly kind: 'custom'; readonly descriptor: SecurityDescriptor }
  | { readonly kind: 'invalid'; readonly problem: string };

export interface AppIdSettingsCheck {
  readonly access: AppIdAclReading;
  readonly launch: AppIdAclReading;
  /** A valid level 1-6, else null (absent, or reported as a problem). */
  readonly authenticationLevel: number | null;
  readonly problems: readonly AppIdProblem[];
}

/** The machine-wide limit of one ACL kind as in force now (null: it cannot be told). */
export type LimitLookup = (kind: ComAclKind) => SecurityDescriptor | null;

const REMOTE = new Set(['remoteAccess', 'remoteLaunch', 'remoteActivation']);

/** `{xxxxxxxx-xxxx-...}`: an AppID key (the other subkeys, `program.exe`, only point an executable at one). */
export const APPID_KEY = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

export { showAuthenticationLevel } from './level';

/** A descriptor without a DACL lets everyone in, as a NULL DACL does. */
export const daclStated = (sd: SecurityDescriptor): SecurityDescriptor =>
  sd.control & Control.daclPresent ? sd : { ...sd, control: sd.control | Control.daclPresent };

/** The machine-wide limits (MachineAccess/LaunchRestriction, Group Policy first), each read once, lazily. */
export function machineLimits(index: SnapshotIndex): LimitLookup {
  const cache = new Map<ComAclKind, SecurityDescriptor | null>();
  return (kind) => {
    if (!cache.has(kind)) {
      const id = kind === 'access' ? 'dcom.machine-access-restriction' : 'dcom.machine-launch-restriction';
      const limit = effectiveDescriptor(findSetting(id) as DescriptorSetting, { index });
      cache.set(kind, 'descriptor' in limit ? limit.descriptor : null);
    }
    return cache.get(kind)!;
  };
}

/** The keys `machineLimits` reads (the limits' local and Group Policy keys), for a batch that needs them. */
export function machineLimitKeys(): string[] {
  return ['dcom.machine-access-restriction', 'dcom.machine-launch-restriction'].flatMap((id) => {
    const setting = findSetting(id) as DescriptorSetting;
    return [setting.location.key, ...(setting.policy ? [setting.policy.key] : [])];
  });
}

/**
 * Checks one readable AppID key: remote grants to the target's principals (weighed by whether the machine-wide limit
 * lets them through today) and an authentication level below the target's or unusable.
 */
export function checkAppIdSettings(
  observe: (value: string) => RawObservation,
  setting: AppIdSetting,
  target: AppIdTarget,
  limit: LimitLookup,
): AppIdSettingsCheck {
  const problems: AppIdProblem[] = [];
  const add = (code: AppIdFindingCode, severity: Severity, text: string) =>
    problems.push({ code, severity, text });

  const readAcl = (
    valueName: string,
    valueType: 'REG_BINARY',
    kind: ComAclKind,
    limitName: string,
  ): AppIdAclReading => {
    const observed = observe(valueName);
    if (observed.state === 'unreadable') return { kind: 'invalid', problem: observed.problem };
    if (observed.state !== 'present') return { kind: 'machine-default' };
    const value = observed.value;
    if (value.type !== valueType) {
      const problem = `${valueName} is stored as ${describeRawValue(value)}; COM expects a ${valueType} security descriptor`;
      add('invalid-value', setting.cappedSeverity, problem);
      return { kind: 'invalid', problem };
    }
    let acl: SecurityDescriptor;
    try {
      acl = daclStated(decodeSecurityDescriptor(value.data));
    } catch (error) {
      if (!(error instanceof DescriptorError)) throw error;
      const problem = `${valueName} is a corrupt security descriptor (${error.message})`;
      add('invalid-value', setting.cappedSeverity, problem);
      return { kind: 'invalid', problem };
    }
    for (const alias of target.noRemoteGrant as readonly WatchedPrincipal[]) {
      const principal = WATCHED_PRINCIPALS[alias];
      if (!grantsRemote(acl, principal.sid, kind)) continue;
      const rights = comRightsView(acl, kind).find((entry) => entry.sid === principal.sid);
      const granted = acl.dacl
        ? (rights?.allow ?? []).filter((permission) => REMOTE.has(permission)).map(comPermissionLabel)
        : ['every right (NULL DACL)'];
      const cap = limit(kind);
      const inForce = cap === null || grantsRemote(cap, principal.sid, kind);
      add(
        alias === 'AN' ? 'remote-grant-anonymous' : 'remote-grant-everyone',
        inForce ? (setting.severityByPrincipal[alias] ?? setting.severity) : setting.cappedSeverity,
        `${valueName} grants ${principal.name} ${granted.join(', ')}` +
          (cap === null
            ? ` (${limitName} cannot be read, so it may be in force)`
            : inForce
              ? `, and ${limitName} lets it through`
              : ` (capped today by ${limitName}, which does not grant it)`),
      );
    }
    return { kind: 'custom', descriptor: acl };
  };

  const access = readAcl(
    setting.values.accessPermission,
    setting.valueTypes.accessPermission,
    'access',
    'MachineAccessRestriction',
  );
  const launch = readAcl(
    setting.values.launchPermission,
    setting.valueTypes.launchPermission,
    'launch',
    'MachineLaunchRestriction',
  );

  let authenticationLevel: number | null = null;
  const level = observe(setting.values.authenticationLevel);
  if (level.state === 'present') {
    const value = level.value;
    if (value.type !== setting.valueTypes.authenticationLevel) {
      add(
        'invalid-value',
        setting.cappedSeverity,
        `AuthenticationLevel is stored as ${describeRawValue(value)}, not a REG_DWORD: CoInitializeSecurity fails and every call to the application fails`,
      );
    } else if (!namedValue(AUTHENTICATION_LEVELS, value.data)) {
      add(
        'invalid-value',
        setting.cappedSeverity,
        `AuthenticationLevel ${value.data} is outside 1-6: CoInitializeSecurity fails and every call to the application fails`,
      );
    } else {
      authenticationLevel = value.data;
      if (value.data < target.minimumAuthenticationLevel) {
        add(
          'authentication-below-profile',
          value.data === 1 ? setting.noneSeverity : setting.cappedSeverity,
          `AuthenticationLevel ${showAuthenticationLevel(value.data)}` +
            (value.data === 1
              ? ': callers are not authenticated, and COM ignores the application’s access permission'
              : `, below ${showAuthenticationLevel(target.minimumAuthenticationLevel)}`),
        );
      }
    }
  }
  // Grants first, in value order, then the level: the order the audit has always listed them in.
  return { access, launch, authenticationLevel, problems };
}
