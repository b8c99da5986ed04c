/**
 * The audit of the applications a profile names: whether each one's AppID key holds what the profile asks. The
 * comparison is the change engine's own (appIdPart: the values `apply --profile` would write), so the audit and the
 * plan never disagree about what "as asked" means.
 */
import { buildAppIdInventory } from '../appids/inventory';
import { appIdKeyPath } from '../appids/roots';
import { appIdLabel, lookupAppId } from '../appids/lookup';
import { appIdPermissions } from '../catalog/settings-dcom-activation';
import { reference } from '../catalog/references';
import { PlanInputError } from '../changes/model';
import { appIdPart, unreadableAppIdRefusal } from '../changes/plan-appid';
import { PROFILE_APPLICATIONS, changeOf, type Profile } from '../profiles/index';
import type { KeySnapshot } from '../registry-port/types';
import { standingOf } from '../report/standing';
import type { Finding } from './report';
import { SnapshotIndex } from './snapshots';

/** The finding's id: not a catalog setting (its targets are the profile's applications, not one value). */
export const PROFILE_APPLICATIONS_ID = PROFILE_APPLICATIONS.id;

const SEVERITY = 'medium';

/** A refusal's closing words, which an audit (that changes nothing anyway) leaves out. */
const NOTHING_CHANGED = / Nothing was changed\.$/;

/** One named application as the audit found it; `problem`: why it is not as asked, or cannot be compared. */
interface Checked {
  readonly id: string;
  readonly label: string;
  readonly asked: string;
  readonly problem: string | null;
  /** The key could not be read: whether it is as asked is unknown. */
  readonly unknown: boolean;
}

function check(
  entry: NonNullable<Profile['applications']>[number],
  position: number,
  inventory: ReturnType<typeof buildAppIdInventory>,
  index: SnapshotIndex,
): Checked {
  const place = `applications[${position}] (${entry.id})`;
  const found = lookupAppId(inventory, entry.id);
  if (!found.ok) {
    const unread = unreadableAppIdRefusal(entry.id, inventory.unreadable);
    return {
      id: entry.id,
      label: place,
      asked: '',
      problem: `${place}: ${unread ?? found.message}`,
      unknown: unread !== null,
    };
  }
  const application = { guid: found.entry.guid, view: found.entry.view, name: found.entry.name };
  const label = appIdLabel(found.entry);
  const account = found.entry.hosting.kind === 'service' ? found.entry.hosting.account : null;
  // Read with its root's subtree; the part is computed from that one key, as a plan reads it.
  const snapshot = index.key(appIdKeyPath(application));
  if (!snapshot)
    return { id: entry.id, label, asked: '', problem: `${label}: its key was not read`, unknown: true };
  try {
    const part = appIdPart(application, changeOf(entry), [snapshot], account);
    return {
      id: entry.id,
      label,
      asked: part.holds,
      problem: part.diff ? `${label}: ${part.diff.from} (the profile asks: ${part.diff.to})` : null,
      unknown: false,
    };
  } catch (error) {
    if (!(error instanceof PlanInputError)) throw error;
    const unknown = snapshot.unreadable !== undefined;
    return {
      id: entry.id,
      label,
      asked: '',
      problem: `${label}: ${error.reason.replace(NOTHING_CHANGED, '')}`,
      unknown,
    };
  }
}

/**
 * The finding for the applications `profile` names, from the audit's one batch read (both AppID roots with their
 * subtrees: readForAudit reads the 32-bit one too when the profile names applications); null when it names none.
 * An unknown or ambiguous ID is a shortfall named in the details, never an error.
 */
export function applicationsFinding(profile: Profile, snapshots: readonly KeySnapshot[]): Finding | null {
  const entries = profile.applications ?? [];
  if (entries.length === 0) return null;
  const index = new SnapshotIndex(snapshots);
  const inventory = buildAppIdInventory(index, appIdPermissions.baselines.recommended!);
  const checked = entries.map((entry, position) => check(entry, position, inventory, index));
  const short = checked.filter((one) => one.problem !== null);
  const unknown = short.length > 0 && short.every((one) => one.unknown);
  const meets = short.length === 0 ? true : unknown ? null : false;
  const verdict = meets === true ? 'ok' : unknown ? 'unreadable' : 'weak';
  const severity = meets === true ? null : SEVERITY;
  const count = `${entries.length} application${entries.length === 1 ? '' : 's'}`;
  const display =
    short.length === 0
      ? `${count}, each as the profile asks`
      : `${short.length} of ${count} not as the profile asks: ${short.map((one) => one.label).join(', ')}`;
  const expected = checked
    .map((one) => (one.asked ? `${one.label} ${one.asked}` : `${one.label} as the profile sets it`))
    .join('; ');
  return {
    settingId: PROFILE_APPLICATIONS_ID,
    title: PROFILE_APPLICATIONS.title,
    area: appIdPermissions.area,
    verdict,
    severity,
    standing: standingOf({ verdict, severity }),
    meetsProfile: meets,
    effective: {
      display,
      raw: checked.map((one) => ({ id: one.id, label: one.label, problem: one.problem })),
      source: 'local',
    },
    local: null,
    policy: null,
    managedByPolicy: false,
    changeableLocally: true,
    remedy: 'local',
    remedyHint: null,
    groupPolicySetting: null,
    whenAbsent: null,
    expected,
    explanation:
      short.length === 0
        ? `Each of the ${count} the "${profile.name}" profile names runs and admits callers as it asks.`
        : `${display}. \`sinkguard apply --profile\` with this profile sets them (an application it cannot find or ` +
          'change is named in the details).',
    details: short.map((one) => one.problem!),
    change: null,
    restartRequired: false,
    rationale:
      'A profile can name the DCOM applications whose identity and permissions it fixes: the server that must run ' +
      'as an account whose callbacks authenticate, the one that must not grant ANONYMOUS LOGON or Everyone.',
    sideEffects:
      'A new identity takes effect the next time the server starts and must be able to read what the server uses; a ' +
      'permission narrowed or set back to the machine default refuses the callers that relied on it (E_ACCESSDENIED).',
    references: appIdPermissions.references.map(reference),
  };
}
