/**
 * A change to one DCOM application (its AppID key) as an ordinary Plan: the same value changes, diff, warnings and
 * review words as a profile's, so apply, verify, rollback, journal, history and restore treat it like any other.
 */
import { APPID_VALUES, appIdGuid } from '../appids/keys';
import { APPID_ROOTS, appIdKeyPath } from '../appids/roots';
import type { AppIdChange, AppIdInventory, AppIdView } from '../appids/model';
import { identityFromRunAs } from '../appids/identity';
import { appIdLabel } from '../appids/lookup';
import { RUN_AS_VALUES } from '../appids/run-as';
import { appIdPermissions } from '../catalog/settings-dcom-activation';
import type { ComAclKind } from '../descriptors/com';
import type { KeySnapshot, RegistryValue } from '../registry-port/types';
import { appIdWarnings, text } from './appid-warnings';
import { appIdValuePhrase } from './appid-words';
import {
  PlanInputError,
  type AppIdRef,
  type AppIdRequest,
  type Plan,
  type PlanWarning,
  type SettingDiff,
  type ValueChange,
} from './model';
import type { PlanContext } from './plan-build';
import { diffLines } from './plan-diff';
import { comAclBytes } from './plan-edits';
import { indexSnapshots, sameValue, valueIn } from './values';

const SETTING = appIdPermissions;

/** `{GUID} (name)` as the inventory names applications, with the view when it is the 32-bit one. */
export function applicationLabel(application: AppIdRef): string {
  const label = appIdLabel({ guid: application.guid, name: application.name ?? application.guid });
  return application.view === '32-bit' ? `${label}, 32-bit view` : label;
}

/** How a plan, the history and a restore title an application's change. */
export const appIdTitle = (application: AppIdRef): string =>
  `DCOM application ${applicationLabel(application)}`;

/** The application whose AppID key `key` is (in either view), or null for any other key. */
export function appIdOfKey(key: string): AppIdRef | null {
  const cut = key.lastIndexOf('\\');
  const parent = key.slice(0, cut).toUpperCase();
  const guid = appIdGuid(key.slice(cut + 1));
  const view = (Object.keys(APPID_ROOTS) as AppIdView[]).find(
    (candidate) => APPID_ROOTS[candidate].toUpperCase() === parent,
  );
  return guid && view ? { guid, view, name: null } : null;
}

/** The keys an application's plan reads: its AppID key alone (it must exist: a plan never creates one). */
export function appIdPlanKeys(application: Pick<AppIdRef, 'guid' | 'view'>): string[] {
  return [appIdKeyPath(application)];
}

/**
 * Why an identity change of a service-hosted AppID is refused, and how the admin changes the service's account
 * (`account`: its logon account, when known).
 */
export function serviceIdentityRefusal(service: string, account?: string | null): string {
  const now = account ? ` (now ${account})` : '';
  return (
    `it is hosted by the Windows service "${service}" (LocalService), so it runs as that service's logon account${now} ` +
    'and COM ignores RunAs: SinkGuard does not write it. Change the account in Services (services.msc › ' +
    `${service} › Properties › Log On), or with \`sc.exe config "${service}" obj= "NT AUTHORITY\\NetworkService" ` +
    'password= ""`, then restart the service. Nothing was changed.'
  );
}

const unreadableRefusal = (key: string, problem: string): string =>
  `its key ${key} cannot be read (${problem}); SinkGuard changes only what it can read and back up first. ` +
  'Nothing was changed.';

/**
 * Why `id`, which names no application the inventory holds, may still name one: its key, or a whole AppID root,
 * could not be read. The refusal's words, or null when nothing unread could hold it.
 */
