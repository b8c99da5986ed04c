import { DescriptorError, quoteInput } from './errors';
import { bytesToHex, hexToBytes } from './hex';
import {
  ACE_TYPES,
  Control,
  isObjectAceType,
  type Ace,
  type Acl,
  type SecurityDescriptor,
  type Sid,
} from './model';
import { formatSidParts, MAX_SUB_AUTHORITIES, sidParts } from './sid';

const HEADER_SIZE = 20;
const ACL_HEADER_SIZE = 8;
const OBJECT_TYPE_PRESENT = 0x1;
const INHERITED_OBJECT_TYPE_PRESENT = 0x2;

const fail = (offset: number, reason: string): never => {
  throw new DescriptorError('binary', offset, reason);
};

/** Bounds-checked little-endian reads; every read names the offset it failed at. */
class Reader {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(offset: number, length: number, limit: number, what: string): void {
    if (offset + length > limit)
      fail(offset, `${what} needs ${length} bytes but only ${Math.max(0, limit - offset)} remain`);
  }
  u8(offset: number): number {
    return this.view.getUint8(offset);
  }
  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }
  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }
}

/**
 * Decodes a self-relative security descriptor ([MS-DTYP] 2.4.6) with strict bounds checks. Keeps everything needed
 * to re-encode Windows-written bytes identically. Throws DescriptorError (kind `binary`) on any malformed input.
 */
export function decodeSecurityDescriptor(bytes: Uint8Array): SecurityDescriptor {
  const reader = new Reader(bytes);
  reader.need(0, HEADER_SIZE, bytes.length, 'the descriptor header');
  if (reader.u8(0) !== 1) fail(0, `descriptor revision ${reader.u8(0)} is not 1`);
  const resourceManagerControl = reader.u8(1);
  const control = reader.u16(2);
  if (!(control & Control.selfRelative))
    fail(2, 'the descriptor is not self-relative (SE_SELF_RELATIVE is clear)');
  let end = HEADER_SIZE;
  const spans: ComponentSpan[] = [];
  const component = <T>(
    at: number,
    what: string,
    read: (offset: number) => { value: T; end: number; acesEnd?: number },
  ): T | undefined => {
    const offset = reader.u32(at);
    if (offset === 0) return undefined;
    if (offset < HEADER_SIZE || offset >= bytes.length)
      fail(at, `${what} offset ${offset} is outside the descriptor`);
    const result = read(offset);
    spans.push({ what, field: at, start: offset, end: result.end, acesEnd: result.acesEnd ?? result.end });
    end = Math.max(end, result.end);
    return result.value;
  };
  const owner = component(4, 'owner', (offset) => readSid(reader, offset, bytes.length, 'owner SID'));
  const group = component(8, 'group', (offset) => readSid(reader, offset, bytes.length, 'group SID'));
  const sacl = component(12, 'SACL', (offset) => readAcl(reader, offset, 'SACL'));
  const dacl = component(16, 'DACL', (offset) => readAcl(reader, offset, 'DACL'));
  checkAclOverlaps(reader, spans);
  if (end < bytes.length) fail(end, `${bytes.length - end} bytes after the end of the descriptor`);
  return {
    control,
    ...(owner !== undefined && { owner }),
    ...(group !== undefined && { group }),
    ...(dacl !== undefined && { dacl }),
    ...(sacl !== undefined && { sacl }),
    ...(resourceManagerControl !== 0 && { resourceManagerControl }),
  };
}

interface ComponentSpan {
  readonly what: string;
  /** Where the header stores the component's offset. */
  readonly field: number;
  readonly start: number;
  readonly end: number;
  /** ACLs: where their ACEs end (AclSize may leave slack after them). SIDs: their end. */
  readonly acesEnd: number;
}

/**
 * An ACL's bytes may not belong to another component too, even when every read stays inside the buffer. A component
 * starting in an ACL's slack (after its ACEs, inside AclSize) means the AclSize lies; one starting among its ACEs, or
 * an ACL starting inside a SID, means that offset lies. Owner and group may share one SID; that is left alone.
 */
