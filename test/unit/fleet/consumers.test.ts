/**
 * Each export checked by the tool that consumes it: ansible-playbook and ansible-lint (and Ansible's own YAML
 * loader), Samba's PReg reader and its SDDL parser. Outside tools go through requireTool: skipped locally with a
 * reason, required under CI=true.
 */
import { execFile } from 'node:child_process';
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileAnsible,
  compileGpoSddl,
  compileRegistryPol,
  isPolicyValue,
  policyEntries,
  profileDesiredState,
  writeRegistryPol,
  type PolicyEntry,
} from '../../../main/domain/fleet/index';
import { valueToBytes } from '../../../main/domain/regfile/index';
import {
  ACE_TYPES,
  DEFAULT_COM_DESCRIPTORS,
  bytesToHex,
  parseSddl,
  type SecurityDescriptor,
} from '../../../main/domain/descriptors/index';
import { requireTool } from '../../support/lane';
import type { Profile } from '../../../main/domain/profiles/index';
import { applicationsProfile, bytesOf, everyProfile, hostileText, profileWith, textOf } from './support';

/** The playbook checks also run on a profile naming DCOM applications (win_reg_stat and win_regedit tasks). */
const ANSIBLE_PROFILES: [string, Profile][] = [...everyProfile(), ['applications', applicationsProfile()]];

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const PREG_READER = new URL('../../../scripts/python/preg_read.py', import.meta.url).pathname;

const hasAnsible = requireTool('fleet ansible lane', 'ansible-playbook');
const hasSamba = requireTool('fleet Registry.pol lane', PYTHON, ['-c', 'import samba.dcerpc.preg']);
const hasAnsibleLint = requireTool('fleet ansible-lint lane', 'ansible-lint');
const hasSambaSecurity = requireTool('fleet SDDL lane (Samba)', PYTHON, [
  '-c',
  'from samba.dcerpc import security',
]);

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sinkguard-fleet-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function writeTemp(name: string, data: string | Uint8Array): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, data);
  return path;
}

/** Loads a playbook with Ansible's own DataLoader (PyYAML, YAML 1.1) and reports what it sees. */
const LOAD_PLAYBOOK = `
import json, sys
from ansible.parsing.dataloader import DataLoader
from ansible.utils.unsafe_proxy import AnsibleUnsafe
plays = DataLoader().load_from_file(sys.argv[1])
strings = []
def walk(node):
    if isinstance(node, dict):
        for value in node.values(): walk(value)
    elif isinstance(node, list):
        for value in node: walk(value)
    elif isinstance(node, str):
        strings.append({"text": str(node), "unsafe": isinstance(node, AnsibleUnsafe)})
walk(plays)
print(json.dumps({"vars": plays[0]["vars"], "strings": strings}))
`;

/** Loads each playbook with Ansible's DataLoader and prints the list of their play vars. */
const LOAD_VARS = `
import json, sys
from ansible.parsing.dataloader import DataLoader
loader = DataLoader()
print(json.dumps([loader.load_from_file(path)[0]["vars"] for path in sys.argv[1:]]))
`;

interface ModuleDoc {
  options: Record<string, { aliases?: string[]; choices?: unknown[] }>;
}

