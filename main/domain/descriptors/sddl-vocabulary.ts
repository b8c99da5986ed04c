/** SDDL's words ([MS-DTYP] 2.5.1): rights, ACE flags and ACL flags, shared by the parser and the formatter. */
import { Control } from './model';
import type { SidContext } from './sid';

/** Options of {@link parseSddl} and {@link formatSddl}: which machine/domain `LA`, `LG`, `DA`… stand for. */
export type SddlOptions = SidContext;

/** Single-bit access-right mnemonics in the order Windows prints them (ascending bit). */
export const RIGHT_BITS: readonly (readonly [string, number])[] = [
  ['CC', 0x1],
  ['DC', 0x2],
  ['LC', 0x4],
  ['SW', 0x8],
  ['RP', 0x10],
  ['WP', 0x20],
  ['DT', 0x40],
  ['LO', 0x80],
  ['CR', 0x100],
  ['SD', 0x10000],
  ['RC', 0x20000],
  ['WD', 0x40000],
  ['WO', 0x80000],
  ['GA', 0x10000000],
  ['GX', 0x20000000],
  ['GW', 0x40000000],
  ['GR', 0x80000000],
];

/** File and key rights Windows prints as one mnemonic when the mask is exactly theirs (KR before KX: same mask). */
export const RIGHT_COMBINATIONS: readonly (readonly [string, number])[] = [
  ['FA', 0x1f01ff],
  ['FR', 0x120089],
  ['FW', 0x120116],
  ['FX', 0x1200a0],
  ['KA', 0xf003f],
  ['KR', 0x20019],
  ['KW', 0x20006],
  ['KX', 0x20019],
];

/** Mandatory label policy bits (only meaningful, and only printed, in `ML` ACEs). */
export const LABEL_BITS: readonly (readonly [string, number])[] = [
  ['NW', 0x1],
  ['NR', 0x2],
  ['NX', 0x4],
];

export const RIGHT_MNEMONICS = new Map([...RIGHT_BITS, ...RIGHT_COMBINATIONS, ...LABEL_BITS]);

export const ACE_FLAGS: readonly (readonly [string, number])[] = [
  ['OI', 0x01],
  ['CI', 0x02],
  ['NP', 0x04],
  ['IO', 0x08],
  ['ID', 0x10],
  ['CR', 0x20],
  ['SA', 0x40],
  ['FA', 0x80],
];
export const ACE_FLAG_MNEMONICS = new Map(ACE_FLAGS);

/** ACL control flags of `D:` and `S:`, in the order Windows prints them. */
export const ACL_FLAGS = {
  D: [
    ['P', Control.daclProtected],
    ['AR', Control.daclAutoInheritRequired],
    ['AI', Control.daclAutoInherited],
  ],
  S: [
    ['P', Control.saclProtected],
    ['AR', Control.saclAutoInheritRequired],
    ['AI', Control.saclAutoInherited],
  ],
} as const;

export const NO_ACCESS_CONTROL = 'NO_ACCESS_CONTROL';
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
