import {
  WATCHED_PRINCIPALS,
  worstSeverity,
  type DescriptorSetting,
  type DescriptorTarget,
} from '../catalog/types';
import {
  DEFAULT_COM_DESCRIPTORS,
  DescriptorError,
  bytesToHex,
  comPermissionLabel,
  Control,
  decodeSecurityDescriptor,
  encodeSecurityDescriptor,
  formatSddl,
  parseSddl,
  remoteRightsBeyondDefault,
  withoutComPermissions,
  type ComPermission,
  type SecurityDescriptor,
} from '../descriptors';
import { locationText, readValue, type Evaluation, type EvaluationContext, type Reading } from './evaluation';
import type { Change } from './report';
import { describeRawValue } from './snapshots';

/** Reading a value needs only the snapshots, not the profile (the AppID inventory reads limits without one). */
type IndexContext = Pick<EvaluationContext, 'index'>;

function problemOf(error: unknown): string {
  if (error instanceof DescriptorError) return error.message;
  throw error;
}

/** The local value: a self-relative descriptor in REG_BINARY. */
function readBinary(context: IndexContext, setting: DescriptorSetting): Reading<SecurityDescriptor> {
  return readValue(context.index, setting.location, ({ value }) => {
    if (value.type !== setting.valueType)
      return `stored as ${describeRawValue(value)}; Windows expects a ${setting.valueType} security descriptor`;
    try {
      const descriptor = decodeSecurityDescriptor(value.data);
      return { value: descriptor, display: formatSddl(descriptor) };
    } catch (error) {
      return `corrupt security descriptor (${problemOf(error)})`;
    }
  });
}

/** The Group Policy value: SDDL in REG_SZ. An empty string is how "not defined" looks after a GPO is blanked. */
function readPolicy(context: IndexContext, setting: DescriptorSetting): Reading<SecurityDescriptor> | null {
  if (!setting.policy) return null;
  const reading = readValue<SecurityDescriptor | null>(context.index, setting.policy, ({ value }) => {
    const policyType = setting.policyValueType ?? 'REG_SZ';
    if (value.type !== policyType)
      return `stored as ${describeRawValue(value)}; Group Policy writes ${policyType} SDDL`;
    if (value.data.trim() === '') return { value: null, display: 'empty (not defined)' };
    try {
      const descriptor = parseSddl(value.data);
      return { value: descriptor, display: formatSddl(descriptor) };
    } catch (error) {
      return `invalid SDDL (${problemOf(error)})`;
    }
  });
  if (reading.state === 'present' && reading.decoded === null) {
    return { state: 'absent', observed: { ...reading.observed, state: 'absent' } };
  }
  return reading as Reading<SecurityDescriptor>;
}

/**
 * The descriptor in force for a descriptor setting: the Group Policy one, else the local one, else Windows' default;
 * or why it cannot be told.
 */
export function effectiveDescriptor(
  setting: DescriptorSetting,
  context: IndexContext,
): { readonly descriptor: SecurityDescriptor } | { readonly problem: string } {
  const policy = readPolicy(context, setting);
  const governing = policy !== null && policy.state !== 'absent' ? policy : readBinary(context, setting);
  if (governing.state === 'unreadable') return { problem: governing.problem };
  return {
    descriptor: withDaclStated(
      governing.state === 'present' ? governing.decoded : DEFAULT_COM_DESCRIPTORS[setting.windowsDefault],
    ),
  };
}

interface Excess {
  readonly alias: keyof typeof WATCHED_PRINCIPALS;
  readonly sid: string;
  readonly permissions: readonly ComPermission[];
}

const describePermissions = (permissions: readonly ComPermission[]): string =>
  permissions.map(comPermissionLabel).join(', ');

/** A descriptor without a DACL at all lets everyone in, as a NULL DACL does; give it the same shape for the check. */
function withDaclStated(descriptor: SecurityDescriptor): SecurityDescriptor {
  return descriptor.control & Control.daclPresent
    ? descriptor
    : { ...descriptor, control: descriptor.control | Control.daclPresent };
}

