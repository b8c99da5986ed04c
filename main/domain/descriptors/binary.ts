/**
 * Self-relative security descriptors ([MS-DTYP] 2.4.6) ⇄ the model. This file decodes; binary-encode.ts encodes.
 * Both are on the audit's hot path: reads index the bytes directly and error messages are built only on failure.
 */
import { DescriptorError } from './errors';
import { BYTE_HEX, bytesToHex } from './hex';
import {
  aceTypeByCode,
  Control,
  isObjectAceType,
  type Ace,
  type Acl,
  type SecurityDescriptor,
  type Sid,
} from './model';
import { MAX_SUB_AUTHORITIES } from './sid';
import { sidAt } from './sid-bytes';

export { aceLayout, encodeSecurityDescriptor, type AceSpan } from './binary-encode';

/**
 * Imported functions held locally: loaded through Vite's SSR transform (the bench, the tests) every imported
 * name is a getter on a module object, a measurable cost per call on this hot path.
 */
const SELF_RELATIVE = Control.selfRelative;
const local = { sidAt, aceTypeByCode, isObjectAceType, bytesToHex };

const HEADER_SIZE = 20;
const ACL_HEADER_SIZE = 8;
const OBJECT_TYPE_PRESENT = 0x1;
const INHERITED_OBJECT_TYPE_PRESENT = 0x2;

const fail = (offset: number, reason: string): never => {
  throw new DescriptorError('binary', offset, reason);
};

/** Fails unless `length` bytes from `offset` lie before `limit`; `what` names them in the message. */
function need(offset: number, length: number, limit: number, what: string): void {
  if (offset + length > limit)
    fail(offset, `${what} needs ${length} bytes but only ${Math.max(0, limit - offset)} remain`);
}