function checkAclOverlaps(reader: Reader, spans: readonly ComponentSpan[]): void {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.field - b.field);
  const isAcl = (span: ComponentSpan) => span.what.endsWith('ACL');
  const name = (span: ComponentSpan) => (isAcl(span) ? span.what : `${span.what} SID`);
  for (const [i, first] of sorted.entries()) {
    for (const second of sorted.slice(i + 1)) {
      if (!(isAcl(first) || isAcl(second)) || second.start >= first.end) continue;
      if (isAcl(first) && second.start >= first.acesEnd) {
        fail(
          first.start + 2,
          `${first.what} size ${reader.u16(first.start + 2)} runs into the ${name(second)} at byte ${second.start}`,
        );
      }
      fail(
        second.field,
        `${second.what} offset ${second.start} lies inside the ${name(first)} (bytes ${first.start}-${first.end - 1})`,
      );
    }
  }
}

function readSid(reader: Reader, offset: number, limit: number, what: string): { value: Sid; end: number } {
  reader.need(offset, 8, limit, what);
  if (reader.u8(offset) !== 1) fail(offset, `${what} revision ${reader.u8(offset)} is not 1`);
  const count = reader.u8(offset + 1);
  if (count > MAX_SUB_AUTHORITIES) fail(offset + 1, `${what} has ${count} sub-authorities (at most 15)`);
  reader.need(offset, 8 + 4 * count, limit, `${what} with ${count} sub-authorities`);
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + reader.u8(offset + i);
  const subAuthorities = Array.from({ length: count }, (_, i) => reader.u32(offset + 8 + 4 * i));
  return { value: formatSidParts({ authority, subAuthorities }), end: offset + 8 + 4 * count };
}