export function unreadableAppIdRefusal(id: string, unreadable: AppIdInventory['unreadable']): string | null {
  const guid = appIdGuid(`{${id.trim().replace(/^\{|\}$/g, '')}}`);
  const roots = Object.values(APPID_ROOTS).map((root) => root.toUpperCase());
  const behind = unreadable.find(
    ({ path }) =>
      roots.includes(path.toUpperCase()) || (guid !== null && path.toUpperCase().endsWith(`\\${guid}`)),
  );
  return behind ? unreadableRefusal(behind.path, behind.problem) : null;
}

/** One value the change asks for: its name and what it should hold (null: removed). */
export interface Wanted {
  readonly name: string;
  readonly after: RegistryValue | null;
}

/**
 * The values `change` asks of an AppID key (null: the value removed): the one mapping of identities and
 * permissions to registry values, used by plans, the audit and the fleet exports. `subject` names the application
 * in a refusal (a permission COM would not accept).
 */
export function appIdWantedValues(change: AppIdChange, subject: string): Wanted[] {
  const wanted: Wanted[] = [];
  if (change.runAs !== undefined) {
    const runAs = RUN_AS_VALUES[change.runAs];
    wanted.push({ name: APPID_VALUES.runAs, after: runAs === null ? null : { type: 'REG_SZ', data: runAs } });
  }
  const permissions: [AppIdChange['access'], string, ComAclKind][] = [
    [change.access, APPID_VALUES.accessPermission, 'access'],
    [change.launch, APPID_VALUES.launchPermission, 'launch'],
  ];
  for (const [asked, name, kind] of permissions) {
    if (asked === undefined) continue;
    wanted.push({
      name,
      after:
        asked === 'default'
          ? null
          : { type: 'REG_BINARY', data: comAclBytes(asked.sddl, kind, name, subject) },
    });
  }
  if (change.authenticationLevel !== undefined)
    wanted.push({
      name: APPID_VALUES.authenticationLevel,
      after: { type: 'REG_DWORD', data: change.authenticationLevel },
    });
  return wanted;
}

/** Whether the value already holds what is wanted; RunAs names an identity, compared as Windows does (any case). */
function alreadyHolds(wanted: Wanted, before: RegistryValue | null): boolean {
  if (wanted.name === APPID_VALUES.runAs && text(before) !== null && wanted.after !== null)
    return identityFromRunAs(text(before)).kind === identityFromRunAs(text(wanted.after)).kind;
  return sameValue(before, wanted.after);
}

/** The value's name as the key spells it (a write keeps the stored spelling), or the canonical one. */
function storedName(snapshot: KeySnapshot, name: string): string {
  return [...snapshot.values.keys()].find((stored) => stored.toUpperCase() === name.toUpperCase()) ?? name;
}

/**
 * One application's part of a plan: the value changes `change` makes to its AppID key, read from `snapshots` (which
 * must hold appIdPlanKeys(application)), the diff entry and the warnings; empty when the key already holds what is
 * asked. `serviceAccount`: its hosting service's logon account, when the caller read it, for the refusal's words.
 * Refused (PlanInputError) when the key cannot be read or does not exist, when an identity is asked of a
 * service-hosted AppID, when a permission is not one COM would accept, and when nothing is asked. Shared by
 * `appid set` and profiles that name applications: one mapping of identities and permissions to values.
 */
