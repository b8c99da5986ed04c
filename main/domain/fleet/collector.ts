import { compileCollectorAnsible } from './collector-ansible';
import { compileCollectorPs1 } from './collector-ps1';
import { collectorKeys } from './manifest';

/** The collectors `sinkguard fleet collector` writes, and the file name each is saved under by default. */
export const COLLECTOR_FORMATS = ['ansible', 'ps1'] as const;
export type CollectorFormat = (typeof COLLECTOR_FORMATS)[number];

export const COLLECTOR_FILE_NAMES: Readonly<Record<CollectorFormat, string>> = {
  ansible: 'sinkguard-collector.yml',
  ps1: 'sinkguard-collector.ps1',
};

/** The collector of `format` for the audit's keys (passed in: which keys the audit reads is the registry layer's list). */
export function compileCollector(format: CollectorFormat, auditKeys: readonly string[]): string {
  const keys = collectorKeys(auditKeys);
  return format === 'ansible' ? compileCollectorAnsible(keys) : compileCollectorPs1(keys);
}
