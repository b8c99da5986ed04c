import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../main/changes/storage';
import { decodeUtf16le, encodeUtf16le } from '../../../main/domain/regfile/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { runCliCaptured } from '../../support/cli';
import { engineFor, tempDirectory } from './support';

const RUN = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run';

/**
 * A data folder holding an apply of "recommended" to the stock machine. The CLI's own runs open a fresh legacy
 * machine, whose touched values differ from both the backup and what the change wrote: a real restore, with every
 * touched value "changed since".
 */
async function appliedOnStock(): Promise<{ data: string; id: string }> {
  const data = tempDirectory();
  const engine = engineFor(await openSimulatedMachine('stock'), data);
  const plan = await engine.createPlan({ profile: builtInProfile('recommended') });
  const outcome = await engine.applyPlan(plan.id);
  expect(outcome.status).toBe('applied');
  return { data, id: outcome.backupId! };
}

const restore = (data: string, args: string[], options: { stdin?: string; stdinIsTTY?: boolean } = {}) =>
  runCliCaptured(['restore', ...args, '--registry', 'simulated:legacy'], {
    env: { SINKGUARD_DATA_DIR: data },
    ...options,
  });

/** Rewrites the backup the way someone who can write the data folder would: a key added, the checksum beside it too. */
async function plantForeignKey(data: string, id: string): Promise<void> {
  const regPath = join(data, 'backups', `${id}.reg`);
  const text = decodeUtf16le(new Uint8Array(await readFile(regPath)), 2);
  const planted = encodeUtf16le(
    `\uFEFF${text}[${RUN}]\r\n"Updater"="C:\\\\Users\\\\Public\\\\evil.exe"\r\n\r\n`,
  );
  await writeFile(regPath, planted);
  const manifestPath = join(data, 'backups', `${id}.json`);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;
  manifest.regSha256 = sha256Hex(planted);
  manifest.regBytes = planted.length;
  await writeFile(manifestPath, JSON.stringify(manifest));
}

describe('sinkguard restore ID: a plan, shown and confirmed', () => {
  it('prints the plan in the admin’s words, with what changed since, and refuses without a terminal or --yes', async () => {
    const { data, id } = await appliedOnStock();
    const run = await restore(data, [id]);
    expect(run.stdout).toContain(`Restore backup ${id}: undo apply recommended`);
    expect(run.stdout).toContain('Changed since the change');
    expect(run.stdout).toContain('Values and rules the change did not touch are left as they are now.');
    expect(run.stdout).not.toContain('Technical details:');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass --yes');
  });

  it('asks on a terminal, does nothing on "n", shows the registry operations with --technical', async () => {
    const { data, id } = await appliedOnStock();
    const run = await restore(data, [id, '--technical'], { stdin: 'n\n', stdinIsTTY: true });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Technical details:');
    expect(run.stdout).toMatch(
      /delete HKLM\\SOFTWARE\\Microsoft\\Ole\\LegacyAuthenticationLevel \(now REG_DWORD 1/,
    );
    expect(run.stdout).toContain('Restore it? [y/N]');
    expect(run.stdout).toContain('Nothing was changed.');
  });

  it('restores with --yes and journals the restore', async () => {
    const { data, id } = await appliedOnStock();
    const run = await restore(data, [id, '--yes']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/restored: Restored backup/);
    const history = JSON.parse(
      (await runCliCaptured(['history', '--json'], { env: { SINKGUARD_DATA_DIR: data } })).stdout,
    ) as { operation: string; outcome: string }[];
    expect(history.map((entry) => [entry.operation, entry.outcome])).toEqual([
      ['apply', 'applied'],
      ['restore', 'restored'],
    ]);
  });

  it('refuses a backup with a foreign key and a rewritten checksum, exit 1, naming why', async () => {
    const { data, id } = await appliedOnStock();
    await plantForeignKey(data, id);
    const run = await restore(data, [id, '--yes']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not restored');
    expect(run.stderr).toContain('refusal: hash-mismatch');
    expect(run.stdout).not.toContain('restored:');
  });
});
