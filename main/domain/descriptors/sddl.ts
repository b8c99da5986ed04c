import {
  formatConditionApplicationData,
  formatResourceAttribute,
  parseCondition,
  parseResourceAttribute,
} from './conditional';
import { aceLayout, type AceSpan } from './binary';
import { DescriptorError, quoteInput } from './errors';
import { parseCNumber, parseSidString } from './lexical';
import { bytesToHex, hexToBytes } from './hex';
import {
  ACE_TYPES,
  Control,
  isCallbackAceType,
  isObjectAceType,
  type Ace,
  type AceType,
  type Acl,
  type SecurityDescriptor,
  type Sid,
} from './model';
import { principalByAlias, principalSid, sidAlias, type SidContext } from './sid';

/** Options of {@link parseSddl} and {@link formatSddl}: which machine/domain `LA`, `LG`, `DA`… stand for. */
export type SddlOptions = SidContext;

/** Single-bit access-right mnemonics in the order Windows prints them (ascending bit). */
const RIGHT_BITS: readonly (readonly [string, number])[] = [
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
const RIGHT_COMBINATIONS: readonly (readonly [string, number])[] = [
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
const LABEL_BITS: readonly (readonly [string, number])[] = [
  ['NW', 0x1],
  ['NR', 0x2],
  ['NX', 0x4],
];

const RIGHT_MNEMONICS = new Map([...RIGHT_BITS, ...RIGHT_COMBINATIONS, ...LABEL_BITS]);

const ACE_FLAGS: readonly (readonly [string, number])[] = [
  ['OI', 0x01],
  ['CI', 0x02],
  ['NP', 0x04],
  ['IO', 0x08],
  ['ID', 0x10],
  ['CR', 0x20],
  ['SA', 0x40],
  ['FA', 0x80],
];
const ACE_FLAG_MNEMONICS = new Map(ACE_FLAGS);

/** ACL control flags of `D:` and `S:`, in the order Windows prints them. */
const ACL_FLAGS = {
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

const NO_ACCESS_CONTROL = 'NO_ACCESS_CONTROL';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Parses an SDDL string ([MS-DTYP] 2.5.1) as Windows' ConvertStringSecurityDescriptorToSecurityDescriptor does,
 * including its leniencies (spaces in places, lowercase mnemonics, saturating numbers). Throws DescriptorError (kind
 * `sddl`, position = character index) for anything malformed; never returns a partial descriptor.
 */
export function parseSddl(text: string, options: SddlOptions = {}): SecurityDescriptor {
  return new SddlParser(text, options).parse();
}

class SddlParser {
  private pos = 0;
  constructor(
    private readonly text: string,
    private readonly options: SddlOptions,
  ) {}

  private fail(reason: string, at = this.pos): never {
    throw new DescriptorError('sddl', at, reason);
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }

  parse(): SecurityDescriptor {
    let control = Control.selfRelative;
    let owner: Sid | undefined;
    let group: Sid | undefined;
    let dacl: Acl | undefined;
    let sacl: Acl | undefined;
    const seen = new Set<string>();
    this.skipSpaces();
    while (this.pos < this.text.length) {
      const start = this.pos;
      const letter = this.text[this.pos]!;
      if (!'OGDS'.includes(letter) || this.text[this.pos + 1] !== ':') {
        this.fail(
          `expected O:, G:, D: or S: but found ${quoteInput(this.text.slice(this.pos, this.pos + 2))}`,
        );
      }
      if (seen.has(letter)) this.fail(`${letter}: appears twice`);
      seen.add(letter);
      this.pos += 2;
      this.skipSpaces();
      if (letter === 'O') owner = this.parseSid('owner');
      else if (letter === 'G') group = this.parseSid('group');
      else {
        const acl = this.parseAcl(letter as 'D' | 'S');
        control |= acl.control | (letter === 'D' ? Control.daclPresent : Control.saclPresent);
        if (letter === 'D') dacl = acl.acl;
        else sacl = acl.acl;
      }
      if (this.pos === start) this.fail('unexpected character');
      this.skipSpaces();
    }
    return {
      control,
      ...(owner !== undefined && { owner }),
      ...(group !== undefined && { group }),
      ...(dacl !== undefined && { dacl }),
      ...(sacl !== undefined && { sacl }),
    };
  }

  private parseAcl(letter: 'D' | 'S'): { control: number; acl: Acl | undefined } {
    let control = 0;
    let nullAcl = false;
    for (;;) {
      this.skipSpaces();
      if (this.text.startsWith(NO_ACCESS_CONTROL, this.pos)) {
        nullAcl = true;
        this.pos += NO_ACCESS_CONTROL.length;
        continue;
      }
      const flag = ACL_FLAGS[letter].find(([name]) => this.text.startsWith(name, this.pos));
      if (!flag) break;
      control |= flag[1];
      this.pos += flag[0].length;
    }
    const aces: Ace[] = [];
    while (this.text[this.pos] === '(') {
      if (nullAcl) this.fail(`${NO_ACCESS_CONTROL} cannot have ACEs`);
      aces.push(this.parseAce());
      this.skipSpaces();
    }
    if (nullAcl) return { control, acl: undefined };
    const revision = aces.some((ace) => isObjectAceType(ace.type)) ? 4 : 2;
    return { control, acl: { revision, aces } };
  }

  /** Text up to (not including) the next `;` or `)` of the current ACE. */
  private field(what: string): { value: string; start: number } {
    const start = this.pos;
    while (this.pos < this.text.length && this.text[this.pos] !== ';' && this.text[this.pos] !== ')')
      this.pos++;
    if (this.pos >= this.text.length) this.fail(`unterminated ACE: ${what} is not followed by ';' or ')'`);
    return { value: this.text.slice(start, this.pos), start };
  }

  private expect(char: string, what: string): void {
    if (this.text[this.pos] !== char) {
      this.fail(
        `expected '${char}' ${what} but found ${this.pos < this.text.length ? quoteInput(this.text[this.pos]!) : 'the end'}`,
      );
    }
    this.pos++;
  }

  private parseAce(): Ace {
    const aceStart = this.pos;
    this.expect('(', 'to open an ACE');
    const typeField = this.field('the ACE type');
    const info = ACE_TYPES.find((candidate) => candidate.sddl === typeField.value.toUpperCase());
    if (!info) this.fail(`unknown ACE type ${quoteInput(typeField.value)}`, typeField.start);
    const type: AceType = info!.name;
    this.expect(';', 'after the ACE type');
    const flags = this.parseMnemonics(this.field('the ACE flags'), ACE_FLAG_MNEMONICS, 'ACE flag');
    this.expect(';', 'after the ACE flags');
    const mask = this.parseRights(this.field('the access rights'));
    this.expect(';', 'after the access rights');
    const objectType = this.parseGuid(this.field('the object type'), type);
    this.expect(';', 'after the object type');
    const inheritedObjectType = this.parseGuid(this.field('the inherited object type'), type);
    this.expect(';', 'after the inherited object type');
    this.skipSpaces();
    const sid = this.parseSid('ACE SID');
    let applicationData: Uint8Array | undefined;
    if ((isCallbackAceType(type) && this.text[this.pos] !== ')') || type === 'resource-attribute') {
      this.expect(';', `after the SID of the ${info!.sddl} ACE`);
      this.skipSpaces();
      const parsed =
        type === 'resource-attribute'
          ? parseResourceAttribute(this.text, this.pos, this.options)
          : parseCondition(this.text, this.pos, this.options);
      applicationData = parsed.bytes;
      this.pos = parsed.end;
    }
    this.expect(')', `to close the ACE opened at character ${aceStart}`);
    return {
      type,
      flags,
      mask,
      sid,
      ...(objectType !== undefined && { objectType }),
      ...(inheritedObjectType !== undefined && { inheritedObjectType }),
      ...(applicationData && applicationData.length > 0 && { applicationData: bytesToHex(applicationData) }),
    };
  }

  /** Two-letter mnemonics, optionally separated by spaces (Windows allows that; not tabs, not trailing spaces). */
  private parseMnemonics(
    field: { value: string; start: number },
    table: ReadonlyMap<string, number>,
    what: string,
  ): number {
    let value = 0;
    let i = 0;
    const text = field.value;
    while (text[i] === ' ') i++;
    if (i === text.length) return 0;
    while (i < text.length) {
      const token = text.slice(i, i + 2).toUpperCase();
      const bits = table.get(token);
      if (bits === undefined)
        this.fail(`unknown ${what} ${quoteInput(text.slice(i, i + 2))}`, field.start + i);
      value |= bits!;
      i += 2;
      if (i === text.length) break;
      while (text[i] === ' ') i++;
      if (i === text.length) this.fail(`trailing space after ${what}s`, field.start + i - 1);
    }
    return value >>> 0;
  }

  private parseRights(field: { value: string; start: number }): number {
    const trimmed = field.value.replace(/^ +/, '');
    if (/^[-+0-9]/.test(trimmed)) {
      const number = parseCNumber(trimmed, 0);
      if (!number || number.end !== trimmed.length) {
        this.fail(
          `${quoteInput(field.value)} is not an access mask`,
          field.start + field.value.length - trimmed.length + (number?.end ?? 0),
        );
      }
      return number!.value;
    }
    return this.parseMnemonics(field, RIGHT_MNEMONICS, 'access right');
  }

  private parseGuid(field: { value: string; start: number }, type: AceType): string | undefined {
    if (/^ *$/.test(field.value)) return undefined;
    if (!GUID.test(field.value)) this.fail(`${quoteInput(field.value)} is not a GUID`, field.start);
    if (!isObjectAceType(type))
      this.fail('only object ACEs (OA, OD, OU, OL, ZA) have object types', field.start);
    return field.value.toLowerCase();
  }

  /** An alias (`BA`, `la`) or a SID string with Windows' number leniencies. Leaves `pos` just after it. */
  private parseSid(what: string): Sid {
    const start = this.pos;
    if (/^s-/i.test(this.text.slice(this.pos, this.pos + 2))) {
      const parsed = parseSidString(this.text, this.pos);
      if (typeof parsed === 'string') this.fail(`${what}: ${parsed}`, start);
      const result = parsed as { sid: Sid; end: number };
      this.pos = result.end;
      return result.sid;
    }
    const alias = this.text.slice(this.pos, this.pos + 2);
    const principal = /^[a-z]{2}$/i.test(alias) ? principalByAlias(alias) : undefined;
    if (!principal)
      this.fail(
        `${what}: ${quoteInput(this.text.slice(this.pos, this.pos + 8))} is neither a SID alias nor S-1-…`,
      );
    const sid = principalSid(principal!, this.options);
    if (sid === undefined) {
      this.fail(
        `${what}: alias ${principal!.alias} needs the ${principal!.relativeTo} SID, which was not given`,
      );
    }
    this.pos += 2;
    // Windows accepts spaces after an alias inside an ACE, but not letters (`WDANDSUCH`).
    let after = this.pos;
    while (this.text[after] === ' ') after++;
    if (this.text[after] === ')' || this.text[after] === ';') this.pos = after;
    return sid!;
  }
}

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
  if (sd.control & Control.daclPresent) out += `D:${formatAcl('D', sd.control, sd.dacl, options, span)}`;
  if (sd.control & Control.saclPresent) out += `S:${formatAcl('S', sd.control, sd.sacl, options, span)}`;
  return out;
}

/** A SID as SDDL writes it: the alias when there is one, else `S-1-…`. */
export function formatSid(sid: Sid, options: SddlOptions = {}): string {
  return sidAlias(sid, options) ?? sid;
}

function formatAcl(
  letter: 'D' | 'S',
  control: number,
  acl: Acl | undefined,
  options: SddlOptions,
  span: (letter: 'D' | 'S', index: number) => AceSpan | undefined,
): string {
  let out = ACL_FLAGS[letter]
    .filter(([, bit]) => control & bit)
    .map(([name]) => name)
    .join('');
  if (!acl) return out + NO_ACCESS_CONTROL;
  acl.aces.forEach(
    (ace, index) =>
      (out += formatAce(ace, `${letter === 'D' ? 'DACL' : 'SACL'} ACE ${index + 1}`, options, () =>
        span(letter, index),
      )),
  );
  return out;
}

/** Access mask in SDDL: a file/key mnemonic, a run of bit mnemonics, or lowercase hex (Windows' choice, in order). */
export function formatRights(mask: number, type: AceType = 'access-allowed'): string {
  if (mask === 0) return '';
  const combination = RIGHT_COMBINATIONS.find(([, bits]) => bits === mask);
  if (combination) return combination[0];
  const table = type === 'mandatory-label' ? LABEL_BITS : RIGHT_BITS;
  const covered = table.reduce((all, [, bit]) => (all | bit) >>> 0, 0);
  if ((mask & ~covered) >>> 0 !== 0) return `0x${(mask >>> 0).toString(16)}`;
  return table
    .filter(([, bit]) => (mask & bit) >>> 0 !== 0)
    .map(([name]) => name)
    .join('');
}

function formatAce(ace: Ace, where: string, options: SddlOptions, span: () => AceSpan | undefined): string {
  /** The ACE's byte offset, or (with `inData`) that of byte `inData` of its application data. */
  const at = (inData?: number): number => {
    const found = span();
    if (!found) return inData ?? 0;
    return inData === undefined ? found.start : found.dataStart + inData;
  };
  const info = ACE_TYPES.find((candidate) => candidate.name === ace.type);
  if (!info?.sddl)
    throw new DescriptorError(
      'binary',
      at(),
      `${where}: ACE type ${quoteInput(String(ace.type))} has no SDDL form`,
    );
  const flags = ACE_FLAGS.filter(([, bit]) => ace.flags & bit)
    .map(([name]) => name)
    .join('');
  const fields = [
    info.sddl,
    flags,
    formatRights(ace.mask, ace.type),
    ace.objectType ?? '',
    ace.inheritedObjectType ?? '',
    formatSid(ace.sid, options),
  ];
  if (ace.applicationData !== undefined && !/^(?:[0-9a-f]{2})*$/i.test(ace.applicationData))
    throw new DescriptorError('binary', at(), `${where}: application data is not hex bytes`);
  const data = ace.applicationData ? hexToBytes(ace.applicationData) : undefined;
  try {
    if (ace.type === 'resource-attribute')
      fields.push(formatResourceAttribute(data ?? new Uint8Array(), where, options));
    else if (isCallbackAceType(ace.type) && data)
      fields.push(formatConditionApplicationData(data, where, options));
  } catch (error) {
    // The data readers count from the start of the application data; the caller wants descriptor offsets.
    if (error instanceof DescriptorError && error.kind === 'binary')
      throw new DescriptorError('binary', at(error.position), error.reason);
    throw error;
  }
  return `(${fields.join(';')})`;
}
