import fc from 'fast-check';
import { loadConformance, pick } from './support';

// SDDL for the descriptor fuzzer: mostly valid (the grammar, and Windows' vectors with valid changes), one case in
// five broken.

const seedsRoundTrip = loadConformance<{ input: string }>('sddl_roundtrip.json').map((entry) => entry.input);
const seedsSddl = [
  ...seedsRoundTrip,
  ...loadConformance<{ input: string }>('sddl_invalid.json').map((entry) => entry.input),
];

const SDDL_PIECES = [
  'O:',
  'G:',
  'D:',
  'S:',
  '(',
  ')',
  ';',
  'A',
  'XA',
  'OA',
  'RA',
  'P',
  'AI',
  'CC',
  'GA',
  'WD',
  'S-1-',
  '0x',
  '-',
  '{',
  '}',
  '"',
  '#',
  '@User.',
  '&&',
  '||',
  '!',
  '==',
  ' ',
  'SID(',
  'Member_of',
  ',',
  'TI',
  '9',
  'ffff',
  '\n',
  '\r\n',
  '\u0007',
];
/** Broken input: a seed (valid or not) with a few pieces of SDDL syntax spliced in at random places. */
const mutatedSddl = fc
  .record({
    seed: fc.integer({ min: 0, max: seedsSddl.length - 1 }),
    edits: fc.array(
      fc.record({
        at: fc.nat(),
        cut: fc.integer({ min: 0, max: 3 }),
        piece: fc.constantFrom(...SDDL_PIECES),
      }),
      {
        minLength: 1,
        maxLength: 4,
      },
    ),
  })
  .map(({ seed, edits }) => {
    let text = seedsSddl[seed]!;
    for (const { at, cut, piece } of edits) {
      const i = text.length === 0 ? 0 : at % text.length;
      text = text.slice(0, i) + piece + text.slice(i + cut);
    }
    return text;
  });

/** Pieces of the SDDL grammar ([MS-DTYP] 2.5.1.1) that are valid where they are put. */
const SIDS = ['WD', 'SY', 'BA', 'BU', 'AU', 'AN', 'NS', 'LS', 'IU', 'CO', 'LA', 'S-1-1-0', 'S-1-5-32-544'];
const MORE_SIDS = [
  'S-1-5-21-1-2-3-1001',
  'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464',
  'S-1-0x12A05F200-30-40',
];
const RIGHTS = [
  'GA',
  'GR',
  'GX',
  'GRGX',
  'KA',
  'KR',
  'FA',
  'FR',
  'CCDCLCSWRPWPDTLOCRSDRCWDWO',
  'RPWPCR',
  '0x1f',
  '0x1200a9',
  '0x10000000',
  'CC',
];
const ACE_FLAGS = ['', 'CI', 'OI', 'OICI', 'CIIO', 'NP', 'ID', 'OICIID', 'SA', 'FA'];
const GUIDS = ['', 'bf967aba-0de6-11d0-a285-00aa003049e2', '00299570-246d-11d0-a768-00aa006e0529'];
const CONDITIONS = [
  '(@User.Title == "PM")',
  '(Member_of {SID(BA)})',
  '(@User.Project Any_of {"a", "b"})',
  '(Device_Member_of{SID(AA)} || Member_of{SID(WD)})',
  '(!(@User.clearance >= 3))',
];
const ACL_FLAGS = ['', 'P', 'AI', 'AR', 'PAI', 'PAIAR'];

const sid = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...SIDS) }, fc.constantFrom(...MORE_SIDS));
const ace = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom('A', 'D'), fc.constantFrom(...ACE_FLAGS), fc.constantFrom(...RIGHTS), sid)
      .map(([type, flags, rights, who]) => `(${type};${flags};${rights};;;${who})`),
  },
  fc
    .tuple(fc.constantFrom('OA', 'OD'), fc.constantFrom(...GUIDS), fc.constantFrom(...GUIDS), sid)
    .map(([type, object, inherited, who]) => `(${type};CI;RPWP;${object};${inherited};${who})`),
  fc
    .tuple(fc.constantFrom('XA', 'XD'), fc.constantFrom(...CONDITIONS), sid)
    .map(([type, condition, who]) => `(${type};;FX;;;${who};${condition})`),
);
const auditAce = fc
  .tuple(fc.constantFrom('SA', 'FA', 'SAFA'), fc.constantFrom(...RIGHTS), sid)
  .map(([flags, rights, who]) => `(AU;${flags};${rights};;;${who})`);

/** A whole descriptor from the grammar: owner, group, DACL and SACL each present or not. */
const grammarSddl = fc
  .record({
    owner: fc.option(sid),
    group: fc.option(sid),
    dacl: fc.option(fc.tuple(fc.constantFrom(...ACL_FLAGS), fc.array(ace, { maxLength: 6 }))),
    sacl: fc.option(
      fc.tuple(
        fc.constantFrom(...ACL_FLAGS),
        fc.array(fc.oneof(auditAce, fc.constant('(ML;;NW;;;LW)')), { maxLength: 3 }),
      ),
    ),
  })
  .map(({ owner, group, dacl, sacl }) =>
    [
      owner && `O:${owner}`,
      group && `G:${group}`,
      dacl && `D:${dacl[0]}${dacl[1].join('')}`,
      sacl && `S:${sacl[0]}${sacl[1].join('')}`,
    ]
      .filter(Boolean)
      .join(''),
  );

/** A Windows vector with a valid change: another principal for one alias, or one more ACE at the DACL's end. */
const validSeedSddl = fc
  .record({
    seed: fc.nat(),
    from: fc.constantFrom(...SIDS.slice(0, 8)),
    to: fc.constantFrom(...SIDS),
    extra: fc.option(ace),
  })
  .map(({ seed, from, to, extra }) => {
    const text = pick(seedsRoundTrip, seed).replace(`;;;${from})`, `;;;${to})`);
    return extra && /D:[^:]*\)$/.test(text) ? text + extra : text;
  });

/** Mostly valid: grammar descriptors and changed Windows vectors; one case in five broken (mutatedSddl). */
export const sddlCases = fc.oneof(
  { weight: 2, arbitrary: grammarSddl.map((text) => ({ text, broken: false })) },
  { weight: 2, arbitrary: validSeedSddl.map((text) => ({ text, broken: false })) },
  { weight: 1, arbitrary: mutatedSddl.map((text) => ({ text, broken: true })) },
);
