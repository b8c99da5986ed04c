import { z } from 'zod';

/**
 * A change in the admin's words, defined once and rendered three ways (the app, the CLI's text, the exported plan):
 * per setting, its descriptors as a principal × rights table, its scalar values by name and meaning, its firewall
 * rules by display name and group with the fields that change. Raw SDDL, registry values, rule strings and commands
 * stay in `technical`, which every rendering keeps behind "Technical details". The journal keeps it too, so History
 * shows what each transaction (a restore included) did in the same words.
 */

export const RIGHT_STATES = ['allow', 'deny', 'none'] as const;
export type RightState = (typeof RIGHT_STATES)[number];

export const PRINCIPAL_STATUSES = ['added', 'removed', 'changed', 'unchanged'] as const;

const RightCell = z.object({ before: z.enum(RIGHT_STATES), after: z.enum(RIGHT_STATES) });

const PrincipalRow = z.object({
  sid: z.string(),
  /** The friendly name (`ANONYMOUS LOGON`, `Everyone`), or the SID when no name is known. */
  name: z.string(),
  status: z.enum(PRINCIPAL_STATUSES),
  /** One cell per column, in the columns' order. */
  cells: z.array(RightCell),
});
export type PrincipalRow = z.infer<typeof PrincipalRow>;

/**
 * What a descriptor value holds on one side: itself, Windows' default (value absent), the machine's default (an
 * AppID's AccessPermission or LaunchPermission absent: DefaultAccessPermission / DefaultLaunchPermission apply), or
 * nothing readable.
 */
export const DESCRIPTOR_SIDES = ['set', 'windows-default', 'machine-default', 'unreadable'] as const;

const DescriptorItem = z.object({
  kind: z.literal('descriptor'),
  /** The registry value's name (`MachineAccessRestriction`). */
  value: z.string(),
  /** The rights, as dcomcnfg labels them (`Local Access`, `Remote Access`, …). */
  columns: z.array(z.string()),
  before: z.enum(DESCRIPTOR_SIDES),
  after: z.enum(DESCRIPTOR_SIDES),
  rows: z.array(PrincipalRow),
  /** Owner or group changes, in words. */
  notes: z.array(z.string()),
});
export type DescriptorItem = z.infer<typeof DescriptorItem>;

const ValueSide = z.object({
  /** The value as the admin reads it: `5 (RPC_C_AUTHN_LEVEL_PKT_INTEGRITY)`, `not set`. */
  shown: z.string(),
  /** What Windows does with it, from the catalog; null when the catalog has no words for it. */
  meaning: z.string().nullable(),
});

const ValueItem = z.object({
  kind: z.literal('value'),
  value: z.string(),
  before: ValueSide,
  after: ValueSide,
});
export type ValueItem = z.infer<typeof ValueItem>;

const RuleFieldChange = z.object({ field: z.string(), before: z.string(), after: z.string() });

const RuleItem = z.object({
  kind: z.literal('rule'),
  ruleId: z.string(),
  /** The rule's display name, or its id when the name is not known. */
  name: z.string(),
  group: z.string().nullable(),
  /** The profiles it applies to after the change (before, for a removed rule): `All`, `Domain`, `Private, Public`. */
  profiles: z.string().nullable(),
  change: z.enum(['changed', 'created', 'removed']),
  /** Only the fields that change (remote addresses, profiles, enabled, action). */
  fields: z.array(RuleFieldChange),
});
export type RuleItem = z.infer<typeof RuleItem>;

const NoteItem = z.object({ kind: z.literal('note'), text: z.string() });

export const ChangeItem = z.discriminatedUnion('kind', [DescriptorItem, ValueItem, RuleItem, NoteItem]);
export type ChangeItem = z.infer<typeof ChangeItem>;

export const SettingChange = z.object({
  settingId: z.string(),
  title: z.string(),
  /** A one-line before → after for settings whose items do not say it all (firewall exposure, RPC ports). */
  summary: z.string().nullable(),
  restartRequired: z.boolean(),
  items: z.array(ChangeItem),
  /** Registry paths and raw values, SDDL, rule strings and commands: only under "Technical details". */
  technical: z.array(z.string()),
});
export type SettingChange = z.infer<typeof SettingChange>;

/** A right's cell as words: `Allow`, `Deny`, or `—` for neither. */
export const RIGHT_WORDS: Readonly<Record<RightState, string>> = { allow: 'Allow', deny: 'Deny', none: '—' };

export const PRINCIPAL_STATUS_WORDS: Readonly<Record<PrincipalRow['status'], string>> = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  unchanged: '',
};

export const DESCRIPTOR_SIDE_WORDS: Readonly<Record<DescriptorItem['before'], string>> = {
  set: 'set',
  'windows-default': 'not set (Windows default)',
  'machine-default': 'not set (the machine default applies)',
  unreadable: 'unreadable',
};

/** ` (before: not set (Windows default); after: set)` when either side is not a stored value, else ''. */
export function descriptorSidesWords(item: DescriptorItem): string {
  return item.before === 'set' && item.after === 'set'
    ? ''
    : ` (before: ${DESCRIPTOR_SIDE_WORDS[item.before]}; after: ${DESCRIPTOR_SIDE_WORDS[item.after]})`;
}

/** One cell as read in a table: `Allow`, or `Allow → —` when it changes. */
export function cellWords(cell: PrincipalRow['cells'][number]): string {
  return cell.before === cell.after
    ? RIGHT_WORDS[cell.after]
    : `${RIGHT_WORDS[cell.before]} → ${RIGHT_WORDS[cell.after]}`;
}

/** Where a rule sits, which tells two rules of one name apart: `group Remote Administration; profiles Domain`. */
export function ruleContext(item: RuleItem): string {
  return [
    ...(item.group ? [`group ${item.group}`] : []),
    ...(item.profiles ? [`profiles ${item.profiles}`] : []),
  ].join('; ');
}

/** A rule item's heading: `Display name [group …; profiles …]`. */
export function ruleHeading(item: RuleItem): string {
  const context = ruleContext(item);
  return context ? `${item.name} [${context}]` : item.name;
}

export const RULE_CHANGE_WORDS: Readonly<Record<RuleItem['change'], string>> = {
  changed: 'changed',
  created: 'created',
  removed: 'removed',
};

/** A value side as one line: `5 (RPC_C_AUTHN_LEVEL_PKT_INTEGRITY): meaning`. */
export const sideWords = (side: ValueItem['before']): string =>
  side.meaning ? `${side.shown}: ${side.meaning}` : side.shown;
