/**
 * `sinkguard fleet audit`: a collection with good hosts and every kind of bad input. Good hosts are audited exactly
 * as `audit --reg-file` audits them; each bad one is reported unreadable with its reason, the rest are still
 * audited, nothing is written but the output the admin named, and exit code 4 says some hosts could not be read.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE_NAME } from '../../../main/domain/fleet/manifest';
import { REG_FILE_MAX_BYTES } from '../../../main/domain/regfile/index';
import { openSimulatedMachine } from '../../../main/registry/machines';
import { runCliCaptured } from '../../support/cli';
import { exportCoveringAudit } from '../audit/support';
import { fleetJson, singleAudit, timeless } from './support';

let root: string;
let collection: string;
let outside: string;
const listing = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: false }).map(String).sort();

const manifest = (host: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    sinkguardCollection: 1,
    host,
    domain: null,
    collectedAt: '2026-12-01T00:00:00Z',
    osBuild: null,
    collector: 'ps1',
    keys: [],
    ...extra,
  });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'sinkguard-fleet-audit-'));
  collection = join(root, 'collection');
  outside = join(root, 'outside');
  mkdirSync(collection);
  mkdirSync(outside);
  for (const machine of ['stock', 'legacy', 'gpo-managed'] as const)
    writeFileSync(
      join(collection, `SRV-${machine}.reg`),
      await exportCoveringAudit(await openSimulatedMachine(machine)),
    );
  const text = readFileSync(join(collection, 'SRV-stock.reg')).subarray(0, 3001);
  writeFileSync(join(collection, 'TRUNCATED.reg'), text);
  writeFileSync(join(collection, 'NOTREG.reg'), 'MZ\u0090\u0000 this is an executable, not an export');
  writeFileSync(join(collection, 'HUGE.reg'), '');
  truncateSync(join(collection, 'HUGE.reg'), REG_FILE_MAX_BYTES + 1);
  writeFileSync(join(collection, 'readme.txt'), 'collected on Monday');
  const bundle = (folder: string, body: string) => {
    mkdirSync(join(collection, folder));
    writeFileSync(join(collection, folder, MANIFEST_FILE_NAME), body);
  };
  bundle('escape', manifest('../..'));
  bundle('bell', manifest('SRV\u0007BELL'));
  bundle('twin-a', manifest('TWIN'));
  bundle('twin-b', manifest('twin'));
  bundle('extra-field', manifest('EXTRA', { shell: 'rm -rf /' }));
  bundle('not-json', '{"sinkguardCollection": 1,');
  bundle(
    'traversal-file',
    manifest('TRAVERSAL', {
      keys: [
        {
          key: 'HKLM\\SOFTWARE\\Microsoft\\Ole',
          state: 'exported',
          file: '../../outside/x.reg',
          error: null,
        },
      ],
    }),
  );
  mkdirSync(join(collection, 'no-manifest'));
  writeFileSync(join(outside, 'secret.reg'), 'not yours');
  symlinkSync(join(outside, 'secret.reg'), join(collection, 'LINKED.reg'));
  // A collector's unfinished folder is skipped, not reported.
  mkdirSync(join(collection, '.SRV-9.partial-0a1b'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('sinkguard fleet audit on a collection with bad entries', () => {
  it('audits the good hosts as audit --reg-file does and reports each bad one with why; exit 4', async () => {
    const before = { collection: listing(collection), outside: listing(outside) };
    const html = join(root, 'report.html');
    const { run, report } = await fleetJson([collection, '--html', html, '--threads', '2']);
    expect(run.code).toBe(4);
    expect(run.stderr).toBe('');
    const audited = report.hosts.filter((host) => host.status === 'audited').map((host) => host.host);
    expect(audited).toEqual(['SRV-gpo-managed', 'SRV-legacy', 'SRV-stock']);
    for (const host of report.hosts.filter((entry) => entry.status === 'audited')) {
      const single = await singleAudit([join(collection, `${host.host}.reg`)], null);
      expect(timeless(host.report!)).toEqual(timeless(single));
    }
    const problems = Object.fromEntries(
      report.hosts.filter((host) => host.status === 'unreadable').map((host) => [host.entry, host.problem]),
    );
    expect(problems).toEqual({
      'TRUNCATED.reg': expect.stringContaining('TRUNCATED.reg: .reg line'),
      'NOTREG.reg': expect.stringContaining("does not start with 'Windows Registry Editor"),
      'HUGE.reg': expect.stringMatching(/HUGE\.reg: .*(large|limit|MB|bytes)/i),
      'readme.txt': 'neither a .reg export nor a collector folder',
      escape: expect.stringContaining('holds characters a host name cannot'),
      bell: expect.stringContaining('holds characters a host name cannot'),
      'twin-a': 'the host name TWIN is claimed by 2 entries (twin-a, twin-b)',
      'twin-b': 'the host name twin is claimed by 2 entries (twin-a, twin-b)',
      'extra-field': expect.stringContaining('not a SinkGuard collector manifest'),
      'not-json': expect.stringContaining('not JSON'),
      'traversal-file': expect.stringContaining('not a SinkGuard collector manifest: keys.0.file'),
      'no-manifest': expect.stringContaining('cannot read manifest'),
      'LINKED.reg': 'a symbolic link: a collection holds folders and .reg files only',
    });
    expect(report.counts).toMatchObject({ hosts: 16, audited: 3, unreadable: 13 });
    expect(JSON.stringify(report)).not.toContain('\u0007');
    // Nothing was written but the named report.
    expect({ collection: listing(collection), outside: listing(outside) }).toEqual(before);
    expect(listing(root)).toContain('report.html');
  }, 120_000);

  it('counts hosts by finding in words, and writes a self-contained HTML report with everything escaped', async () => {
    const run = await runCliCaptured(['fleet', 'audit', collection, '--html', join(root, 'r2.html')]);
    expect(run.code).toBe(4);
    expect(run.stdout).toMatch(
      /^ {2}1 host: ANONYMOUS LOGON \(AN\): \+ Remote Access \(allow\).*: SRV-legacy$/m,
    );
    expect(run.stdout).toMatch(
      /^ {2}3 hosts High: UnsecApp callback access check .*: SRV-gpo-managed, SRV-legacy, SRV-stock$/m,
    );
    expect(run.stdout).toContain('16 hosts: 3 audited, 13 could not be read.');
    expect(run.stdout).toContain('  bell: its manifest is refused: the host name "SRV\\u0007BELL"');
    const html = readFileSync(join(root, 'r2.html'), 'utf8');
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).not.toMatch(/<script|<link|<img|\son\w+=|style="/i);
    expect(html).toContain('<th scope="row">SRV-legacy</th>');
    expect(html).toContain('&quot;SRV\\u0007BELL&quot;');
  }, 120_000);

  it('exits 0 on a clean collection with --fail-on none, 1 with findings, 2 on a missing folder or unwritable --html', async () => {
    const clean = join(root, 'clean');
    mkdirSync(clean);
    writeFileSync(join(clean, 'SRV-legacy.reg'), readFileSync(join(collection, 'SRV-legacy.reg')));
    expect((await runCliCaptured(['fleet', 'audit', clean, '--fail-on', 'none'])).code).toBe(0);
    expect((await runCliCaptured(['fleet', 'audit', clean])).code).toBe(1);
    const missing = await runCliCaptured(['fleet', 'audit', join(root, 'nope')]);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toContain('is not a folder');
    const html = await runCliCaptured(['fleet', 'audit', clean, '--html', join(root, 'no', 'r.html')]);
    expect(html.code).toBe(2);
    expect(html.stderr).toContain("--html: cannot write '");
  }, 120_000);
});
