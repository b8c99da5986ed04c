import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnySchema } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { AuditReportSchema, type AuditReport } from '../../../main/domain/audit/index';
import { FleetReportSchema, type FleetReport } from '../../../main/domain/fleet-audit/index';
import { runCliCaptured, type CliRun } from '../../support/cli';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The published fleet report schema, compiled (date-time as zod writes it; ajv-formats is not a dependency). */
export const validateFleetReport = new Ajv2020({ strict: false })
  .addFormat('date-time', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/)
  .compile(JSON.parse(readFileSync(`${root}docs/fleet-report.schema.json`, 'utf8')) as AnySchema);

/** `fleet audit --json`, checked against the published schema and the zod one. */
export async function fleetJson(args: readonly string[]): Promise<{ run: CliRun; report: FleetReport }> {
  const run = await runCliCaptured(['fleet', 'audit', ...args, '--json']);
  const json = JSON.parse(run.stdout) as unknown;
  expect(validateFleetReport(json), JSON.stringify(validateFleetReport.errors)).toBe(true);
  return { run, report: FleetReportSchema.parse(json) };
}

/** A report without the time it was made: what two runs over the same export must agree on. */
export const timeless = (report: AuditReport): unknown => ({
  ...report,
  machine: report.machine ? { ...report.machine, time: null } : undefined,
});

/** What `sinkguard audit --reg-file … [--manifest …] --json` prints for one host. */
export async function singleAudit(
  paths: readonly string[],
  manifest: string | null,
  profile = 'recommended',
) {
  const run = await runCliCaptured([
    'audit',
    ...paths.flatMap((path) => ['--reg-file', path]),
    ...(manifest ? ['--manifest', manifest] : []),
    '--profile',
    profile,
    '--json',
    '--fail-on',
    'none',
  ]);
  expect(run.stderr).toBe('');
  return AuditReportSchema.parse(JSON.parse(run.stdout));
}
