import type { RegistryValue } from '../../../main/registry/types';

/** What the Windows-node driver writes, shared with the test that checks it. */
export const DRIVER_KEY = 'HKLM\\SOFTWARE\\SinkGuardWindowsNode';

export const DRIVER_VALUES: Record<string, RegistryValue> = {
  '': { type: 'REG_SZ', data: 'default' },
  'name with "quotes" and \\': { type: 'REG_SZ', data: 'a "quoted" \\ value' },
  empty: { type: 'REG_SZ', data: '' },
  expand: { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\system32' },
  multi: { type: 'REG_MULTI_SZ', data: ['a', '', 'b'] },
  dword: { type: 'REG_DWORD', data: 0xfffffffe },
  qword: { type: 'REG_QWORD', data: 2n ** 63n + 5n },
  'odd binary': { type: 'REG_BINARY', data: Uint8Array.from([1, 2, 3]) },
  'empty binary': { type: 'REG_BINARY', data: new Uint8Array(0) },
};

/** JSON for values: bigints and bytes as text, so the test compares them exactly. */
export function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint'
      ? `${item}n`
      : item instanceof Uint8Array
        ? `bytes:${[...item].join(',')}`
        : item,
  );
}
