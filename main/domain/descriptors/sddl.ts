import { parseCondition, parseResourceAttribute } from './conditional';
import { DescriptorError, quoteInput } from './errors';
import { bytesToHex } from './hex';
import { parseCNumber, parseSidString } from './lexical';
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
import { principalByAlias, principalSid } from './sid';
import {
  ACE_FLAG_MNEMONICS,
  ACL_FLAGS,
  GUID,
  NO_ACCESS_CONTROL,
  RIGHT_MNEMONICS,
  type SddlOptions,
} from './sddl-vocabulary';

export { formatRights, formatSddl, formatSid } from './sddl-format';
export type { SddlOptions } from './sddl-vocabulary';

/** Imports held locally: through Vite's SSR transform (bench, tests) each imported name is a getter per use. */
const local = {
  parseCNumber,
  parseSidString,
  principalByAlias,
  principalSid,
  isObjectAceType,
  isCallbackAceType,
  bytesToHex,
  GUID,
  RIGHT_MNEMONICS,
  ACE_FLAG_MNEMONICS,
  ACL_FLAGS,
  NO_ACCESS_CONTROL,
  Control,
};

/** ACE types by their SDDL letters. */
const TYPE_BY_LETTERS = new Map(
  ACE_TYPES.filter((info) => info.sddl).map((info) => [info.sddl as string, info]),
);

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
    let control = local.Control.selfRelative;
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
        control |= acl.control | (letter === 'D' ? local.Control.daclPresent : local.Control.saclPresent);
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
      if (this.text.startsWith(local.NO_ACCESS_CONTROL, this.pos)) {
        nullAcl = true;
        this.pos += local.NO_ACCESS_CONTROL.length;
        continue;
      }
      const flag = local.ACL_FLAGS[letter].find(([name]) => this.text.startsWith(name, this.pos));
      if (!flag) break;
      control |= flag[1];
      this.pos += flag[0].length;
    }
    const aces: Ace[] = [];
    while (this.text[this.pos] === '(') {
      if (nullAcl) this.fail(`${local.NO_ACCESS_CONTROL} cannot have ACEs`);
      aces.push(this.parseAce());
      this.skipSpaces();
    }
    if (nullAcl) return { control, acl: undefined };
    const revision = aces.some((ace) => local.isObjectAceType(ace.type)) ? 4 : 2;
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
    const info = TYPE_BY_LETTERS.get(typeField.value.toUpperCase());
    if (!info) this.fail(`unknown ACE type ${quoteInput(typeField.value)}`, typeField.start);
    const type: AceType = info!.name;
    this.expect(';', 'after the ACE type');
    const flags = this.parseMnemonics(this.field('the ACE flags'), local.ACE_FLAG_MNEMONICS, 'ACE flag');
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
    if ((local.isCallbackAceType(type) && this.text[this.pos] !== ')') || type === 'resource-attribute') {
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
    const ace: { -readonly [K in keyof Ace]: Ace[K] } = { type, flags, mask, sid };
    if (objectType !== undefined) ace.objectType = objectType;
    if (inheritedObjectType !== undefined) ace.inheritedObjectType = inheritedObjectType;
    if (applicationData && applicationData.length > 0)
      ace.applicationData = local.bytesToHex(applicationData);
    return ace;
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
      const number = local.parseCNumber(trimmed, 0);
      if (!number || number.end !== trimmed.length) {
        this.fail(
          `${quoteInput(field.value)} is not an access mask`,
          field.start + field.value.length - trimmed.length + (number?.end ?? 0),
        );
      }
      return number!.value;
    }
    return this.parseMnemonics(field, local.RIGHT_MNEMONICS, 'access right');
  }

  private parseGuid(field: { value: string; start: number }, type: AceType): string | undefined {
    if (/^ *$/.test(field.value)) return undefined;
    if (!local.GUID.test(field.value)) this.fail(`${quoteInput(field.value)} is not a GUID`, field.start);
    if (!local.isObjectAceType(type))
      this.fail('only object ACEs (OA, OD, OU, OL, ZA) have object types', field.start);
    return field.value.toLowerCase();
  }

  /** An alias (`BA`, `la`) or a SID string with Windows' number leniencies. Leaves `pos` just after it. */
  private parseSid(what: string): Sid {
    const start = this.pos;
    if (/^s-/i.test(this.text.slice(this.pos, this.pos + 2))) {
      const parsed = local.parseSidString(this.text, this.pos);
      if (typeof parsed === 'string') this.fail(`${what}: ${parsed}`, start);
      const result = parsed as { sid: Sid; end: number };
      this.pos = result.end;
      return result.sid;
    }
    const alias = this.text.slice(this.pos, this.pos + 2);
    const principal = /^[a-z]{2}$/i.test(alias) ? local.principalByAlias(alias) : undefined;
    if (!principal)
      this.fail(
        `${what}: ${quoteInput(this.text.slice(this.pos, this.pos + 8))} is neither a SID alias nor S-1-…`,
      );
    const sid = local.principalSid(principal!, this.options);
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