export function appIdPart(
  application: AppIdRef,
  change: AppIdChange,
  snapshots: readonly KeySnapshot[],
  serviceAccount: string | null = null,
): AppIdPart {
  const key = appIdKeyPath(application);
  const snapshot = indexSnapshots(snapshots)(key);
  if (!snapshot) throw new Error(`planning bug: the AppID key ${key} was not read`);
  // Named as the inventory names it: the key's default value, else what the caller knew (an executable's name).
  const name = text(valueIn(snapshot, '')) || application.name || null;
  const target = { ...application, name };
  const subject = `AppID ${applicationLabel(target)}`;
  if (snapshot.unreadable !== undefined)
    throw new PlanInputError(subject, unreadableRefusal(key, snapshot.unreadable));
  if (!snapshot.exists) throw new PlanInputError(subject, `no such application: ${key} does not exist`);
  const service = text(valueIn(snapshot, APPID_VALUES.localService));
  if (change.runAs !== undefined && service)
    throw new PlanInputError(subject, serviceIdentityRefusal(service, serviceAccount));

  const wanted = appIdWantedValues(change, subject);
  if (wanted.length === 0)
    throw new PlanInputError(
      subject,
      'nothing asked: give an identity (--run-as), a permission (--access, --launch) or --authentication-level',
    );
  const valueChanges: ValueChange[] = [];
  for (const value of wanted) {
    const before = valueIn(snapshot, value.name);
    if (alreadyHolds(value, before)) continue;
    valueChanges.push({
      settingId: SETTING.id,
      key: snapshot.path,
      name: storedName(snapshot, value.name),
      action: value.after === null ? 'delete' : 'write',
      type: (value.after ?? before)!.type,
      before,
      after: value.after,
    });
  }
  const phrases = (side: 'before' | 'after') =>
    valueChanges.map((value) => appIdValuePhrase(value.name, value[side])).join('; ');
  return {
    application: target,
    subject,
    holds: wanted.map((value) => appIdValuePhrase(value.name, value.after)).join('; '),
    valueChanges,
    warnings: appIdWarnings(valueChanges),
    diff:
      valueChanges.length === 0
        ? null
        : {
            settingId: SETTING.id,
            title: appIdTitle(target),
            from: phrases('before'),
            to: phrases('after'),
            lines: valueChanges.flatMap((value) => diffLines(SETTING, value)),
            restartRequired: false,
          },
  };
}

/** What appIdPart yields for one application. */
export interface AppIdPart {
  /** The application, named as its key's default value names it. */
  readonly application: AppIdRef;
  /** `AppID {GUID} (name)`, how a refusal names it. */
  readonly subject: string;
  /** What the key holds once changed, in words (`runs as Network Service; ...`). */
  readonly holds: string;
  readonly valueChanges: readonly ValueChange[];
  readonly warnings: readonly PlanWarning[];
  /** null when nothing changes. */
  readonly diff: SettingDiff | null;
}

/**
 * Plans `change` to one application from ONE read of appIdPlanKeys(application) (see appIdPart); also refused when
 * the change would change nothing.
 */
export function planForAppId(
  application: AppIdRef,
  change: AppIdChange,
  context: PlanContext,
  serviceAccount: string | null = null,
): Plan {
  const part = appIdPart(application, change, context.snapshots, serviceAccount);
  if (part.diff === null)
    throw new PlanInputError(part.subject, `nothing to change: it already ${part.holds}`);
  return {
    id: context.id,
    createdAt: context.createdAt,
    target: { kind: 'appid', application: part.application, change },
    backend: context.backend,
    keysRead: context.snapshots.map((read) => read.path),
    fingerprint: context.fingerprint,
    valueChanges: [...part.valueChanges],
    firewallChanges: [],
    createdKeys: [],
    skipped: [],
    warnings: [...part.warnings],
    diff: [part.diff],
  };
}

/**
 * A profile's plan with the changes of the applications it names (each resolved to its key by the inventory and
 * read in the plan's batch); an application already as asked adds nothing.
 */
export function withApplications(
  plan: Plan,
  applications: readonly AppIdRequest[],
  snapshots: readonly KeySnapshot[],
): Plan {
  if (applications.length === 0) return plan;
  const parts = applications.map((request) =>
    appIdPart(request.application, request.change, snapshots, request.serviceAccount),
  );
  return {
    ...plan,
    valueChanges: [...plan.valueChanges, ...parts.flatMap((part) => part.valueChanges)],
    warnings: [...plan.warnings, ...parts.flatMap((part) => part.warnings)],
    diff: [...plan.diff, ...parts.flatMap((part) => (part.diff ? [part.diff] : []))],
  };
}
