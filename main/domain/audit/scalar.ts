import { namedValue } from '../catalog/constants';
import {
  worstSeverity,
  type DwordSetting,
  type FlagsSetting,
  type FlagsTarget,
  type NamedValue,
  type NumberTarget,
  type Remedy,
  type Severity,
  type WhenAbsent,
  type YesNo,
  type YesNoSetting,
  type YesNoTarget,
} from '../catalog/types';
import { locationText, readValue, type Evaluation, type EvaluationContext, type Reading } from './evaluation';
import type { Change, JsonRegistryValue } from './report';
import { describeRawValue, type RawObservation } from './snapshots';

type Present = Extract<RawObservation, { state: 'present' }>;
type ScalarTarget<V> =
  | { readonly equals: V }
  | { readonly anyOf: readonly V[] }
  | { readonly atLeast: V }
  | { readonly atMost: V };

interface ScalarSetting<V> {
  readonly id: string;
  readonly title: string;
  readonly location: DwordSetting['location'];
  readonly policy?: DwordSetting['location'];
  readonly whenAbsent: WhenAbsent<V>;
  readonly allowed: readonly NamedValue<V>[];
  readonly severity: Severity;
  readonly severityByValue?: Readonly<Record<number, Severity>>;
  readonly remedy: Remedy;
}

interface ScalarCodec<V> {
  decode(observation: Present): { value: V; display: string } | string;
  show(value: V): string;
  toRegistry(value: V): JsonRegistryValue;
}

export function satisfies<V extends number | string>(target: ScalarTarget<V>, value: V): boolean {
  if ('equals' in target) return value === target.equals;
  if ('anyOf' in target) return target.anyOf.includes(value);
  if ('atLeast' in target) return value >= target.atLeast;
  return value <= target.atMost;
}

/** The value the change engine would write to meet the target. */
export function targetValue<V>(target: ScalarTarget<V>): V {
  if ('equals' in target) return target.equals;
  if ('anyOf' in target) return target.anyOf[0]!;
  if ('atLeast' in target) return target.atLeast;
  return target.atMost;
}

function describeTarget<V>(target: ScalarTarget<V>, show: (value: V) => string): string {
  if ('equals' in target) return show(target.equals);
  if ('anyOf' in target)
    return target.anyOf.length === 1 ? show(target.anyOf[0]!) : `one of ${target.anyOf.map(show).join(', ')}`;
  if ('atLeast' in target) return `at least ${show(target.atLeast)}`;
  return `at most ${show(target.atMost)}`;
}

