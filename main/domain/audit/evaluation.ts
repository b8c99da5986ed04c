import type { CatalogSetting, Severity, ValueLocation } from '../catalog/types';
import type { Profile } from '../profiles/profile';
import type { Change, ObservedValue } from './report';
import { NOT_IN_EXPORT, isNotInExport } from './coverage';
import { describeRawValue, toJsonValue, type RawObservation, type SnapshotIndex } from './snapshots';

type JsonLike = string | number | boolean | null | JsonLike[] | { [key: string]: JsonLike };

/** What a kind-specific evaluator found; the engine turns it into a Finding with a verdict. */
export interface Evaluation {
  readonly effective: {
    readonly display: string;
    readonly raw: JsonLike;
    readonly source: 'local' | 'policy' | 'default';
  };
  readonly local: ObservedValue | null;
  readonly policy: ObservedValue | null;
  readonly managedByPolicy: boolean;
  /** null when the effective value cannot be read (`problem` says why). */
  readonly meets: boolean | null;
  readonly problem: string | null;
  /** Severity if the setting falls short (or cannot be read). */
  readonly severityIfShort: Severity;
  readonly expected: string;
  /** Plain words about the effective value, without the verdict (the engine adds that). */
  readonly explanation: string;
  readonly details: readonly string[];
  /** The change that would meet the profile; the engine drops it when the value is managed by policy. */
  readonly change: Change | null;
}

export interface EvaluationContext {
  readonly index: SnapshotIndex;
  readonly profile: Profile;
}

export type Evaluator<S extends CatalogSetting, T> = (
  setting: S,
  target: T,
  context: EvaluationContext,
) => Evaluation;

/** A value as read and decoded: usable (`decoded`), absent, or unusable with a reason. */
export type Reading<V> =
  | { readonly state: 'present'; readonly decoded: V; readonly observed: ObservedValue }
  | { readonly state: 'absent'; readonly observed: ObservedValue }
  | { readonly state: 'unreadable'; readonly problem: string; readonly observed: ObservedValue };

/**
 * Reads one location and decodes it with `decode`, which returns the value or a problem string. A key that was not
 * part of the read, or that the backend refused to read, is unreadable (never silently "absent").
 */
export function readValue<V>(
  index: SnapshotIndex,
  location: ValueLocation,
  decode: (
    observation: Extract<RawObservation, { state: 'present' }>,
  ) => { value: V; display: string } | string,
): Reading<V> {
  const observation = index.observe(location);
  if (observation.state === 'not-read' || observation.state === 'unreadable') {
    const problem =
      observation.state === 'unreadable' ? observation.problem : `the key ${location.key} was not read`;
    return {
      state: 'unreadable',
      problem,
      observed: {
        location,
        state: 'unreadable',
        raw: null,
        display:
          observation.state === 'not-read'
            ? 'not read'
            : isNotInExport(observation.problem)
              ? NOT_IN_EXPORT
              : 'refused',
        problem,
      },
    };
  }
  if (observation.state === 'absent') {
    return {
      state: 'absent',
      observed: { location, state: 'absent', raw: null, display: 'not set', problem: null },
    };
  }
  const raw = toJsonValue(observation.value);
  const decoded = decode(observation);
  if (typeof decoded === 'string') {
    return {
      state: 'unreadable',
      problem: decoded,
      observed: {
        location,
        state: 'unreadable',
        raw,
        display: describeRawValue(observation.value),
        problem: decoded,
      },
    };
  }
  return {
    state: 'present',
    decoded: decoded.value,
    observed: { location, state: 'present', raw, display: decoded.display, problem: null },
  };
}

export function locationText(location: ValueLocation): string {
  return `${location.key}\\${location.value}`;
}
