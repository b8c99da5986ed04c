import { aceLayout, type AceSpan } from './binary';
import { formatConditionApplicationData, formatResourceAttribute } from './conditional';
import { DescriptorError, quoteInput } from './errors';
import { hexToBytes } from './hex';
import {
  aceTypeInfo,
  Control,
  isCallbackAceType,
  type Ace,
  type AceType,
  type Acl,
  type SecurityDescriptor,
  type Sid,
} from './model';
import { sidAlias } from './sid';
import {
  ACE_FLAGS,
  ACL_FLAGS,
  LABEL_BITS,
  NO_ACCESS_CONTROL,
  RIGHT_BITS,
  RIGHT_COMBINATIONS,
  type SddlOptions,
} from './sddl-vocabulary';

/** Imports held locally: through Vite's SSR transform (bench, tests) each imported name is a getter per use. */
const local = {
  aceTypeInfo,
  Control,
  sidAlias,
  ACE_FLAGS,
  ACL_FLAGS,
  LABEL_BITS,
  NO_ACCESS_CONTROL,
  RIGHT_BITS,
};

/**
 * Formats a descriptor as Windows' ConvertSecurityDescriptorToStringSecurityDescriptor prints it (all parts):
 * aliases where Windows has one, canonical rights mnemonics, lowercase hex masks and GUIDs. Throws DescriptorError
 * (kind `binary`) when a part has no SDDL form (an ACE type without SDDL letters, an undecodable condition); its
 * position is the byte offset of that ACE, or of the bad byte in its application data, in the descriptor's
 * self-relative encoding (the layout Windows writes, as encodeSecurityDescriptor does).
 */
export function formatSddl(sd: SecurityDescriptor, options: SddlOptions = {}): string {
  // Only a failure needs the byte layout, so it is computed then, once.
  let layout: ReturnType<typeof aceLayout> | null | undefined;
  const span = (letter: 'D' | 'S', index: number): AceSpan | undefined => {
    if (layout === undefined) {
      try {
        layout = aceLayout(sd);
      } catch (error) {
        if (!(error instanceof DescriptorError)) throw error;
        layout = null; // a model with no binary form has no byte offsets to give
      }
    }
    return layout?.[letter === 'D' ? 'dacl' : 'sacl'][index];
  };
  let out = '';
  if (sd.owner !== undefined) out += `O:${formatSid(sd.owner, options)}`;
  if (sd.group !== undefined) out += `G:${formatSid(sd.group, options)}`;
  if (sd.control & local.Control.daclPresent)
    out += `D:${formatAcl('D', sd.control, sd.dacl, options, span)}`;
  if (sd.control & local.Control.saclPresent)
    out += `S:${formatAcl('S', sd.control, sd.sacl, options, span)}`;
  return out;
}

/** A SID as SDDL writes it: the alias when there is one, else `S-1-…`. */
export function formatSid(sid: Sid, options: SddlOptions = {}): string {
  return local.sidAlias(sid, options) ?? sid;
}

function formatAcl(
  letter: 'D' | 'S',
  control: number,
  acl: Acl | undefined,
  options: SddlOptions,
  span: (letter: 'D' | 'S', index: number) => AceSpan | undefined,
): string {
  let out = '';
  for (const [name, bit] of local.ACL_FLAGS[letter]) if (control & bit) out += name;
  if (!acl) return out + local.NO_ACCESS_CONTROL;
  for (let index = 0; index < acl.aces.length; index++)
    out += formatAce(acl.aces[index]!, letter, index, options, span);
  return out;
}

/** Access mask in SDDL: a file/key mnemonic, a run of bit mnemonics, or lowercase hex (Windows' choice, in order). */
export function formatRights(mask: number, type: AceType = 'access-allowed'): string {
  if (mask === 0) return '';
  const combination = COMBINATION_BY_MASK.get(mask);
  if (combination !== undefined) return combination;
  const label = type === 'mandatory-label';
  if ((mask & ~(label ? LABEL_COVERED : RIGHTS_COVERED)) >>> 0 !== 0) return `0x${(mask >>> 0).toString(16)}`;
  let out = '';
  for (const [name, bit] of label ? local.LABEL_BITS : local.RIGHT_BITS)
    if ((mask & bit) >>> 0 !== 0) out += name;
  return out;
}

/** The first mnemonic of each combined mask (KR before KX), and the bits each table covers. */
const COMBINATION_BY_MASK = new Map<number, string>(
  [...RIGHT_COMBINATIONS].reverse().map(([name, bits]) => [bits, name] as const),
);
const covered = (table: readonly (readonly [string, number])[]) =>
  table.reduce((all, [, bit]) => (all | bit) >>> 0, 0);
const RIGHTS_COVERED = covered(local.RIGHT_BITS);
const LABEL_COVERED = covered(local.LABEL_BITS);

const HEX_BYTES = /^(?:[0-9a-f]{2})*$/i;

function formatAce(
  ace: Ace,
  letter: 'D' | 'S',
  index: number,
  options: SddlOptions,
  spanOf: (letter: 'D' | 'S', index: number) => AceSpan | undefined,
): string {
  const info = local.aceTypeInfo(ace.type) as ReturnType<typeof local.aceTypeInfo> | undefined;
  let flags = '';
  for (const [name, bit] of local.ACE_FLAGS) if (ace.flags & bit) flags += name;
  const fields =
    `(${info?.sddl};${flags};${formatRights(ace.mask, ace.type)};${ace.objectType ?? ''};` +
    `${ace.inheritedObjectType ?? ''};${formatSid(ace.sid, options)}`;
  if (info?.sddl && ace.applicationData === undefined && ace.type !== 'resource-attribute')
    return `${fields})`;
  const where = `${letter === 'D' ? 'DACL' : 'SACL'} ACE ${index + 1}`;
  const span = () => spanOf(letter, index);
  /** The ACE's byte offset, or (with `inData`) that of byte `inData` of its application data. */
  const at = (inData?: number): number => {
    const found = span();
    if (!found) return inData ?? 0;
    return inData === undefined ? found.start : found.dataStart + inData;
  };
  if (!info?.sddl)
    throw new DescriptorError(
      'binary',
      at(),
      `${where}: ACE type ${quoteInput(String(ace.type))} has no SDDL form`,
    );
  const parts = [fields];
  if (ace.applicationData !== undefined && !HEX_BYTES.test(ace.applicationData))
    throw new DescriptorError('binary', at(), `${where}: application data is not hex bytes`);
  const data = ace.applicationData ? hexToBytes(ace.applicationData) : undefined;
  try {
    if (ace.type === 'resource-attribute')
      parts.push(formatResourceAttribute(data ?? new Uint8Array(), where, options));
    else if (isCallbackAceType(ace.type) && data)
      parts.push(formatConditionApplicationData(data, where, options));
  } catch (error) {
    // The data readers count from the start of the application data; the caller wants descriptor offsets.
    if (error instanceof DescriptorError && error.kind === 'binary')
      throw new DescriptorError('binary', at(error.position), error.reason);
    throw error;
  }
  return `${parts.join(';')})`;
}
