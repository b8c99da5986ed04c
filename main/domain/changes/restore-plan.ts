import type { KeySnapshot, RegistryValue } from '../registry-port/types';
import { LOCAL_RULES_KEY } from '../firewall/store';
import type { RegFile } from '../regfile/index';
import type { SettingChange } from './change-view';
import { restoreChanges } from './changes-of';
import { diffOf, ruleName, shown, technicalLine, titleOf } from './restore-view';
import type { TrustedRecord } from './restore-trust';
import { loadValue, storeValue } from './touched';
import type { TouchedRecord } from './journal';
import {
  ancestorsOf,
  createdKeysFor,
  foldPath,
  indexSnapshots,
  isSameOrBelow,
  sameValue,
  showValue,
  valueIn,
} from './values';

/** One thing a restore does, from the machine as it is now back to the backup. */
export type RestoreOperation =
  | {
      readonly kind: 'set-value';
      readonly settingId: string;
      readonly key: string;
      readonly name: string;
      readonly now: RegistryValue | null;
      readonly to: RegistryValue;
    }
  | {
      readonly kind: 'delete-value';
      readonly settingId: string;
      readonly key: string;
      readonly name: string;
      readonly now: RegistryValue;
    }
  /** A key the change created, holding nothing but what the change wrote. */
  | { readonly kind: 'delete-key'; readonly key: string }
  /** A firewall rule put back through the firewall's own interface: set back to `to`, or removed (to = null). */
  | {
      readonly kind: 'firewall-rule';
      readonly settingId: string;
      readonly ruleId: string;
      readonly now: string | null;
      readonly to: string | null;
    };

/** Something the admin reads before confirming: a touched value someone changed since, a created key kept. */
export interface RestoreNotice {
  readonly settingId: string | null;
  readonly title: string;
  readonly message: string;
}

export interface RestorePlan {
  /** The backup restored: the id of the transaction it was taken before. */
  readonly backupId: string;
  /** What that transaction was: `apply recommended`, `restore backup …`. */
  readonly change: string;
  readonly changedAt: string;
  /** SHA-256 of the state read for this plan: the restore refuses to run if the machine changed since. */
  readonly fingerprint: string;
  readonly operations: readonly RestoreOperation[];
  /** Touched values or rules that differ from what the change left: someone changed them since. */
  readonly changedSince: readonly RestoreNotice[];
  /** Keys the restore creates (a touched key deleted since): the topmost missing parent of each. */
  readonly createdKeys: readonly string[];
  /** Keys the change created that the restore leaves, because they now hold more than the change put there. */
  readonly kept: readonly RestoreNotice[];
  /** Per setting, in the admin's words: `- now` / `+ after the restore`. */
  readonly diff: readonly {
    readonly settingId: string;
    readonly title: string;
    readonly lines: readonly string[];
  }[];
  /** The same as registry paths and operations, for "Technical details". */
  readonly technical: readonly string[];
  /** What the restore does in the admin's words (principal × rights, values with meaning, rules by name). */
  readonly changes: readonly SettingChange[];
}

/** Every key a restore plan reads: the touched keys, the created keys and every key between, the rule store. */
export function restoreReadKeys(record: TrustedRecord): string[] {
  const keys = new Map<string, string>();
  const add = (key: string): void => {
    if (!keys.has(foldPath(key))) keys.set(foldPath(key), key);
  };
  for (const value of record.touched.values) {
    add(value.key);
    // The parents tell which keys a value put back would create (a key deleted since), for the restore's own record.
    for (const ancestor of ancestorsOf(value.key)) add(ancestor);
  }
  for (const created of record.touched.createdKeys) {
    add(created);
    for (const value of record.touched.values)
      if (isSameOrBelow(value.key, created))
        for (const ancestor of ancestorsOf(value.key)) if (isSameOrBelow(ancestor, created)) add(ancestor);
  }
  if (record.touched.firewallRules.length > 0) add(LOCAL_RULES_KEY);
  return [...keys.values()];
}

/** What the backup holds for a value: the saved value, or null when the key or value did not exist then. */
function backupLookup(file: RegFile): (key: string, name: string) => RegistryValue | null {
  const blocks = new Map<string, Map<string, RegistryValue>>();
  for (const block of file.blocks) {
    if (block.kind !== 'key') continue;
    const values = blocks.get(foldPath(block.path)) ?? new Map<string, RegistryValue>();
    blocks.set(foldPath(block.path), values);
    for (const entry of block.entries)
      if (entry.kind === 'set') values.set(entry.name.toUpperCase(), entry.value);
  }
  // A key missing from the file was missing at backup time (an export holds every subkey; trustBackup checked the
  // key is covered by an exported or a missing key).
  return (key, name) => blocks.get(foldPath(key))?.get(name.toUpperCase()) ?? null;
}

/**
 * The restore of `record`'s backup as a plan: for exactly the values, created keys and rules the change touched, what
 * it takes to go from `now` (a read of restoreReadKeys) back to the backup. Values added since to a touched key are
 * left alone; a touched value that no longer holds what the change wrote is pointed out.
 */
