/**
 * Every way a backup is refused before its restore writes anything: the backup files as SinkGuard keeps them
 * (manifest, .reg, checksum), what the journal vouches for, and ids that are not backup ids at all. Each refusal is
 * checked twice (planning the restore, and restoring), with its code and message, and with nothing written: no
 * registry write reached the port, the machine is byte for byte the same, and the journal and backups folder are too.
 */
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChangeRefusedError } from '../../../main/changes/index';
import { sha256Hex } from '../../../main/changes/storage';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { decodeUtf16le, encodeUtf16le } from '../../../main/domain/regfile/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import type { RegistryOperation } from '../../../main/registry/simulated';
import { FaultyPort, engineFor, tempDirectory, wholeRegistry } from './support';

const RUN = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';
const WRITES: readonly RegistryOperation[] = ['writeValues', 'deleteValues', 'createKeys', 'importRegFile'];

interface Backup {
  readonly data: string;
  readonly id: string;
  readonly manifest: string;
  readonly reg: string;
  readonly journal: string;
}

/** "recommended" applied to a stock machine: its backup restores cleanly unless a case spoils it. */
async function applied() {
  const machine = await openSimulatedMachine('stock');
  const data = tempDirectory();
  const engine = engineFor(machine, data);
  const outcome = await engine.applyPlan(
    (await engine.createPlan({ profile: builtInProfile('recommended') })).id,
  );
  expect(outcome.status).toBe('applied');
  const id = outcome.backupId!;
  const backup: Backup = {
    data,
    id,
    manifest: join(data, 'backups', `${id}.json`),
    reg: join(data, 'backups', `${id}.reg`),
    journal: join(data, 'journal.jsonl'),
  };
  return { machine, backup };
}

async function editJson(path: string, edit: (value: Record<string, unknown>) => void): Promise<void> {
  const value = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  edit(value);
  await writeFile(path, JSON.stringify(value));
}

/** The backup's .reg with a Run key added: a key SinkGuard never manages, which a restore would write elevated. */
async function plantRunKey(backup: Backup): Promise<string> {
  const text = decodeUtf16le(new Uint8Array(await readFile(backup.reg)), 2);
  const planted = encodeUtf16le(
    `\uFEFF${text}[${RUN}]\r\n"Updater"="C:\\\\Users\\\\Public\\\\evil.exe"\r\n\r\n`,
  );
  await writeFile(backup.reg, planted);
  return sha256Hex(planted);
}

/** Rewrites the journal's begin record of the backup's transaction. */
async function editJournalRecord(backup: Backup, edit: (record: Record<string, unknown>) => void) {
  const lines = (await readFile(backup.journal, 'utf8')).split('\n');
  const rewritten = lines.map((line) => {
    if (!line.trim()) return line;
    const record = JSON.parse(line) as Record<string, unknown>;
    if (record.type !== 'begin' || record.id !== backup.id) return line;
    edit(record);
    return JSON.stringify(record);
  });
  await writeFile(backup.journal, rewritten.join('\n'));
}

interface Refusal {
  readonly what: string;
  /** Spoils the backup; returns the id to restore (the backup's own unless the case is about the id). */
  readonly spoil: (backup: Backup) => Promise<string>;
  readonly code: ChangeRefusedError['code'];
  readonly message: RegExp;
  /** The first detail, for the trust refusals: which check refused. */
  readonly refusal?: string;
}

