/**
 * The collectors `sinkguard fleet collector` writes: they export exactly the keys the audit reads; the playbook passes
 * ansible-playbook --syntax-check and ansible-lint, uses only documented module options, and its manifest logic, run
 * by Ansible on recorded module results, writes a manifest the audit accepts. (The PowerShell collector runs in the
 * pwsh lane: test/pwsh/collector.test.ts.)
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { auditKeys } from '../../../main/domain/audit/index';
import { isSameOrBelow } from '../../../main/domain/changes/index';
import { compileCollector } from '../../../main/domain/fleet/collector';
import {
  CollectionManifestSchema,
  MANIFEST_FILE_NAME,
  checkHostName,
  collectorFacts,
  collectorKeys,
  exportFileName,
} from '../../../main/domain/fleet/manifest';
import { AUDIT_KEY_LIST } from '../../../main/registry/audit-keys';
import { requireTool } from '../../support/lane';
import { runCliCaptured } from '../../support/cli';

const run = promisify(execFile);
const hasAnsible = requireTool('fleet collector ansible lane', 'ansible-playbook');
const hasAnsibleLint = requireTool('fleet collector ansible-lint lane', 'ansible-lint');

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sinkguard-collector-'));
});
afterAll(() => rm(directory, { recursive: true, force: true }));

const playbook = compileCollector('ansible', AUDIT_KEY_LIST);
const KEYS = collectorKeys(AUDIT_KEY_LIST);

describe('the collected keys', () => {
  it('cover every key the audit reads, each exported once (none below another)', () => {
    for (const key of auditKeys())
      expect(
        KEYS.some((root) => isSameOrBelow(key, root)),
        key,
      ).toBe(true);
    for (const key of KEYS) expect(KEYS.filter((root) => isSameOrBelow(key, root))).toEqual([key]);
    expect(KEYS).toContain(
      'HKLM\\SYSTEM\\CurrentControlSet\\Services\\SharedAccess\\Parameters\\FirewallPolicy\\FirewallRules',
    );
  });

  it.each(['ansible', 'ps1'] as const)('the %s collector names each of them with its file', (format) => {
    const text = compileCollector(format, AUDIT_KEY_LIST);
    KEYS.forEach((key, index) => {
      const quoted = format === 'ansible' ? JSON.stringify(key) : `'${key}'`;
      expect(text).toContain(`${quoted}`);
      expect(text).toContain(exportFileName(index));
    });
    expect(text.match(/HKLM\\\\?SOFTWARE\\\\?Microsoft\\\\?Ole\\\\?AppCompat/)).toBeNull();
  });
});

describe('sinkguard fleet collector', () => {
  it('prints the collector, or writes it to --out; an unwritable --out exits 2', async () => {
    const printed = await runCliCaptured(['fleet', 'collector', '--format', 'ansible']);
    expect(printed).toMatchObject({ code: 0, stderr: '', stdout: playbook });
    const out = join(directory, 'collector.ps1');
    const written = await runCliCaptured(['fleet', 'collector', '--format', 'ps1', '--out', out]);
    expect(written).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await readFile(out, 'utf8')).toBe(compileCollector('ps1', AUDIT_KEY_LIST));
    const bad = await runCliCaptured([
      'fleet',
      'collector',
      '--format',
      'ps1',
      '--out',
      join(directory, 'no', 'x'),
    ]);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toContain("--out: cannot write '");
    const unknown = await runCliCaptured(['fleet', 'collector', '--format', 'bash']);
    expect(unknown.code).toBe(2);
  });
});

describe('the manifest', () => {
  const valid = {
    sinkguardCollection: 1,
    host: 'SRV01',
    domain: null,
    collectedAt: '2026-12-06T02:00:00Z',
    osBuild: 'Windows Server 2022, build 10.0.20348',
    collector: 'ps1',
    keys: [
      { key: KEYS[0], state: 'exported', file: 'key-01.reg', error: null },
      { key: KEYS[1], state: 'absent', file: null, error: null },
      { key: KEYS[2], state: 'unreadable', file: null, error: 'ERROR: Access is denied.' },
    ],
  };

  it('is strict: unknown fields and file names that leave the folder are refused', () => {
    expect(CollectionManifestSchema.safeParse(valid).success).toBe(true);
    expect(CollectionManifestSchema.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    for (const file of ['../key-01.reg', 'a/b.reg', '..\\x.reg', '.reg', 'x.txt'])
      expect(
        CollectionManifestSchema.safeParse({ ...valid, keys: [{ ...valid.keys[0], file }] }).success,
        file,
      ).toBe(false);
  });

  it('gives the audit the absent and unreadable keys', () => {
    const facts = collectorFacts(CollectionManifestSchema.parse(valid));
    expect(facts).toMatchObject({
      hostName: 'SRV01',
      absentKeys: [KEYS[1]],
      collectedAt: '2026-12-06T02:00:00.000Z',
    });
    expect([...facts.unreadableKeys]).toEqual([
      [KEYS[2], 'the collector could not export it: ERROR: Access is denied.'],
    ]);
  });

  it.each([
    ['SRV-01', null],
    ['web01.corp.example', null],
    ['../..', 'holds characters'],
    ['..', 'holds characters'],
    ['a/b', 'holds characters'],
    ['bell\u0007', 'holds characters'],
    ['', 'empty'],
    ['x'.repeat(300), 'longer'],
  ])('host name %j', (name, problem) => {
    const found = checkHostName(name);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

interface ModuleDoc {
  options: Record<string, { aliases?: string[]; choices?: unknown[] }>;
}

describe.skipIf(!hasAnsible)('the collector playbook, checked by Ansible', () => {
  it('passes ansible-playbook --syntax-check, and fails it with a module that does not exist', async () => {
    const path = join(directory, 'collector.yml');
    await writeFile(path, playbook);
    const result = await run('ansible-playbook', ['-i', 'localhost,', '--syntax-check', path], {
      cwd: directory,
    });
    expect(result.stdout).toContain(`playbook: ${path}`);
    const broken = join(directory, 'broken.yml');
    await writeFile(broken, playbook.replace('ansible.windows.win_reg_stat', 'ansible.windows.win_reg_peek'));
    await expect(
      run('ansible-playbook', ['-i', 'localhost,', '--syntax-check', broken], { cwd: directory }),
    ).rejects.toThrow();
  }, 120_000);

  it('passes only options the modules document', async () => {
    const [play] = parse(playbook) as [{ tasks: Record<string, unknown>[] }];
    const tasks = play.tasks.flatMap((task) => [
      task,
      ...((task.block as Record<string, unknown>[] | undefined) ?? []),
      ...((task.always as Record<string, unknown>[] | undefined) ?? []),
    ]);
    const modules = [
      ...new Set(tasks.flatMap((task) => Object.keys(task).filter((key) => key.includes('.')))),
    ];
    expect(modules).toContain('ansible.windows.win_command');
    const { stdout } = await run('ansible-doc', ['-j', ...modules], { maxBuffer: 16 << 20 });
    const docs = JSON.parse(stdout) as Record<string, { doc: ModuleDoc }>;
    for (const task of tasks)
      for (const module of Object.keys(task).filter((key) => key.includes('.'))) {
        const options = docs[module]!.doc.options;
        // set_fact takes any variable name: only real modules have a closed option list.
        if (module === 'ansible.builtin.set_fact') continue;
        const known = new Set(
          Object.entries(options).flatMap(([name, spec]) => [name, ...(spec.aliases ?? [])]),
        );
        for (const argument of Object.keys(task[module] as object))
          expect(known.has(argument), `${module} has no option ${argument}`).toBe(true);
      }
  }, 120_000);

  it("writes, with Ansible's own templating, a manifest the audit accepts (module results recorded)", async () => {
    const [play] = parse(playbook) as [{ vars: Record<string, unknown>; tasks: Record<string, unknown>[] }];
    const block = (play.tasks.find((task) => task.block) as { block: Record<string, unknown>[] }).block;
    const record = block.find((task) => String(task.name).startsWith('Record'))!;
    const manifest = block.find((task) => String(task.name).startsWith('Write the manifest'))!;
    const results = KEYS.map((key, index) => ({
      item: { key, file: exportFileName(index) },
      rc: index === 0 ? 0 : 1,
      stderr: index === 2 ? 'ERROR: Access is denied.\r\n' : 'ERROR: The system was unable to find the key.',
    }));
    const stats = KEYS.map((_, index) => ({ exists: index !== 1 }));
    const harness = [
      {
        name: 'Run the collector’s manifest tasks on recorded results',
        hosts: 'all',
        gather_facts: false,
        vars: {
          ...play.vars,
          sinkguard_collection_dir: directory,
          sinkguard_exports: { results },
          sinkguard_stats: { results: stats },
        },
        tasks: [
          {
            name: 'Stand in for the gathered facts',
            'ansible.builtin.set_fact': {
              ansible_facts: {
                hostname: 'SRV-FAKE',
                windows_domain: 'corp.example',
                windows_domain_member: true,
                date_time: { iso8601: '2026-12-06T02:00:00Z' },
                distribution: 'Microsoft Windows Server 2022 Standard',
                distribution_version: '10.0.20348.0',
              },
            },
          },
          record,
          block.find((task) => String(task.name).startsWith("Make the host's folder"))!,
          manifest,
        ],
      },
    ];
    const path = join(directory, 'harness.yml');
    await writeFile(path, stringify(harness));
    await run('ansible-playbook', ['-i', 'srv-fake,', '-c', 'local', path], {
      cwd: directory,
      maxBuffer: 16 << 20,
    }).catch((error: { stdout?: string }) => {
      throw new Error(`ansible-playbook failed:\n${error.stdout ?? ''}`);
    });
    const written = JSON.parse(await readFile(join(directory, 'srv-fake', MANIFEST_FILE_NAME), 'utf8'));
    const parsed = CollectionManifestSchema.parse(written);
    expect(parsed).toMatchObject({
      host: 'SRV-FAKE',
      domain: 'corp.example',
      collector: 'ansible',
      osBuild: 'Microsoft Windows Server 2022 Standard, build 10.0.20348.0',
    });
    expect(parsed.keys.slice(0, 3)).toEqual([
      { key: KEYS[0], state: 'exported', file: exportFileName(0), error: null },
      { key: KEYS[1], state: 'absent', file: null, error: null },
      { key: KEYS[2], state: 'unreadable', file: null, error: 'ERROR: Access is denied.' },
    ]);
  }, 180_000);
});

describe.skipIf(!hasAnsibleLint)('the collector playbook, checked by ansible-lint', () => {
  it('passes ansible-lint with its default rules', async () => {
    const path = join(directory, 'lint-collector.yml');
    await writeFile(path, playbook);
    let output: string;
    try {
      const { stdout, stderr } = await run('ansible-lint', ['--nocolor', '--offline', path], {
        cwd: directory,
        maxBuffer: 16 << 20,
      });
      output = stdout + stderr;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      output = `FAILED ${failed.stdout ?? ''}${failed.stderr ?? ''}`;
    }
    expect(output).toMatch(/Passed with \w+ profile: 0 failure\(s\), 0 warning\(s\)/);
  }, 180_000);
});
