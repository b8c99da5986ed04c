import type { RegistryValue } from '../registry-port/types';
import { bytesToHex, hexToBytes } from '../descriptors/hex';
import { typeCodeOf, valueFromBytes, valueToBytes } from '../regfile/index';
import type { StoredValue, TouchedRecord } from './journal';
import type { Plan } from './model';

export function storeValue(value: RegistryValue): StoredValue {
  return { typeCode: typeCodeOf(value), hex: bytesToHex(valueToBytes(value)) };
}

export function loadValue(stored: StoredValue): RegistryValue {
  return valueFromBytes(stored.typeCode, hexToBytes(stored.hex));
}

/** What an apply is about to change, for its journal record: each value with what it writes, created keys, rules. */
export function touchedByPlan(
  plan: Pick<Plan, 'valueChanges' | 'firewallChanges' | 'createdKeys'>,
): TouchedRecord {
  return {
    values: plan.valueChanges.map((change) => ({
      settingId: change.settingId,
      key: change.key,
      name: change.name,
      written: change.action === 'write' && change.after !== null ? storeValue(change.after) : null,
    })),
    createdKeys: [...plan.createdKeys],
    firewallRules: plan.firewallChanges.flatMap((change) =>
      change.steps.map((step) => ({
        settingId: change.settingId,
        ruleId: step.ruleId,
        after: step.expectedRule,
      })),
    ),
  };
}
