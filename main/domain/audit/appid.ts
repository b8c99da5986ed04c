import { AUTHENTICATION_LEVELS, namedValue } from '../catalog/constants';
import { findSetting } from '../catalog/settings';
import {
  WATCHED_PRINCIPALS,
  worstSeverity,
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
import { effectiveDescriptor } from './descriptor';
import type { Evaluation, EvaluationContext } from './evaluation';
import { describeRawValue } from './snapshots';

/** One thing an application's AppID does that the profile does not allow. */
interface AppIdProblem {
  readonly appId: string;
  readonly severity: Severity;
  readonly text: string;
}

const REMOTE = new Set(['remoteAccess', 'remoteLaunch', 'remoteActivation']);
/** An AppID key's name: `{GUID}` (the other subkeys, `program.exe`, point an executable at one). */
export const APPID_KEY = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

const showLevel = (level: number): string => {
  const named = namedValue(AUTHENTICATION_LEVELS, level);
  return named ? `${level} (${named.name})` : String(level);
};

/** A descriptor without a DACL lets everyone in, as a NULL DACL does. */
const daclStated = (sd: SecurityDescriptor): SecurityDescriptor =>
  sd.control & Control.daclPresent ? sd : { ...sd, control: sd.control | Control.daclPresent };

/** The machine-wide limit that caps an AppID's ACL of this kind, as in force now (null: it cannot be told). */
function limitFor(kind: ComAclKind, context: EvaluationContext): SecurityDescriptor | null {
  const id = kind === 'access' ? 'dcom.machine-access-restriction' : 'dcom.machine-launch-restriction';
  const setting = findSetting(id) as DescriptorSetting;
  const limit = effectiveDescriptor(setting, context);
  return 'descriptor' in limit ? limit.descriptor : null;
}

/**
 * The per-application settings of every AppID under HKLM\SOFTWARE\Classes\AppID (read with its subtree, one export):
 * remote grants to the watched principals in AccessPermission / LaunchPermission, and authentication levels below
 * the profile's. Reported only: the finding names the AppIDs at fault and where to fix them.
 */
export function evaluateAppIds(
  setting: AppIdSetting,
  target: AppIdTarget,
  context: EvaluationContext,
): Evaluation {
  const watched = target.noRemoteGrant.map((alias) => WATCHED_PRINCIPALS[alias].name);
  const expected =
    `no AppID grants ${watched.join(' or ') || 'anyone in particular'} a remote right, ` +
    `and none has an AuthenticationLevel below ${showLevel(target.minimumAuthenticationLevel)}`;
  const base = { local: null, policy: null, managedByPolicy: false, expected, change: null };
  const unreadable = (problem: string): Evaluation => ({
    ...base,
    effective: { display: 'unknown', raw: null, source: 'local' },
    meets: null,
    problem,
    severityIfShort: setting.severity,
    explanation: `The per-application DCOM settings could not be read: ${problem}.`,
    details: [],
  });

  const root = context.index.key(setting.key);
  if (!root) return unreadable(`the key ${setting.key} was not read`);
  if (root.unreadable !== undefined) return unreadable(root.unreadable);
  if (!root.exists) {
    return {
      ...base,
      effective: { display: 'no AppID key', raw: [], source: 'default' },
      meets: true,
      problem: null,
      severityIfShort: setting.severity,
      explanation: `No AppID key. ${setting.whenAbsent.meaning}`,
      details: [],
    };
  }
  const notRead = root.subkeys.filter((name) => !context.index.key(`${setting.key}\\${name}`));
  if (notRead.length > 0)
    return unreadable(
      `${notRead.length} AppID subkeys were not read (the key must be read with its subtree)`,
    );

  const limits: Record<ComAclKind, SecurityDescriptor | null | undefined> = {
    access: undefined,
    launch: undefined,
  };
  const limit = (kind: ComAclKind) =>
    limits[kind] === undefined ? (limits[kind] = limitFor(kind, context)) : limits[kind];
  const problems: AppIdProblem[] = [];
  const labels = new Map<string, string>();

  // AppIDs are the {GUID} keys; the others (`program.exe`) only point a program at one and carry no settings.
  const appIds = root.subkeys.filter((name) => APPID_KEY.test(name));
  for (const appId of appIds) {
    const path = `${setting.key}\\${appId}`;
    const observe = (value: string) => context.index.observe({ key: path, value });
    const name = observe('');
    const label =
      name.state === 'present' && name.value.type === 'REG_SZ' && name.value.data !== ''
        ? `${appId} (${name.value.data})`
        : appId;
    labels.set(appId, label);
    const add = (severity: Severity, text: string) =>
      problems.push({ appId, severity, text: `${label}: ${text}` });
    if (name.state === 'unreadable') {
      add(setting.cappedSeverity, `could not be read (${name.problem}); its permissions are unknown`);
      continue;
    }

    const acls = [
      [
        setting.values.accessPermission,
        setting.valueTypes.accessPermission,
        'access',
        'MachineAccessRestriction',
      ],
      [
        setting.values.launchPermission,
        setting.valueTypes.launchPermission,
        'launch',
        'MachineLaunchRestriction',
      ],
    ] as const;
    for (const [valueName, valueType, kind, limitName] of acls) {
      const observed = observe(valueName);
      if (observed.state !== 'present') continue;
      const value = observed.value;
      if (value.type !== valueType) {
        add(
          setting.cappedSeverity,
          `${valueName} is stored as ${describeRawValue(value)}; COM expects a ${valueType} security descriptor`,
        );
        continue;
      }
      let acl: SecurityDescriptor;
      try {
        acl = daclStated(decodeSecurityDescriptor(value.data));
      } catch (error) {
        if (!(error instanceof DescriptorError)) throw error;
        add(setting.cappedSeverity, `${valueName} is a corrupt security descriptor (${error.message})`);
        continue;
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
          inForce ? (setting.severityByPrincipal[alias] ?? setting.severity) : setting.cappedSeverity,
          `${valueName} grants ${principal.name} ${granted.join(', ')}` +
            (cap === null
              ? ` (${limitName} cannot be read, so it may be in force)`
              : inForce
                ? `, and ${limitName} lets it through`
                : ` (capped today by ${limitName}, which does not grant it)`),
        );
      }
    }

    const level = observe(setting.values.authenticationLevel);
    if (level.state === 'present') {
      const value = level.value;
      if (value.type !== setting.valueTypes.authenticationLevel) {
        add(
          setting.cappedSeverity,
          `AuthenticationLevel is stored as ${describeRawValue(value)}, not a REG_DWORD: CoInitializeSecurity fails and every call to the application fails`,
        );
      } else if (!namedValue(AUTHENTICATION_LEVELS, value.data)) {
        add(
          setting.cappedSeverity,
          `AuthenticationLevel ${value.data} is outside 1-6: CoInitializeSecurity fails and every call to the application fails`,
        );
      } else if (value.data < target.minimumAuthenticationLevel) {
        add(
          value.data === 1 ? setting.noneSeverity : setting.cappedSeverity,
          `AuthenticationLevel ${showLevel(value.data)}` +
            (value.data === 1
              ? ': callers are not authenticated, and COM ignores the application’s access permission'
              : `, below ${showLevel(target.minimumAuthenticationLevel)}`),
        );
      }
    }
  }

  const atFault = [...new Set(problems.map((problem) => problem.appId))];
  const count = appIds.length;
  const display =
    atFault.length === 0
      ? `${count} AppID${count === 1 ? '' : 's'}, none at fault`
      : `${atFault.length} of ${count} AppID${count === 1 ? '' : 's'} at fault: ${atFault.map((appId) => labels.get(appId)).join(', ')}`;
  return {
    ...base,
    effective: {
      display,
      raw: atFault.map((appId) => ({
        appId,
        label: labels.get(appId) ?? appId,
        problems: problems.filter((problem) => problem.appId === appId).map((problem) => problem.text),
      })),
      source: 'local',
    },
    meets: problems.length === 0,
    problem: null,
    severityIfShort: worstSeverity(problems.map((problem) => problem.severity)) ?? setting.severity,
    explanation:
      problems.length === 0
        ? `None of the ${count} AppIDs grants ${watched.join(' or ')} a remote right or sets an authentication level below ${showLevel(target.minimumAuthenticationLevel)}.`
        : `${atFault.length} application${atFault.length === 1 ? '' : 's'} weaken${atFault.length === 1 ? 's' : ''} DCOM on ${atFault.length === 1 ? 'its' : 'their'} own: ${atFault.map((appId) => labels.get(appId)).join(', ')}.`,
    details: problems.map((problem) => problem.text),
  };
}
