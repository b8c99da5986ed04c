/** Property: whatever text a profile carries, no export lets it out of its literal, blob or comment. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import {
  ANSIBLE_LINE_LIMIT,
  DATA_LINE_PREFIX,
  UNSAFE_TAG,
  compileAnsible,
  compilePowerShell,
  compileReg,
  desiredRegBlocks,
  profileDesiredState,
} from '../../../main/domain/fleet/index';
import { builtInProfile } from '../../../main/domain/profiles/index';
import { parseRegFile } from '../../../main/domain/regfile/index';
import { bytesOf, hostileText, profileWith, textOf } from './support';

const referenceCode = (text: string): string[] =>
  text.split('\r\n').filter((line) => !line.startsWith(DATA_LINE_PREFIX) && !/^#(?!Requires )/.test(line));

describe('profile text cannot inject into any export', () => {
  const strictCode = referenceCode(textOf(compilePowerShell(profileDesiredState(builtInProfile('strict')))));

  it('ps1: the code is unchanged and every comment is one printable line', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (name, description) => {
        const text = textOf(compilePowerShell(profileDesiredState(profileWith(name, description))));
        expect(referenceCode(text)).toEqual(strictCode);
        expect(text).toMatch(/^[\x20-\x7e\r\n]*$/);
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('reg: the codec reads back exactly the desired values', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (name, description) => {
        const state = profileDesiredState(profileWith(name, description));
        expect(parseRegFile(bytesOf(compileReg(state))).blocks).toEqual(desiredRegBlocks(state));
      }),
      { numRuns: 200 },
    );
  }, 120_000);

  it('ansible: the YAML reads back the exact text, tagged !unsafe, with the same tasks, inside the line limit', () => {
    const taskCount = parseDocument(
      textOf(compileAnsible(profileDesiredState(builtInProfile('strict')))),
    ).toJS()[0].tasks.length;
    fc.assert(
      fc.property(hostileText, hostileText, (name, description) => {
        const profile = profileWith(name, description);
        fc.pre(!/\p{Cs}/u.test(profile.name + description));
        const text = textOf(compileAnsible(profileDesiredState(profile)));
        const document = parseDocument(text, {
          customTags: [{ tag: UNSAFE_TAG, resolve: (value: string) => value }],
        });
        expect(document.errors).toEqual([]);
        const [play] = document.toJS() as [{ vars: Record<string, unknown>; tasks: unknown[] }];
        expect(play.vars.sinkguard_profile_name).toBe(profile.name);
        expect(play.vars.sinkguard_profile_description).toBe(description);
        expect(play.tasks).toHaveLength(taskCount);
        expect(text).toMatch(/^[\x20-\x7e\n]*$/);
        for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(ANSIBLE_LINE_LIMIT);
      }),
      { numRuns: 200 },
    );
  }, 120_000);
});
