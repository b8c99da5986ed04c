import { namedValue } from '../catalog/constants';
import type {
  DwordSetting,
  NamedValue,
  NumberTarget,
  Severity,
  WhenAbsent,
  YesNo,
  YesNoSetting,
  YesNoTarget,
} from '../catalog/types';
import { locationText, readValue, type Evaluation, type EvaluationContext, type Reading } from './evaluation';
import type { JsonRegistryValue } from './report';
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
}

interface ScalarCodec<V> {
  decode(observation: Present): { value: V; display: string } | string;
  show(value: V): string;
  toRegistry(value: V): JsonRegistryValue;
}

function satisfies<V extends number | string>(target: ScalarTarget<V>, value: V): boolean {
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
  const local = readValue(context.index, setting.location, codec.decode);
  const policy = setting.policy ? readValue(context.index, setting.policy, codec.decode) : null;
  const policyInForce = policy !== null && policy.state !== 'absent';
  const governing: Reading<V> = policyInForce ? policy : local;
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
  const change =
    meets === true
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
    local: local.observed,
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
      if (value.type !== 'REG_DWORD')
        return `stored as ${describeRawValue(value)}; Windows expects a REG_DWORD`;
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
      if (value.type !== 'REG_SZ')
        return `stored as ${describeRawValue(value)}; Windows expects a REG_SZ Y or N`;
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
