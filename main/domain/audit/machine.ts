import { z } from 'zod';

/**
 * Which machine a report is about, as far as it can be told (never guessed): its name, Windows build and domain or
 * workgroup membership (`unknown` with why, rather than invented). The IPC contract's MachineIdentity is this schema.
 */
export const MachineIdentitySchema = z.object({
  /** null: the machine read has no name SinkGuard can know (a simulated machine whose registry names none). */
  hostName: z.string().nullable(),
  /** e.g. "Windows 11 Pro 23H2, build 22631.4460", or which simulated machine this is. */
  osBuild: z.string(),
  membership: z.discriminatedUnion('kind', [
    /** `from`: where the name was read, e.g. the USERDNSDOMAIN environment variable. */
    z.object({ kind: z.literal('domain'), name: z.string(), from: z.string() }),
    z.object({ kind: z.literal('workgroup'), from: z.string() }),
    z.object({ kind: z.literal('unknown'), why: z.string() }),
  ]),
});
export type MachineIdentity = z.infer<typeof MachineIdentitySchema>;

/** How the registry was reached: a live backend, or `reg export` files audited offline. */
export const AUDIT_BACKENDS = ['simulated', 'reg-exe', 'regedit', 'reg-file'] as const;
export type AuditBackend = (typeof AUDIT_BACKENDS)[number];

/** What tells reports from many machines apart: which machine, when, read how, by which SinkGuard. */
export const AuditMachineSchema = MachineIdentitySchema.extend({
  time: z.iso.datetime().describe('When the audit ran (ISO 8601, UTC)'),
  collectedAt: z.iso
    .datetime()
    .nullable()
    .describe('When the export was taken, as its collector manifest says; null when not known'),
  backend: z.enum(AUDIT_BACKENDS).describe('reg-file = `reg export` files audited offline'),
  source: z.string().describe('What was read, e.g. "simulated: legacy" or the .reg files'),
  sinkguardVersion: z.string(),
  keysNotInExport: z
    .array(z.string())
    .nullable()
    .describe(
      'Audited keys the offline export does not hold: their settings are unknown, never compliant; null for live audits',
    ),
}).describe('The machine audited; present in `sinkguard audit --json` and in fleet reports');
export type AuditMachine = z.infer<typeof AuditMachineSchema>;
