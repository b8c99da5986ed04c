import {
  WATCHED_PRINCIPALS,
  worstSeverity,
  type AppIdSetting,
  type AppIdTarget,
  type Severity,
} from '../catalog/types';
import {
  APPID_KEY,
  checkAppIdSettings,
  machineLimits,
  showAuthenticationLevel as showLevel,
} from '../appids/checks';
import type { Evaluation, EvaluationContext } from './evaluation';

/** One thing an application's AppID does that the profile does not allow. */
interface AppIdProblem {
  readonly appId: string;
  readonly severity: Severity;
  readonly text: string;
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

  const limit = machineLimits(context.index);
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

    const check = checkAppIdSettings(observe, setting, target, limit);
    for (const problem of check.problems) add(problem.severity, problem.text);
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
