import { auditReportJsonSchema } from '../../../main/domain/audit/index';
import { fleetReportJsonSchema } from '../../../main/domain/fleet-audit/index';
import {
  BUILT_IN_PROFILE_NAMES,
  builtInProfile,
  profileJsonSchema,
} from '../../../main/domain/profiles/index';

/**
 * Files generated from code and committed so people (and editors) can read them: the profile JSON Schema, the
 * built-in profiles as files to copy, and the audit report schema. schemas.test.ts checks the committed copies;
 * `npx tsx test/unit/audit/write-published.ts` rewrites them.
 */
export function publishedFiles(): { path: string; content: string }[] {
  const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  return [
    { path: 'main/domain/profiles/profile.schema.json', content: json(profileJsonSchema()) },
    ...BUILT_IN_PROFILE_NAMES.map((name) => ({
      path: `main/domain/profiles/builtin/${name}.json`,
      content: json({ $schema: '../profile.schema.json', ...builtInProfile(name) }),
    })),
    { path: 'docs/audit-report.schema.json', content: json(auditReportJsonSchema()) },
    { path: 'docs/fleet-report.schema.json', content: json(fleetReportJsonSchema()) },
  ];
}