function readGuid(reader: Reader, offset: number): string {
  const hex = (value: number, digits: number) => value.toString(16).padStart(digits, '0');
  const tail = bytesToHex(reader.bytes.subarray(offset + 8, offset + 16));
  return `${hex(reader.u32(offset), 8)}-${hex(reader.u16(offset + 4), 4)}-${hex(reader.u16(offset + 6), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

function readAcl(reader: Reader, offset: number, what: string): { value: Acl; end: number; acesEnd: number } {
  const limit = reader.bytes.length;
  reader.need(offset, ACL_HEADER_SIZE, limit, `${what} header`);
  const revision = reader.u8(offset);
  if (revision < 2 || revision > 4) fail(offset, `${what} revision ${revision} is not 2, 3 or 4`);
  if (reader.u8(offset + 1) !== 0) fail(offset + 1, `${what} Sbz1 is not zero`);
  const size = reader.u16(offset + 2);
  const count = reader.u16(offset + 4);
  if (reader.u16(offset + 6) !== 0) fail(offset + 6, `${what} Sbz2 is not zero`);
  if (size < ACL_HEADER_SIZE) fail(offset + 2, `${what} size ${size} is smaller than its header`);
  const aclEnd = offset + size;
  if (aclEnd > limit) fail(offset + 2, `${what} size ${size} runs past the end of the descriptor`);
  const aces: Ace[] = [];
  let at = offset + ACL_HEADER_SIZE;
  for (let index = 0; index < count; index++) {
    const where = `${what} ACE ${index + 1} of ${count}`;
    reader.need(at, 4, aclEnd, `${where} header`);
    const aceSize = reader.u16(at + 2);
    if (aceSize < 4) fail(at + 2, `${where} size ${aceSize} is smaller than its header`);
    if (at + aceSize > aclEnd) fail(at + 2, `${where} size ${aceSize} runs past the end of the ${what}`);
    const ace = readAce(reader, at, at + aceSize, where);
    // Object ACEs exist from ACL revision 4 (ACL_REVISION_DS) on; Windows writes 4 whenever it writes one.
    if (revision < 4 && isObjectAceType(ace.type))
      fail(
        offset,
        `${what} revision ${revision} cannot hold the object ACE ${index + 1} (object ACEs need 4)`,
      );
    aces.push(ace);
    at += aceSize;
  }
  const trailing = reader.bytes.subarray(at, aclEnd);
  return {
    value: { revision, aces, ...(trailing.length > 0 && { trailingBytes: bytesToHex(trailing) }) },
    end: aclEnd,
    acesEnd: at,
  };
}

function readAce(reader: Reader, offset: number, aceEnd: number, where: string): Ace {
  const typeCode = reader.u8(offset);
  const info = ACE_TYPES.find((candidate) => candidate.code === typeCode);
  if (!info) fail(offset, `${where} has unknown or unsupported type 0x${typeCode.toString(16)}`);
  const type = info!.name;
  const flags = reader.u8(offset + 1);
  reader.need(offset + 4, 4, aceEnd, `${where} access mask`);
  const mask = reader.u32(offset + 4);
  let at = offset + 8;
  let objectType: string | undefined;
  let inheritedObjectType: string | undefined;
  if (isObjectAceType(type)) {
    reader.need(at, 4, aceEnd, `${where} object flags`);
    const objectFlags = reader.u32(at);
    if (objectFlags & ~(OBJECT_TYPE_PRESENT | INHERITED_OBJECT_TYPE_PRESENT)) {
      fail(at, `${where} has unknown object flags 0x${objectFlags.toString(16)}`);
    }
    at += 4;
    if (objectFlags & OBJECT_TYPE_PRESENT) {
      reader.need(at, 16, aceEnd, `${where} object type GUID`);
      objectType = readGuid(reader, at);
      at += 16;
    }
    if (objectFlags & INHERITED_OBJECT_TYPE_PRESENT) {
      reader.need(at, 16, aceEnd, `${where} inherited object type GUID`);
      inheritedObjectType = readGuid(reader, at);
      at += 16;
    }
  }
  const sid = readSid(reader, at, aceEnd, `${where} SID`);
  const applicationData = reader.bytes.subarray(sid.end, aceEnd);
  return {
    type,
    flags,
    mask,
    sid: sid.value,
    ...(objectType !== undefined && { objectType }),
    ...(inheritedObjectType !== undefined && { inheritedObjectType }),
    ...(applicationData.length > 0 && { applicationData: bytesToHex(applicationData) }),
  };
}

/** Grows as it is written; positions in errors are offsets in the output. */
class Writer {
  private buffer = new Uint8Array(256);
  length = 0;
  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }
  u8(value: number): void {
    this.bytes(Uint8Array.of(value));
  }
  u16(value: number): void {
    this.bytes(Uint8Array.of(value & 0xff, value >>> 8));
  }
  u32(value: number): void {
    this.bytes(Uint8Array.of(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24));
  }
  setU16(at: number, value: number): void {
    this.buffer[at] = value & 0xff;
    this.buffer[at + 1] = value >>> 8;
  }
  setU32(at: number, value: number): void {
    for (let i = 0; i < 4; i++) this.buffer[at + i] = (value >>> (8 * i)) & 0xff;
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
  out.u8(1);
  checkInteger(sd.resourceManagerControl ?? 0, 0xff, 1, 'resource manager control');
  out.u8(sd.resourceManagerControl ?? 0);
  checkInteger(sd.control, 0xffff, 2, 'control');
  out.u16(sd.control | Control.selfRelative);
  out.bytes(new Uint8Array(16));
  if (sd.sacl) {
    out.setU32(12, out.length);
    writeAcl(out, sd.sacl, 'SACL', layout?.sacl);
  }
  if (sd.dacl) {
    out.setU32(16, out.length);
    writeAcl(out, sd.dacl, 'DACL', layout?.dacl);
  }
  if (sd.owner !== undefined) {
    out.setU32(4, out.length);
    writeSid(out, sd.owner, 'owner');
  }
  if (sd.group !== undefined) {
    out.setU32(8, out.length);
    writeSid(out, sd.group, 'group');
  }
  return out.result();
}

function checkInteger(value: number, max: number, offset: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > max)
    fail(offset, `${what} ${value} is not an integer 0..${max}`);
}

function writeSid(out: Writer, sid: Sid, what: string): void {
  const parts = sidParts(sid);
  if (!parts) return fail(out.length, `${what} ${quoteInput(String(sid))} is not a SID`);
  out.u8(1);
  out.u8(parts.subAuthorities.length);
  // The 48-bit identifier authority is big-endian, unlike everything else.
  out.bytes(
    Uint8Array.from([40, 32, 24, 16, 8, 0], (shift) => Math.floor(parts.authority / 2 ** shift) & 0xff),
  );
  for (const sub of parts.subAuthorities) out.u32(sub);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function writeGuid(out: Writer, guid: string, what: string): void {
  if (!GUID.test(guid)) return fail(out.length, `${what} ${quoteInput(String(guid))} is not a GUID`);
  const hex = guid.replaceAll('-', '');
  out.u32(Number.parseInt(hex.slice(0, 8), 16));
  out.u16(Number.parseInt(hex.slice(8, 12), 16));
  out.u16(Number.parseInt(hex.slice(12, 16), 16));
  out.bytes(hexToBytes(hex.slice(16)));
}

function writeAcl(out: Writer, acl: Acl, what: string, spans?: AceSpan[]): void {
  const start = out.length;
  const needsObjectRevision = acl.aces.some((ace) => isObjectAceType(ace.type));
  checkInteger(acl.revision, 0xff, start, `${what} revision`);
  out.u8(needsObjectRevision ? Math.max(acl.revision, 4) : acl.revision);
  out.u8(0);
  out.u16(0);
  if (acl.aces.length > 0xffff) fail(start + 4, `${what} has more than 65535 ACEs`);
  out.u16(acl.aces.length);
  out.u16(0);
  acl.aces.forEach((ace, index) => writeAce(out, ace, `${what} ACE ${index + 1}`, spans));
  if (acl.trailingBytes) out.bytes(modelHex(out, acl.trailingBytes, `${what} trailing bytes`));
  const size = out.length - start;
  if (size > 0xffff) fail(start + 2, `${what} is ${size} bytes (at most 65535)`);
  out.setU16(start + 2, size);
}

function modelHex(out: Writer, hex: string, what: string): Uint8Array {
  if (!/^([0-9a-f]{2})*$/i.test(hex)) fail(out.length, `${what} is not hex`);
  return hexToBytes(hex);
}

function writeAce(out: Writer, ace: Ace, what: string, spans?: AceSpan[]): void {
  const start = out.length;
  const info = ACE_TYPES.find((candidate) => candidate.name === ace.type);
  if (!info) return fail(start, `${what} has unknown type ${quoteInput(String(ace.type))}`);
  out.u8(info.code);
  checkInteger(ace.flags, 0xff, start + 1, `${what} flags`);
  out.u8(ace.flags);
  out.u16(0);
  checkInteger(ace.mask, 0xffffffff, start + 4, `${what} access mask`);
  out.u32(ace.mask);
  if (isObjectAceType(ace.type)) {
    out.u32(
      (ace.objectType !== undefined ? OBJECT_TYPE_PRESENT : 0) |
        (ace.inheritedObjectType !== undefined ? INHERITED_OBJECT_TYPE_PRESENT : 0),
    );
    if (ace.objectType !== undefined) writeGuid(out, ace.objectType, `${what} object type`);
    if (ace.inheritedObjectType !== undefined)
      writeGuid(out, ace.inheritedObjectType, `${what} inherited object type`);
  } else if (ace.objectType !== undefined || ace.inheritedObjectType !== undefined) {
    fail(start, `${what} is not an object ACE but has an object type`);
  }
  writeSid(out, ace.sid, `${what} SID`);
  spans?.push({ start, dataStart: out.length });
  if (ace.applicationData) out.bytes(modelHex(out, ace.applicationData, `${what} application data`));
  const size = out.length - start;
  if (size > 0xffff) fail(start + 2, `${what} is ${size} bytes (at most 65535)`);
  out.setU16(start + 2, size);
}
