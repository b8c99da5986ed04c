import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli';

const MAR_SDDL = 'O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDC;;;AN)';

describe('sinkguard sd', () => {
  it('converts SDDL to hex and back by default', async () => {
    const toHex = await runCliCaptured(['sd', '--sddl', MAR_SDDL]);
    expect(toHex).toMatchObject({ code: 0, stderr: '' });
    expect(toHex.stdout).toMatch(/^01000480[0-9a-f]+\n$/);
    expect(toHex.stdout.slice(32, 40)).toBe('14000000'); // the DACL right after the header, as Windows lays it out
    const back = await runCliCaptured(['sd', '--hex', toHex.stdout.trim()]);
    expect(back).toEqual({ code: 0, stdout: `${MAR_SDDL}\n`, stderr: '' });
  });

  it('canonicalises SDDL and prints JSON on request', async () => {
    expect((await runCliCaptured(['sd', '--sddl', 'D:(a;;0x3;;;wd)', '--to', 'sddl'])).stdout).toBe(
      'D:(A;;CCDC;;;WD)\n',
    );
    const json = await runCliCaptured(['sd', '--sddl', 'O:BA', '--to', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ control: 0x8000, owner: 'S-1-5-32-544' });
  });

  it('accepts .reg style hex and resolves LA with --machine-sid', async () => {
    const run = await runCliCaptured([
      'sd',
      '--sddl',
      'O:LA',
      '--to',
      'sddl',
      '--machine-sid',
      'S-1-5-21-1-2-3',
    ]);
    expect(run.stdout).toBe('O:LA\n');
    const reg = await runCliCaptured([
      'sd',
      '--hex',
      'hex:01,00,00,80,14,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,01,01,00,00,00,00,00,05,12,00,00,00',
    ]);
    expect(reg.stdout).toBe('O:SY\n');
  });

  it('exits 2 with one line naming position and reason on bad input', async () => {
    const run = await runCliCaptured(['sd', '--sddl', 'D:(A;;GA;;;WD']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^sinkguard: SDDL: .* at character \d+\n$/);
    const bad = await runCliCaptured(['sd', '--hex', '0100']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'sinkguard: security descriptor: the descriptor header needs 20 bytes but only 2 remain at byte 0\n',
    );
    expect((await runCliCaptured(['sd'])).code).toBe(2);
    expect((await runCliCaptured(['sd', '--sddl', 'O:BA', '--hex', '00'])).code).toBe(2);
  });

  it('names a character for bad hex text, a byte for bad bytes, and the ACE that has no SDDL form', async () => {
    expect((await runCliCaptured(['sd', '--hex', '0100 04zz'])).stderr).toBe(
      'sinkguard: hex text: "z" is not a hex digit at character 7\n',
    );
    expect((await runCliCaptured(['sd', '--hex', '010'])).stderr).toBe(
      'sinkguard: hex text: odd number of hex digits at character 3\n',
    );
    // Decodes (an access-denied-callback-object ACE, type 0x0c) but SDDL has no letters for it: the ACE is at 28.
    const noSddl =
      '01000480' +
      '00000000'.repeat(3) +
      '14000000' +
      '04002000' +
      '01000000' +
      '0c001800' +
      '01000000' +
      '00000000' +
      '010100000000000100000000';
    const run = await runCliCaptured(['sd', '--hex', noSddl]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toBe(
      'sinkguard: security descriptor: DACL ACE 1: ACE type "access-denied-callback-object" has no SDDL form at byte 28\n',
    );
    expect((await runCliCaptured(['sd', '--hex', noSddl, '--to', 'hex'])).stdout).toBe(`${noSddl}\n`);
    // A callback ACE whose condition is corrupt: the bad token's offset (ACE 28 + 8 + SID 12 + 'artx' 4).
    const badCondition =
      '01000480' +
      '00000000'.repeat(3) +
      '14000000' +
      '02002400' +
      '01000000' +
      '09001c00' +
      '01000000' +
      '010100000000000100000000' +
      '61727478' +
      'ff000000';
    expect((await runCliCaptured(['sd', '--hex', badCondition])).stderr).toBe(
      'sinkguard: security descriptor: DACL ACE 1: conditional expression: token length runs past the end at byte 52\n',
    );
  });

  it.each([
    ['O:BA\nG:SY', 'sinkguard: SDDL: expected O:, G:, D: or S: but found "\\nG" at character 4\n'],
    [
      'D:(A;;GA;;;W\rD)',
      'sinkguard: SDDL: ACE SID: "W\\rD)" is neither a SID alias nor S-1-… at character 11\n',
    ],
    ['D:(A;\n;GA;;;WD)', 'sinkguard: SDDL: unknown ACE flag "\\n" at character 5\n'],
  ])('quotes the input it echoes, so %j gives exactly one stderr line', async (sddl, stderr) => {
    const run = await runCliCaptured(['sd', '--sddl', sddl]);
    expect(run).toEqual({ code: 2, stdout: '', stderr });
  });

  it('--lines answers every input line with one JSON object, in order, blank lines included; exit 2 if any failed', async () => {
    const run = await runCliCaptured(['sd', '--lines'], {
      stdin:
        'sddl O:BAG:BAD:(A;;CCDCLC;;;WD)\r\n\nhex 0100\nsddl D:(A;;GA;;;XX)\nnonsense\nhex 010000801400000000000000000000000000000001010000000000051200000\n  \n',
    });
    expect(run.code).toBe(2);
    const answers = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(answers).toHaveLength(7);
    expect(answers[0]).toEqual({
      ok: true,
      sddl: 'O:BAG:BAD:(A;;CCDCLC;;;WD)',
      hex: '010004803000000040000000000000001400000002001c000100000000001400070000000101000000000001000000000102000000000005200000002002000001020000000000052000000020020000',
    });
    expect(answers[1]).toEqual({ ok: false, error: 'line 2: empty line' });
    expect(answers[2]).toMatchObject({ ok: false, error: expect.stringMatching(/^line 3: .*byte 0$/) });
    expect(answers[3]).toEqual({
      ok: false,
      error: 'line 4: SDDL: ACE SID: "XX)" is neither a SID alias nor S-1-… at character 11',
    });
    expect(answers[4]).toMatchObject({ ok: false, error: expect.stringMatching(/^line 5: expected/) });
    expect(answers[5]).toEqual({
      ok: false,
      error: 'line 6: hex text: odd number of hex digits at character 63',
    });
    expect(answers[6]).toEqual({ ok: false, error: 'line 7: empty line' });
  });

  it('--lines exits 0 when every line converts, and a final newline is not another line', async () => {
    const run = await runCliCaptured(['sd', '--lines'], {
      stdin: 'sddl O:BA\nhex 010000801400000000000000000000000000000001020000000000052000000020020000\n',
    });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toHaveLength(3);
    expect(run.stdout.split('\n')[2]).toBe('');
    expect((await runCliCaptured(['sd', '--lines'], { stdin: '' })).stdout).toBe('');
  });

  it('--lines refuses --to (every answer holds both forms) and states its exit codes in --help', async () => {
    expect(await runCliCaptured(['sd', '--lines', '--to', 'json'], { stdin: 'sddl O:BA\n' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'sinkguard: --to does not apply to --lines (each answer holds sddl and hex)\n',
    });
    const help = await runCliCaptured(['sd', '--help']);
    expect(help.stdout).toContain('  2  error: bad usage or input (with --lines: any line failed)');
  });
});