const REFUSALS: readonly Refusal[] = [
  {
    what: 'a manifest that is not JSON',
    spoil: async (backup) => (await writeFile(backup.manifest, '{"schemaVersion": 1,'), backup.id),
    code: 'invalid-input',
    message: /the manifest is not valid/,
  },
  {
    what: 'a manifest missing a field',
    spoil: async (backup) => (await editJson(backup.manifest, (m) => delete m.exportedKeys), backup.id),
    code: 'invalid-input',
    message: /the manifest is not valid/,
  },
  {
    what: 'a manifest naming another backup',
    spoil: async (backup) => (
      await editJson(backup.manifest, (m) => (m.id = '20200101T000000Z-00000000')),
      backup.id
    ),
    code: 'invalid-input',
    message: /the manifest names another backup/,
  },
  {
    what: 'a manifest pointing at another .reg file',
    spoil: async (backup) => (
      await editJson(backup.manifest, (m) => (m.regFile = '..\\..\\Windows\\System32\\evil.reg')),
      backup.id
    ),
    code: 'invalid-input',
    message: /the manifest names another backup/,
  },
  {
    what: 'a missing .reg file',
    spoil: async (backup) => (await rm(backup.reg), backup.id),
    code: 'invalid-input',
    message: /\.reg is missing/,
  },
  {
    what: 'a .reg whose SHA-256 is not its manifest’s',
    spoil: async (backup) => (await plantRunKey(backup), backup.id),
    code: 'invalid-input',
    message: /does not match the SHA-256 in its manifest/,
  },
  {
    what: 'a .reg with a foreign key and the manifest’s checksum rewritten',
    spoil: async (backup) => {
      const sha = await plantRunKey(backup);
      await editJson(backup.manifest, (m) => (m.regSha256 = sha));
      return backup.id;
    },
    code: 'untrusted-backup',
    message: /is not restored: the file is not the one taken at the change/,
    refusal: 'refusal: hash-mismatch',
  },
  {
    what: 'a .reg with a foreign key and every checksum rewritten, the journal’s too',
    spoil: async (backup) => {
      const sha = await plantRunKey(backup);
      await editJson(backup.manifest, (m) => (m.regSha256 = sha));
      await editJournalRecord(backup, (record) => ((record.backup as Record<string, unknown>).sha256 = sha));
      return backup.id;
    },
    code: 'untrusted-backup',
    message:
      /the file holds keys the backup never exported \(HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\)/,
    refusal: 'refusal: foreign-key',
  },
  {
    what: 'a manifest listing a key the journal did not record',
    spoil: async (backup) => {
      await editJson(backup.manifest, (m) => (m.missingKeys = [...(m.missingKeys as string[]), RUN]));
      return backup.id;
    },
    code: 'untrusted-backup',
    message: /its manifest lists other keys than the journal recorded/,
    refusal: 'refusal: keys-differ',
  },
  {
    what: 'a backup the journal has no record of',
    spoil: async (backup) => {
      const lines = (await readFile(backup.journal, 'utf8')).split('\n');
      await writeFile(
        backup.journal,
        lines.filter((line) => !line.includes(`"id":"${backup.id}"`)).join('\n'),
      );
      return backup.id;
    },
    code: 'untrusted-backup',
    message: /the change journal has no record of it/,
    refusal: 'refusal: no-journal-record',
  },
  {
    what: 'a backup id that does not exist',
    spoil: async () => '20200101T000000Z-00000000',
    code: 'not-found',
    message: /no backup 20200101T000000Z-00000000 in /,
  },
  ...[
    ['a Windows traversal', '..\\..\\x'],
    ['a POSIX traversal', '../x'],
    ['a traversal past a real id', '20200101T000000Z-00000000/../../x'],
    ['an absolute POSIX path', '/etc/passwd'],
    ['an absolute Windows path', 'C:\\Windows\\System32\\config\\SAM'],
    ['a UNC path', '\\\\server\\share\\x'],
    ['an id with a NUL', '20200101T000000Z-00000000\0.reg'],
    ['an id with a trailing line break', '20200101T000000Z-00000000\n'],
    ['an empty id', ''],
  ].map(([what, id]): Refusal => ({
    what: `${what} as the id`,
    spoil: async () => id!,
    code: 'not-found',
    message: /is not a backup id \(like /,
  })),
];

/** What a refusal must leave as it was: the machine, the journal, and the backups folder. */
async function state(port: FaultyPort, backup: Backup) {
  return {
    registry: await wholeRegistry(port),
    journal: await readFile(backup.journal, 'utf8'),
    backups: (await readdir(join(backup.data, 'backups'))).sort(),
  };
}

describe('a backup is restored only when nothing about it is wrong', () => {
  it('restores the backup as taken (what every refusal below spoils), its writes seen by the port', async () => {
    const { machine, backup } = await applied();
    const port = new FaultyPort(machine);
    const engine = engineFor(port, backup.data);
    await expect(engine.planRestore(backup.id)).resolves.toBeDefined();
    await expect(engine.restoreBackup(backup.id)).resolves.toMatchObject({ status: 'restored' });
    expect(port.calls.filter((call) => WRITES.includes(call)).length).toBeGreaterThan(0);
  });

  it.each(REFUSALS)('refuses $what, writing nothing', async ({ spoil, code, message, refusal }) => {
    const { machine, backup } = await applied();
    const id = await spoil(backup);
    const port = new FaultyPort(machine);
    const before = await state(port, backup);
    for (const attempt of ['planRestore', 'restoreBackup'] as const) {
      port.calls = [];
      const engine = engineFor(port, backup.data);
      const error = await engine[attempt](id).then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error, attempt).toBeInstanceOf(ChangeRefusedError);
      expect((error as ChangeRefusedError).code, attempt).toBe(code);
      expect((error as ChangeRefusedError).message, attempt).toMatch(message);
      if (refusal) expect((error as ChangeRefusedError).details[0], attempt).toBe(refusal);
      expect(
        port.calls.filter((call) => WRITES.includes(call)),
        attempt,
      ).toEqual([]);
      expect(await state(port, backup), attempt).toEqual(before);
    }
  });
});