function evaluateScalar<V extends number | string>(
  setting: ScalarSetting<V>,
  target: ScalarTarget<V>,
  context: EvaluationContext,
  codec: ScalarCodec<V>,
): Evaluation {
  // A value that exists only as a policy value (remedy 'group-policy') has no local location: its one location is
  // the policy's, and absent means not configured.
  const policyOnly = setting.remedy === 'group-policy';
  const own = readValue(context.index, setting.location, codec.decode);
  const local = policyOnly ? null : own;
  const policy = policyOnly
    ? own
    : setting.policy
      ? readValue(context.index, setting.policy, codec.decode)
      : null;
  const policyInForce = policy !== null && policy.state !== 'absent';
  const governing: Reading<V> = policyInForce ? policy : own;
  const expected = describeTarget(target, codec.show);
  const meaningOf = (value: V): string => namedValue(setting.allowed, value)?.meaning ?? '';

  let effectiveValue: V | null;
  let effective: Evaluation['effective'];
  let explanation: string;
  if (governing.state === 'unreadable') {
    effectiveValue = null;
    effective = {
      display: governing.observed.display,
      raw: null,
      source: policyInForce ? 'policy' : 'local',
    };
    explanation = `${locationText(governing.observed.location)} is unusable: ${governing.problem}.`;
  } else if (governing.state === 'present') {
    effectiveValue = governing.decoded;
    effective = {
      display: governing.observed.display,
      raw: governing.decoded,
      source: policyInForce ? 'policy' : 'local',
    };
    explanation = `Set to ${governing.observed.display}: ${meaningOf(governing.decoded)}`;
  } else {
    effectiveValue = setting.whenAbsent.value;
    const display =
      effectiveValue === null ? 'not set' : `not set (Windows uses ${codec.show(effectiveValue)})`;
    effective = { display, raw: effectiveValue, source: 'default' };
    explanation =
      `Not set. ${setting.whenAbsent.meaning}` +
      (effectiveValue === null ? '' : ` ${meaningOf(effectiveValue)}`);
  }

  const problem = governing.state === 'unreadable' ? governing.problem : null;
  const meets = problem !== null ? null : effectiveValue !== null && satisfies(target, effectiveValue);
  const severityIfShort =
    (typeof effectiveValue === 'number' ? setting.severityByValue?.[effectiveValue] : undefined) ??
    setting.severity;
  const wanted = targetValue(target);
  // Nothing local changes a policy-only value: the finding says how Group Policy does it instead.
  const change =
    meets === true || policyOnly
      ? null
      : {
          settingId: setting.id,
          from: effective.display,
          to: codec.show(wanted),
          registryWrites: [
            { key: setting.location.key, name: setting.location.value, value: codec.toRegistry(wanted) },
          ],
          registryDeletes: [],
          firewall: null,
        };
  return {
    effective,
    local: local?.observed ?? null,
    policy: policy?.observed ?? null,
    managedByPolicy: policyInForce,
    meets,
    problem,
    severityIfShort,
    expected,
    explanation: explanation.trim(),
    details: [],
    change,
  };
}

function showNamed<V>(allowed: readonly NamedValue<V>[]): (value: V) => string {
  return (value) => {
    const named = namedValue(allowed, value);
    return named && named.name !== String(value) ? `${String(value)} (${named.name})` : String(value);
  };
}

export function evaluateDword(
  setting: DwordSetting,
  target: NumberTarget,
  context: EvaluationContext,
): Evaluation {
  const show = showNamed(setting.allowed);
  return evaluateScalar(setting, target, context, {
    decode: ({ value }) => {
      if (value.type !== setting.valueType)
        return `stored as ${describeRawValue(value)}; Windows expects a ${setting.valueType}`;
      if (!namedValue(setting.allowed, value.data)) {
        const allowed = setting.allowed.map((named) => named.value).join(', ');
        return `${value.data} is not a valid value (expected one of ${allowed})`;
      }
      return { value: value.data, display: show(value.data) };
    },
    show,
    toRegistry: (value) => ({ type: 'REG_DWORD', data: value }),
  });
}

export function evaluateYesNo(
  setting: YesNoSetting,
  target: YesNoTarget,
  context: EvaluationContext,
): Evaluation {
  const show = (value: YesNo): string => value;
  return evaluateScalar<YesNo>(setting, target, context, {
    decode: ({ value }) => {
      if (value.type !== setting.valueType)
        return `stored as ${describeRawValue(value)}; Windows expects a ${setting.valueType} Y or N`;
      const upper = value.data.toUpperCase();
      if (upper === 'Y' || upper === 'N')
        return { value: upper, display: value.data === upper ? upper : `${value.data} (${upper})` };
      if (setting.otherStrings === 'mean-no')
        return { value: 'N', display: `${JSON.stringify(value.data)} (read as N)` };
      return `${JSON.stringify(value.data)} is neither Y nor N`;
    },
    show,
    toRegistry: (value) => ({ type: 'REG_SZ', data: value }),
  });
}

const hex = (value: number): string => `0x${value.toString(16)}`;

/** A flags value as its bits' names: `0xa (DCOMSCM_ACTIVATION_DISALLOW_UNSECURE_CALL | …)`, `0 (no flags)`. */
export function showFlags(setting: FlagsSetting, value: number): string {
  const names = setting.flags.filter((flag) => value & flag.value).map((flag) => flag.name);
  return value === 0 ? '0 (no flags)' : `${hex(value)} (${names.join(' | ')})`;
}