describe.skipIf(!hasAnsible)('the Ansible playbook, checked by Ansible', () => {
  let docs: Record<string, { doc: ModuleDoc }>;
  beforeAll(async () => {
    const modules = [
      'ansible.windows.win_regedit',
      'ansible.windows.win_reg_stat',
      'ansible.windows.win_powershell',
      'community.windows.win_firewall_rule',
    ];
    const { stdout } = await run('ansible-doc', ['-j', ...modules], { maxBuffer: 16 << 20 });
    docs = JSON.parse(stdout);
  }, 60_000);

  it.each(ANSIBLE_PROFILES)(
    'passes ansible-playbook --syntax-check (%s profile)',
    async (name, profile) => {
      const path = await writeTemp(`${name}.yml`, textOf(compileAnsible(profileDesiredState(profile))));
      const result = await run('ansible-playbook', ['-i', 'localhost,', '--syntax-check', path], {
        cwd: directory,
      });
      expect(result.stdout).toContain(`playbook: ${path}`);
    },
    60_000,
  );

  it('fails the syntax check when a module does not exist (the check is real)', async () => {
    const text = textOf(compileAnsible(profileDesiredState(everyProfile()[1]![1]))).replace(
      'community.windows.win_firewall_rule',
      'community.windows.win_firewall_rulez',
    );
    const path = await writeTemp('broken.yml', text);
    await expect(
      run('ansible-playbook', ['-i', 'localhost,', '--syntax-check', path], { cwd: directory }),
    ).rejects.toThrow();
  }, 60_000);

  it.each(ANSIBLE_PROFILES)(
    'passes only arguments and choices the modules document (%s profile)',
    async (_name, profile) => {
      const [play] = (await import('yaml')).parse(textOf(compileAnsible(profileDesiredState(profile))), {
        customTags: [{ tag: '!unsafe', resolve: (value: string) => value }],
      }) as [{ tasks: Record<string, unknown>[] }];
      let checked = 0;
      for (const task of play.tasks) {
        for (const [module, args] of Object.entries(task)) {
          const doc = docs[module]?.doc;
          if (!doc) continue;
          checked++;
          const known = new Map(
            Object.entries(doc.options).flatMap(([option, spec]) =>
              [option, ...(spec.aliases ?? [])].map((n) => [n, spec]),
            ),
          );
          for (const [argument, value] of Object.entries(args as Record<string, unknown>)) {
            const spec = known.get(argument);
            expect(spec, `${module} has no option ${argument}`).toBeDefined();
            if (spec?.choices && typeof value === 'string') expect(spec.choices).toContain(value);
          }
        }
      }
      expect(checked).toBe(play.tasks.length);
    },
    60_000,
  );

  it.each(everyProfile())(
    "loads through Ansible's own YAML loader to the exact profile text, every such string unsafe (%s profile)",
    async (name, profile) => {
      const path = await writeTemp(`${name}-load.yml`, textOf(compileAnsible(profileDesiredState(profile))));
      const { stdout } = await run(PYTHON, ['-c', LOAD_PLAYBOOK, path], { maxBuffer: 16 << 20 });
      const loaded = JSON.parse(stdout) as {
        vars: Record<string, unknown>;
        strings: { text: string; unsafe: boolean }[];
      };
      expect(loaded.vars).toEqual({
        sinkguard_profile_name: profile.name,
        ...(profile.description === undefined ? {} : { sinkguard_profile_description: profile.description }),
        sinkguard_management_scope: profile.managementScope,
      });
      for (const text of [profile.name, profile.description ?? '', ...profile.managementScope]) {
        const found = loaded.strings.filter((entry) => entry.text === text);
        expect(found.length, text).toBeGreaterThan(0);
        expect(found.every((entry) => entry.unsafe)).toBe(true);
      }
      // Strings Ansible will template are SinkGuard's own: none holds profile text.
      for (const entry of loaded.strings.filter((candidate) => !candidate.unsafe)) {
        if (profile.name.length >= 8) expect(entry.text).not.toContain(profile.name);
      }
    },
    60_000,
  );

  it("loads random hostile profile text back exactly through Ansible's loader (folded, escaped lines)", async () => {
    const samples = fc.sample(fc.tuple(hostileText, hostileText), { numRuns: 60, seed: 9 });
    const paths: string[] = [];
    const expected: { name: string; description: string }[] = [];
    for (const [index, [name, description]] of samples.entries()) {
      const profile = profileWith(name, description);
      if (/\p{Cs}/u.test(profile.name + description)) continue;
      paths.push(
        await writeTemp(`sample-${index}.yml`, textOf(compileAnsible(profileDesiredState(profile)))),
      );
      expected.push({ name: profile.name, description });
    }
    const { stdout } = await run(PYTHON, ['-c', LOAD_VARS, ...paths], { maxBuffer: 64 << 20 });
    const loaded = JSON.parse(stdout) as Record<string, unknown>[];
    expect(
      loaded.map((vars) => ({
        name: vars.sinkguard_profile_name,
        description: vars.sinkguard_profile_description,
      })),
    ).toEqual(expected);
    expect(expected.length).toBeGreaterThan(40);
  }, 120_000);
});

