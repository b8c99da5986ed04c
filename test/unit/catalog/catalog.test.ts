import { describe, expect, it } from 'vitest';
import {
  AUTHENTICATION_LEVELS,
  CATALOG,
  IMPERSONATION_LEVELS,
  REFERENCES,
  SETTING_AREAS,
  SEVERITIES,
  catalogKeys,
  catalogSubtrees,
  findSetting,
  type CatalogSetting,
} from '../../../main/domain/catalog/index';
import { auditKeys, auditSubtrees } from '../../../main/domain/audit/index';
import { AUDIT_KEY_LIST, AUDIT_SUBTREES } from '../../../main/registry/audit-keys';

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
        'AllowLocalActivationSecurityCheckExemptionList',
        'DCOMSCMRemoteCallFlags',
      ]),
    );
    expect(findSetting('dcom.appid-permissions')).toMatchObject({
      kind: 'appid-permissions',
      key: 'HKLM\\SOFTWARE\\Classes\\AppID',
      values: {
        accessPermission: 'AccessPermission',
        launchPermission: 'LaunchPermission',
        authenticationLevel: 'AuthenticationLevel',
      },
    });
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
    expect(auditSubtrees()).toEqual([...AUDIT_SUBTREES]);
    expect(catalogSubtrees()).toEqual(['HKLM\\SOFTWARE\\Classes\\AppID']);
  });

  it('leaves every value under HKLM\\SOFTWARE\\Policies to Group Policy, naming the GPO setting', () => {
    const underPolicies = (key: string) => /^HKLM\\SOFTWARE\\Policies\\/i.test(key);
    const policyOnly = CATALOG.filter((setting) =>
      'location' in setting
        ? underPolicies(setting.location.key)
        : 'key' in setting && underPolicies(setting.key),
    );
    expect(policyOnly.map((setting) => setting.id)).toEqual([
      'dcom.local-activation-exemptions',
      'rpc.restrict-remote-clients',
      'rpc.endpoint-mapper-client-authentication',
    ]);
    for (const setting of policyOnly) {
      expect(setting.remedy, setting.id).toBe('group-policy');
      expect(setting.groupPolicy, setting.id).toMatch(
        /^Computer Configuration > Administrative Templates > /,
      );
    }
    expect(findSetting('rpc.restrict-remote-clients')?.groupPolicy).toBe(
      'Computer Configuration > Administrative Templates > System > Remote Procedure Call > Restrict Unauthenticated RPC clients',
    );
    expect(findSetting('rpc.endpoint-mapper-client-authentication')?.groupPolicy).toBe(
      'Computer Configuration > Administrative Templates > System > Remote Procedure Call > Enable RPC Endpoint Mapper Client Authentication',
    );
    expect(CATALOG.filter((setting) => setting.remedy === 'manual').map((setting) => setting.id)).toEqual([
      'dcom.appid-permissions',
    ]);
    expect(findSetting('dcom.appid-permissions')?.manualFix).toContain('dcomcnfg');
    for (const setting of CATALOG.filter((entry) => !policyOnly.includes(entry) && entry.remedy !== 'manual'))
      expect(setting.remedy, setting.id).toBe('local');
  });

  it('cites the RPC items’ baselines by their recommendations’ wording, without benchmark numbers', () => {
    const titles = (id: string) => findSetting(id)!.references.map((ref) => REFERENCES[ref].title);
    expect(titles('rpc.restrict-remote-clients')).toEqual(
      expect.arrayContaining([
        "CIS Microsoft Windows Server Benchmarks: \"Ensure 'Restrict Unauthenticated RPC clients' is set to 'Enabled: Authenticated' (MS only)\"",
        expect.stringMatching(/^DISA Windows 11 STIG WN11-CC-000165: /),
      ]),
    );
    expect(titles('rpc.endpoint-mapper-client-authentication')).toContain(
      "CIS Microsoft Windows Server Benchmarks: \"Ensure 'Enable RPC Endpoint Mapper Client Authentication' is set to 'Enabled' (MS only)\"",
    );
    for (const reference of Object.values(REFERENCES).filter((entry) => entry.title.startsWith('CIS')))
      expect(reference.title, reference.title).not.toMatch(/\b\d+\.\d+(\.\d+)+\b/);
  });

  it('states each registry value’s type and what absence means, for every kind', () => {
    for (const setting of CATALOG) {
      switch (setting.kind) {
        case 'dword':
        case 'flags':
          expect(setting.valueType, setting.id).toBe('REG_DWORD');
          break;
        case 'yes-no':
          expect(setting.valueType, setting.id).toBe('REG_SZ');
          break;
        case 'descriptor':
          expect(setting.valueType, setting.id).toBe('REG_BINARY');
          if (setting.policy) expect(setting.policyValueType, setting.id).toBe('REG_SZ');
          break;
        case 'rpc-ports':
          expect(setting.valueTypes).toEqual({
            ports: 'REG_MULTI_SZ',
            portsInternetAvailable: 'REG_SZ',
            useInternetPorts: 'REG_SZ',
          });
          break;
        case 'appid-permissions':
          expect(setting.valueTypes).toEqual({
            accessPermission: 'REG_BINARY',
            launchPermission: 'REG_BINARY',
            authenticationLevel: 'REG_DWORD',
          });
          break;
        case 'firewall-exposure':
          break;
      }
      expect(setting.whenAbsent.meaning.length, setting.id).toBeGreaterThan(30);
    }
    const ports = findSetting('rpc.dynamic-port-restriction');
    expect(ports?.kind === 'rpc-ports' && ports.whenAbsent.meaning).toContain('49152-65535');
    const flags = findSetting('dcom.scm-remote-call-flags');
    expect(flags?.kind === 'flags' && flags.flags.map((flag) => [flag.value, flag.name])).toEqual([
      [0x1, 'DCOMSCM_ACTIVATION_USE_ALL_AUTHNSERVICES'],
      [0x2, 'DCOMSCM_ACTIVATION_DISALLOW_UNSECURE_CALL'],
      [0x4, 'DCOMSCM_RESOLVE_USE_ALL_AUTHNSERVICES'],
      [0x8, 'DCOMSCM_RESOLVE_DISALLOW_UNSECURE_CALL'],
      [0x10, 'DCOMSCM_PING_USE_MID_AUTHNSERVICE'],
    ]);
  });
});
