import type { Sid } from './model';
import { formatSidParts, sidParts, sidToBytes } from './sid';

/**
 * Binary SIDs ⇄ canonical strings, remembered: a handful of SIDs (SY, BA, WD, the machine's accounts…) fill almost
 * every descriptor, and formatting or re-parsing them each time was most of the codec's cost. Both caches are small
 * and bounded, so a stream of distinct SIDs costs a miss each, never memory.
 */

/** Strings of SIDs by their bytes: an open table of fixed size, a slot overwritten on collision. */
const SLOTS = 4096;
const slotBytes: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS).fill(undefined);
const slotSids: Sid[] = new Array<Sid>(SLOTS).fill('');

/** Bytes of SIDs by their string (any spelling sidParts accepts); cleared when full. */
const MAX_STRINGS = 4096;
const bytesBySid = new Map<string, Uint8Array>();

/**
 * The SID whose binary form ([MS-DTYP] 2.4.2.2) starts at `offset`, with `count` sub-authorities. The caller has
 * checked the revision, the count and that all 8 + 4 × count bytes are there.
 */
export function sidAt(bytes: Uint8Array, offset: number, count: number): Sid {
  const end = offset + 8 + 4 * count;
  let hash = 0x811c9dc5;
  for (let i = offset + 1; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  const slot = (hash ^ (hash >>> 15)) & (SLOTS - 1);
  const known = slotBytes[slot];
  if (known !== undefined && known.length === end - offset) {
    let same = true;
    for (let i = 0; i < known.length && same; i++) same = known[i] === bytes[offset + i];
    if (same) return slotSids[slot]!;
  }
  // The 48-bit identifier authority is big-endian, the sub-authorities little-endian.
  let authority = 0;
  for (let i = offset + 2; i < offset + 8; i++) authority = authority * 256 + bytes[i]!;
  const subAuthorities: number[] = [];
  for (let i = offset + 8; i < end; i += 4)
    subAuthorities.push(
      (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0,
    );
  const sid = formatSidParts({ authority, subAuthorities });
  const copy = bytes.slice(offset, end);
  slotBytes[slot] = copy;
  slotSids[slot] = sid;
  remember(sid, copy);
  return sid;
}

/** The binary form of a SID string, or undefined when it is not one. Callers must not modify the bytes. */
export function sidBytes(sid: Sid): Uint8Array | undefined {
  const known = bytesBySid.get(sid);
  if (known !== undefined) return known;
  if (sidParts(sid) === undefined) return undefined;
  const bytes = sidToBytes(sid);
  remember(sid, bytes);
  return bytes;
}

function remember(sid: Sid, bytes: Uint8Array): void {
  if (bytesBySid.size >= MAX_STRINGS) bytesBySid.clear();
  bytesBySid.set(sid, bytes);
}