/** ansible-lint 6 (Debian bookworm) with its default rules, from a folder without a config of its own. */
async function ansibleLint(path: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('ansible-lint', ['--nocolor', '--offline', path], {
      cwd: directory,
      maxBuffer: 16 << 20,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

describe.skipIf(!hasAnsibleLint)('the Ansible playbook, checked by ansible-lint', () => {
  it.each(ANSIBLE_PROFILES)(
    'passes ansible-lint (%s profile)',
    async (name, profile) => {
      const path = await writeTemp(`lint-${name}.yml`, textOf(compileAnsible(profileDesiredState(profile))));
      const result = await ansibleLint(path);
      expect(result.output).toMatch(/Passed with \w+ profile: 0 failure\(s\), 0 warning\(s\)/);
      expect(result.code, result.output).toBe(0);
    },
    180_000,
  );

  it('fails a playbook with a lower-case task name and a long line (the lint is real)', async () => {
    const text = textOf(compileAnsible(profileDesiredState(everyProfile()[0]![1])))
      .replace('- name: Set ', '- name: set ')
      .replace('hosts: windows', `hosts: windows # ${'x'.repeat(170)}`);
    const result = await ansibleLint(await writeTemp('lint-broken.yml', text));
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('name[casing]');
    expect(result.output).toContain('yaml[line-length]');
  }, 180_000);
});

/** What preg_read.py prints for one entry. */
interface SambaEntry {
  key: string;
  value: string;
  type: number;
  size: number;
  data: number | string | string[] | { hex: string };
}

async function readWithSamba(
  bytes: Uint8Array,
  name: string,
): Promise<{ signature: string; version: number; entries: SambaEntry[] }> {
  const path = await writeTemp(name, bytes);
  const { stdout } = await run(PYTHON, [PREG_READER, path]);
  return JSON.parse(stdout);
}

/** The entry as Samba should decode it: numbers for DWORD/QWORD, text for strings, raw bytes otherwise. */
function expectedSambaEntry(entry: PolicyEntry): SambaEntry {
  const bytes = valueToBytes(entry.value);
  const base = { key: entry.key, value: entry.name, size: bytes.length };
  switch (entry.value.type) {
    case 'REG_DWORD':
      return { ...base, type: 4, data: entry.value.data };
    case 'REG_SZ':
      return { ...base, type: 1, data: entry.value.data };
    case 'REG_EXPAND_SZ':
      return { ...base, type: 2, data: entry.value.data };
    case 'REG_QWORD':
      return { ...base, type: 11, data: Number(entry.value.data) };
    case 'REG_MULTI_SZ':
      return { ...base, type: 7, data: { hex: bytesToHex(bytes) } };
    default:
      return { ...base, type: 3, data: { hex: bytesToHex(bytes) } };
  }
}

const RPC_POLICY = 'SOFTWARE\\Policies\\Microsoft\\Windows NT\\Rpc';
const DWORD = (key: string, value: string, data: number): SambaEntry => ({
  key,
  value,
  type: 4,
  size: 4,
  data,
});

/**
 * What each profile's Registry.pol holds, written out here (not derived from the exporter): the Group Policy values
 * it sets. RestrictRemoteClients, EnableAuthEpResolution and the activation-exemption switch are policy-only
 * settings (SinkGuard never writes SOFTWARE\Policies locally); only strict and the hostile profile set them, so
 * recommended's file is the header alone.
 */
const EXPECTED_POLICY_ENTRIES: Readonly<Record<string, readonly SambaEntry[]>> = {
  recommended: [],
  strict: [
    DWORD(
      'SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM\\AppCompat',
      'AllowLocalActivationSecurityCheckExemptionList',
      0,
    ),
    DWORD(RPC_POLICY, 'RestrictRemoteClients', 1),
    DWORD(RPC_POLICY, 'EnableAuthEpResolution', 1),
  ],
  hostile: [DWORD(RPC_POLICY, 'RestrictRemoteClients', 1), DWORD(RPC_POLICY, 'EnableAuthEpResolution', 1)],
};

describe.skipIf(!hasSamba)("Registry.pol, read by Samba's PReg reader", () => {
  it.each(everyProfile())('parses to the entries the profile sets (%s profile)', async (name, profile) => {
    const state = profileDesiredState(profile);
    const artifact = compileRegistryPol(state);
    const read = await readWithSamba(bytesOf(artifact), `${name}.pol`);
    expect(read.signature).toBe('PReg');
    expect(read.version).toBe(1);
    expect(read.entries).toEqual(EXPECTED_POLICY_ENTRIES[name]);
    expect(read.entries).toEqual(policyEntries(state).map(expectedSambaEntry));
    // Whatever the file does not hold, it says so (the CLI prints it, the UI shows it).
    const held = new Set(state.values.filter(isPolicyValue).map((value) => value.settingId));
    const assessed = Object.keys(profile.settings).filter(
      (id) => !held.has(id) && !state.leftAlone.some((item) => item.settingId === id),
    );
    expect(artifact.notCarried.map((item) => item.settingId).sort()).toEqual(assessed.sort());
  });

  it('round-trips every value type and names holding the record delimiters', async () => {
    const key = 'Software\\Policies\\SinkGuard [test]; x';
    const entries: PolicyEntry[] = [
      { key, name: 'Dword', value: { type: 'REG_DWORD', data: 0xfffffffe } },
      { key, name: 'Text;]', value: { type: 'REG_SZ', data: '[a;b] \'c\' "d" é €' } },
      { key, name: '[Expand]', value: { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\x' } },
      { key, name: 'Multi', value: { type: 'REG_MULTI_SZ', data: ['5000-6000', '7000'] } },
      {
        key,
        name: 'Binary',
        value: { type: 'REG_BINARY', data: new Uint8Array([0, 0x5b, 0x3b, 0x5d, 0xff]) },
      },
      { key, name: 'Qword', value: { type: 'REG_QWORD', data: 123456789012n } },
    ];
    const read = await readWithSamba(writeRegistryPol(entries), 'types.pol');
    expect(read.entries).toEqual(entries.map(expectedSambaEntry));
  });

  it('makes Samba fail on a truncated file (the reader is real)', async () => {
    const bytes = bytesOf(compileRegistryPol(profileDesiredState(everyProfile()[1]![1])));
    await expect(readWithSamba(bytes.subarray(0, bytes.length - 3), 'truncated.pol')).rejects.toThrow(
      /Samba cannot parse/,
    );
  });
});

/**
 * Samba's own SDDL parser (security.descriptor.from_sddl) on each SDDL string, and its NDR reader on the descriptor
 * SinkGuard encodes for the same setting: both printed as owner, group, control and ACE lists, plus whether Samba
 * packs the two to the same bytes (ACL revision aside) and how it prints the SDDL back.
 */
const SAMBA_SDDL = `
import json, sys
from samba.dcerpc import security
from samba.ndr import ndr_pack, ndr_unpack
domain = security.dom_sid("S-1-5-21-1-2-3")
def acl(value):
    if value is None:
        return None
    return [{"type": a.type, "flags": a.flags, "mask": a.access_mask, "sid": str(a.trustee)} for a in value.aces]
def describe(sd):
    return {
        "owner": None if sd.owner_sid is None else str(sd.owner_sid),
        "group": None if sd.group_sid is None else str(sd.group_sid),
        "control": sd.type,
        "dacl": acl(sd.dacl),
        "sacl": acl(sd.sacl),
    }
out = []
for item in json.loads(sys.argv[1]):
    parsed = security.descriptor.from_sddl(item["sddl"], domain)
    ours = ndr_unpack(security.descriptor, bytes.fromhex(item["hex"]))
    revisions = [parsed.dacl.revision, ours.dacl.revision]
    described = [describe(parsed), describe(ours)]
    # Samba's from_sddl always makes revision-4 ACLs; Windows (and SinkGuard) write 2 without object ACEs.
    ours.dacl.revision = parsed.dacl.revision
    out.append({
        "parsed": described[0],
        "ours": described[1],
        "aclRevisions": revisions,
        "samePacked": ndr_pack(parsed) == ndr_pack(ours),
        "sddl": parsed.as_sddl(domain),
    })
print(json.dumps(out))
`;

interface SambaDescriptor {
  owner: string | null;
  group: string | null;
  control: number;
  dacl: { type: number; flags: number; mask: number; sid: string }[] | null;
  sacl: unknown;
}

/** SinkGuard's descriptor model in Samba's terms (access-allowed is ACE type 0). */
function asSamba(descriptor: SecurityDescriptor): SambaDescriptor {
  return {
    owner: descriptor.owner ?? null,
    group: descriptor.group ?? null,
    control: descriptor.control,
    dacl:
      descriptor.dacl?.aces.map((ace) => ({
        type: ACE_TYPES.find((candidate) => candidate.name === ace.type)!.code,
        flags: ace.flags,
        mask: ace.mask,
        sid: ace.sid,
      })) ?? null,
    sacl: null,
  };
}

describe.skipIf(!hasSambaSecurity)('the GPO SDDL strings, parsed by Samba', () => {
  it.each(everyProfile())(
    "parse to the profile's descriptors as SinkGuard encodes them (%s profile)",
    async (_name, profile) => {
      const state = profileDesiredState(profile);
      const lines = textOf(compileGpoSddl(state))
        .split('\r\n')
        .filter((line) => line.startsWith('MACHINE\\'));
      const items = lines.map((line) => {
        const match = /\\(MachineAccessRestriction|MachineLaunchRestriction)=1,"([^"]+)"$/.exec(line);
        expect(match, line).not.toBeNull();
        const name = match![1] as 'MachineAccessRestriction' | 'MachineLaunchRestriction';
        const local = state.values.find((value) => value.name === name);
        if (local?.value.type !== 'REG_BINARY') throw new Error(`no local descriptor for ${name}`);
        return { name, sddl: match![2]!, hex: bytesToHex(local.value.data) };
      });
      expect(items.map((item) => item.name)).toEqual([
        'MachineAccessRestriction',
        'MachineLaunchRestriction',
      ]);
      const { stdout } = await run(PYTHON, ['-c', SAMBA_SDDL, JSON.stringify(items)]);
      const results = JSON.parse(stdout) as {
        parsed: SambaDescriptor;
        ours: SambaDescriptor;
        aclRevisions: [number, number];
        samePacked: boolean;
        sddl: string;
      }[];
      for (const [index, result] of results.entries()) {
        const item = items[index]!;
        expect(result.parsed, item.name).toEqual(asSamba(DEFAULT_COM_DESCRIPTORS[item.name]));
        expect(result.ours, item.name).toEqual(result.parsed);
        expect(result.aclRevisions, item.name).toEqual([
          4,
          DEFAULT_COM_DESCRIPTORS[item.name].dacl!.revision,
        ]);
        expect(result.samePacked, item.name).toBe(true);
        // Samba orders the rights letters its own way; SinkGuard's codec reads its SDDL back to the same descriptor.
        expect(parseSddl(result.sddl), item.name).toEqual(DEFAULT_COM_DESCRIPTORS[item.name]);
        expect(result.parsed.dacl!.length).toBeGreaterThan(3);
      }
    },
    60_000,
  );

  it('makes Samba refuse a broken SDDL string (the parser is real)', async () => {
    await expect(
      run(PYTHON, ['-c', SAMBA_SDDL, JSON.stringify([{ sddl: 'O:BAG:BAD:(A;;CCDC;;;NOPE', hex: '' }])]),
    ).rejects.toThrow();
  });
});
