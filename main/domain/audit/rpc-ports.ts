import type { RegistryValue } from '../registry-port/types';
import type { RpcPortsSetting, RpcPortsTarget } from '../catalog/types';
import { countPorts, formatPortRanges, readRpcDynamicPorts } from './deps';
import { readValue, type Evaluation, type EvaluationContext } from './evaluation';
import { describeRawValue } from './snapshots';

/**
 * The Rpc\Internet restriction, interpreted by the firewall model's reader so that the audit and the exposure
 * analysis agree on which ports RPC uses; this adds what the profile asks for (a restriction, its size).
 */
export function evaluateRpcPorts(
  setting: RpcPortsSetting,
  target: RpcPortsTarget,
  context: EvaluationContext,
): Evaluation {
  const location = (value: string) => ({ key: setting.key, value });
  // The values are interpreted together by readRpcDynamicPorts; here they are only shown.
  const show = ({ value }: { readonly value: RegistryValue }) => ({
    value: null,
    display: describeRawValue(value),
  });
  const ports = readValue(context.index, location(setting.values.ports), show);
  const others = [setting.values.portsInternetAvailable, setting.values.useInternetPorts].map((name) =>
    readValue(context.index, location(name), show),
  );
  const expected = target.restrict
    ? `a valid include-list restriction of at least ${setting.minimumPorts} ports (e.g. ${target.ports.join(', ')})`
    : 'no restriction, or a valid one';
  const snapshot = context.index.key(setting.key);
  const details = [ports, ...others].map(
    (reading) =>
      `${reading.observed.location.value}: ${reading.observed.state === 'absent' ? 'not set' : reading.observed.display}`,
  );
  const base = { local: ports.observed, policy: null, managedByPolicy: false, expected, details };
  if (!snapshot || snapshot.unreadable !== undefined) {
    const problem = snapshot?.unreadable ?? `the key ${setting.key} was not read`;
    return {
      ...base,
      effective: { display: 'unknown', raw: null, source: 'local' },
      meets: null,
      problem,
      severityIfShort: setting.severity,
      explanation: `The RPC port restriction could not be read: ${problem}.`,
      change: null,
    };
  }

  const dynamic = readRpcDynamicPorts(snapshot);
  const portCount = countPorts(dynamic.ranges);
  const display =
    dynamic.kind === 'default'
      ? 'not restricted (49152-65535)'
      : dynamic.kind === 'invalid'
        ? `invalid: ${dynamic.problem}`
        : `restricted to ${formatPortRanges(dynamic.ranges)} (${portCount} ports)`;
  const effective = {
    display,
    raw:
      dynamic.kind === 'invalid'
        ? null
        : dynamic.ranges.map((range) => ({ first: range.first, last: range.last })),
    source: dynamic.kind === 'default' ? ('default' as const) : ('local' as const),
  };

  let meets: boolean;
  let severityIfShort = setting.severity;
  let why = '';
  if (dynamic.kind === 'invalid') {
    meets = false;
    severityIfShort = setting.invalidSeverity;
  } else if (dynamic.kind === 'default') {
    meets = !target.restrict;
    if (!meets)
      why = ' Dynamic RPC endpoints may use any of 16,384 ports, so the firewall must open them all.';
  } else if (portCount < setting.minimumPorts) {
    meets = false;
    why = ` ${portCount} ports is fewer than the ${setting.minimumPorts} Microsoft recommends; endpoint registrations can run out of ports.`;
  } else {
    meets = true;
  }

  const restrict = target.restrict ? target : null;
  const change = meets
    ? null
    : restrict
      ? {
          settingId: setting.id,
          from: display,
          to: `restricted to ${restrict.ports.join(', ')} (include list, default for processes)`,
          registryWrites: [
            {
              key: setting.key,
              name: setting.values.ports,
              value: { type: 'REG_MULTI_SZ' as const, data: [...restrict.ports] },
            },
            {
              key: setting.key,
              name: setting.values.portsInternetAvailable,
              value: { type: 'REG_SZ' as const, data: 'Y' },
            },
            {
              key: setting.key,
              name: setting.values.useInternetPorts,
              value: { type: 'REG_SZ' as const, data: 'Y' },
            },
          ],
          registryDeletes: [],
          firewall: null,
        }
      : {
          settingId: setting.id,
          from: display,
          to: 'not restricted (the values removed)',
          registryWrites: [],
          registryDeletes: Object.values(setting.values).map((name) => ({ key: setting.key, name })),
          firewall: null,
        };
  return {
    ...base,
    effective,
    meets,
    problem: null,
    severityIfShort,
    explanation: `${dynamic.explanation}${why}`,
    change,
  };
}
