import { describe, expect, it } from 'vitest';
import {
  AUTHENTICATION_LEVELS,
  CATALOG,
  IMPERSONATION_LEVELS,
  REFERENCES,
  SETTING_AREAS,
  SEVERITIES,
  catalogKeys,
  findSetting,
  type CatalogSetting,
} from '../../../main/domain/catalog/index';
import { auditKeys } from '../../../main/domain/audit/index';
import { AUDIT_KEY_LIST } from '../../../main/registry/audit-keys';

const valueName = (setting: CatalogSetting): string | undefined =>
  'location' in setting ? setting.location.value : undefined;

describe('the hardening catalog', () => {
  it('covers every setting issue 6 names', () => {
    expect(CATALOG.map(valueName).filter(Boolean)).toEqual(
      expect.arrayContaining([
        'UnsecAppAccessControlDefault',
        'AllowAnonymousCallback',
        'EnableDCOM',
        'LegacyAuthenticationLevel',
        'LegacyImpersonationLevel',
        'MachineAccessRestriction',
        'MachineLaunchRestriction',
        'DefaultAccessPermission',
        'DefaultLaunchPermission',
        'RequireIntegrityActivationAuthenticationLevel',
        'RaiseActivationAuthenticationLevel',
        'LegacySecureReferences',
        'RestrictRemoteClients',
        'EnableAuthEpResolution',
      ]),
    );
    expect(CATALOG.filter((setting) => setting.kind === 'rpc-ports').map((setting) => setting.id)).toEqual([
      'rpc.dynamic-port-restriction',
    ]);
    expect(
      CATALOG.flatMap((setting) => (setting.kind === 'firewall-exposure' ? [setting.target] : [])).sort(),
    ).toEqual(['dynamic-rpc', 'endpoint-mapper', 'unsecapp']);
  });

  it('gives every setting a unique id, an area, a severity, words and resolvable references', () => {
    expect(new Set(CATALOG.map((setting) => setting.id)).size).toBe(CATALOG.length);
    for (const setting of CATALOG) {
      expect(setting.id).toMatch(/^[a-z]+\.[a-z0-9-]+$/);
      expect(findSetting(setting.id)).toBe(setting);
      expect(SETTING_AREAS).toContain(setting.area);
      expect(SEVERITIES).toContain(setting.severity);
      expect(setting.rationale.length, setting.id).toBeGreaterThan(100);
      expect(setting.sideEffects.length, setting.id).toBeGreaterThan(40);
      expect(setting.references.length, setting.id).toBeGreaterThan(0);
      for (const id of setting.references) expect(REFERENCES[id].url).toMatch(/^https:\/\//);
      expect(Object.keys(setting.baselines).length, `${setting.id} has no built-in target`).toBeGreaterThan(
        0,
      );
    }
  });

  it('names the RPC constants as domain.md §5 does', () => {
    expect(AUTHENTICATION_LEVELS.map((level) => [level.value, level.name])).toEqual([
      [1, 'RPC_C_AUTHN_LEVEL_NONE'],
      [2, 'RPC_C_AUTHN_LEVEL_CONNECT'],
      [3, 'RPC_C_AUTHN_LEVEL_CALL'],
      [4, 'RPC_C_AUTHN_LEVEL_PKT'],
      [5, 'RPC_C_AUTHN_LEVEL_PKT_INTEGRITY'],
      [6, 'RPC_C_AUTHN_LEVEL_PKT_PRIVACY'],
    ]);
    expect(IMPERSONATION_LEVELS.map((level) => [level.value, level.name])).toEqual([
      [1, 'RPC_C_IMP_LEVEL_ANONYMOUS'],
      [2, 'RPC_C_IMP_LEVEL_IDENTIFY'],
      [3, 'RPC_C_IMP_LEVEL_IMPERSONATE'],
      [4, 'RPC_C_IMP_LEVEL_DELEGATE'],
    ]);
  });

  it('records what absence means, and says so where Microsoft does not', () => {
    const allowAnonymous = findSetting('wmi.allow-anonymous-callback');
    expect(allowAnonymous?.kind === 'dword' && allowAnonymous.whenAbsent).toMatchObject({
      value: 0,
      confirmed: false,
    });
    expect(allowAnonymous?.kind === 'dword' && allowAnonymous.whenAbsent.meaning).toContain('UNCONFIRMED');
    const level = findSetting('dcom.legacy-authentication-level');
    expect(level?.kind === 'dword' && level.whenAbsent).toMatchObject({ value: 2, confirmed: true });
    expect(findSetting('wmi.unsecapp-access-check')?.rationale).toContain('UNCONFIRMED');
  });

  it('warns on Delegate impersonation and marks NONE authentication critical', () => {
    const impersonation = findSetting('dcom.legacy-impersonation-level');
    expect(impersonation?.kind === 'dword' && impersonation.severityByValue?.[4]).toBe('high');
    const authentication = findSetting('dcom.legacy-authentication-level');
    expect(authentication?.kind === 'dword' && authentication.severityByValue?.[1]).toBe('critical');
  });

  it('knows where Group Policy overrides the DCOM machine limits', () => {
    for (const id of ['dcom.machine-access-restriction', 'dcom.machine-launch-restriction']) {
      const setting = findSetting(id);
      expect(setting?.kind === 'descriptor' && setting.policy?.key).toBe(
        'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM',
      );
    }
  });

  it('reads only keys the registry layer lists in AUDIT_KEYS, so its benchmark measures the real read', () => {
    const known = new Set(AUDIT_KEY_LIST.map((key) => key.toLowerCase()));
    for (const key of [...catalogKeys(), ...auditKeys()]) expect(known, key).toContain(key.toLowerCase());
    expect(new Set(auditKeys().map((key) => key.toLowerCase())).size).toBe(auditKeys().length);
  });
});
