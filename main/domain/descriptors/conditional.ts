/**
 * Conditional expressions of callback ACEs ([MS-DTYP] 2.4.4.17, SDDL syntax 2.5.1.1) and the claim attribute of
 * resource attribute ACEs (2.4.10.1). SDDL text compiles to the binary application data Windows stores, and that
 * data prints back the way Windows prints it, so the model only ever holds the bytes.
 */
import { DescriptorError, quoteInput } from './errors';
import { parseCNumber, parseSidString } from './lexical';
import {
  formatSidParts,
  MAX_SUB_AUTHORITIES,
  principalByAlias,
  principalSid,
  sidAlias,
  sidToBytes,
  type SidContext,
} from './sid';

const MAGIC = [0x61, 0x72, 0x74, 0x78]; // "artx"

const Token = {
  padding: 0x00,
  int8: 0x01,
  int16: 0x02,
  int32: 0x03,
  int64: 0x04,
  unicode: 0x10,
  octets: 0x18,
  composite: 0x50,
  sid: 0x51,
  not: 0xa2,
  and: 0xa0,
  or: 0xa1,
  localAttribute: 0xf8,
  userAttribute: 0xf9,
  resourceAttribute: 0xfa,
  deviceAttribute: 0xfb,
} as const;

/** Relational operators (two operands), spelled as Windows prints them. */
const BINARY_OPERATORS = new Map<number, string>([
  [0x80, '=='],
  [0x81, '!='],
  [0x82, '<'],
  [0x83, '<='],
  [0x84, '>'],
  [0x85, '>='],
  [0x86, 'Contains'],
  [0x88, 'Any_of'],
  [0x8e, 'Not_Contains'],
  [0x8f, 'Not_Any_of'],
]);

/** Unary operators taking a SID list (membership) or an attribute (existence). */
const MEMBER_OPERATORS = new Map<number, string>([
  [0x89, 'Member_of'],
  [0x8a, 'Device_Member_of'],
  [0x8b, 'Member_of_any'],
  [0x8c, 'Device_Member_of_Any'],
  [0x90, 'Not_Member_of'],
  [0x91, 'Not_Device_Member_of'],
  [0x92, 'Not_Member_of_Any'],
  [0x93, 'Not_Device_Member_of_Any'],
]);
const EXISTS_OPERATORS = new Map<number, string>([
  [0x87, 'Exists'],
  [0x8d, 'Not_Exists'],
]);

const ATTRIBUTE_PREFIXES = new Map<number, string>([
  [Token.localAttribute, ''],
  [Token.userAttribute, '@USER.'],
  [Token.resourceAttribute, '@RESOURCE.'],
  [Token.deviceAttribute, '@DEVICE.'],
]);

/** Deeper expressions are refused rather than risk the call stack (Windows' own limits are far lower in practice). */
const MAX_NESTING = 256;

const IntSign = { positive: 1, negative: 2, none: 3 } as const;
const IntBase = { octal: 1, decimal: 2, hex: 3 } as const;

// ---------------------------------------------------------------------------------------------------------------
// Byte helpers

class ByteSink {
  readonly bytes: number[] = [];
  u8(value: number): void {
    this.bytes.push(value & 0xff);
  }
  u32(value: number): void {
    for (let i = 0; i < 4; i++) this.bytes.push((value >>> (8 * i)) & 0xff);
  }
  i64(value: bigint): void {
    const unsigned = BigInt.asUintN(64, value);
    for (let i = 0n; i < 8n; i++) this.bytes.push(Number((unsigned >> (8n * i)) & 0xffn));
  }
  raw(data: ArrayLike<number>): void {
    for (let i = 0; i < data.length; i++) this.bytes.push(data[i]!);
  }
  /** Token with a 32-bit byte length prefix. */
  sized(token: number, data: ArrayLike<number>): void {
    this.u8(token);
    this.u32(data.length);
    this.raw(data);
  }
}

function utf16le(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out.push(unit & 0xff, unit >> 8);
  }
  return out;
}

function fromUtf16le(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i + 1 < end; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return out;
}

