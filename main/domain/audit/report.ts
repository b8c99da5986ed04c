import { z } from 'zod';
import { REMEDIES, SETTING_AREAS, SEVERITIES } from '../catalog/types';
import { STANDINGS } from '../report/standing';
import { VERDICTS, type Verdict } from './verdicts';
import { RPC_PORT_OPENINGS, type FirewallProfile } from './deps';
import { AuditMachineSchema } from './machine';

/**
 * The audit report: what `sinkguard audit --json` prints and what the app's audit page shows. The zod schema is the
 * documentation: docs/audit-report.schema.json is generated from it (see test/unit/audit/schemas.test.ts).
 */

export { VERDICTS, type Verdict } from './verdicts';

const SeveritySchema = z.enum(SEVERITIES);

/** A registry value as JSON: binary as lowercase hex, QWORD as a decimal string. */
export const JsonRegistryValueSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('REG_SZ'), data: z.string() }),
  z.object({ type: z.literal('REG_EXPAND_SZ'), data: z.string() }),
  z.object({ type: z.literal('REG_MULTI_SZ'), data: z.array(z.string()) }),
  z.object({ type: z.literal('REG_DWORD'), data: z.number().int() }),
  z.object({ type: z.literal('REG_QWORD'), data: z.string().describe('decimal') }),
  z.object({ type: z.literal('REG_BINARY'), data: z.string().describe('lowercase hex') }),
  z.object({
    type: z.literal('REG_OTHER'),
    typeCode: z.number().int(),
    data: z.string().describe('lowercase hex'),
  }),
]);
export type JsonRegistryValue = z.infer<typeof JsonRegistryValueSchema>;

const LocationSchema = z.object({ key: z.string(), value: z.string() });

/** What one registry location held. */
export const ObservedValueSchema = z.object({
  location: LocationSchema,
  state: z.enum(['present', 'absent', 'unreadable']),
  raw: JsonRegistryValueSchema.nullable().describe('The stored value, exactly; null when absent'),
  display: z.string().describe('Display-ready reading of the value, in catalog terms'),
  problem: z.string().nullable().describe('Why the value cannot be used, when unreadable'),
});
export type ObservedValue = z.infer<typeof ObservedValueSchema>;

export const ChangeSchema = z
  .object({
    settingId: z.string(),
    from: z.string().describe('Display of the effective value now'),
    to: z.string().describe('Display of the value the profile wants'),
    registryWrites: z
      .array(z.object({ key: z.string(), name: z.string(), value: JsonRegistryValueSchema }))
      .describe('Values the change engine would write (empty for firewall changes)'),
    registryDeletes: z
      .array(z.object({ key: z.string(), name: z.string() }))
      .describe('Values the change engine would delete'),
    firewall: z
      .object({
        target: z.enum(['endpoint-mapper', 'dynamic-rpc', 'unsecapp']),
        allowFrom: z.array(z.string()).describe('The remote scope to allow; empty = close'),
        rules: z.array(z.string()).describe('Ids of the enabled rules that open it today'),
      })
      .nullable(),
  })
  .describe('What the profile would change, in catalog terms: the change engine plans from this');
export type Change = z.infer<typeof ChangeSchema>;

const EffectiveSchema = z.object({
  display: z.string(),
  raw: z.json().describe('The effective value in catalog terms (number, Y/N, SDDL, ...); null if unknown'),
  source: z
    .enum(['local', 'policy', 'default'])
    .describe('default = the value is absent and Windows’ default applies'),
});

const PortRangeSchema = z.object({ first: z.number().int(), last: z.number().int() });

/** One rule of main/domain/firewall/rpc-range-rules.ts DynamicRpcRule. */
export const DynamicRpcRuleSchema = z.object({
  id: z.string(),
  store: z.enum(['local', 'policy']),
  displayName: z.string().nullable().describe('What the Firewall console shows; null when unknown'),
  group: z.string().nullable(),
  profiles: z
    .array(z.enum(['Domain', 'Private', 'Public'] as const satisfies readonly FirewallProfile[]))
    .describe('Profiles on which the rule is in effect'),
  admits: z.string().describe('The programs it admits, in plain words'),
  opening: z
    .enum(RPC_PORT_OPENINGS)
    .describe('rpc-keyword = LPort=RPC (follows any range); every-port; port-numbers = explicit ports'),
  ports: z.array(PortRangeSchema).describe('The TCP port numbers it lists (port-numbers only)'),
  ruleString: z.string().describe('The rule as stored'),
});