export function evaluateDescriptor(
  setting: DescriptorSetting,
  target: DescriptorTarget,
  context: EvaluationContext,
): Evaluation {
  const local = readBinary(context, setting);
  const policy = readPolicy(context, setting);
  const policyInForce = policy !== null && policy.state !== 'absent';
  const governing = policyInForce ? policy : local;
  const defaults = DEFAULT_COM_DESCRIPTORS[setting.windowsDefault];
  const watched = target.noRemoteBeyondDefault.map((alias) => WATCHED_PRINCIPALS[alias].name);
  const expected = `no remote rights beyond Windows' default for ${watched.join(', ') || 'nobody in particular'}`;
  const common = {
    local: local.observed,
    policy: policy?.observed ?? null,
    managedByPolicy: policyInForce,
    expected,
  };
  const source = policyInForce ? ('policy' as const) : ('local' as const);
  const defaultBytesHex = bytesToHex(encodeSecurityDescriptor(defaults));
  const resetChange = (from: string): Change => ({
    settingId: setting.id,
    from,
    to: `the Windows default ${formatSddl(defaults)}`,
    registryWrites: [
      {
        key: setting.location.key,
        name: setting.location.value,
        value: { type: 'REG_BINARY', data: defaultBytesHex },
      },
    ],
    registryDeletes: [],
    firewall: null,
  });

  if (governing.state === 'unreadable') {
    return {
      ...common,
      effective: { display: governing.observed.display, raw: null, source },
      meets: null,
      problem: governing.problem,
      severityIfShort: setting.severity,
      explanation: `${locationText(governing.observed.location)} is unusable: ${governing.problem}. COM's behaviour with it is undocumented.`,
      details: [],
      change: resetChange(`unreadable (${governing.problem})`),
    };
  }

  const descriptor = governing.state === 'present' ? governing.decoded : defaults;
  const display =
    governing.state === 'present'
      ? governing.observed.display
      : `not set (Windows default ${formatSddl(defaults)})`;
  const beyond = remoteRightsBeyondDefault(withDaclStated(descriptor), setting.windowsDefault);
  const excess: Excess[] = target.noRemoteBeyondDefault.flatMap((alias) => {
    const sid = WATCHED_PRINCIPALS[alias].sid;
    const found = beyond.find((entry) => entry.sid === sid);
    return found ? [{ alias, sid, permissions: found.permissions }] : [];
  });
  const details = excess.map(
    (entry) =>
      `${WATCHED_PRINCIPALS[entry.alias].name} (${entry.alias}): + ${describePermissions(entry.permissions)} (allow), beyond Windows' default`,
  );
  const severityIfShort =
    worstSeverity(excess.map((entry) => setting.severityByPrincipal?.[entry.alias] ?? setting.severity)) ??
    setting.severity;

  let explanation: string;
  if (governing.state === 'absent') {
    explanation = `Not set. ${setting.whenAbsent.meaning}`;
  } else if (excess.length === 0) {
    explanation = `Set to ${display}. None of ${watched.join(', ')} holds a remote right beyond Windows' default.`;
  } else {
    explanation =
      `Set to ${display}. ` +
      excess
        .map(
          (entry) =>
            `${WATCHED_PRINCIPALS[entry.alias].name} is granted ${describePermissions(entry.permissions)}`,
        )
        .join('; ') +
      `, which Windows' default does not grant${excess.some((entry) => entry.alias === 'AN') ? ': unauthenticated network callers get through' : ''}.`;
  }

  let change: Change | null = null;
  if (excess.length > 0) {
    if (descriptor.dacl === undefined) {
      change = resetChange(display);
    } else {
      const narrowed = excess.reduce(
        (current, entry) => withoutComPermissions(current, setting.rights, entry.sid, entry.permissions),
        descriptor,
      );
      change = {
        settingId: setting.id,
        from: display,
        to: formatSddl(narrowed),
        registryWrites: [
          {
            key: setting.location.key,
            name: setting.location.value,
            value: { type: 'REG_BINARY', data: bytesToHex(encodeSecurityDescriptor(narrowed)) },
          },
        ],
        registryDeletes: [],
        firewall: null,
      };
    }
  }
  return {
    ...common,
    effective: {
      display,
      raw: formatSddl(descriptor),
      source: governing.state === 'absent' ? 'default' : source,
    },
    meets: excess.length === 0,
    problem: null,
    severityIfShort,
    explanation,
    details,
    change,
  };
}
