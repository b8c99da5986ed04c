import { describe, expect, it } from 'vitest';
import {
  formatSddl,
  lookupPrincipal,
  normalizeSid,
  parseSddl,
  sidDisplayName,
} from '../../../main/domain/descriptors';

describe('well-known SIDs', () => {
  it.each([
    ['S-1-1-0', 'Everyone'],
    ['S-1-5-7', 'ANONYMOUS LOGON'],
    ['S-1-5-32-544', 'Administrators'],
    ['S-1-5-32-562', 'Distributed COM Users'],
    ['S-1-5-32-559', 'Performance Log Users'],
    ['S-1-5-4', 'INTERACTIVE'],
    ['S-1-5-18', 'SYSTEM'],
    ['S-1-5-19', 'LOCAL SERVICE'],
    ['S-1-5-20', 'NETWORK SERVICE'],
    ['S-1-15-2-1', 'ALL APPLICATION PACKAGES'],
    ['S-1-5-11', 'Authenticated Users'],
    ['S-1-5-21-1-2-3-1000', 'S-1-5-21-1-2-3-1000'],
  ])('%s is shown as %s', (sid, name) => {
    expect(sidDisplayName(sid)).toBe(name);
  });

  it('names machine-relative accounts only when the machine SID is known', () => {
    expect(sidDisplayName('S-1-5-21-1-2-3-500', { machineSid: 'S-1-5-21-1-2-3' })).toBe('Administrator');
    expect(formatSddl(parseSddl('O:S-1-5-21-1-2-3-500'), { machineSid: 'S-1-5-21-1-2-3' })).toBe('O:LA');
    expect(formatSddl(parseSddl('O:S-1-5-21-1-2-3-500'))).toBe('O:S-1-5-21-1-2-3-500');
    expect(() => parseSddl('O:LA')).toThrow(/LA needs the machine SID/);
  });

  it('finds a principal by display name, alias or SID string', () => {
    expect(lookupPrincipal('Distributed COM Users')).toBe('S-1-5-32-562');
    expect(lookupPrincipal('anonymous logon')).toBe('S-1-5-7');
    expect(lookupPrincipal('NT AUTHORITY\\SYSTEM')).toBe('S-1-5-18');
    expect(lookupPrincipal('AN')).toBe('S-1-5-7');
    expect(lookupPrincipal(' s-1-5-32-544 ')).toBe('S-1-5-32-544');
    expect(lookupPrincipal('Domain Admins', { domainSid: 'S-1-5-21-9-8-7' })).toBe('S-1-5-21-9-8-7-512');
    expect(lookupPrincipal('Domain Admins')).toBeUndefined();
    expect(lookupPrincipal('Nobody At All')).toBeUndefined();
  });

  it('normalises SID spellings and refuses out-of-range ones', () => {
    expect(normalizeSid('S-1-0x12A05F200-30-40')).toBe('S-1-0x12A05F200-30-40');
    expect(normalizeSid('S-1-0x20-1')).toBe('S-1-32-1');
    expect(normalizeSid('S-1-5-4294967296')).toBeUndefined();
    expect(normalizeSid('S-2-5-1')).toBeUndefined();
  });
});
