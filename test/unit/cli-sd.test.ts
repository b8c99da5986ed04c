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

  it('--lines answers each input line with one JSON object, in order, skipping blank lines', async () => {
    const run = await runCliCaptured(['sd', '--lines'], {
      stdin:
        'sddl O:BAG:BAD:(A;;CCDCLC;;;WD)\r\n\nhex 0100\nsddl D:(A;;GA;;;XX)\nnonsense\nhex 010000801400000000000000000000000000000001010000000000051200000\n',
    });
    expect(run.code).toBe(0);
    const answers = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(answers).toHaveLength(5);
    expect(answers[0]).toEqual({
      ok: true,
      sddl: 'O:BAG:BAD:(A;;CCDCLC;;;WD)',
      hex: '010004803000000040000000000000001400000002001c000100000000001400070000000101000000000001000000000102000000000005200000002002000001020000000000052000000020020000',
    });
    expect(answers[1]).toMatchObject({ ok: false, error: expect.stringMatching(/^line 3: .*byte 0$/) });
    expect(answers[2]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^line 4: SDDL: .*'XX\)'.* at character 11$/),
    });
    expect(answers[3]).toMatchObject({ ok: false, error: expect.stringMatching(/^line 5: expected/) });
    expect(answers[4]).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^line 6: .*odd number of hex digits/),
    });
  });
});