export const FindingSchema = z.object({
  settingId: z.string(),
  title: z.string(),
  area: z.enum(SETTING_AREAS),
  verdict: z.enum(VERDICTS),
  severity: SeveritySchema.nullable().describe('How far short of the profile; null when it meets it'),
  standing: z
    .enum(STANDINGS)
    .describe(
      'Where it stands, in the one word the UI, CLI table and HTML report show: a shortfall by its severity (critical, high, medium, low), else ok, managed or unreadable',
    ),
  meetsProfile: z.boolean().nullable().describe('null when the value cannot be read'),
  effective: EffectiveSchema,
  local: ObservedValueSchema.nullable().describe(
    'The value at its own location (null for firewall findings)',
  ),
  policy: ObservedValueSchema.nullable().describe(
    'The Group Policy value, for settings Group Policy can set',
  ),
  managedByPolicy: z.boolean(),
  changeableLocally: z
    .boolean()
    .describe(
      'SinkGuard can change it on this machine (false for policy-managed, group-policy and manual ones)',
    ),
  remedy: z
    .enum(REMEDIES)
    .describe(
      'How a shortfall is fixed: local = SinkGuard changes it; group-policy = only a GPO sets it (policy-managed now, or a value that exists only under HKLM\\SOFTWARE\\Policies); manual = reported only, fixed where remedyHint says',
    ),
  remedyHint: z
    .string()
    .nullable()
    .describe(
      'For group-policy and manual remedies: where and how to fix it, in plain words; null for local',
    ),
  groupPolicySetting: z
    .string()
    .nullable()
    .describe('The Group Policy editor path of the setting, where a GPO can set it'),
  whenAbsent: z.string().nullable().describe('What Windows does while the value is not set (catalog)'),
  expected: z.string().describe('The profile target, display-ready'),
  explanation: z.string().describe('Plain words: where the machine stands and why it matters'),
  details: z.array(z.string()).describe('Supporting facts: offending ACEs, firewall rules, profiles'),
  change: ChangeSchema.nullable(),
  restartRequired: z.boolean(),
  rationale: z.string(),
  sideEffects: z.string(),
  references: z.array(z.object({ id: z.string(), title: z.string(), url: z.string() })),
});
export type Finding = z.infer<typeof FindingSchema>;

export const AuditReportSchema = z
  .object({
    schemaVersion: z.literal(1),
    machine: AuditMachineSchema.optional(),
    profile: z.object({
      name: z.string(),
      description: z.string().nullable(),
      managementScope: z.array(z.string()),
    }),
    findings: z.array(FindingSchema),
    notAssessed: z
      .array(
        z.object({
          settingId: z.string(),
          title: z.string(),
          current: EffectiveSchema.extend({ explanation: z.string() })
            .nullable()
            .describe('What it holds today, for registry values read one by one; null for the other kinds'),
        }),
      )
      .describe('Catalog settings the profile has no target for'),
    rpcPortRules: z
      .array(DynamicRpcRuleSchema)
      .nullable()
      .describe(
        'Enabled inbound firewall rules that open the dynamic RPC ports today; null when the firewall could not be read',
      ),
    summary: z.object({
      counts: z.object(
        Object.fromEntries(VERDICTS.map((verdict) => [verdict, z.number().int()])) as {
          [V in Verdict]: z.ZodNumber;
        },
      ),
      worstSeverity: SeveritySchema.nullable(),
      score: z
        .number()
        .int()
        .min(0)
        .max(100)
        .describe(
          'Posture score 0-100 weighted by severity (a setting weighs 1/2/4/8 from low to critical; share of weight that meets the profile), capped by the worst shortfall: critical <= 20, high <= 50, medium <= 75, low <= 90',
        ),
      meetsProfile: z.boolean().describe('Every assessed setting meets the profile'),
    }),
  })
  .meta({ title: 'SinkGuard audit report' });
export type AuditReport = z.infer<typeof AuditReportSchema>;

export function auditReportJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(AuditReportSchema, { io: 'output' }) as Record<string, unknown>;
}
