import { DescriptorError, quoteInput } from './errors';
import { strictHexInto } from './hex';
import {
  aceTypeInfo,
  Control,
  isObjectAceType,
  type Ace,
  type Acl,
  type SecurityDescriptor,
  type Sid,
} from './model';
import { sidBytes } from './sid-bytes';

/**
 * Imported functions held locally: loaded through Vite's SSR transform (the bench, the tests) every imported
 * name is a getter on a module object, a measurable cost per call on this hot path.
 */
const SELF_RELATIVE = Control.selfRelative;
const local = { sidBytes, aceTypeInfo, isObjectAceType, strictHexInto };

const OBJECT_TYPE_PRESENT = 0x1;
const INHERITED_OBJECT_TYPE_PRESENT = 0x2;

const fail = (offset: number, reason: string): never => {
  throw new DescriptorError('binary', offset, reason);
};

/**
 * The output so far, in a buffer kept between calls (so an encoding allocates only its result); positions in
 * errors are offsets in the output. Writes index bytes directly: an array per integer was the old cost.
 */
let scratch = new Uint8Array(1024);

class Writer {
  buffer = scratch;
  length = 0;
  reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = scratch = grown;
  }
  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    // SIDs are a few dozen bytes: a loop beats TypedArray#set's call at that size.
    const buffer = this.buffer;
    const at = this.length;
    for (let i = 0; i < data.length; i++) buffer[at + i] = data[i]!;
    this.length += data.length;
  }
  u16At(at: number, value: number): void {
    this.buffer[at] = value & 0xff;
    this.buffer[at + 1] = value >>> 8;
  }
  u32At(at: number, value: number): void {
    const buffer = this.buffer;
    buffer[at] = value & 0xff;
    buffer[at + 1] = (value >>> 8) & 0xff;
    buffer[at + 2] = (value >>> 16) & 0xff;
    buffer[at + 3] = value >>> 24;
  }
  result(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/**
 * Encodes a descriptor in the self-relative layout Windows itself produces: header, SACL, DACL, owner, group. ACL
 * revision is the model's, raised to 4 when the ACL holds object ACEs. Throws DescriptorError (kind `binary`,
 * position = output offset) when the model holds something that has no binary form (a malformed SID or GUID…).
 */
export function encodeSecurityDescriptor(sd: SecurityDescriptor): Uint8Array {
  return encode(sd);
}

/** Where an ACE lies in the encoding: its first byte and the first byte of its application data. */
export interface AceSpan {
  readonly start: number;
  readonly dataStart: number;
}

/**
 * Where each ACE of `sd` lies in its self-relative encoding (encodeSecurityDescriptor's layout, which is the one
 * Windows writes), so a problem found in the model can be reported at a byte offset. Throws as the encoder does.
 */
export function aceLayout(sd: SecurityDescriptor): { readonly dacl: AceSpan[]; readonly sacl: AceSpan[] } {
  const layout = { dacl: [] as AceSpan[], sacl: [] as AceSpan[] };
  encode(sd, layout);
  return layout;
}

function encode(sd: SecurityDescriptor, layout?: { dacl: AceSpan[]; sacl: AceSpan[] }): Uint8Array {
  const out = new Writer();
  out.reserve(20);
  out.buffer.fill(0, 0, 20);
  out.buffer[0] = 1;
  checkInteger(sd.resourceManagerControl ?? 0, 0xff, 1, 'resource manager control');
  out.buffer[1] = sd.resourceManagerControl ?? 0;
  checkInteger(sd.control, 0xffff, 2, 'control');
  out.u16At(2, sd.control | SELF_RELATIVE);
  out.length = 20;
  if (sd.sacl) {
    out.u32At(12, out.length);
    writeAcl(out, sd.sacl, 'SACL', layout?.sacl);
  }
  if (sd.dacl) {
    out.u32At(16, out.length);
    writeAcl(out, sd.dacl, 'DACL', layout?.dacl);
  }
  if (sd.owner !== undefined) {
    out.u32At(4, out.length);
    writeSid(out, sd.owner, 'owner');
  }
  if (sd.group !== undefined) {
    out.u32At(8, out.length);
    writeSid(out, sd.group, 'group');
  }
  return out.result();
}

function checkInteger(value: number, max: number, offset: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max)
    fail(offset, `${what} ${value} is not an integer 0..${max}`);
}

