import { z } from 'zod';
import { AuditReportSchema } from '../audit/report';
import { STANDINGS } from '../report/standing';

/**
 * The fleet report: what `sinkguard fleet audit --json` prints. Each audited host carries the very report object
 * `sinkguard audit --json` prints for its export; the matrix, counts and drift are computed from those. The zod schema
 * is the documentation: docs/fleet-report.schema.json is generated from it.
 */

const StandingSchema = z.enum(STANDINGS);
const HOST_STATUSES = ['audited', 'unreadable'] as const;

export const FleetHostSchema = z.object({
  host: z.string().describe('The host: its manifest host name, or the name of its plain .reg file'),
  entry: z.string().describe('The folder or file of the collection it was read from'),
  status: z.enum(HOST_STATUSES),
  problem: z.string().nullable().describe('Why the host could not be read (unreadable only)'),
  report: AuditReportSchema.nullable().describe('What `sinkguard audit --reg-file` reports for its export'),
});
export type FleetHost = z.infer<typeof FleetHostSchema>;

export const MatrixRowSchema = z.object({
  host: z.string(),
  status: z.enum(HOST_STATUSES),
  standings: z
    .array(StandingSchema.nullable())
    .describe(
      'One per matrix setting, in order; null when the host was not audited or the setting not assessed',
    ),
  score: z.number().int().nullable(),
  keysNotInExport: z.number().int().describe('How many audited keys its export lacks'),
});
export type MatrixRow = z.infer<typeof MatrixRowSchema>;

const HostListSchema = z.array(z.string());

export const FleetCountsSchema = z.object({
  hosts: z.number().int(),
  audited: z.number().int(),
  unreadable: z.number().int(),
  byWorstStanding: z
    .object(
      Object.fromEntries(STANDINGS.map((standing) => [standing, z.number().int()])) as {
        [S in (typeof STANDINGS)[number]]: z.ZodNumber;
      },
    )
    .describe('Audited hosts by the worst standing of any of their settings'),
  bySetting: z
    .array(
      z.object({
        settingId: z.string(),
        title: z.string(),
        standing: StandingSchema,
        hosts: HostListSchema,
      }),
    )
    .describe('For each setting and standing other than ok: the hosts that stand there'),
  byFinding: z
    .array(
      z.object({
        settingId: z.string(),
        finding: z
          .string()
          .describe('One supporting fact of a shortfall, e.g. an offending ACE or firewall rule'),
        count: z.number().int().describe('How many hosts it was found on'),
        hosts: HostListSchema.describe('The first 100 of them'),
      }),
    )
    .describe('The facts behind shortfalls, each with the hosts it was found on, most hosts first'),
  findingsNotCounted: z
    .boolean()
    .describe(
      'Whether more distinct facts were found than are tracked (the fleet is tallied in bounded memory)',
    ),
});
export type FleetCounts = z.infer<typeof FleetCountsSchema>;

export const DriftSchema = z.object({
  compareTo: z.string().describe('The earlier collection'),
  changed: z.array(
    z.object({
      host: z.string(),
      settingId: z.string(),
      title: z.string(),
      from: StandingSchema.nullable(),
      to: StandingSchema.nullable(),
    }),
  ),
  newHosts: HostListSchema.describe('Hosts only in this collection'),
  goneHosts: HostListSchema.describe('Hosts only in the earlier one'),
});
export type Drift = z.infer<typeof DriftSchema>;

export const FleetReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    generatedAt: z.iso.datetime(),
    sinkguardVersion: z.string(),
    collection: z.string(),
    profile: AuditReportSchema.shape.profile,
    hosts: z.array(FleetHostSchema),
    matrix: z.object({
      settings: z.array(z.object({ settingId: z.string(), title: z.string() })),
      rows: z.array(MatrixRowSchema),
    }),
    counts: FleetCountsSchema,
    drift: DriftSchema.nullable().describe('Against --compare; null without it'),
  })
  .meta({ title: 'SinkGuard fleet report' });
export type FleetReport = z.infer<typeof FleetReportSchema>;

export function fleetReportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(FleetReportSchema, { io: 'output' }) as Record<string, unknown>;
}

/** What every rendering of a fleet audit shows (text, HTML) and the run hands them: one shape, named once. */
export interface FleetReportBody {
  readonly rows: readonly MatrixRow[];
  /** Unreadable hosts and why, in host order. */
  readonly problems: ReadonlyMap<string, string>;
  readonly counts: FleetCounts;
  readonly drift: Drift | null;
}