/** The bits of the named flags; names the profile schema has already checked. */
export function flagBits(setting: FlagsSetting, names: readonly string[]): number {
  return setting.flags
    .filter((flag) => names.includes(flag.name))
    .reduce((bits: number, flag) => bits | flag.value, 0);
}

/** DCOMSCMRemoteCallFlags and the like: which named bits are the wrong way round, and the value with them fixed. */
export function evaluateFlags(
  setting: FlagsSetting,
  target: FlagsTarget,
  context: EvaluationContext,
): Evaluation {
  const known = setting.flags.reduce((bits: number, flag) => bits | flag.value, 0);
  const reading = readValue(context.index, setting.location, ({ value }) => {
    if (value.type !== setting.valueType)
      return `stored as ${describeRawValue(value)}; Windows expects a ${setting.valueType}`;
    if (value.data & ~known)
      return `${hex(value.data)} sets undocumented bits ${hex(value.data & ~known)} (documented: ${setting.flags.map((flag) => hex(flag.value)).join(', ')})`;
    return { value: value.data, display: showFlags(setting, value.data) };
  });
  const [set, clear] = [flagBits(setting, target.set), flagBits(setting, target.clear)];
  const parts = [
    ...(target.set.length > 0 ? [`${target.set.join(', ')} set`] : []),
    ...(target.clear.length > 0 ? [`${target.clear.join(', ')} clear`] : []),
  ];
  const expected = parts.length > 0 ? parts.join('; ') : 'any flags';
  const base = { local: reading.observed, policy: null, managedByPolicy: false, expected };
  if (reading.state === 'unreadable') {
    return {
      ...base,
      effective: { display: reading.observed.display, raw: null, source: 'local' },
      meets: null,
      problem: reading.problem,
      severityIfShort: setting.severity,
      explanation: `${locationText(setting.location)} is unusable: ${reading.problem}.`,
      details: [],
      // What the value should hold is unknown: the rewrite sets only the bits the profile wants.
      change: flagsChange(setting, `unreadable (${reading.problem})`, set),
    };
  }
  const value = reading.state === 'present' ? reading.decoded : (setting.whenAbsent.value ?? 0);
  const wrong = setting.flags.filter(
    (flag) => (set & flag.value && !(value & flag.value)) || (clear & flag.value && value & flag.value),
  );
  const display =
    reading.state === 'present'
      ? reading.observed.display
      : `not set (Windows uses ${showFlags(setting, value)})`;
  const fixed = (value & ~clear) | set;
  const details = wrong.map(
    (flag) => `${flag.name} (${hex(flag.value)}) is ${value & flag.value ? 'set' : 'clear'}: ${flag.meaning}`,
  );
  const explanation =
    (reading.state === 'absent' ? `Not set. ${setting.whenAbsent.meaning}` : `Set to ${display}.`) +
    (wrong.length === 0
      ? ''
      : ` ${wrong.map((flag) => `${flag.name} should be ${set & flag.value ? 'set' : 'clear'}`).join('; ')}.`);
  return {
    ...base,
    effective: { display, raw: value, source: reading.state === 'absent' ? 'default' : 'local' },
    meets: wrong.length === 0,
    problem: null,
    severityIfShort:
      worstSeverity(wrong.map((flag) => setting.severityByFlag?.[flag.value] ?? setting.severity)) ??
      setting.severity,
    explanation,
    details,
    change: wrong.length === 0 ? null : flagsChange(setting, display, fixed),
  };
}

function flagsChange(setting: FlagsSetting, from: string, value: number): Change {
  return {
    settingId: setting.id,
    from,
    to: showFlags(setting, value),
    registryWrites: [
      { key: setting.location.key, name: setting.location.value, value: { type: 'REG_DWORD', data: value } },
    ],
    registryDeletes: [],
    firewall: null,
  };
}