function writeSid(out: Writer, sid: Sid, what: string): void {
  const bytes = local.sidBytes(sid);
  if (bytes === undefined) return fail(out.length, `${what} ${quoteInput(String(sid))} is not a SID`);
  out.bytes(bytes);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Where each byte of a GUID's binary form comes from in its string: the first three fields are little-endian. */
const GUID_DIGITS = [6, 4, 2, 0, 11, 9, 16, 14, 19, 21, 24, 26, 28, 30, 32, 34];
const guidHex = (guid: string): string => GUID_DIGITS.map((at) => guid.slice(at, at + 2)).join('');

function writeGuid(out: Writer, guid: string, what: string): void {
  if (!GUID.test(guid)) return fail(out.length, `${what} ${quoteInput(String(guid))} is not a GUID`);
  out.reserve(16);
  local.strictHexInto(guidHex(guid), out.buffer, out.length);
  out.length += 16;
}

function writeAcl(out: Writer, acl: Acl, what: string, spans?: AceSpan[]): void {
  const start = out.length;
  const aces = acl.aces;
  let needsObjectRevision = false;
  for (let i = 0; i < aces.length && !needsObjectRevision; i++)
    needsObjectRevision = local.isObjectAceType(aces[i]!.type);
  checkInteger(acl.revision, 0xff, start, `${what} revision`);
  if (aces.length > 0xffff) fail(start + 4, `${what} has more than 65535 ACEs`);
  out.reserve(8);
  const buffer = out.buffer;
  buffer[start] = needsObjectRevision ? Math.max(acl.revision, 4) : acl.revision;
  buffer.fill(0, start + 1, start + 8);
  out.u16At(start + 4, aces.length);
  out.length += 8;
  for (let index = 0; index < aces.length; index++) writeAce(out, aces[index]!, what, index, spans);
  if (acl.trailingBytes) writeHex(out, acl.trailingBytes, `${what} trailing bytes`);
  const size = out.length - start;
  if (size > 0xffff) fail(start + 2, `${what} is ${size} bytes (at most 65535)`);
  out.u16At(start + 2, size);
}

/** A model's hex field (trailing bytes, application data) written as bytes; `what` names it if it is not hex. */
function writeHex(out: Writer, hex: string, what: string): void {
  const text = String(hex);
  out.reserve(text.length >> 1);
  if (!local.strictHexInto(text, out.buffer, out.length)) fail(out.length, `${what} is not hex`);
  out.length += text.length >> 1;
}

const aceName = (acl: string, index: number): string => `${acl} ACE ${index + 1}`;

function writeAce(out: Writer, ace: Ace, acl: string, index: number, spans?: AceSpan[]): void {
  const start = out.length;
  const info = local.aceTypeInfo(ace.type) as ReturnType<typeof aceTypeInfo> | undefined;
  if (!info) return fail(start, `${aceName(acl, index)} has unknown type ${quoteInput(String(ace.type))}`);
  checkInteger(ace.flags, 0xff, start + 1, `${aceName(acl, index)} flags`);
  checkInteger(ace.mask, 0xffffffff, start + 4, `${aceName(acl, index)} access mask`);
  out.reserve(12);
  const buffer = out.buffer;
  buffer[start] = info.code;
  buffer[start + 1] = ace.flags;
  out.u32At(start + 4, ace.mask);
  out.length += 8;
  if (local.isObjectAceType(ace.type)) {
    out.u32At(
      out.length,
      (ace.objectType !== undefined ? OBJECT_TYPE_PRESENT : 0) |
        (ace.inheritedObjectType !== undefined ? INHERITED_OBJECT_TYPE_PRESENT : 0),
    );
    out.length += 4;
    if (ace.objectType !== undefined) writeGuid(out, ace.objectType, `${aceName(acl, index)} object type`);
    if (ace.inheritedObjectType !== undefined)
      writeGuid(out, ace.inheritedObjectType, `${aceName(acl, index)} inherited object type`);
  } else if (ace.objectType !== undefined || ace.inheritedObjectType !== undefined) {
    fail(start, `${aceName(acl, index)} is not an object ACE but has an object type`);
  }
  const sid = local.sidBytes(ace.sid);
  if (sid === undefined)
    return fail(out.length, `${aceName(acl, index)} SID ${quoteInput(String(ace.sid))} is not a SID`);
  out.bytes(sid);
  spans?.push({ start, dataStart: out.length });
  if (ace.applicationData) writeHex(out, ace.applicationData, `${aceName(acl, index)} application data`);
  const size = out.length - start;
  if (size > 0xffff) fail(start + 2, `${aceName(acl, index)} is ${size} bytes (at most 65535)`);
  out.u16At(start + 2, size);
}
