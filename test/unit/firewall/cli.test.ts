import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../support/cli';

const RULE =
  'v2.27|Action=Allow|Active=FALSE|Dir=In|Protocol=6|Profile=Private|Profile=Public|LPort=135|RA4=LocalSubnet|RA6=LocalSubnet|App=%SystemRoot%\\system32\\svchost.exe|Svc=rpcss|Name=@FirewallAPI.dll,-34252|';

describe('sinkguard fw-rule', () => {
  it('prints the parsed rule as JSON', async () => {
    const run = await runCliCaptured(['fw-rule', RULE]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      action: 'Allow',
      active: false,
      profiles: ['Private', 'Public'],
      localPorts: [{ kind: 'range', first: 135, last: 135 }],
      service: 'rpcss',
    });
  });

  it('exits 2 with a one-line message naming the field', async () => {
    const run = await runCliCaptured(['fw-rule', 'v2.27|Action=Allow|Dir=Sideways|']);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe(
      "sinkguard: invalid rule string: field 2 (Dir=Sideways): Dir must be one of In, Out, not 'Sideways'\n",
    );
    // A line break inside the rule is written as \n: still one line.
    const broken = await runCliCaptured(['fw-rule', 'v2.27|Action=Al\r\nlow|Dir=In|']);
    expect(broken.code).toBe(2);
    expect(broken.stderr.split('\n')).toEqual([expect.stringContaining('Action=Al\\r\\nlow'), '']);
  });

  it('--lines answers one JSON object per input line, in order', async () => {
    const stdin = `${RULE}\r\nnot a rule\n\nV2.0|Action=Block|Dir=out|Name=x|\n \t\n`;
    const run = await runCliCaptured(['fw-rule', '--lines'], { stdin });
    const answers = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(answers).toHaveLength(5);
    expect(answers[0]).toMatchObject({ ok: true, formatted: RULE, rule: { action: 'Allow' } });
    expect(answers[1]).toEqual({ ok: false, error: expect.stringMatching(/^line 2: /) });
    expect(answers[2]).toEqual({ ok: false, error: 'line 3: empty line' });
    expect(answers[3]).toMatchObject({
      ok: true,
      formatted: 'V2.0|Action=Block|Dir=out|Name=x|',
      rule: { direction: 'Out' },
    });
    expect(answers[4]).toEqual({ ok: false, error: 'line 5: empty line' });
    expect(run.code).toBe(2);
  });

  it('--lines follows the same convention as sd --lines, stated in --help', async () => {
    const help = await runCliCaptured(['fw-rule', '--help']);
    expect(help.stdout).toContain('  2  error: bad usage or input (with --lines: any line failed)');
    expect(await runCliCaptured(['fw-rule', '--lines'], { stdin: '' })).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
  });

  it('--lines exits 0 when every line parses', async () => {
    const run = await runCliCaptured(['fw-rule', '--lines'], { stdin: `${RULE}\n${RULE}\n` });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('refuses a rule string and --lines together, and neither', async () => {
    expect((await runCliCaptured(['fw-rule', '--lines', RULE])).stderr).toContain('not both');
    expect((await runCliCaptured(['fw-rule'])).stderr).toContain('give a rule string');
  });
});
