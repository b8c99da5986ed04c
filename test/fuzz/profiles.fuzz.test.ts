import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  MAX_PROFILE_CHARACTERS,
  ProfileError,
  builtInProfile,
  parseProfileText,
  type Profile,
} from '../../main/domain/profiles/index';
import { jsonKind, jsonNodes, replacedAt, type Json } from '../support/json-tree';
import { FuzzCounter, pick } from './support';

// Profile files come from an admin's disk or a share: valid ones, edited, must load and mean the same when written
// out again; hostile ones (alias bombs, prototype keys, huge values, wrong types) must each be refused with a
// ProfileError naming the place, within bounded time and memory, and pollute nothing.

/** A site profile that also names applications, so their entries are edited and damaged like the rest. */
const WITH_APPLICATIONS: Profile = {
  ...builtInProfile('recommended'),
  applications: [
    { id: '{8BC3F05E-D86B-11D0-A075-00C04FB68820}', runAs: 'network-service', access: 'default' },
    { id: 'legacyserver.exe', launch: { sddl: 'O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)' }, authenticationLevel: 5 },
  ],
};
const BASES: readonly Profile[] = [
  builtInProfile('recommended'),
  builtInProfile('strict'),
  WITH_APPLICATIONS,
];
const SETTING_IDS = [...new Set(BASES.flatMap((profile) => Object.keys(profile.settings)))];
const SCOPES = ['LocalSubnet', '10.0.0.0/8', '192.168.1.10', '10.1.0.1-10.1.0.9', 'fe80::/64'];

const asText = (data: unknown, yaml: boolean): string =>
  yaml ? stringify(data) : JSON.stringify(data, null, 2);

/** A built-in profile with valid edits: settings left out, another scope, another name and description. */
const validProfile = fc
  .record({
    base: fc.nat(),
    drop: fc.array(fc.nat(), { maxLength: 6 }),
    scopes: fc.subarray(SCOPES, { minLength: 1 }),
    name: fc.string({ minLength: 1, maxLength: 80 }),
    description: fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
    yaml: fc.boolean(),
  })
  .map(({ base, drop, scopes, name, description, yaml }) => {
    const profile = structuredClone(pick(BASES, base)) as unknown as Record<string, unknown> & {
      settings: Record<string, unknown>;
    };
    for (const index of drop) delete profile.settings[pick(SETTING_IDS, index)];
    profile.managementScope = scopes;
    profile.name = name;
    if (description === undefined) delete profile.description;
    else profile.description = description;
    return { text: asText(profile, yaml), yaml };
  });

/**
 * A valid profile file as it may arrive damaged: cut short, a stray NUL or byte order mark put in, or saved as
 * UTF-16LE (with or without BOM) and read as UTF-8, as the CLI reads profile files. `mustRefuse`: no reading of it
 * is a profile.
 */
const damagedProfile = fc
  .record({
    profile: validProfile,
    how: fc.constantFrom('cut', 'nul', 'bom', 'utf16le', 'utf16le-bom'),
    at: fc.nat(),
  })
  .map(({ profile: { text }, how, at }) => {
    const i = at % (text.length + 1);
    if (how === 'cut') return { how, text: text.slice(0, i), mustRefuse: false };
    if (how === 'nul' || how === 'bom') {
      const stray = how === 'nul' ? '\0' : '\uFEFF';
      return { how, text: text.slice(0, i) + stray + text.slice(i), mustRefuse: false };
    }
    const bytes = Buffer.from(how === 'utf16le' ? text : `\uFEFF${text}`, 'utf16le');
    return { how, text: bytes.toString('utf8').replace(/^\uFEFF/, ''), mustRefuse: true };
  });

/** What makes a profile hostile; `where` is a piece of the field the error must name. */
interface Hostile {
  readonly what: string;
  readonly text: string;
  readonly where: string;
}

/** Wrong kinds of value at a place (any place in a built-in profile holds exactly one kind). */
const WRONG: readonly Json[] = [null, true, 42, 'text', [], {}];

