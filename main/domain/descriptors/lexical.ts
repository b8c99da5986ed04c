/** Number and SID spellings as Windows' SDDL parser reads them (shared by the SDDL and condition parsers). */
import type { Sid } from './model';
import { formatSidParts, MAX_IDENTIFIER_AUTHORITY, MAX_SUB_AUTHORITIES } from './sid';

/**
 * A C `strtoul(…, 0)` number as Windows reads masks: optional sign, `0x` hex, leading-`0` octal or decimal;
 * saturates at 0xffffffff and negates modulo 2^32. Undefined when no digit is found.
 */
export function parseCNumber(text: string, start: number): { value: number; end: number } | undefined {
  let i = start;
  let negative = false;
  if (text[i] === '-' || text[i] === '+') negative = text[i++] === '-';
  let base = 10;
  if (
    text[i] === '0' &&
    (text[i + 1] === 'x' || text[i + 1] === 'X') &&
    /[0-9a-f]/i.test(text[i + 2] ?? '')
  ) {
    base = 16;
    i += 2;
  } else if (text[i] === '0') base = 8;
  const digits = base === 16 ? /[0-9a-f]/i : base === 8 ? /[0-7]/ : /[0-9]/;
  const digitsStart = i;
  let value = 0;
  while (i < text.length && digits.test(text[i]!)) {
    value = Math.min(value * base + Number.parseInt(text[i]!, base), 2 ** 32);
    i++;
  }
  if (i === digitsStart) return undefined;
  const saturated = Math.min(value, 0xffffffff);
  return { value: negative ? (2 ** 32 - saturated) % 2 ** 32 : saturated, end: i };
}

/**
 * Reads `S-1-…` at `start` the way Windows does: spaces before numbers, `0x` numbers, sub-authorities saturating at
 * 0xffffffff, and (oddly) every number in hex once the revision is written `0x1`. Returns an error reason as a string.
 */
export function parseSidString(text: string, start: number): { sid: Sid; end: number } | string {
  let i = start + 2;
  let hexMode = false;
  const number = (limit: number): number | string => {
    while (text[i] === ' ') i++;
    let base = hexMode ? 16 : 10;
    if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
      base = 16;
      i += 2;
    }
    const digits = base === 16 ? /[0-9a-f]/i : /[0-9]/;
    const digitsStart = i;
    let value = 0;
    // `O:S-1-2-0x200D:` ends before the `D:` that starts the DACL, although D is a hex digit.
    while (i < text.length && digits.test(text[i]!) && !(text[i] === 'D' && text[i + 1] === ':')) {
      value = Math.min(value * base + Number.parseInt(text[i]!, base), 2 ** 53);
      i++;
    }
    if (i === digitsStart) return `expected a number at character ${i}`;
    return limit === 0xffffffff ? Math.min(value, limit) : value;
  };
  const revisionStart = i;
  const revision = number(0xffffffff);
  if (typeof revision === 'string') return revision;
  if (revision !== 1) return `SID revision ${text.slice(revisionStart, i).trim()} is not 1`;
  hexMode = /0x/i.test(text.slice(revisionStart, i));
  if (text[i] !== '-') return 'a SID needs an identifier authority (S-1-<authority>-…)';
  i++;
  const authority = number(MAX_IDENTIFIER_AUTHORITY);
  if (typeof authority === 'string') return authority;
  if (authority > MAX_IDENTIFIER_AUTHORITY) return 'identifier authority is larger than 48 bits';
  const subAuthorities: number[] = [];
  while (text[i] === '-') {
    i++;
    const sub = number(0xffffffff);
    if (typeof sub === 'string') return sub;
    subAuthorities.push(sub);
    if (subAuthorities.length > MAX_SUB_AUTHORITIES) return 'a SID has at most 15 sub-authorities';
  }
  return { sid: formatSidParts({ authority, subAuthorities }), end: i };
}