export function planRestore(
  record: TrustedRecord,
  file: RegFile,
  now: readonly KeySnapshot[],
  fingerprint: string,
): RestorePlan {
  const saved = backupLookup(file);
  const find = indexSnapshots(now);
  const operations: RestoreOperation[] = [];
  const changedSince: RestoreNotice[] = [];
  const kept: RestoreNotice[] = [];
  for (const touched of record.touched.values) {
    const current = valueIn(find(touched.key), touched.name);
    const before = saved(touched.key, touched.name);
    const written = touched.written === null ? null : loadValue(touched.written);
    if (!sameValue(current, written))
      changedSince.push({
        settingId: touched.settingId,
        title: titleOf(touched.settingId, touched.key),
        message:
          `${shown(touched.key, touched.name)} was changed after the change: it wrote ${showValue(written)}, it now ` +
          `holds ${showValue(current)}; the restore sets ${before === null ? 'it absent' : showValue(before)}`,
      });
    if (sameValue(current, before)) continue;
    const where = { settingId: touched.settingId, key: touched.key, name: touched.name };
    operations.push(
      before === null
        ? { kind: 'delete-value', ...where, now: current! }
        : { kind: 'set-value', ...where, now: current, to: before },
    );
  }
  for (const created of record.touched.createdKeys) {
    if (!find(created)?.exists) continue;
    const extra = foreignContent(created, record, find);
    if (extra.length === 0) operations.push({ kind: 'delete-key', key: created });
    else
      kept.push({
        settingId: null,
        title: created,
        message: `${created} was created by the change and is kept: it now also holds ${extra.join(', ')}`,
      });
  }
  const rules = find(LOCAL_RULES_KEY);
  for (const rule of record.touched.firewallRules) {
    const text = (value: RegistryValue | null): string | null =>
      value?.type === 'REG_SZ' || value?.type === 'REG_EXPAND_SZ' ? value.data : null;
    const current = text(valueIn(rules, rule.ruleId));
    const before = text(saved(LOCAL_RULES_KEY, rule.ruleId));
    if (current !== rule.after)
      changedSince.push({
        settingId: rule.settingId,
        title: titleOf(rule.settingId),
        message: `firewall rule ${ruleName(rule.ruleId, current ?? before)} was changed after the change`,
      });
    if (current !== before)
      operations.push({
        kind: 'firewall-rule',
        settingId: rule.settingId,
        ruleId: rule.ruleId,
        now: current,
        to: before,
      });
  }
  return {
    backupId: record.id,
    change: `${record.operation} ${record.target}`,
    changedAt: record.at,
    fingerprint,
    operations,
    createdKeys: createdKeysFor(
      operations.flatMap((operation) =>
        operation.kind === 'set-value'
          ? [
              {
                ...operation,
                action: 'write' as const,
                type: operation.to.type,
                before: operation.now,
                after: operation.to,
              },
            ]
          : [],
      ),
      now,
    ),
    changedSince,
    kept,
    diff: diffOf(operations),
    technical: operations.map(technicalLine),
    changes: restoreChanges(operations),
  };
}

/** What a created key holds beyond the values the change wrote and the keys leading to them. */
function foreignContent(
  created: string,
  record: TrustedRecord,
  find: (path: string) => KeySnapshot | undefined,
): string[] {
  const ours = record.touched.values.filter((value) => isSameOrBelow(value.key, created));
  const extra: string[] = [];
  const chain = [
    ...new Set(ours.flatMap((value) => [value.key, ...ancestorsOf(value.key)]).map(foldPath)),
  ].filter((key) => isSameOrBelow(key, created));
  for (const folded of [foldPath(created), ...chain]) {
    const snapshot = find(folded);
    if (!snapshot?.exists) continue;
    const names = new Set(ours.filter((v) => foldPath(v.key) === folded).map((v) => v.name.toUpperCase()));
    for (const name of snapshot.values.keys())
      if (!names.has(name.toUpperCase())) extra.push(`the value ${shown(snapshot.path, name)}`);
    for (const subkey of snapshot.subkeys)
      if (!chain.includes(foldPath(`${snapshot.path}\\${subkey}`)))
        extra.push(`the key ${snapshot.path}\\${subkey}`);
  }
  return [...new Set(extra)];
}

export const isEmptyRestore = (plan: Pick<RestorePlan, 'operations'>): boolean =>
  plan.operations.length === 0;

/** What a restore is about to change, for its own journal record (so a restore can be restored in turn). */
export function touchedByRestore(plan: RestorePlan): TouchedRecord {
  return {
    values: plan.operations.flatMap((operation) =>
      operation.kind === 'set-value' || operation.kind === 'delete-value'
        ? [
            {
              settingId: operation.settingId,
              key: operation.key,
              name: operation.name,
              written: operation.kind === 'set-value' ? storeValue(operation.to) : null,
            },
          ]
        : [],
    ),
    createdKeys: [...plan.createdKeys],
    firewallRules: plan.operations.flatMap((operation) =>
      operation.kind === 'firewall-rule'
        ? [{ settingId: operation.settingId, ruleId: operation.ruleId, after: operation.to }]
        : [],
    ),
  };
}