const wrongType = fc
  .record({ base: fc.nat(), place: fc.nat(), wrong: fc.nat(), yaml: fc.boolean() })
  .map(({ base, place, wrong, yaml }): Hostile => {
    const profile = pick(BASES, base) as unknown as Json;
    const { path, value } = pick(jsonNodes(profile), place);
    const candidates = WRONG.filter((wrongValue) => jsonKind(wrongValue) !== jsonKind(value));
    return {
      what: `wrong type at ${path.join('.')}`,
      text: asText(replacedAt(profile, path, pick(candidates, wrong)), yaml),
      where: String(path[0]),
    };
  });

/** `__proto__`, `constructor` or `prototype` as a key at the top, in settings, or inside a setting's target. */
const prototypeKey = fc
  .record({
    base: fc.nat(),
    key: fc.constantFrom('__proto__', 'constructor', 'prototype'),
    depth: fc.nat({ max: 2 }),
    nested: fc.boolean(),
    yaml: fc.boolean(),
  })
  .map(({ base, key, depth, nested, yaml }): Hostile => {
    const profile = structuredClone(pick(BASES, base)) as unknown as Record<string, Record<string, Json>>;
    const firstSetting = Object.keys(profile.settings!)[0]!;
    const flat = `{"polluted": true, "equals": 1}`;
    const json = JSON.stringify(profile);
    // Nested, `constructor` reaches `constructor.prototype`: the path a deep merge would pollute through.
    const payload = nested ? `{"prototype": {"polluted": true}, "__proto__": {"polluted": true}}` : flat;
    // Written as text: an object literal would make __proto__ the prototype instead of a key.
    const text =
      depth === 0
        ? json.replace('{', `{"${key}": ${payload},`)
        : depth === 1
          ? json.replace('"settings":{', `"settings":{"${key}": ${payload},`)
          : json.replace(`"${firstSetting}":{`, `"${firstSetting}":{"${key}": ${payload},`);
    return {
      what: `${key} key at depth ${depth}${nested ? ', nested' : ''}`,
      text: yaml ? stringify(JSON.parse(text)) : text,
      where: key,
    };
  });

/** A YAML merge key (`<<`) bringing in `__proto__`, at the top or in settings: YAML 1.2 has no merge keys. */
const mergeKey = fc
  .record({ base: fc.nat(), inSettings: fc.boolean() })
  .map(({ base, inSettings }): Hostile => {
    const text = stringify(pick(BASES, base));
    const merge = '<<: { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } }';
    return {
      what: `merge key ${inSettings ? 'in settings' : 'at the top'}`,
      text: inSettings ? text.replace(/^settings:\n/m, `settings:\n  ${merge}\n`) : `${merge}\n${text}`,
      where: '<<',
    };
  });

/** A YAML "billion laughs": each level's anchor repeated `width` times by the next. */
const aliasBomb = fc
  .record({
    depth: fc.integer({ min: 3, max: 12 }),
    width: fc.integer({ min: 3, max: 12 }),
    at: fc.constantFrom('name', 'description', 'managementScope'),
  })
  .filter(({ depth, width }) => width ** depth > 100)
  .map(({ depth, width, at }): Hostile => {
    const lines = ['a0: &a0 ["lol", "lol"]'];
    for (let level = 1; level <= depth; level++)
      lines.push(`a${level}: &a${level} [${new Array(width).fill(`*a${level - 1}`).join(', ')}]`);
    lines.push(`${at}: *a${depth}`);
    return { what: `alias bomb ${width}^${depth}`, text: lines.join('\n'), where: '(top level)' };
  });

/** Values far larger than any real profile holds. */
const HUGE: readonly Hostile[] = [
  { what: 'a 2 MiB file', text: `name: x\ndescription: "${'x'.repeat(2 << 20)}"\n`, where: '(file)' },
  {
    what: 'a 900 KiB description',
    text: JSON.stringify({ ...BASES[0], description: 'x'.repeat(900 << 10) }),
    where: 'description',
  },
  {
    what: 'a 1,000-character name',
    text: JSON.stringify({ ...BASES[0], name: 'x'.repeat(1000) }),
    where: 'name',
  },
  {
    what: 'a 50,000-entry scope',
    text: JSON.stringify({ ...BASES[0], managementScope: new Array(50_000).fill('10.0.0.1') }),
    where: 'managementScope',
  },
  {
    what: 'a 10,000-digit number',
    text: JSON.stringify(BASES[0]).replace(/"equals":\d+/, `"equals":${'9'.repeat(10_000)}`),
    where: 'settings',
  },
];

