import { describe, expect, it } from 'vitest';
import { isScalar, parseDocument, visit, type Scalar } from 'yaml';
import { auditMachine } from '../../../main/domain/audit/index';
import { DEFAULT_COM_DESCRIPTORS, parseSddl } from '../../../main/domain/descriptors/index';
import {
  ANSIBLE_LINE_LIMIT,
  COMMENT_CONTINUATION,
  DATA_LINE_PREFIX,
  FleetExportError,
  UNSAFE_TAG,
  compileAnsible,
  compileGpoSddl,
  compilePowerShell,
  compileReg,
  compileRegistryPol,
  desiredRegBlocks,
  localValues,
  narrowRules,
  policyEntries,
  powerShellData,
  profileDesiredState,
  wholeValues,
  writeRegistryPol,
  type NarrowRule,
} from '../../../main/domain/fleet/index';
import { LOCAL_RULES_KEY } from '../../../main/domain/firewall/store';
import { CATALOG } from '../../../main/domain/catalog/index';
import type { CatalogSetting } from '../../../main/domain/catalog/types';
import { builtInProfile, validateProfile, type Profile } from '../../../main/domain/profiles/index';
import { REG_FILE_HEADER_V5, encodeUtf16le, parseRegFile } from '../../../main/domain/regfile/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { bytesOf, everyProfile, regText, textOf } from './support';

const FIREWALL_SETTINGS = ['firewall.endpoint-mapper', 'firewall.dynamic-rpc', 'firewall.unsecapp'];

/** Catalog settings of one remedy or kind that the profile assesses and does not leave alone, in catalog order. */
function assessedIds(profile: Profile, which: (setting: CatalogSetting) => boolean): string[] {
  const leftAlone = new Set(profileDesiredState(profile).leftAlone.map((item) => item.settingId));
  return CATALOG.filter(
    (setting) => which(setting) && profile.settings[setting.id] !== undefined && !leftAlone.has(setting.id),
  ).map((setting) => setting.id);
}
const reportedOnlyIds = (profile: Profile) => assessedIds(profile, (setting) => setting.remedy === 'manual');
const policyIds = (profile: Profile) => assessedIds(profile, (setting) => setting.remedy === 'group-policy');
const flagIds = (profile: Profile) => assessedIds(profile, (setting) => setting.kind === 'flags');

/** Comment lines with their `#   ...` continuations joined back (the playbook wraps them at the line limit). */
function unwrapComments(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(COMMENT_CONTINUATION) && lines.length > 0)
      lines[lines.length - 1] += line.slice(COMMENT_CONTINUATION.length);
    else lines.push(line);
  }
  return lines.join('\r\n');
}

/** Comment text after a marker line such as `; Profile: "..."`, decoded from its JSON literal. */
function commentedJson(text: string, marker: string, label: string): unknown {
  const line = text.split(/\r\n/).find((candidate) => candidate.startsWith(`${marker} ${label}: `));
  if (line === undefined) throw new Error(`no ${label} comment`);
  return JSON.parse(line.slice(`${marker} ${label}: `.length));
}

function utf8FromBase64(text: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(text), (char) => char.charCodeAt(0)));
}

