/**
 * Each export checked by the tool that consumes it: ansible-playbook (and Ansible's own YAML loader), Samba's PReg
 * reader. Outside tools go through requireTool: skipped locally with a reason, required under CI=true.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileAnsible,
  compileRegistryPol,
  policyEntries,
  profileDesiredState,
  writeRegistryPol,
  type PolicyEntry,
} from '../../../main/domain/fleet/index';
import { valueToBytes } from '../../../main/domain/regfile/index';
import { bytesToHex } from '../../../main/domain/descriptors/index';
import { requireTool } from '../../support/lane';
import { bytesOf, everyProfile, textOf } from './support';

const run = promisify(execFile);
const PYTHON = '/usr/bin/python3';
const PREG_READER = new URL('../../../scripts/python/preg_read.py', import.meta.url).pathname;

const hasAnsible = requireTool('fleet ansible lane', 'ansible-playbook');
const hasSamba = requireTool('fleet Registry.pol lane', PYTHON, ['-c', 'import samba.dcerpc.preg']);
const hasAnsibleLint = (() => {
  try {
    requireToolQuietly('ansible-lint');
    return true;
  } catch {
    console.warn("SKIPPED fleet ansible-lint: 'ansible-lint' is not installed (optional)");
    return false;
  }
})();

function requireToolQuietly(command: string): void {
  // ansible-lint is optional: its absence never fails CI, so it does not go through requireTool.
  execFileSync(command, ['--version'], { stdio: 'ignore', timeout: 60_000 });
}

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

interface ModuleDoc {
  options: Record<string, { aliases?: string[]; choices?: unknown[] }>;
}

describe.skipIf(!hasAnsible)('the Ansible playbook, checked by Ansible', () => {
  let docs: Record<string, { doc: ModuleDoc }>;
  beforeAll(async () => {
    const modules = [
      'ansible.windows.win_regedit',
      'ansible.windows.win_powershell',
      'community.windows.win_firewall_rule',
    ];
    const { stdout } = await run('ansible-doc', ['-j', ...modules], { maxBuffer: 16 << 20 });
    docs = JSON.parse(stdout);
  }, 60_000);

  it.each(everyProfile())(
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

  it.each(everyProfile())(
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

  it.skipIf(!hasAnsibleLint)(
    'passes ansible-lint',
    async () => {
      const path = await writeTemp(
        'lint.yml',
        textOf(compileAnsible(profileDesiredState(everyProfile()[1]![1]))),
      );
      await run('ansible-lint', [path], { cwd: directory });
    },
    120_000,
  );
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

describe.skipIf(!hasSamba)("Registry.pol, read by Samba's PReg reader", () => {
  it.each(everyProfile())('parses to the same entries (%s profile)', async (name, profile) => {
    const state = profileDesiredState(profile);
    const read = await readWithSamba(bytesOf(compileRegistryPol(state)), `${name}.pol`);
    expect(read.signature).toBe('PReg');
    expect(read.version).toBe(1);
    expect(read.entries).toEqual(policyEntries(state).map(expectedSambaEntry));
    if (name === 'strict')
      expect(read.entries.map((entry) => entry.value)).toEqual([
        'RestrictRemoteClients',
        'EnableAuthEpResolution',
      ]);
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