function u32At(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** Attribute names print with `%xxxx` escapes for characters SDDL reserves or cannot show. */
function escapeAttributeName(name: string, fail: (reason: string) => never): string {
  let out = '';
  for (const char of name) {
    for (let i = 0; i < char.length; i++) {
      const unit = char.charCodeAt(i);
      if (unit === 0) fail('attribute name contains a NUL character');
      out +=
        unit <= 0x20 || unit > 126 || '!"&()<=>|%,'.includes(String.fromCharCode(unit))
          ? `%${unit.toString(16).padStart(4, '0')}`
          : String.fromCharCode(unit);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// SDDL → binary

const isSpace = (char: string | undefined) => char !== undefined && /[\t\n\v\f\r ]/.test(char);
const isLocalNameChar = (char: string | undefined) => char !== undefined && /[A-Za-z0-9:./_]/.test(char);

/** Characters that must be written `%xxxx`-escaped are not allowed escaped when they could be literal. */
const MUST_BE_LITERAL = /[0-9A-Za-z#$'*+\-;?@[\\\]^_`{}~:/.]/;

class ConditionCompiler {
  pos: number;
  constructor(
    private readonly text: string,
    start: number,
    private readonly context: SidContext,
  ) {
    this.pos = start;
  }

  fail(reason: string, at = this.pos): never {
    throw new DescriptorError('sddl', at, `conditional expression: ${reason}`);
  }

  private skipSpaces(): void {
    while (isSpace(this.text[this.pos])) this.pos++;
  }

  private peek(literal: string): boolean {
    return this.text.startsWith(literal, this.pos);
  }

  private expect(char: string, what: string): void {
    if (this.text[this.pos] !== char) {
      this.fail(
        `expected '${char}' ${what} but found ${this.pos < this.text.length ? quoteInput(this.text[this.pos]!) : 'the end'}`,
      );
    }
    this.pos++;
  }

  /** `( cond-expr )`: the whole condition of an ACE, parentheses included. */
  compileCondition(): Uint8Array {
    const out = new ByteSink();
    out.raw(MAGIC);
    this.expect('(', 'to open the condition');
    this.skipSpaces();
    this.orExpression(out);
    this.skipSpaces();
    this.expect(')', 'to close the condition');
    while (out.bytes.length % 4 !== 0) out.u8(Token.padding);
    return Uint8Array.from(out.bytes);
  }

  private orExpression(out: ByteSink): void {
    this.andExpression(out);
    for (;;) {
      this.skipSpaces();
      if (!this.peek('||')) return;
      this.pos += 2;
      this.skipSpaces();
      this.andExpression(out);
      out.u8(Token.or);
    }
  }

  private andExpression(out: ByteSink): void {
    this.unary(out);
    for (;;) {
      this.skipSpaces();
      if (!this.peek('&&')) return;
      this.pos += 2;
      this.skipSpaces();
      this.unary(out);
      out.u8(Token.and);
    }
  }

  private unary(out: ByteSink): void {
    if (this.text[this.pos] === '!' && this.text[this.pos + 1] !== '=') {
      this.pos++;
      this.skipSpaces();
      if (this.text[this.pos] !== '(') this.fail("'!' must be followed by a parenthesised expression");
      this.parenthesised(out);
      out.u8(Token.not);
      return;
    }
    if (this.text[this.pos] === '(') return this.parenthesised(out);
    this.term(out);
  }

  private depth = 0;

  private parenthesised(out: ByteSink): void {
    const open = this.pos;
    if (++this.depth > MAX_NESTING) this.fail(`nested more than ${MAX_NESTING} levels deep`);
    this.pos++;
    this.skipSpaces();
    this.orExpression(out);
    this.skipSpaces();
    if (this.text[this.pos] !== ')') this.fail(`unbalanced parenthesis opened at character ${open}`);
    this.pos++;
    this.depth--;
  }

  /** A keyword operator at pos (case-insensitive, whole word), longest first. */
  private keyword(table: ReadonlyMap<number, string>): number | undefined {
    const candidates = [...table].sort((a, b) => b[1].length - a[1].length);
    for (const [code, name] of candidates) {
      if (this.text.slice(this.pos, this.pos + name.length).toLowerCase() !== name.toLowerCase()) continue;
      if (isLocalNameChar(this.text[this.pos + name.length])) continue;
      this.pos += name.length;
      return code;
    }
    return undefined;
  }

  private term(out: ByteSink): void {
    const member = this.keyword(MEMBER_OPERATORS);
    if (member !== undefined) {
      this.skipSpaces();
      this.memberOperand(out);
      out.u8(member);
      return;
    }
    const exists = this.keyword(EXISTS_OPERATORS);
    if (exists !== undefined) {
      if (!isSpace(this.text[this.pos])) this.fail('expected a space after Exists');
      this.skipSpaces();
      this.attribute(out, true);
      out.u8(exists);
      return;
    }
    this.attribute(out, true);
    const before = this.pos;
    this.skipSpaces();
    const operator = this.relationalOperator(before);
    if (operator === undefined) {
      this.pos = before;
      return;
    }
    this.skipSpaces();
    if (this.text[this.pos] === '@') this.attribute(out, false);
    else this.literal(out, true);
    out.u8(operator);
  }

  private relationalOperator(before: number): number | undefined {
    for (const symbol of ['==', '!=', '<=', '>=', '<', '>']) {
      if (this.peek(symbol)) {
        this.pos += symbol.length;
        return [...BINARY_OPERATORS].find(([, name]) => name === symbol)![0];
      }
    }
    if (this.pos === before) return undefined; // word operators need a space before them
    const word = this.keyword(new Map([...BINARY_OPERATORS].filter(([, name]) => /^[A-Z]/.test(name))));
    if (word !== undefined && !isSpace(this.text[this.pos])) this.fail('expected a space after the operator');
    return word;
  }

  private memberOperand(out: ByteSink): void {
    if (this.text[this.pos] === '(') {
      if (++this.depth > MAX_NESTING) this.fail(`nested more than ${MAX_NESTING} levels deep`);
      const open = this.pos;
      this.pos++;
      this.skipSpaces();
      this.memberOperand(out);
      this.skipSpaces();
      if (this.text[this.pos] !== ')') this.fail(`unbalanced parenthesis opened at character ${open}`);
      this.pos++;
      this.depth--;
      return;
    }
    this.literal(out, true);
  }

  /** `@User.x`, `@Device.x`, `@Resource.x` or (where allowed) a local name. */
  private attribute(out: ByteSink, localAllowed: boolean): void {
    const start = this.pos;
    const prefixed = /^@(user|device|resource)\./i.exec(this.text.slice(this.pos, this.pos + 10));
    if (prefixed) {
      this.pos += prefixed[0].length;
      const token = {
        user: Token.userAttribute,
        device: Token.deviceAttribute,
        resource: Token.resourceAttribute,
      }[prefixed[1]!.toLowerCase() as 'user' | 'device' | 'resource'];
      out.sized(token, utf16le(this.escapedName()));
      return;
    }
    if (!localAllowed) this.fail('expected an attribute (@User., @Device. or @Resource.)');
    while (isLocalNameChar(this.text[this.pos]) || (this.pos > start && this.text[this.pos] === '@'))
      this.pos++;
    if (this.pos === start || !/[A-Za-z_]/.test(this.text[start]!)) {
      this.fail(
        `expected an attribute name but found ${quoteInput(this.text.slice(start, start + 10))}`,
        start,
      );
    }
    out.sized(Token.localAttribute, utf16le(this.text.slice(start, this.pos)));
  }

  /** An attribute name after its `@Class.` prefix, decoding `%xxxx` escapes. */
  private escapedName(): string {
    const start = this.pos;
    let name = '';
    while (this.pos < this.text.length && !/[!&()><=| "\t\n\v\f\r]/.test(this.text[this.pos]!)) {
      if (this.text[this.pos] === '%') {
        const hex = this.text.slice(this.pos + 1, this.pos + 5);
        if (!/^[0-9a-f]{4}$/i.test(hex)) this.fail('invalid % escape in attribute name');
        const char = String.fromCharCode(Number.parseInt(hex, 16));
        if (MUST_BE_LITERAL.test(char)) this.fail(`'%${hex}' must be written as '${char}'`);
        name += char;
        this.pos += 5;
      } else name += this.text[this.pos++];
    }
    if (this.pos === start) this.fail('empty attribute name');
    if (this.pos >= this.text.length) this.fail('unterminated attribute name');
    return name;
  }

  /** A literal value; composites `{…}` only where `compositeAllowed`. */
  literal(out: ByteSink, compositeAllowed: boolean): void {
    const char = this.text[this.pos];
    if (char === '{') {
      if (!compositeAllowed) this.fail('composite values cannot be nested');
      const open = this.pos;
      this.pos++;
      const inner = new ByteSink();
      this.skipSpaces();
      if (this.text[this.pos] !== '}') {
        for (;;) {
          this.literal(inner, false);
          this.skipSpaces();
          if (this.text[this.pos] !== ',') break;
          this.pos++;
          this.skipSpaces();
        }
      }
      if (this.text[this.pos] !== '}') this.fail(`unterminated composite opened at character ${open}`);
      this.pos++;
      out.sized(Token.composite, inner.bytes);
    } else if (char === '"') {
      const end = this.text.indexOf('"', this.pos + 1);
      if (end < 0) this.fail('unterminated string');
      out.sized(Token.unicode, utf16le(this.text.slice(this.pos + 1, end)));
      this.pos = end + 1;
    } else if (char === '#') {
      this.pos++;
      const start = this.pos;
      while (/[#0-9a-f]/i.test(this.text[this.pos] ?? '')) this.pos++;
      // Windows reads '#' as '0' and pads an odd count of digits on the left.
      let digits = this.text.slice(start, this.pos).replaceAll('#', '0');
      if (digits.length % 2) digits = `0${digits}`;
      out.sized(Token.octets, digits.match(/../g)?.map((pair) => Number.parseInt(pair, 16)) ?? []);
    } else if (/^sid\(/i.test(this.text.slice(this.pos, this.pos + 4))) {
      this.pos += 4;
      this.skipSpaces();
      const sid = readSid(this.text, this.pos, this.context, (reason, at) => this.fail(reason, at));
      this.pos = sid.end;
      this.skipSpaces();
      this.expect(')', 'to close SID(');
      out.sized(Token.sid, sidToBytes(sid.sid));
    } else if (char !== undefined && /[-+0-9]/.test(char)) {
      this.integer(out);
    } else {
      this.fail(`expected a value but found ${quoteInput(this.text.slice(this.pos, this.pos + 10))}`);
    }
  }

  private integer(out: ByteSink): void {
    const start = this.pos;
    const parsed = parseInt64(this.text, this.pos);
    if (typeof parsed === 'string') this.fail(parsed, start);
    const { value, sign, base, end } = parsed as Int64Literal & { end: number };
    if (isLocalNameChar(this.text[end])) this.fail('unexpected character after a number', end);
    this.pos = end;
    out.u8(Token.int64);
    out.i64(value);
    out.u8(sign);
    out.u8(base);
  }
}

interface Int64Literal {
  value: bigint;
  sign: number;
  base: number;
}

/** An integer literal: optional sign, then `0x` hex, `0` octal or decimal; must fit 64 bits. */
function parseInt64(text: string, start: number): (Int64Literal & { end: number }) | string {
  let i = start;
  let sign: number = IntSign.none;
  if (text[i] === '-' || text[i] === '+') sign = text[i++] === '-' ? IntSign.negative : IntSign.positive;
  let base: number = IntBase.decimal;
  let digits = /[0-9]/;
  let radix = 10n;
  if (text[i] === '0' && /[xX]/.test(text[i + 1] ?? '') && /[0-9a-f]/i.test(text[i + 2] ?? '')) {
    base = IntBase.hex;
    digits = /[0-9a-f]/i;
    radix = 16n;
    i += 2;
  } else if (text[i] === '0') {
    base = IntBase.octal;
    digits = /[0-7]/;
    radix = 8n;
  }
  const digitsStart = i;
  let magnitude = 0n;
  while (i < text.length && digits.test(text[i]!)) {
    magnitude = magnitude * radix + BigInt(Number.parseInt(text[i]!, Number(radix)));
    if (magnitude > 2n ** 64n) return 'integer does not fit in 64 bits';
    i++;
  }
  if (i === digitsStart) return 'expected digits';
  const limit = base === IntBase.decimal ? 2n ** 63n - 1n : 2n ** 64n - 1n;
  if (sign === IntSign.negative ? magnitude > 2n ** 63n : magnitude > limit)
    return 'integer does not fit in 64 bits';
  const value = sign === IntSign.negative ? -magnitude : BigInt.asIntN(64, magnitude);
  return { value, sign, base, end: i };
}

/** A SID alias or `S-1-…` string at `start` (used inside `SID(…)` and resource attribute values). */
function readSid(
  text: string,
  start: number,
  context: SidContext,
  fail: (reason: string, at: number) => never,
): { sid: string; end: number } {
  if (/^s-/i.test(text.slice(start, start + 2))) {
    const parsed = parseSidString(text, start);
    if (typeof parsed === 'string') return fail(parsed, start);
    return parsed;
  }
  const principal = principalByAlias(text.slice(start, start + 2));
  if (!principal || isLocalNameChar(text[start + 2]))
    return fail(`${quoteInput(text.slice(start, start + 8))} is not a SID`, start);
  const sid = principalSid(principal, context);
  if (sid === undefined) return fail(`alias ${principal.alias} needs the ${principal.relativeTo} SID`, start);
  return { sid, end: start + 2 };
}

/** Compiles the `(…)` condition starting at `start`; `end` is just after its closing parenthesis. */
export function parseCondition(
  text: string,
  start: number,
  context: SidContext,
): { bytes: Uint8Array; end: number } {
  const compiler = new ConditionCompiler(text, start, context);
  const bytes = compiler.compileCondition();
  return { bytes, end: compiler.pos };
}

// ---------------------------------------------------------------------------------------------------------------
// binary → SDDL

interface Node {
  readonly code: number;
  readonly depth: number;
  readonly text?: string;
  readonly operand?: Node;
  readonly left?: Node;
}

class ConditionReader {
  constructor(
    private readonly bytes: Uint8Array,
    private readonly where: string,
    private readonly context: SidContext,
  ) {}

  fail(at: number, reason: string): never {
    throw new DescriptorError('binary', at, `${this.where}: conditional expression: ${reason}`);
  }

  private sizedEnd(at: number, limit: number): number {
    if (at + 5 > limit) this.fail(at, 'token length runs past the end');
    const end = at + 5 + u32At(this.bytes, at + 1);
    if (end > limit) this.fail(at, 'token length runs past the end');
    return end;
  }

  /** One literal token at `at`: its SDDL text and where the next token starts. */
  private literal(at: number, limit: number, insideComposite: boolean): { text: string; end: number } {
    const code = this.bytes[at]!;
    if (code >= Token.int8 && code <= Token.int64) {
      if (at + 11 > limit) this.fail(at, 'integer runs past the end');
      let value = 0n;
      for (let i = 7; i >= 0; i--) value = (value << 8n) | BigInt(this.bytes[at + 1 + i]!);
      return {
        text: this.formatInteger(at, BigInt.asIntN(64, value), this.bytes[at + 9]!, this.bytes[at + 10]!),
        end: at + 11,
      };
    }
    const end = this.sizedEnd(at, limit);
    const start = at + 5;
    switch (code) {
      case Token.unicode: {
        if ((end - start) % 2) this.fail(at, 'string has an odd byte length');
        const text = fromUtf16le(this.bytes, start, end);
        if (text.includes('"')) this.fail(at, 'a string with a double quote has no SDDL form');
        return { text: `"${text}"`, end };
      }
      case Token.octets:
        return {
          text: `#${[...this.bytes.subarray(start, end)].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
          end,
        };
      case Token.sid:
        return { text: `SID(${this.sidText(start, end)})`, end };
      case Token.composite: {
        if (insideComposite) this.fail(at, 'nested composites have no SDDL form');
        const items: string[] = [];
        for (let i = start; i < end;) {
          const item = this.literal(i, end, true);
          items.push(item.text);
          i = item.end;
        }
        return { text: `{${items.join(', ')}}`, end };
      }
      default:
        return this.fail(at, `unknown token 0x${code.toString(16)}`);
    }
  }

  sidText(start: number, end: number): string {
    const count = this.bytes[start + 1] ?? 0;
    if (
      end - start < 8 ||
      this.bytes[start] !== 1 ||
      count > MAX_SUB_AUTHORITIES ||
      end - start !== 8 + 4 * count
    ) {
      this.fail(start, 'malformed SID');
    }
    let authority = 0;
    for (let i = 2; i < 8; i++) authority = authority * 256 + this.bytes[start + i]!;
    const subAuthorities = Array.from({ length: count }, (_, i) => u32At(this.bytes, start + 8 + 4 * i));
    const sid = formatSidParts({ authority, subAuthorities });
    return sidAlias(sid, this.context) ?? sid;
  }

  private formatInteger(at: number, value: bigint, sign: number, base: number): string {
    if (sign < IntSign.positive || sign > IntSign.none || base < IntBase.octal || base > IntBase.hex) {
      this.fail(at, 'integer has an invalid sign or base');
    }
    const radix = base === IntBase.octal ? 8 : base === IntBase.hex ? 16 : 10;
    const prefix = (magnitude: bigint) =>
      magnitude === 0n
        ? '0'
        : `${base === IntBase.octal ? '0' : base === IntBase.hex ? '0x' : ''}${magnitude.toString(radix)}`;
    if (sign === IntSign.none) {
      // Octal and hex print the two's complement, decimal the signed value (as C's printf does).
      return base === IntBase.decimal ? value.toString() : prefix(BigInt.asUintN(64, value));
    }
    if ((sign === IntSign.positive && value < 0n) || (sign === IntSign.negative && value > 0n)) {
      this.fail(at, 'integer sign contradicts its value');
    }
    const magnitude = value < 0n ? -value : value;
    return `${sign === IntSign.negative ? '-' : '+'}${prefix(magnitude)}`;
  }

  private nested(at: number, node: Node): Node {
    if (node.depth > MAX_NESTING) this.fail(at, `nested more than ${MAX_NESTING} levels deep`);
    return node;
  }

  format(): string {
    const bytes = this.bytes;
    if (bytes.length < 4 || MAGIC.some((byte, i) => bytes[i] !== byte))
      this.fail(0, "missing the 'artx' signature");
    const stack: Node[] = [];
    let at = 4;
    while (at < bytes.length) {
      const code = bytes[at]!;
      if (code === Token.padding) {
        if (bytes.subarray(at).some((byte) => byte !== 0)) this.fail(at, 'tokens after padding');
        break;
      }
      const pop = (): Node => stack.pop() ?? this.fail(at, 'operator without enough operands');
      if (ATTRIBUTE_PREFIXES.has(code)) {
        const end = this.sizedEnd(at, bytes.length);
        if ((end - at - 5) % 2) this.fail(at, 'attribute name has an odd byte length');
        const name = escapeAttributeName(fromUtf16le(bytes, at + 5, end), (reason) => this.fail(at, reason));
        stack.push({ code, depth: 1, text: ATTRIBUTE_PREFIXES.get(code)! + name });
        at = end;
      } else if (BINARY_OPERATORS.has(code) || code === Token.and || code === Token.or) {
        const operand = pop();
        const left = pop();
        stack.push(this.nested(at, { code, depth: Math.max(left.depth, operand.depth) + 1, left, operand }));
        at++;
      } else if (MEMBER_OPERATORS.has(code) || EXISTS_OPERATORS.has(code) || code === Token.not) {
        const operand = pop();
        stack.push(this.nested(at, { code, depth: operand.depth + 1, operand }));
        at++;
      } else {
        const literal = this.literal(at, bytes.length, false);
        stack.push({ code, depth: 1, text: literal.text });
        at = literal.end;
      }
    }
    if (stack.length !== 1) this.fail(at, `expression leaves ${stack.length} values instead of one`);
    return render(stack[0]!, true);
  }
}

/** Binary operators and membership tests print in parentheses of their own. */
function hasOwnParentheses(node: Node): boolean {
  return node.left !== undefined || MEMBER_OPERATORS.has(node.code);
}

/** Windows' layout: `(a == 1)`, `((x) && (y))`, `!(x)`, `(Member_of {SID(BA)})`. */
function render(node: Node, parenthesise: boolean): string {
  const logical = node.code === Token.and || node.code === Token.or || node.code === Token.not;
  const child = (operand: Node) => render(operand, logical && !hasOwnParentheses(operand));
  let body: string;
  if (node.text !== undefined) body = node.text;
  else if (node.code === Token.not) body = `!${child(node.operand!)}`;
  else {
    const name =
      BINARY_OPERATORS.get(node.code) ??
      MEMBER_OPERATORS.get(node.code) ??
      EXISTS_OPERATORS.get(node.code) ??
      (node.code === Token.and ? '&&' : '||');
    body = `${node.left ? `${child(node.left)} ` : ''}${name} ${child(node.operand!)}`;
  }
  return parenthesise || hasOwnParentheses(node) ? `(${body})` : body;
}

/** The SDDL `(…)` of a callback ACE's application data. Throws DescriptorError (kind `binary`) when it has none. */
export function formatConditionApplicationData(
  bytes: Uint8Array,
  where: string,
  context: SidContext,
): string {
  return new ConditionReader(bytes, where, context).format();
}

// ---------------------------------------------------------------------------------------------------------------
// Resource attribute ACEs: ("name",TYPE,flags,value,…)

const CLAIM_TYPES = [
  { code: 0x01, sddl: 'TI' },
  { code: 0x02, sddl: 'TU' },
  { code: 0x03, sddl: 'TS' },
  { code: 0x05, sddl: 'TD' },
  { code: 0x06, sddl: 'TB' },
  { code: 0x10, sddl: 'TX' },
] as const;

/** Compiles `("name",TYPE,flags,value,…)` at `start` into a CLAIM_SECURITY_ATTRIBUTE_RELATIVE_V1. */
export function parseResourceAttribute(
  text: string,
  start: number,
  context: SidContext,
): { bytes: Uint8Array; end: number } {
  let pos = start;
  const fail = (reason: string, at = pos): never => {
    throw new DescriptorError('sddl', at, `resource attribute: ${reason}`);
  };
  const skipSpaces = () => {
    while (text[pos] === ' ') pos++;
  };
  const expect = (char: string, what: string) => {
    skipSpaces();
    if (text[pos] !== char) fail(`expected '${char}' ${what}`);
    pos++;
    skipSpaces();
  };
  expect('(', 'to open the attribute');
  if (text[pos] !== '"') fail('expected the quoted attribute name');
  const nameEnd = text.indexOf('"', pos + 1);
  if (nameEnd < 0) fail('unterminated attribute name');
  const name = text
    .slice(pos + 1, nameEnd)
    .replace(/%([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  if (name.length === 0) fail('empty attribute name');
  pos = nameEnd + 1;
  expect(',', 'after the attribute name');
  const type = CLAIM_TYPES.find((candidate) => candidate.sddl === text.slice(pos, pos + 2).toUpperCase());
  if (!type)
    fail(`unknown attribute type ${quoteInput(text.slice(pos, pos + 2))} (TI, TU, TS, TD, TB or TX)`);
  pos += 2;
  expect(',', 'after the attribute type');
  const flags = parseCNumber(text, pos);
  if (!flags) fail('expected the attribute flags');
  pos = flags!.end;
  const values: number[][] = [];
  for (;;) {
    skipSpaces();
    if (text[pos] === ')') break;
    expect(',', 'between attribute values');
    values.push(resourceValue(type!.code));
  }
  pos++;
  if (values.length === 0) fail('an attribute needs at least one value');

  function resourceValue(code: number): number[] {
    const out = new ByteSink();
    if (code === 0x03) {
      if (text[pos] !== '"') fail('expected a quoted string');
      const end = text.indexOf('"', pos + 1);
      if (end < 0) fail('unterminated string');
      out.raw([...utf16le(text.slice(pos + 1, end)), 0, 0]);
      pos = end + 1;
    } else if (code === 0x05) {
      const sid = readSid(text, pos, context, (reason, at) => fail(reason, at));
      pos = sid.end;
      const bytes = sidToBytes(sid.sid);
      out.u32(bytes.length);
      out.raw(bytes);
    } else if (code === 0x10) {
      const start = pos;
      while (/[0-9a-f]/i.test(text[pos] ?? '')) pos++;
      const digits = text.slice(start, pos);
      if (digits.length % 2) fail('odd number of hex digits', start);
      out.u32(digits.length / 2);
      out.raw(digits.match(/../g)?.map((pair) => Number.parseInt(pair, 16)) ?? []);
    } else {
      const parsed = parseInt64(text, pos);
      if (typeof parsed === 'string') return fail(parsed);
      if (code !== 0x01 && parsed.value < 0n && parsed.base === IntBase.decimal)
        fail('unsigned value is negative');
      pos = parsed.end;
      out.i64(parsed.value);
    }
    return out.bytes;
  }

  // Layout as Windows writes it: header, value offsets, name, then each value in order.
  const headerSize = 16 + 4 * values.length;
  const nameBytes = [...utf16le(name), 0, 0];
  const out = new ByteSink();
  out.u32(headerSize);
  out.u8(type!.code);
  out.u8(0);
  out.u8(0);
  out.u8(0);
  out.u32(flags!.value);
  out.u32(values.length);
  let offset = headerSize + nameBytes.length;
  for (const value of values) {
    out.u32(offset);
    offset += value.length;
  }
  out.raw(nameBytes);
  for (const value of values) out.raw(value);
  // Windows pads the ACE to a multiple of 4 bytes; the ACE header, mask and SID before this are already aligned.
  while (out.bytes.length % 4 !== 0) out.u8(0);
  return { bytes: Uint8Array.from(out.bytes), end: pos };
}

/** The SDDL `("name",TYPE,flags,value,…)` of a resource attribute ACE's application data. */
export function formatResourceAttribute(bytes: Uint8Array, where: string, context: SidContext): string {
  const fail = (at: number, reason: string): never => {
    throw new DescriptorError('binary', at, `${where}: resource attribute: ${reason}`);
  };
  if (bytes.length < 16) fail(0, 'shorter than its 16-byte header');
  /** The NUL-terminated UTF-16 string at the offset stored at `field`; errors point at the field. */
  const readString = (field: number, at: number): string => {
    if (at >= bytes.length) fail(field, 'string offset is past the end');
    let end = at;
    while (end + 1 < bytes.length && (bytes[end] !== 0 || bytes[end + 1] !== 0)) end += 2;
    if (end + 1 >= bytes.length) fail(field, 'string is not NUL-terminated');
    return fromUtf16le(bytes, at, end);
  };
  const name = escapeAttributeName(readString(0, u32At(bytes, 0)), (reason) => fail(0, reason));
  const typeCode = bytes[4]! | (bytes[5]! << 8);
  const type = CLAIM_TYPES.find((candidate) => candidate.code === typeCode);
  if (!type) return fail(4, `attribute type 0x${typeCode.toString(16)} has no SDDL form`);
  const flags = u32At(bytes, 8);
  const count = u32At(bytes, 12);
  if (16 + 4 * count > bytes.length) fail(12, `${count} values do not fit`);
  const values: string[] = [];
  for (let i = 0; i < count; i++) {
    const at = u32At(bytes, 16 + 4 * i);
    const need = (length: number) => {
      if (at + length > bytes.length) fail(16 + 4 * i, `value ${i + 1} runs past the end`);
    };
    if (type.code === 0x03) values.push(`"${readString(16 + 4 * i, at)}"`);
    else if (type.code === 0x05 || type.code === 0x10) {
      need(4);
      const length = u32At(bytes, at);
      need(4 + length);
      const data = bytes.subarray(at + 4, at + 4 + length);
      if (type.code === 0x10) values.push([...data].map((b) => b.toString(16).padStart(2, '0')).join(''));
      // Read in place, so a malformed SID is reported at its offset in the application data.
      else values.push(new ConditionReader(bytes, where, context).sidText(at + 4, at + 4 + length));
    } else {
      need(8);
      let value = 0n;
      for (let j = 7; j >= 0; j--) value = (value << 8n) | BigInt(bytes[at + j]!);
      values.push((type.code === 0x01 ? BigInt.asIntN(64, value) : value).toString());
    }
  }
  return `("${name}",${type.sddl},0x${flags.toString(16)},${values.join(',')})`;
}
