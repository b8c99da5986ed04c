import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnySchema } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { builtInProfile, parseProfileText } from '../../../main/domain/profiles/index';
import { publishedFiles } from './published';
import { auditSimulated } from './support';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const committed = (path: string): unknown => JSON.parse(readFileSync(root + path, 'utf8'));
const compile = (path: string) => new Ajv2020({ strict: false }).compile(committed(path) as AnySchema);

describe('published files', () => {
  it.each(publishedFiles().map((file) => [file.path, file.content] as const))(
    '%s is committed as generated (regenerate: npx tsx test/unit/audit/write-published.ts)',
    (path, content) => {
      expect(committed(path)).toEqual(JSON.parse(content));
    },
  );

  it('the built-in profile files validate against the published profile schema and load as the built-ins', () => {
    const validate = compile('main/domain/profiles/profile.schema.json');
    for (const name of ['recommended', 'strict'] as const) {
      const path = `main/domain/profiles/builtin/${name}.json`;
      expect(validate(committed(path)), JSON.stringify(validate.errors)).toBe(true);
      expect(parseProfileText(readFileSync(root + path, 'utf8'), path)).toEqual(builtInProfile(name));
    }
  });

  it('the published profile schema rejects what the zod schema rejects structurally', () => {
    const validate = compile('main/domain/profiles/profile.schema.json');
    const base = { name: 'x', managementScope: ['LocalSubnet'] };
    expect(validate({ ...base, settings: { 'dcom.legacy-authentication-level': { atLeast: 9 } } })).toBe(
      false,
    );
    expect(validate({ ...base, settings: { 'no.such-setting': { equals: 1 } } })).toBe(false);
    expect(validate({ ...base, settings: {}, extra: true })).toBe(false);
    expect(validate({ ...base, settings: { 'firewall.unsecapp': { reachableFrom: 'nowhere' } } })).toBe(true);
  });

  it('audit reports validate against docs/audit-report.schema.json', async () => {
    const validate = compile('docs/audit-report.schema.json');
    for (const machine of ['stock', 'legacy', 'gpo-managed'] as const) {
      const report = JSON.parse(JSON.stringify(await auditSimulated(machine)));
      expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    }
    expect(validate({ schemaVersion: 2 })).toBe(false);
  });
});