describe.each(everyProfile())('exports of the %s profile', (_name, profile) => {
  const state = profileDesiredState(profile);

  describe('reg', () => {
    const artifact = compileReg(state);
    const text = regText(artifact);

    it('parses back with the .reg codec to exactly the desired whole local values and nothing else', () => {
      expect(parseRegFile(bytesOf(artifact)).blocks).toEqual(desiredRegBlocks(state));
      const written = desiredRegBlocks(state).flatMap((block) => (block.kind === 'key' ? block.entries : []));
      expect(written.map((entry) => entry.kind === 'set' && entry.value)).toEqual(
        wholeValues(state).map((desired) => desired.value),
      );
      expect(wholeValues(state).some((desired) => /\\Policies\\/i.test(desired.key))).toBe(false);
    });

    it('is a version 5 file, CRLF, with its comments between the header and the first key', () => {
      const lines = text.split('\r\n');
      expect(lines[0]).toBe(REG_FILE_HEADER_V5);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const firstKey = lines.findIndex((line) => line.startsWith('['));
      const comments = lines.slice(2, firstKey - 1);
      expect(comments.length).toBeGreaterThan(5);
      for (const line of comments) expect(line).toMatch(/^;[\x20-\x7e]*$/);
    });

    it('states what it cannot carry (reported-only, policy, flag-bit and firewall settings), in the file and in notCarried', () => {
      expect(artifact.notCarried.map((item) => item.settingId)).toEqual([
        ...reportedOnlyIds(profile),
        ...policyIds(profile),
        ...flagIds(profile),
        ...FIREWALL_SETTINGS.filter((id) => profile.settings[id] !== undefined),
      ]);
      for (const item of artifact.notCarried) expect(text).toContain(`;   ${item.settingId} (`);
    });

    it('carries the profile name and description in comments that decode to exactly the input', () => {
      expect(commentedJson(text, ';', 'Profile')).toBe(profile.name);
      expect(commentedJson(text, ';', 'Description')).toBe(profile.description);
    });
  });

  describe('ps1', () => {
    const artifact = compilePowerShell(state);
    const text = textOf(artifact);
    const lines = text.split('\r\n');
    const dataLines = lines.filter((line) => line.startsWith(DATA_LINE_PREFIX));
    const code = lines.filter((line) => !line.startsWith(DATA_LINE_PREFIX) && !/^#(?!Requires )/.test(line));

    it('embeds the profile as one base64 JSON literal that decodes to the desired state exactly', () => {
      expect(dataLines).toHaveLength(1);
      const match = /^\$ProfileData = '([A-Za-z0-9+/=]+)'$/.exec(dataLines[0]!);
      expect(match).not.toBeNull();
      const data = JSON.parse(utf8FromBase64(match![1]!));
      expect(data).toEqual(JSON.parse(JSON.stringify(powerShellData(state))));
      expect(data.profile.name).toBe(profile.name);
      expect(data.profile.description).toBe(profile.description);
      expect(data.profile.managementScope).toEqual(profile.managementScope);
      const local = localValues(state);
      expect(
        data.values.map((value: { key: string; name: string }) => `HKLM\\${value.key}\\${value.name}`),
      ).toEqual(local.map((value) => `${value.key}\\${value.name}`));
      for (const [index, value] of local.entries()) {
        const carried = data.values[index];
        if (value.value.type === 'REG_BINARY') {
          expect(Uint8Array.from(atob(carried.data), (char) => char.charCodeAt(0))).toEqual(value.value.data);
        } else {
          expect(carried.data).toEqual(value.value.data);
        }
      }
    });

    it('runs the same code for every profile: only the data line and the comments differ', () => {
      const reference = compilePowerShell(profileDesiredState(builtInProfile('recommended')));
      const referenceCode = textOf(reference)
        .split('\r\n')
        .filter((line) => !line.startsWith(DATA_LINE_PREFIX) && !/^#(?!Requires )/.test(line));
      expect(code).toEqual(referenceCode);
    });

    it('is elevated, supports -WhatIf, backs up, verifies and fails with exit 1', () => {
      expect(lines.slice(0, 2)).toEqual(['#Requires -Version 5.1', '#Requires -RunAsAdministrator']);
      expect(code.find((line) => line.startsWith('['))).toBe('[CmdletBinding(SupportsShouldProcess)]');
      expect(text).toContain('$PSCmdlet.ShouldProcess(');
      expect(text).toContain("& reg.exe export ('HKLM\\' + $Key) $file /y /reg:64");
      expect(text).toContain('& netsh.exe advfirewall export $file');
      expect(text).toContain('Set-NetFirewallRule -Name $ruleId');
      expect(text).toContain('exit 1');
    });

    it('carries the flag bits to set and clear, written over the value the machine holds', () => {
      const bits = localValues(state).filter((desired) => desired.accept.kind === 'bits');
      expect(bits.map((desired) => desired.settingId)).toEqual(flagIds(profile));
      const data = powerShellData(state);
      for (const desired of bits) {
        const carried = data.values.find((value) => value.settingId === desired.settingId);
        expect(carried?.accept).toEqual(desired.accept);
      }
      expect(text).toContain("'bits' {");
      expect(text).toContain('Set-DesiredValue $entry (Get-WrittenData $entry $before)');
    });

    it('names what it cannot carry: reported-only and policy settings, and the other firewall rules', () => {
      expect(artifact.notCarried.map((item) => item.settingId)).toEqual([
        ...reportedOnlyIds(profile),
        ...policyIds(profile),
        ...FIREWALL_SETTINGS.filter((id) => profile.settings[id] !== undefined),
      ]);
      for (const item of artifact.notCarried) expect(text).toContain(`#   ${item.settingId} (`);
      const firewall = artifact.notCarried.filter((item) => item.settingId.startsWith('firewall.'));
      expect(firewall.find((item) => item.settingId === 'firewall.endpoint-mapper')?.reason).toContain(
        'other rules that open TCP 135',
      );
      expect(firewall.find((item) => item.settingId === 'firewall.dynamic-rpc')?.reason).toContain(
        'other rules that open the dynamic RPC ports',
      );
    });

    it('takes -OpenFromScopeOn Domain/Private/Public and otherwise opens nothing', () => {
      expect(text).toContain(
        "[ValidateSet('Domain', 'Private', 'Public')]\r\n    [string[]]$OpenFromScopeOn = @()",
      );
      expect(text).toContain('if ($OpenFromScopeOn -notcontains $entry.profile) { continue }');
      expect(text).toContain('& ([scriptblock]::Create($command))');
    });

    const restricted = state.firewall.filter((firewall) => firewall.action === 'restrict-remote');
    const zoned = profile.managementScope.find((entry) => entry.includes('%'));
    // Which of these apply depends on the profile's scope: registered per profile, never skipped.
    if (zoned !== undefined)
      it('refuses the narrow rules when the scope is no firewall scope, saying why in the data and the header', () => {
        const data = powerShellData(state);
        expect(data.narrowRules).toEqual([]);
        expect(data.narrowRulesRefused).toContain(JSON.stringify(zoned));
        expect(text).toContain(
          '# -OpenFromScopeOn cannot open anything: the management scope is no firewall scope',
        );
      });
    else {
      it("carries SinkGuard's narrow rules per target and profile as the change engine's New-/Set-NetFirewallRule commands", () => {
        const data = powerShellData(state);
        expect(data.narrowRulesRefused).toBeNull();
        expect(data.narrowRules.map((rule) => rule.ruleId)).toEqual(
          restricted.flatMap((firewall) =>
            ['Domain', 'Private', 'Public'].map((p) => `SinkGuard-${firewall.ruleIds[0]}-${p}`),
          ),
        );
        const scope = profile.managementScope.map((entry) => `'${entry}'`).join(',');
        for (const rule of data.narrowRules) {
          const prefix = `$ErrorActionPreference = 'Stop'; `;
          expect(
            rule.create.startsWith(`${prefix}New-NetFirewallRule -Name '${rule.ruleId}' -DisplayName `),
          ).toBe(true);
          expect(rule.create).toContain(` -Direction Inbound -Action Allow -Protocol TCP `);
          expect(
            rule.create.endsWith(
              ` -RemoteAddress ${scope} -Profile '${rule.profile}' -Enabled True -PolicyStore PersistentStore | Out-Null`,
            ),
          ).toBe(true);
          expect(rule.update).toBe(
            `${prefix}Set-NetFirewallRule -Name '${rule.ruleId}' -RemoteAddress ${scope} -Profile '${rule.profile}' -Enabled True`,
          );
          // What an admin reads in the header is what the script runs.
          expect(text).toContain(`#   ${rule.create.slice(prefix.length)}\r\n`);
        }
      });
      it('opens each target from the scope only, on that profile, with the rule New-NetFirewallRule leaves (stock machine)', async () => {
        expect(restricted.length).toBeGreaterThan(0);
        for (const rule of narrowRules(state) as NarrowRule[]) {
          const port = await openSimulatedMachine('stock');
          await port.writeValues([
            { key: LOCAL_RULES_KEY, name: rule.ruleId, value: { type: 'REG_SZ', data: rule.expectedRule } },
          ]);
          const finding = (await auditMachine(port, profile)).findings.find(
            (candidate) => candidate.settingId === rule.settingId,
          );
          expect(finding?.meetsProfile, `${rule.ruleId}: ${finding?.explanation}`).toBe(true);
          const raw = finding?.effective.raw as { profile: string; open: boolean; rules: string[] }[];
          expect(raw.filter((entry) => entry.open).map((entry) => [entry.profile, entry.rules])).toEqual([
            [rule.profile, [rule.ruleId]],
          ]);
        }
      });
    }

    it('is printable ASCII with CRLF line ends, every comment one line', () => {
      expect(text).toMatch(/^[\x20-\x7e\r\n]*$/);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(commentedJson(text, '#', 'Profile')).toBe(profile.name);
    });
  });

  describe('ansible', () => {
    const artifact = compileAnsible(state);
    const text = textOf(artifact);
    const unsafeTag = { tag: UNSAFE_TAG, resolve: (value: string) => value };
    const document = parseDocument(text, { customTags: [unsafeTag] });

    it('is YAML that parses back to the profile text and the desired values exactly', () => {
      expect(document.errors).toEqual([]);
      type Task = Record<string, Record<string, unknown> | undefined>;
      const [play] = document.toJS() as [{ vars: Record<string, unknown>; tasks: Task[] }];
      expect(play.vars.sinkguard_profile_name).toBe(profile.name);
      expect(play.vars.sinkguard_profile_description).toBe(profile.description);
      expect(play.vars.sinkguard_management_scope).toEqual(profile.managementScope);
      const argsOf = (module: string): Record<string, unknown>[] =>
        play.tasks.map((task) => task[module]).filter((args) => args !== undefined);
      const regedit = argsOf('ansible.windows.win_regedit');
      expect(regedit.map((args) => args.name)).toEqual(wholeValues(state).map((value) => value.name));
      expect(regedit.map((args) => args.data)).toEqual(
        wholeValues(state).map(({ value }) =>
          value.type === 'REG_BINARY'
            ? `hex:${[...value.data].map((byte) => byte.toString(16).padStart(2, '0')).join(',')}`
            : value.data,
        ),
      );
      const firewall = argsOf('community.windows.win_firewall_rule');
      expect(firewall).toHaveLength(state.firewall.length);
      for (const [index, entry] of state.firewall.entries()) {
        const args = firewall[index];
        expect(args).toEqual(
          entry.action === 'disable'
            ? { name: '{{ item }}', enabled: false }
            : { name: '{{ item }}', remoteip: entry.remoteAddresses.join(',') },
        );
      }
    });

    it('tags every string that is not SinkGuard template text !unsafe, so Ansible never templates it', () => {
      const untagged: string[] = [];
      visit(document, {
        Scalar(_key, node: Scalar) {
          if (typeof node.value === 'string' && node.tag !== UNSAFE_TAG) untagged.push(node.value);
        },
      });
      const profileText = [profile.name, profile.description ?? '', ...profile.managementScope];
      for (const value of untagged) {
        for (const fragment of profileText) if (fragment.length >= 8) expect(value).not.toContain(fragment);
      }
      const tagged: string[] = [];
      visit(document, {
        Scalar(_key, node) {
          if (isScalar(node) && node.tag === UNSAFE_TAG) tagged.push(String(node.value));
        },
      });
      expect(tagged).toEqual(expect.arrayContaining(profileText.filter((text) => text !== '')));
    });

    it('starts with comments that are printable lines inside the line limit, wrapped losslessly', () => {
      const comments = text.split('\n').filter((line) => line.startsWith('#'));
      expect(comments.length).toBeGreaterThan(5);
      for (const line of comments) expect(line).toMatch(/^#[\x20-\x7e]*$/);
      for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(ANSIBLE_LINE_LIMIT);
      expect(commentedJson(unwrapComments(text), '#', 'Profile')).toBe(profile.name);
      if (profile.description !== undefined)
        expect(commentedJson(unwrapComments(text), '#', 'Description')).toBe(profile.description);
    });

    it('names what it cannot carry: reported-only, policy and flag-bit settings, and the other firewall rules', () => {
      expect(artifact.notCarried.map((item) => item.settingId)).toEqual([
        ...reportedOnlyIds(profile),
        ...policyIds(profile),
        ...flagIds(profile),
        ...FIREWALL_SETTINGS.filter((id) => profile.settings[id] !== undefined),
      ]);
      for (const item of artifact.notCarried.filter((entry) => entry.settingId.startsWith('firewall.')))
        expect(item.reason).toMatch(/^only the built-in WMI rules \(WMI-.*left as they are/);
      expect(unwrapComments(text)).toContain('# NOT CARRIED by this file');
    });
  });

  describe('pol', () => {
    const artifact = compileRegistryPol(state);

    it('holds the policy values only, and names every other setting it cannot carry', () => {
      const entries = policyEntries(state);
      expect(entries.every((entry) => /^SOFTWARE\\Policies\\/.test(entry.key))).toBe(true);
      expect(bytesOf(artifact)).toEqual(writeRegistryPol(entries));
      const carried = new Set(
        state.values.filter((value) => /\\Policies\\/.test(value.key)).map((value) => value.settingId),
      );
      const expected = [
        ...new Set([
          ...state.reportedOnly.map((item) => item.settingId),
          ...state.values.map((value) => value.settingId),
          ...state.firewall.map((f) => f.settingId),
        ]),
      ]
        .filter((id) => !carried.has(id))
        .sort();
      expect(artifact.notCarried.map((item) => item.settingId).sort()).toEqual(expected);
      const access = artifact.notCarried.find((item) => item.settingId === 'dcom.machine-access-restriction');
      expect(access?.reason).toContain('GptTmpl.inf');
    });
  });

  describe('gpo-sddl', () => {
    const artifact = compileGpoSddl(state);
    const text = textOf(artifact);

    it('has [Registry Values] lines whose SDDL parses back to the profile descriptors', () => {
      const lines = text.split('\r\n');
      const section = lines.slice(lines.indexOf('[Registry Values]') + 1).filter((line) => line !== '');
      expect(section).toHaveLength(2);
      const names = section.map((line) => {
        const match = /^MACHINE\\Software\\Policies\\Microsoft\\Windows NT\\DCOM\\(\w+)=1,"([^"]+)"$/.exec(
          line,
        );
        expect(match, line).not.toBeNull();
        const name = match![1] as 'MachineAccessRestriction' | 'MachineLaunchRestriction';
        expect(parseSddl(match![2]!)).toEqual(DEFAULT_COM_DESCRIPTORS[name]);
        return name;
      });
      expect(names).toEqual(['MachineAccessRestriction', 'MachineLaunchRestriction']);
      expect(text).toContain(
        '; DCOM: Machine Access Restrictions in Security Descriptor Definition Language (SDDL) syntax:',
      );
    });

    it('meets the profile as the Group Policy value on the legacy machine', async () => {
      const port = await openSimulatedMachine('legacy');
      await port.writeValues(
        state.policyDescriptors.map((policy) => ({
          key: policy.key,
          name: policy.name,
          value: { type: 'REG_SZ', data: policy.sddl },
        })),
      );
      const report = await auditMachine(port, profile);
      for (const id of ['dcom.machine-access-restriction', 'dcom.machine-launch-restriction']) {
        expect(report.findings.find((finding) => finding.settingId === id)).toMatchObject({
          managedByPolicy: true,
          meetsProfile: true,
        });
      }
    });

    it('names the settings that are not security options', () => {
      const ids = artifact.notCarried.map((item) => item.settingId);
      expect(ids).toEqual(expect.arrayContaining(['dcom.default-access-permission', ...FIREWALL_SETTINGS]));
      expect(ids).not.toContain('dcom.machine-access-restriction');
      for (const line of text.split('\r\n').filter((candidate) => !candidate.startsWith('MACHINE\\')))
        expect(line).toMatch(/^(;[\x20-\x7e]*|\[Registry Values\]|)$/);
    });
  });
});

describe('writeRegistryPol', () => {
  it('writes the PReg header and [key;value;type;size;data] records in UTF-16LE', () => {
    const bytes = writeRegistryPol([{ key: 'K', name: 'V', value: { type: 'REG_DWORD', data: 0x01020304 } }]);
    const utf16 = (text: string): number[] => [...encodeUtf16le(text)];
    expect([...bytes]).toEqual([
      ...[0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0],
      ...utf16('[K\0;V\0;'),
      ...[4, 0, 0, 0],
      ...utf16(';'),
      ...[4, 0, 0, 0],
      ...utf16(';'),
      ...[4, 3, 2, 1],
      ...utf16(']'),
    ]);
  });

  it('counts string data with its terminator and writes an empty file as the header alone', () => {
    const bytes = writeRegistryPol([{ key: 'K', name: 'S', value: { type: 'REG_SZ', data: 'ab' } }]);
    const sizeOffset = 8 + 2 * '[K\0;S\0;'.length + 4 + 2;
    expect(new DataView(bytes.buffer).getUint32(sizeOffset, true)).toBe(6);
    expect([...writeRegistryPol([])]).toEqual([0x50, 0x52, 0x65, 0x67, 1, 0, 0, 0]);
  });
});

describe('profile text that is not well-formed Unicode', () => {
  const profile = validateProfile(
    {
      name: 'lone \uD800 surrogate',
      managementScope: ['LocalSubnet'],
      settings: { 'wmi.allow-anonymous-callback': { equals: 0 } },
    },
    'test',
  );
  const state = profileDesiredState(profile);

  it('is refused by the ansible export with a typed error naming the field, since YAML cannot carry it', () => {
    expect(() => compileAnsible(state)).toThrow(FleetExportError);
    expect(() => compileAnsible(state)).toThrow(
      'ansible export: profile name: character 6 is a lone UTF-16 surrogate',
    );
  });

  it('still travels exactly in the ps1 data and the .reg comments', () => {
    const ps1 = textOf(compilePowerShell(state));
    const blob = /^\$ProfileData = '([^']+)'$/m.exec(ps1.replace(/\r\n/g, '\n'))![1]!;
    expect(JSON.parse(utf8FromBase64(blob)).profile.name).toBe(profile.name);
    expect(commentedJson(regText(compileReg(state)), ';', 'Profile')).toBe(profile.name);
  });
});