const u16 = (bytes: Uint8Array, at: number): number => bytes[at]! | (bytes[at + 1]! << 8);
const u32 = (bytes: Uint8Array, at: number): number =>
  (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;

/** The bytes of each component (header field at 4, 8, 12, 16): its start, end and, for ACLs, where the ACEs end. */
interface Spans {
  readonly starts: number[];
  readonly ends: number[];
  readonly acesEnds: number[];
}

/**
 * Decodes a self-relative security descriptor ([MS-DTYP] 2.4.6) with strict bounds checks. Keeps everything needed
 * to re-encode Windows-written bytes identically. Throws DescriptorError (kind `binary`) on any malformed input.
 */
export function decodeSecurityDescriptor(bytes: Uint8Array): SecurityDescriptor {
  const length = bytes.length;
  need(0, HEADER_SIZE, length, 'the descriptor header');
  if (bytes[0] !== 1) fail(0, `descriptor revision ${bytes[0]} is not 1`);
  const resourceManagerControl = bytes[1]!;
  const control = u16(bytes, 2);
  if (!(control & SELF_RELATIVE)) fail(2, 'the descriptor is not self-relative (SE_SELF_RELATIVE is clear)');
  const spans: Spans = { starts: [0, 0, 0, 0], ends: [0, 0, 0, 0], acesEnds: [0, 0, 0, 0] };
  let owner: Sid | undefined;
  let group: Sid | undefined;
  let sacl: Acl | undefined;
  let dacl: Acl | undefined;
  for (let component = 0; component < 4; component++) {
    const field = 4 + 4 * component;
    const offset = u32(bytes, field);
    if (offset === 0) continue;
    if (offset < HEADER_SIZE || offset >= length)
      fail(field, `${COMPONENTS[component]} offset ${offset} is outside the descriptor`);
    spans.starts[component] = offset;
    if (component < 2) {
      const sid = readSid(bytes, offset, length, component === 0 ? 'owner SID' : 'group SID');
      if (component === 0) owner = sid;
      else group = sid;
      spans.ends[component] = spans.acesEnds[component] = offset + sidLength(bytes, offset);
    } else {
      const acl = readAcl(bytes, offset, COMPONENTS[component]!, spans, component);
      if (component === 2) sacl = acl;
      else dacl = acl;
    }
  }
  const end = Math.max(HEADER_SIZE, ...spans.ends);
  checkAclOverlaps(bytes, spans);
  if (end < length) fail(end, `${length - end} bytes after the end of the descriptor`);
  const sd: { -readonly [K in keyof SecurityDescriptor]: SecurityDescriptor[K] } = { control };
  if (owner !== undefined) sd.owner = owner;
  if (group !== undefined) sd.group = group;
  if (dacl !== undefined) sd.dacl = dacl;
  if (sacl !== undefined) sd.sacl = sacl;
  if (resourceManagerControl !== 0) sd.resourceManagerControl = resourceManagerControl;
  return sd;
}

/** The components in header order (offset fields at 4, 8, 12, 16). */
const COMPONENTS = ['owner', 'group', 'SACL', 'DACL'] as const;

const sidLength = (bytes: Uint8Array, offset: number): number => 8 + 4 * bytes[offset + 1]!;

/**
 * An ACL's bytes may not belong to another component too, even when every read stays inside the buffer. A component
 * starting in an ACL's slack (after its ACEs, inside AclSize) means the AclSize lies; one starting among its ACEs, or
 * an ACL starting inside a SID, means that offset lies. Owner and group may share one SID; that is left alone.
 */
function checkAclOverlaps(bytes: Uint8Array, { starts, ends, acesEnds }: Spans): void {
  if (!anyAclOverlap(starts, ends)) return;
  // Components in offset order (header order among equals); absent ones (start 0) left out.
  const order = [0, 1, 2, 3].filter((c) => starts[c] !== 0).sort((a, b) => starts[a]! - starts[b]! || a - b);
  const isAcl = (c: number) => c >= 2;
  const name = (c: number) => (isAcl(c) ? COMPONENTS[c] : `${COMPONENTS[c]} SID`);
  for (let i = 0; i < order.length; i++) {
    const first = order[i]!;
    for (let j = i + 1; j < order.length; j++) {
      const second = order[j]!;
      if (!(isAcl(first) || isAcl(second)) || starts[second]! >= ends[first]!) continue;
      if (isAcl(first) && starts[second]! >= acesEnds[first]!) {
        fail(
          starts[first]! + 2,
          `${COMPONENTS[first]} size ${u16(bytes, starts[first]! + 2)} runs into the ${name(second)} at byte ${starts[second]}`,
        );
      }
      fail(
        4 + 4 * second,
        `${COMPONENTS[second]} offset ${starts[second]} lies inside the ${name(first)} (bytes ${starts[first]}-${ends[first]! - 1})`,
      );
    }
  }
}

/** Whether any two present components, one of them an ACL, share a byte: the rare case worth a closer look. */
function anyAclOverlap(starts: readonly number[], ends: readonly number[]): boolean {
  for (let a = 0; a < 4; a++) {
    for (let b = Math.max(a + 1, 2); b < 4; b++) {
      if (starts[a] !== 0 && starts[b] !== 0 && starts[a]! < ends[b]! && starts[b]! < ends[a]!) return true;
    }
  }
  return false;
}

function readSid(bytes: Uint8Array, offset: number, limit: number, what: string): Sid {
  need(offset, 8, limit, what);
  if (bytes[offset] !== 1) fail(offset, `${what} revision ${bytes[offset]} is not 1`);
  const count = bytes[offset + 1]!;
  if (count > MAX_SUB_AUTHORITIES) fail(offset + 1, `${what} has ${count} sub-authorities (at most 15)`);
  need(offset, 8 + 4 * count, limit, `${what} with ${count} sub-authorities`);
  return local.sidAt(bytes, offset, count);
}

/** A GUID's mixed-endian bytes as lowercase `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`. */
function readGuid(bytes: Uint8Array, at: number): string {
  const h = (i: number) => BYTE_HEX[bytes[at + i]!]!;
  return (
    `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-` +
    `${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`
  );
}

const aceWhere = (what: string, index: number, count: number) => `${what} ACE ${index + 1} of ${count}`;

function readAcl(bytes: Uint8Array, offset: number, what: string, spans: Spans, component: number): Acl {
  const limit = bytes.length;
  need(offset, ACL_HEADER_SIZE, limit, `${what} header`);
  const revision = bytes[offset]!;
  if (revision < 2 || revision > 4) fail(offset, `${what} revision ${revision} is not 2, 3 or 4`);
  if (bytes[offset + 1] !== 0) fail(offset + 1, `${what} Sbz1 is not zero`);
  const size = u16(bytes, offset + 2);
  const count = u16(bytes, offset + 4);
  if (u16(bytes, offset + 6) !== 0) fail(offset + 6, `${what} Sbz2 is not zero`);
  if (size < ACL_HEADER_SIZE) fail(offset + 2, `${what} size ${size} is smaller than its header`);
  const aclEnd = offset + size;
  if (aclEnd > limit) fail(offset + 2, `${what} size ${size} runs past the end of the descriptor`);
  const aces: Ace[] = [];
  let at = offset + ACL_HEADER_SIZE;
  for (let index = 0; index < count; index++) {
    if (at + 4 > aclEnd) need(at, 4, aclEnd, `${aceWhere(what, index, count)} header`);
    const aceSize = u16(bytes, at + 2);
    if (aceSize < 4)
      fail(at + 2, `${aceWhere(what, index, count)} size ${aceSize} is smaller than its header`);
    if (at + aceSize > aclEnd)
      fail(at + 2, `${aceWhere(what, index, count)} size ${aceSize} runs past the end of the ${what}`);
    const ace = readAce(bytes, at, at + aceSize, what, index, count);
    // Object ACEs exist from ACL revision 4 (ACL_REVISION_DS) on; Windows writes 4 whenever it writes one.
    if (revision < 4 && local.isObjectAceType(ace.type))
      fail(
        offset,
        `${what} revision ${revision} cannot hold the object ACE ${index + 1} (object ACEs need 4)`,
      );
    aces.push(ace);
    at += aceSize;
  }
  spans.ends[component] = aclEnd;
  spans.acesEnds[component] = at;
  if (at === aclEnd) return { revision, aces };
  return { revision, aces, trailingBytes: local.bytesToHex(bytes.subarray(at, aclEnd)) };
}

function readAce(
  bytes: Uint8Array,
  offset: number,
  aceEnd: number,
  what: string,
  index: number,
  count: number,
): Ace {
  const typeCode = bytes[offset]!;
  const info = local.aceTypeByCode(typeCode);
  if (!info)
    return fail(
      offset,
      `${aceWhere(what, index, count)} has unknown or unsupported type 0x${typeCode.toString(16)}`,
    );
  const type = info.name;
  const flags = bytes[offset + 1]!;
  if (offset + 8 > aceEnd) need(offset + 4, 4, aceEnd, `${aceWhere(what, index, count)} access mask`);
  const mask = u32(bytes, offset + 4);
  let at = offset + 8;
  let objectType: string | undefined;
  let inheritedObjectType: string | undefined;
  if (local.isObjectAceType(type)) {
    const where = aceWhere(what, index, count);
    need(at, 4, aceEnd, `${where} object flags`);
    const objectFlags = u32(bytes, at);
    if (objectFlags & ~(OBJECT_TYPE_PRESENT | INHERITED_OBJECT_TYPE_PRESENT)) {
      fail(at, `${where} has unknown object flags 0x${objectFlags.toString(16)}`);
    }
    at += 4;
    if (objectFlags & OBJECT_TYPE_PRESENT) {
      need(at, 16, aceEnd, `${where} object type GUID`);
      objectType = readGuid(bytes, at);
      at += 16;
    }
    if (objectFlags & INHERITED_OBJECT_TYPE_PRESENT) {
      need(at, 16, aceEnd, `${where} inherited object type GUID`);
      inheritedObjectType = readGuid(bytes, at);
      at += 16;
    }
  }
  // The SID's checks inline, so the common case builds no message.
  const sidCount = at + 8 <= aceEnd ? bytes[at + 1]! : 0;
  const sid =
    at + 8 <= aceEnd && bytes[at] === 1 && sidCount <= 15 && at + 8 + 4 * sidCount <= aceEnd
      ? local.sidAt(bytes, at, sidCount)
      : readSid(bytes, at, aceEnd, `${aceWhere(what, index, count)} SID`);
  const dataStart = at + 8 + 4 * bytes[at + 1]!;
  const ace: { -readonly [K in keyof Ace]: Ace[K] } = { type, flags, mask, sid };
  if (objectType !== undefined) ace.objectType = objectType;
  if (inheritedObjectType !== undefined) ace.inheritedObjectType = inheritedObjectType;
  if (dataStart < aceEnd) ace.applicationData = local.bytesToHex(bytes.subarray(dataStart, aceEnd));
  return ace;
}
