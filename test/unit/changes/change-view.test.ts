import { describe, expect, it } from 'vitest';
import { findSetting } from '../../../main/domain/catalog';
import {
  changeLines,
  descriptorItem,
  descriptorSidesWords,
  restoreChanges,
  reviewWarnings,
  ruleItem,
  settingValueItem,
  SettingChange,
} from '../../../main/domain/changes/index';
import { encodeSecurityDescriptor } from '../../../main/domain/descriptors/binary';
import { parseSddl } from '../../../main/domain/descriptors/sddl';

const binary = (sddl: string) => ({
  type: 'REG_BINARY' as const,
  data: encodeSecurityDescriptor(parseSddl(sddl)),
});
const RULE =
  'v2.27|Action=Allow|Active=TRUE|Dir=In|Protocol=6|Profile=Domain|LPort=135|Name=@FirewallAPI.dll,-34252|EmbedCtxt=@FirewallAPI.dll,-34251|';
const SCOPED = RULE.replace('LPort=135|', 'LPort=135|RA4=LocalSubnet|RA6=LocalSubnet|');

describe('the change view', () => {
  it('shows a descriptor as a principal × rights table with changed cells and added and removed principals', () => {
    const item = descriptorItem(
      'MachineAccessRestriction',
      'access',
      {
        before: binary('O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)'),
        after: binary('O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)(A;;CCDC;;;BA)'),
      },
      null,
    );
    expect(item.columns).toEqual(['Local Access', 'Remote Access']);
    expect(item.rows.map((row) => [row.name, row.status])).toEqual([
      ['Everyone', 'unchanged'],
      ['ANONYMOUS LOGON', 'changed'],
      ['Administrators', 'added'],
    ]);
    expect(item.rows[1]!.cells).toEqual([
      { before: 'allow', after: 'allow' },
      { before: 'allow', after: 'none' },
    ]);
    const removed = descriptorItem(
      'X',
      'access',
      { before: binary('O:BAG:BAD:(A;;CCDCLC;;;AN)'), after: binary('O:BAG:BAD:') },
      null,
    );
    expect(removed.rows[0]!.status).toBe('removed');
  });

  it('reads an absent descriptor as the Windows default of its setting', () => {
    const setting = findSetting('dcom.machine-access-restriction');
    const item = settingValueItem(setting, 'MachineAccessRestriction', {
      before: null,
      after: binary('O:BAG:BAD:(A;;CCDCLC;;;WD)'),
    });
    expect(item.kind === 'descriptor' && item.before).toBe('windows-default');
    expect(item.kind === 'descriptor' && descriptorSidesWords(item)).toBe(
      ' (before: not set (Windows default); after: set)',
    );
    const change: SettingChange = {
      settingId: 'dcom.machine-access-restriction',
      title: 'DCOM machine-wide access limits',
      summary: null,
      restartRequired: false,
      items: [item],
      technical: [],
    };
    expect(changeLines(change).join('\n')).toContain('(before: not set (Windows default); after: set):');
    expect(
      item.kind === 'descriptor' && item.rows.find((row) => row.name === 'ANONYMOUS LOGON')?.status,
    ).toBe('removed');
  });

  it('names a scalar value by its constant and meaning, and an absent one by what Windows does', () => {
    const setting = findSetting('dcom.legacy-authentication-level');
    const item = settingValueItem(setting, 'LegacyAuthenticationLevel', {
      before: null,
      after: { type: 'REG_DWORD', data: 5 },
    });
    expect(item).toMatchObject({
      kind: 'value',
      before: { shown: 'not set' },
      after: { shown: '5 (RPC_C_AUTHN_LEVEL_PKT_INTEGRITY)' },
    });
    expect(item.kind === 'value' && item.after.meaning).toBeTruthy();
    expect(item.kind === 'value' && item.before.meaning).toBe(setting!.whenAbsent.meaning);
  });

  it('shows a firewall rule by display name and group with only the fields that change', () => {
    const item = ruleItem('WMI-RPCSS-In-TCP-NoScope', RULE, SCOPED);
    expect(item).toMatchObject({
      name: 'Windows Management Instrumentation (DCOM-In)',
      group: 'Windows Management Instrumentation (WMI)',
      profiles: 'Domain',
      change: 'changed',
      fields: [{ field: 'Remote addresses', before: 'Any', after: 'LocalSubnet' }],
    });
    expect(ruleItem('X', null, SCOPED).change).toBe('created');
    expect(ruleItem('X', RULE, null).fields.map((field) => field.after)).toEqual(['—', '—', '—', '—']);
  });

  it('a restore shows its own change: from the machine now back to the backup', () => {
    const [change] = restoreChanges([
      {
        kind: 'firewall-rule',
        settingId: 'firewall.endpoint-mapper',
        ruleId: 'WMI-RPCSS-In-TCP-NoScope',
        now: SCOPED,
        to: RULE,
      },
    ]);
    expect(change!.items[0]).toMatchObject({
      fields: [{ field: 'Remote addresses', before: 'LocalSubnet', after: 'Any' }],
    });
    expect(change!.technical.join('\n')).toContain('v2.27|');
    expect(SettingChange.parse(change)).toEqual(change);
  });

  it('keeps SDDL, rule strings and commands out of the text unless technical details are asked for', () => {
    const change: SettingChange = {
      settingId: 'firewall.endpoint-mapper',
      title: 'Firewall exposure of the RPC endpoint mapper (TCP 135)',
      summary: null,
      restartRequired: false,
      items: [
        ruleItem('WMI-RPCSS-In-TCP-NoScope', RULE, SCOPED),
        descriptorItem(
          'MachineAccessRestriction',
          'access',
          {
            before: binary('O:BAG:BAD:(A;;CCDCLC;;;AN)'),
            after: binary('O:BAG:BAD:(A;;CCDC;;;AN)'),
          },
          null,
        ),
      ],
      technical: [`- ${RULE}`, "$ Set-NetFirewallRule -Name 'WMI-RPCSS-In-TCP-NoScope'"],
    };
    const plain = changeLines(change).join('\n');
    expect(plain).toContain('Remote addresses: Any → LocalSubnet');
    expect(plain).toMatch(/ANONYMOUS LOGON \(changed\) +Allow +\* Allow → —/);
    expect(plain).not.toMatch(/v2\.\d+\||Set-NetFirewallRule/);
    expect(changeLines(change, true).join('\n')).toContain('Set-NetFirewallRule');
  });

  it('shows each warning once: a setting’s general side effects give way to its warning for this change', () => {
    const setting = findSetting('wmi.unsecapp-access-check')!;
    const warnings = reviewWarnings([
      { settingId: setting.id, breaksCallbacks: true, message: 'specific' },
      { settingId: setting.id, breaksCallbacks: false, message: setting.sideEffects },
      { settingId: 'firewall.unsecapp', breaksCallbacks: false, message: 'note' },
      { settingId: 'firewall.dynamic-rpc', breaksCallbacks: false, message: 'note' },
    ]);
    expect(warnings.map((warning) => warning.message)).toEqual(['specific', 'note']);
  });
});
