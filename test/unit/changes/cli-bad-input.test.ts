/**
 * The CLI given bad input: `apply` with a profile file that is not one, and `restore` with an id that is a path.
 * Each stops with the documented exit code and a message naming what is wrong, and writes nothing: no registry
 * write reaches the simulated machine the CLI opens, and the data folder holds no journal record or backup more.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../../main/cli/io';
import { SimulatedRegistry } from '../../../main/registry/simulated';
import { runCliCaptured } from '../../support/cli';
import { tempDirectory } from './support';

const WRITES = ['writeValues', 'deleteValues', 'createKeys', 'importRegFile'] as const;

/** Every registry write of every simulated machine the CLI opens in this process. */
let writes: ReturnType<typeof vi.spyOn>[] = [];
beforeEach(() => {
  writes = WRITES.map((method) => vi.spyOn(SimulatedRegistry.prototype, method));
});
afterEach(() => vi.restoreAllMocks());
const writeCalls = () => writes.reduce((sum, spy) => sum + spy.mock.calls.length, 0);

/** What a run may not change in the data folder: the journal and the backups. */
function dataFolder(data: string) {
  const journal = join(data, 'journal.jsonl');
  const backups = join(data, 'backups');
  return {
    journal: existsSync(journal) ? readFileSync(journal, 'utf8') : null,
    backups: existsSync(backups) ? readdirSync(backups).sort() : [],
  };
}

const apply = (data: string, profile: string) =>
  runCliCaptured(['apply', '--yes', '--profile', profile, '--registry', 'simulated:legacy'], {
    env: { SINKGUARD_DATA_DIR: data },
  });

const VALID_PROFILE = [
  'name: site',
  'managementScope: [LocalSubnet]',
  'settings:',
  '  dcom.legacy-authentication-level: { atLeast: 5 }',
].join('\n');

const BAD_PROFILES: readonly { what: string; text: string; message: string }[] = [
  { what: 'malformed YAML', text: 'name: [unclosed\nsettings: {', message: 'site.yaml: line ' },
  {
    what: 'a YAML key twice',
    text: 'name: x\nname: y\n',
    message: 'site.yaml: line 2, column 1: Map keys must be unique',
  },
  {
    what: 'an unknown setting',
    text: `${VALID_PROFILE}\n  dcom.legacy-authentication-levl: { atLeast: 5 }`,
    message: 'site.yaml: settings["dcom.legacy-authentication-levl"]: unknown setting id (see the catalog)',
  },
  {
    what: 'a value of the wrong type',
    text: `${VALID_PROFILE}\n  dcom.enable-dcom: { equals: 1 }`,
    message: 'site.yaml: settings["dcom.enable-dcom"]: expected {"equals": "Y"|"N"}',
  },
  {
    what: 'settings as a list',
    text: 'name: site\nmanagementScope: [LocalSubnet]\nsettings: [1, 2]',
    message: 'site.yaml: settings: ',
  },
  {
    what: 'an unknown top-level field',
    text: `colour: 1\n${VALID_PROFILE}`,
    message: 'site.yaml: colour: unknown field',
  },
];

describe('sinkguard apply with a bad profile file', () => {
  it('applies a good profile file, its writes seen (what each bad one below spoils)', async () => {
    const data = tempDirectory();
    const profile = join(tempDirectory(), 'site.yaml');
    writeFileSync(profile, VALID_PROFILE);
    const run = await apply(data, profile);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(ExitCode.ok);
    expect(writeCalls()).toBeGreaterThan(0);
    expect(dataFolder(data).backups.length).toBeGreaterThan(0);
  });

  it.each(BAD_PROFILES)(
    'exits 2 on $what, naming file and field, writing nothing',
    async ({ text, message }) => {
      const data = tempDirectory();
      const profile = join(tempDirectory(), 'site.yaml');
      writeFileSync(profile, text);
      const run = await apply(data, profile);
      expect(run.code).toBe(ExitCode.error);
      expect(
        run.stderr.startsWith(`sinkguard: ${profile.replace(/site\.yaml$/, '')}${message}`),
        run.stderr,
      ).toBe(true);
      expect(run.stdout).toBe('');
      expect(writeCalls()).toBe(0);
      expect(dataFolder(data)).toEqual({ journal: null, backups: [] });
    },
  );

  it('exits 2 on a profile file that does not exist, naming it', async () => {
    const data = tempDirectory();
    const run = await apply(data, join(data, 'missing.yaml'));
    expect(run.code).toBe(ExitCode.error);
    expect(run.stderr).toBe(
      `sinkguard: --profile: '${join(data, 'missing.yaml')}' is neither recommended, strict nor a readable profile file (ENOENT)\n`,
    );
    expect(writeCalls()).toBe(0);
    expect(dataFolder(data)).toEqual({ journal: null, backups: [] });
  });
});

describe('sinkguard restore with an id that is a path', () => {
  it.each([
    '..\\..\\x',
    '../x',
    '20200101T000000Z-00000000/../../x',
    '20260101T000000Z-0000000/',
    '/etc/passwd',
    'C:\\Windows\\System32\\config\\SAM',
    '\\\\server\\share\\x',
    '20200101T000000Z-00000000\0',
  ])('exits 2 on %j before reading anything, writing nothing', async (id) => {
    const data = tempDirectory();
    // A data folder with a real change in it: the refusal leaves its journal and backups as they are.
    const applied = await apply(data, 'recommended');
    expect(applied.code).toBe(ExitCode.ok);
    const before = dataFolder(data);
    for (const spy of writes) spy.mockClear();
    const run = await runCliCaptured(['restore', id, '--yes', '--registry', 'simulated:legacy'], {
      env: { SINKGUARD_DATA_DIR: data },
    });
    expect(run.code).toBe(ExitCode.error);
    expect(run.stderr).toContain(`'${id}' is not a backup id (like `);
    expect(run.stdout).toBe('');
    expect(writeCalls()).toBe(0);
    expect(dataFolder(data)).toEqual(before);
  });
});
