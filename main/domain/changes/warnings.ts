import type { CatalogSetting } from '../catalog/types';
import { decodeSecurityDescriptor } from '../descriptors/binary';
import { diffComRights, type ComAclKind } from '../descriptors/com';
import { DescriptorError } from '../descriptors/errors';
import { parseSddl } from '../descriptors/sddl';
import { parseFirewallRule } from '../firewall/rule-string';
import type { SecurityDescriptor } from '../descriptors/model';
import type { FirewallChange, PlanWarning, ValueChange } from './model';

const ANONYMOUS = 'S-1-5-7';
const EVERYONE = 'S-1-1-0';
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

/**
 * Who a setting's change affects. Always the catalog's side effects; for changes that stop unauthenticated or
 * anonymous callers, a specific warning naming who breaks and what they must do.
 */
export function warningsFor(
  setting: CatalogSetting,
  values: readonly ValueChange[],
  firewall: readonly FirewallChange[],
  defaultSddl: string | null,
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const specific = (message: string): void => {
    warnings.push({ settingId: setting.id, breaksCallbacks: true, message });
  };
  const written = values.find((change) => change.action === 'write')?.after;
  const dword = written?.type === 'REG_DWORD' ? written.data : null;
  switch (setting.id) {
    case 'wmi.unsecapp-access-check':
      if (dword === 1) {
        specific(
          'Turning on the UnsecApp access check: scripts and programs making asynchronous WMI calls must request ' +
            'RPC_C_AUTHN_LEVEL_PKT_PRIVACY (wbemAuthenticationLevelPktPrivacy) so the callback authenticates; callbacks ' +
            'from another identity are refused and those calls stop returning results (or use semisynchronous calls).',
        );
      }
      break;
    case 'wmi.allow-anonymous-callback':
      if (dword === 0) {
        specific(
          'Anonymous WMI callbacks are refused: asynchronous calls to machines in untrusted domains or workgroups that ' +
            'cannot call back with credentials stop receiving results; use semisynchronous calls to those machines.',
        );
      }
      break;
    case 'dcom.legacy-authentication-level':
      if (dword !== null) {
        specific(
          `Callers and callback senders that authenticate below level ${dword} are refused: scripts making asynchronous ` +
            'WMI calls must request wbemAuthenticationLevelPktPrivacy; unauthenticated (NONE) callbacks stop working.',
        );
      }
      break;
    case 'rpc.restrict-remote-clients':
      if (dword !== null && dword > 0) {
        specific(
          'Anonymous remote RPC calls are rejected: RPC applications that expect unauthenticated remote clients stop ' +
            'working for them. Never apply this to a domain controller.',
        );
      }
      break;
    default:
      break;
  }
  if (setting.kind === 'descriptor') {
    for (const change of values) {
      const losing = principalsLosingRemote(
        descriptorOf(change.before, defaultSddl),
        descriptorOf(change.after, defaultSddl),
        setting.rights,
      );
      if (losing.has(ANONYMOUS)) {
        specific(
          `Removing ANONYMOUS LOGON remote ${setting.rights === 'access' ? 'access' : 'launch/activation'} ` +
            `(${setting.location.value}): servers that impersonate their client and call back as anonymous get ` +
            'E_ACCESSDENIED. Fix the server identity (run it under an account this machine authenticates), do not ' +
            're-grant anonymous access.',
        );
      }
      if (losing.has(EVERYONE)) {
        specific(
          `Removing Everyone's remote ${setting.rights === 'access' ? 'access' : 'launch/activation'} ` +
            `(${setting.location.value}): remote callers not covered by another grant get E_ACCESSDENIED; add the ` +
            'accounts that need it to Distributed COM Users.',
        );
      }
    }
  }
  if (setting.kind === 'firewall-exposure' && firewall.length > 0) {
    const closing = firewall.some((change) => change.allowFrom.length === 0);
    // Opening a closed target (enabling disabled rules only) stops nothing that arrived before.
    const narrowsOpenRule = firewall.some((change) =>
      change.steps.some((step) => parseFirewallRule(step.ruleBefore).active),
    );
    if (setting.target === 'unsecapp' && narrowsOpenRule) {
      specific(
        closing
          ? 'Inbound asynchronous WMI callbacks (unsecapp.exe) are closed: asynchronous calls from this machine stop ' +
              'receiving results; use semisynchronous calls, which need no inbound connection.'
          : 'Asynchronous WMI callbacks from servers outside the management scope stop arriving (the calls hang or ' +
              'time out); use semisynchronous calls for those servers.',
      );
    }
  }
  warnings.push({ settingId: setting.id, breaksCallbacks: false, message: setting.sideEffects });
  return warnings;
}
