import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportProfile } from '../../../main/domain/fleet/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { runCliCaptured } from '../../support/cli';
import { HOSTILE_PROFILE_PATH, hostileProfile } from './support';

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sinkguard-export-cli-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('sinkguard export', () => {
  it('prints a text format on stdout, exactly the compiled artifact', async () => {
    const run = await runCliCaptured(['export', '--profile', 'strict', '--format', 'ps1']);
    expect(run.code).toBe(0);
    const artifact = exportProfile(builtInProfile('strict'), 'ps1');
    expect(run.stdout).toBe(artifact.content.kind === 'text' ? artifact.content.text : '');
    // The script leaves other firewall rules alone (and more): stderr says so, stdout stays the file alone.
    expect(run.stderr.trimEnd().split('\n')).toEqual(
      artifact.notCarried.map((item) => `sinkguard: not carried by ps1: ${item.settingId}: ${item.reason}`),
    );
    expect(run.stderr).toContain(
      'sinkguard: not carried by ps1: firewall.endpoint-mapper: only the built-in',
    );
  });

  it('writes a binary format to --out and names on stderr every setting it cannot carry', async () => {
    const out = join(directory, 'strict.reg');
    const run = await runCliCaptured(['export', '--profile', 'strict', '--format', 'reg', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const artifact = exportProfile(builtInProfile('strict'), 'reg');
    expect(new Uint8Array(await readFile(out))).toEqual(
      artifact.content.kind === 'bytes' ? artifact.content.bytes : undefined,
    );
    expect(run.stderr.trimEnd().split('\n')).toEqual(
      artifact.notCarried.map((item) => `sinkguard: not carried by reg: ${item.settingId}: ${item.reason}`),
    );
    expect(run.stderr).toContain('firewall.unsecapp');
  });

  it('exports a profile file, hostile text included, to the same artifact as the library', async () => {
    const out = join(directory, 'hostile.yml');
    const run = await runCliCaptured([
      'export',
      '--profile',
      HOSTILE_PROFILE_PATH,
      '--format',
      'ansible',
      '--out',
      out,
    ]);
    expect(run.code).toBe(0);
    const artifact = exportProfile(hostileProfile(), 'ansible');
    expect(await readFile(out, 'utf8')).toBe(artifact.content.kind === 'text' ? artifact.content.text : '');
  });

  it('refuses a binary format without --out in one line, exit 2', async () => {
    const run = await runCliCaptured(['export', '--profile', 'recommended', '--format', 'pol']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('sinkguard: --format pol writes a binary file (Registry.pol); give --out FILE\n');
  });

  it('refuses a profile that is neither built in nor a readable file, exit 2', async () => {
    const run = await runCliCaptured([
      'export',
      '--profile',
      join(directory, 'missing.json'),
      '--format',
      'reg',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^sinkguard: --profile: '.*missing\.json' is neither recommended, strict nor a readable profile file \(ENOENT\)\n$/,
    );
  });

  it('refuses an invalid profile file naming the file and the field, exit 2', async () => {
    const path = join(directory, 'bad.json');
    await writeFile(path, JSON.stringify({ name: 'bad', managementScope: ['Any'], settings: {} }));
    const run = await runCliCaptured(['export', '--profile', path, '--format', 'ps1']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `sinkguard: ${path}: managementScope[0]: "Any" allows every address; a narrow rule needs LocalSubnet or management addresses\n`,
    );
  });

  it('refuses an unknown format and a missing --format, exit 2', async () => {
    const unknown = await runCliCaptured(['export', '--profile', 'strict', '--format', 'msi']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      "argument 'msi' is invalid. Allowed choices are reg, ps1, ansible, pol, gpo-sddl",
    );
    const missing = await runCliCaptured(['export', '--profile', 'strict']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--format <format>' not specified");
  });

  it('refuses a profile the format cannot carry with the typed error, exit 2', async () => {
    const path = join(directory, 'surrogate.json');
    await writeFile(path, `{"name": "x\\ud800", "managementScope": ["LocalSubnet"], "settings": {}}`);
    const run = await runCliCaptured(['export', '--profile', path, '--format', 'ansible']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'sinkguard: ansible export: profile name: character 2 is a lone UTF-16 surrogate, which YAML cannot carry; fix the profile text\n',
    );
  });

  it('refuses an application named by its executable for reg and ansible (exit 2), and the ps1 takes it', async () => {
    const path = join(directory, 'servers.yaml');
    await writeFile(
      path,
      'name: servers\nmanagementScope: [LocalSubnet]\nsettings: {}\napplications:\n  - { id: agent.exe, runAs: network-service }\n',
    );
    for (const format of ['reg', 'ansible']) {
      const run = await runCliCaptured([
        'export',
        '--profile',
        path,
        '--format',
        format,
        '--out',
        join(directory, 'x'),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        new RegExp(
          `^sinkguard: ${format} export: profile applications\\[0\\]\\.id: "agent\\.exe" names an executable`,
        ),
      );
    }
    const ps1 = await runCliCaptured(['export', '--profile', path, '--format', 'ps1']);
    expect(ps1.code, ps1.stderr).toBe(0);
    expect(ps1.stdout).toContain('# DCOM applications: each AppID key is looked up first');
  });

  it('reports an --out it cannot write, exit 2', async () => {
    const run = await runCliCaptured([
      'export',
      '--profile',
      'strict',
      '--format',
      'pol',
      '--out',
      join(directory, 'no/such/dir/x.pol'),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--out: cannot write '.*x\.pol' \(ENOENT\)\n$/);
  });
});
