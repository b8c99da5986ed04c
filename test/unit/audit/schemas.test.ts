import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnySchema } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

import {
  BUILT_IN_PROFILE_NAMES,
  builtInProfile,
  parseProfileText,
} from '../../../main/domain/profiles/index';
import { MACHINE_PROFILES, openSimulatedMachine } from '../../../main/registry/machines';
import { runCliCaptured } from '../../support/cli';
import { exportCoveringAudit } from './support';
import { publishedFiles } from './published';

const OLE = 'HKLM\\SOFTWARE\\Microsoft\\Ole';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const committed = (path: string): unknown => JSON.parse(readFileSync(root + path, 'utf8'));
// ajv-formats is not a dependency: the one format the published schemas use, as zod's z.iso.datetime() writes it.
const compile = (path: string) =>
  new Ajv2020({ strict: false })
    .addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
    .compile(committed(path) as AnySchema);

describe('published files', () => {
  it.each(publishedFiles().map((file) => [file.path, file.content] as const))(
    '%s is committed as generated (regenerate: npx tsx test/unit/audit/write-published.ts)',
    (path, content) => {
      expect(committed(path)).toEqual(JSON.parse(content));
    },
  );

  it('the built-in profile files validate against the published profile schema and load as the built-ins', () => {
    const validate = compile('main/domain/profiles/profile.schema.json');
    for (const name of ['recommended', 'strict'] as const) {
      const path = `main/domain/profiles/builtin/${name}.json`;
      expect(validate(committed(path)), JSON.stringify(validate.errors)).toBe(true);
      expect(parseProfileText(readFileSync(root + path, 'utf8'), path)).toEqual(builtInProfile(name));
    }
  });

  it('the published profile schema rejects what the zod schema rejects structurally', () => {
    const validate = compile('main/domain/profiles/profile.schema.json');
    const base = { name: 'x', managementScope: ['LocalSubnet'] };
    expect(validate({ ...base, settings: { 'dcom.legacy-authentication-level': { atLeast: 9 } } })).toBe(
      false,
    );
    expect(validate({ ...base, settings: { 'no.such-setting': { equals: 1 } } })).toBe(false);
    expect(validate({ ...base, settings: {}, extra: true })).toBe(false);
    expect(validate({ ...base, settings: { 'firewall.unsecapp': { reachableFrom: 'nowhere' } } })).toBe(true);
  });

  it.each(MACHINE_PROFILES.flatMap((machine) => BUILT_IN_PROFILE_NAMES.map((profile) => [machine, profile])))(
    'what `sinkguard audit --json` prints for %s against %s validates against docs/audit-report.schema.json',
    async (machine, profile) => {
      const validate = compile('docs/audit-report.schema.json');
      const run = await runCliCaptured([
        'audit',
        '--registry',
        `simulated:${machine}`,
        '--profile',
        profile,
        '--json',
        '--fail-on',
        'none',
      ]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const report = JSON.parse(run.stdout) as {
        findings: { verdict: string }[];
        machine: Record<string, unknown>;
      };
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      expect(report.findings.length).toBeGreaterThan(15);
      expect(report.machine).toMatchObject({ backend: 'simulated', source: `simulated: ${machine}` });
      expect(validate({ ...report, machine: { ...report.machine, time: 'yesterday' } })).toBe(false);
      expect(validate({ ...report, machine: { ...report.machine, backend: 'telepathy' } })).toBe(false);
    },
  );

  it('the CLI report of a machine with unreadable values validates too, and the schema rejects a broken one', async () => {
    const validate = compile('docs/audit-report.schema.json');
    const directory = mkdtempSync(join(tmpdir(), 'sinkguard-schema-'));
    try {
      const port = await openSimulatedMachine('gpo-managed');
      await port.writeValues([
        { key: OLE, name: 'LegacyAuthenticationLevel', value: { type: 'REG_SZ', data: '6' } },
        {
          key: OLE,
          name: 'MachineLaunchRestriction',
          value: { type: 'REG_BINARY', data: new Uint8Array([1, 0]) },
        },
        {
          key: `${OLE}\\AppCompat`,
          name: 'RaiseActivationAuthenticationLevel',
          value: { type: 'REG_QWORD', data: 2n },
        },
        {
          key: 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM',
          name: 'MachineAccessRestriction',
          value: { type: 'REG_SZ', data: 'O:BAD:(A;;XX;;;WD' },
        },
      ]);
      const exported = join(directory, 'broken.reg');
      writeFileSync(exported, await exportCoveringAudit(port));
      const run = await runCliCaptured(['audit', '--reg-file', exported, '--profile', 'strict', '--json']);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as {
        summary: { counts: { unreadable: number } };
        findings: { settingId: string }[];
      };
      // The corrupt local MachineLaunchRestriction is overridden by the policy, so it is managed, not unreadable.
      expect(report.summary.counts.unreadable).toBe(3);
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
      const [first] = report.findings;
      expect(validate({ ...report, findings: [{ ...first, remedy: 'somehow' }] })).toBe(false);
      expect(validate({ schemaVersion: 2 })).toBe(false);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('sinkguard profile', () => {
  it.each(
    BUILT_IN_PROFILE_NAMES.flatMap((name) => [
      [name, 'json'],
      [name.toUpperCase(), 'yaml'],
    ]),
  )(
    'show %s --format %s prints a file that validates against the schema and loads as the built-in',
    async (name, format) => {
      const validate = compile('main/domain/profiles/profile.schema.json');
      const run = await runCliCaptured(['profile', 'show', name, '--format', format]);
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const data = parse(run.stdout) as Record<string, unknown>;
      expect(validate(data), JSON.stringify(validate.errors)).toBe(true);
      expect(parseProfileText(run.stdout, `${name}.${format}`)).toEqual(
        builtInProfile(name.toLowerCase() as 'strict'),
      );
      if (format === 'json') expect(data.$schema).toBe('./profile.schema.json');
      else expect(run.stdout.split('\n')[0]).toBe('# yaml-language-server: $schema=./profile.schema.json');
    },
  );

  it('schema prints the published profile schema; an unknown name exits 2 saying what exists', async () => {
    const run = await runCliCaptured(['profile', 'schema']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(committed('main/domain/profiles/profile.schema.json'));
    const unknown = await runCliCaptured(['profile', 'show', 'paranoid']);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe(
      "sinkguard: no built-in profile 'paranoid': recommended or strict (a profile file is yours already)\n",
    );
  });
});
