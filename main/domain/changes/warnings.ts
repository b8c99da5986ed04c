import { satisfies } from '../audit/scalar';
import { namedValue } from '../catalog/constants';
import { WATCHED_PRINCIPALS, type CatalogSetting } from '../catalog/types';
import { decodeSecurityDescriptor } from '../descriptors/binary';
import { diffComRights, remoteRightsBeyondDefault, type ComAclKind } from '../descriptors/com';
import { DescriptorError } from '../descriptors/errors';
import { parseSddl } from '../descriptors/sddl';
import { parseFirewallRule } from '../firewall/rule-string';
import type { SecurityDescriptor } from '../descriptors/model';
import type { FirewallChange, PlanWarning, ValueChange } from './model';

const REMOTE_PERMISSIONS = new Set(['remoteAccess', 'remoteLaunch', 'remoteActivation']);

/** The descriptor a value holds, or Windows' default when absent (its effect is what the admin loses or gains). */
function descriptorOf(value: ValueChange['before'], fallbackSddl: string | null): SecurityDescriptor | null {
  try {
    if (value?.type === 'REG_BINARY') return decodeSecurityDescriptor(value.data);
    return fallbackSddl === null ? null : parseSddl(fallbackSddl);
  } catch (error) {
    if (error instanceof DescriptorError) return null;
    throw error;
  }
}

/** Principals that lose a remote right in this change. */
export function principalsLosingRemote(
  before: SecurityDescriptor | null,
  after: SecurityDescriptor | null,
  kind: ComAclKind,
): Set<string> {
  if (!before || !after) return new Set();
  return new Set(
    diffComRights(before, after, kind)
      .filter((change) =>
        change.removed.some((entry) => entry.effect === 'allow' && REMOTE_PERMISSIONS.has(entry.permission)),
      )
      .map((change) => change.sid),
  );
}

const fill = (message: string, value: string): string => message.replaceAll('{value}', value);

/**
 * Who a setting's change affects. Always the catalog's side effects; then the catalog's own warnings for the change
 * made (`callbackWarnings`): who breaks when unauthenticated or anonymous callers are stopped, and what they must do,
 * and, for a descriptor that now grants ANONYMOUS LOGON or Everyone a remote right beyond Windows' default, why not.
 */
export function warningsFor(
  setting: CatalogSetting,
  values: readonly ValueChange[],
  firewall: readonly FirewallChange[],
  defaultSddl: string | null,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const warn = (message: string, breaksCallbacks = true): void => {
    warnings.push({ settingId: setting.id, breaksCallbacks, message });
  };
  const write = values.find((change) => change.action === 'write');
  const written = write?.after ?? null;
  switch (setting.kind) {
    case 'dword':
      if (written?.type === 'REG_DWORD') {
        const named = namedValue(setting.allowed, written.data);
        const shown = named ? `${written.data} (${named.name})` : String(written.data);
        for (const warning of setting.callbackWarnings ?? [])
          if (satisfies(warning.when, written.data)) warn(fill(warning.message, shown));
      }
      break;
    case 'yes-no':
      if (written?.type === 'REG_SZ') {
        const value = written.data.toUpperCase() as 'Y' | 'N';
        for (const warning of setting.callbackWarnings ?? [])
          if (satisfies(warning.when, value)) warn(fill(warning.message, value));
      }
      break;
    case 'flags':
      if (written?.type === 'REG_DWORD') {
        const before = write?.before?.type === 'REG_DWORD' ? write.before.data : 0;
        for (const warning of setting.callbackWarnings ?? []) {
          const bit = setting.flags.find((flag) => flag.name === warning.flagSet)?.value ?? 0;
          if (written.data & bit && !(before & bit)) warn(warning.message);
        }
      }
      break;
    case 'descriptor':
      for (const change of values) {
        const before = descriptorOf(change.before, defaultSddl);
        const after = descriptorOf(change.after, defaultSddl);
        const losing = principalsLosingRemote(before, after, setting.rights);
        const beyond = (sd: SecurityDescriptor | null) =>
          new Set(sd ? remoteRightsBeyondDefault(sd, setting.windowsDefault).map((entry) => entry.sid) : []);
        const [grantedBefore, grantedAfter] = [beyond(before), beyond(after)];
        for (const warning of setting.callbackWarnings ?? []) {
          const sid = WATCHED_PRINCIPALS[warning.principal].sid;
          if (warning.when === 'remote-removed' && losing.has(sid)) warn(warning.message);
          // Granting is a weakening, not a break: flagged, but not as a callback that stops working.
          if (warning.when === 'remote-granted' && grantedAfter.has(sid) && !grantedBefore.has(sid))
            warn(warning.message, false);
        }
      }
      break;
    case 'firewall-exposure':
      if (firewall.length > 0) {
        const closing = firewall.some((change) => change.allowFrom.length === 0);
        // Opening a closed target (enabling disabled rules only) stops nothing that arrived before.
        const narrowsOpenRule = firewall.some((change) =>
          change.steps.some((step) => parseFirewallRule(step.ruleBefore).active),
        );
        if (narrowsOpenRule) {
          const when = closing ? 'closed' : 'narrowed';
          for (const warning of setting.callbackWarnings ?? [])
            if (warning.when === when) warn(warning.message);
        }
      }
      break;
    case 'rpc-ports':
    case 'appid-permissions':
      break;
  }
  warnings.push({ settingId: setting.id, breaksCallbacks: false, message: setting.sideEffects });
  return warnings;
}