const hostile = fc.oneof(wrongType, prototypeKey, mergeKey, aliasBomb);

const VALID_RUNS = 500;
const HOSTILE_RUNS = 1_000;
const DAMAGED_RUNS = 1_000;

/** What the built-in prototypes own before any profile is loaded: loading one must add nothing to them. */
const PROTOTYPES = [Object.prototype, Array.prototype, Function.prototype] as const;
const ownKeys = (): string[][] => PROTOTYPES.map((prototype) => Reflect.ownKeys(prototype).map(String));
const KEYS_BEFORE = ownKeys();

function expectNoPollution(what: string): void {
  expect(ownKeys(), what).toEqual(KEYS_BEFORE);
  expect(({} as Record<string, unknown>).polluted, what).toBeUndefined();
}

/** Loading `text` fails with a ProfileError whose field names `where`, and leaves Object.prototype alone. */
function expectRefused({ what, text, where }: Hostile): void {
  let error: unknown;
  try {
    parseProfileText(text, 'hostile.profile');
  } catch (caught) {
    error = caught;
  }
  expect(error, what).toBeInstanceOf(ProfileError);
  expect((error as ProfileError).field, what).toContain(where);
  expectNoPollution(what);
}

describe('profile loading under fuzzing', () => {
  it('loads edited built-in profiles (JSON and YAML) and loads them again, written out, to the same profile', () => {
    const counter = new FuzzCounter('profiles, valid', 'loaded and round-tripped');
    fc.assert(
      fc.property(validProfile, ({ text, yaml }) => {
        const profile = parseProfileText(text, 'site.profile');
        expect(parseProfileText(asText(profile, !yaml), 'again.profile')).toEqual(profile);
        counter.count(true);
      }),
      { numRuns: VALID_RUNS },
    );
    counter.expectFloor(1, VALID_RUNS);
  });

  it('refuses damaged files (cut short, stray NULs and BOMs, UTF-16LE read as UTF-8) with a ProfileError', () => {
    const counter = new FuzzCounter('profiles, damaged', 'refused with ProfileError');
    fc.assert(
      fc.property(damagedProfile, ({ how, text, mustRefuse }) => {
        let profile: Profile;
        try {
          profile = parseProfileText(text, 'damaged.profile');
        } catch (error) {
          if (!(error instanceof ProfileError)) throw error;
          expect(error.field, how).not.toBe('');
          counter.count(true);
          return;
        }
        // A cut at a line end, or a NUL or BOM inside a name, can leave a valid profile: it must still round-trip.
        expect(mustRefuse, `${how} loaded: ${JSON.stringify(text.slice(0, 80))}`).toBe(false);
        expect(parseProfileText(JSON.stringify(profile), 'again.profile')).toEqual(profile);
        counter.count(false);
      }),
      { numRuns: DAMAGED_RUNS },
    );
    // Measured: about 96% are refused; most damage lands in structure, not inside a name or a description.
    counter.expectFloor(0.7, DAMAGED_RUNS);
    expectNoPollution('damaged profiles');
  });

  it('refuses alias bombs, prototype keys and wrong types with a ProfileError naming the place', () => {
    const counter = new FuzzCounter('profiles, hostile', 'refused with ProfileError');
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    fc.assert(
      fc.property(hostile, (entry) => {
        expectRefused(entry);
        heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        counter.count(true);
      }),
      { numRuns: HOSTILE_RUNS },
    );
    counter.expectFloor(1, HOSTILE_RUNS);
    // A bound, not a measurement: an expanded bomb or a kept huge value would take far more than this.
    expect(heapPeak - heapBefore).toBeLessThan(512 << 20);
    expect(MAX_PROFILE_CHARACTERS).toBeLessThan(2 << 20);
  });

  // Each parse of these is costly, and one of each says all there is to say: no need to fuzz them.
  it.each(HUGE)('refuses $what with a ProfileError naming $where, holding no copy of it', (entry) => {
    const heapBefore = process.memoryUsage().heapUsed;
    expectRefused(entry);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(256 << 20);
  });
});
