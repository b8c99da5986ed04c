import { z } from 'zod';
import { AppIdChange, AppIdView } from '../domain/appids/model';
import { JsonRegistryValueSchema } from '../domain/audit/index';
import { toJsonValue } from '../domain/audit/snapshots';
import {
  SettingChange,
  planChanges,
  reviewWarnings,
  type Plan,
  type RestorePlan,
} from '../domain/changes/index';
import {
  CHANGE_OPERATIONS,
  JOURNAL_OUTCOMES,
  OUTCOME_STATUSES,
  PROGRESS_STATUSES,
  TRANSACTION_STEPS,
} from '../domain/changes/vocabulary';
import { CHANNEL, EVENT } from './names';

/**
 * The change engine's IPC channels and progress event. The renderer sends setting ids and values (or a profile
 * id); main plans, keeps the plan and returns it for display; `plan:apply` names a kept plan by id (a renderer can
 * never send a plan body to execute). main/contract/ipc.ts spreads them into the one channel map.
 */

const FIREWALL_PROFILE_NAMES = ['Domain', 'Private', 'Public'] as const;

const FirewallProfiles = z
  .array(z.enum(FIREWALL_PROFILE_NAMES))
  .min(1)
  .max(FIREWALL_PROFILE_NAMES.length)
  .refine((profiles) => new Set(profiles).size === profiles.length, 'each profile at most once');

// Strict like every request object: an extra key is a caller's mistake, refused rather than silently dropped.
const SettingEditSchema = z
  .object({
    settingId: z.string().min(1).max(100),
    value: z.union([
      z.number().int(),
      z.enum(['Y', 'N']),
      z.string().min(1).max(8192).describe('SDDL, for descriptor settings'),
      z.object({ restrict: z.literal(false) }).strict(),
      z.object({ restrict: z.literal(true), ports: z.array(z.string().max(32)).min(1).max(64) }).strict(),
      z
        .object({
          allowFrom: z.array(z.string().max(100)).max(64),
          profiles: FirewallProfiles.optional().describe(
            'Open on exactly these profiles (only with a non-empty allowFrom); absent = each rule keeps its profiles',
          ),
        })
        .strict(),
    ]),
  })
  .strict();

const NoFirewall = z
  .boolean()
  .optional()
  .describe('true: plan without the firewall part (the review step\'s "Change the firewall" switch off)');

export const PlanCreateRequest = z.union([
  z.object({ profile: z.enum(['recommended', 'strict']), noFirewall: NoFirewall }).strict(),
  z.object({ edits: z.array(SettingEditSchema).min(1).max(50), noFirewall: NoFirewall }).strict(),
  z
    .object({
      appId: z
        .object({
          id: z.string().min(1).max(260).describe('the AppID {GUID}, or an executable name that maps to one'),
          change: AppIdChange,
        })
        .strict(),
    })
    .strict()
    .describe('a change to one DCOM application, reviewed and applied (plan:apply) like any plan'),
]);

const ValueChangeView = z.object({
  settingId: z.string(),
  key: z.string(),
  name: z.string(),
  action: z.enum(['write', 'delete']),
  type: z.string(),
  before: JsonRegistryValueSchema.nullable(),
  after: JsonRegistryValueSchema.nullable(),
});

const FirewallChangeView = z.object({
  settingId: z.string(),
  target: z.enum(['endpoint-mapper', 'dynamic-rpc', 'unsecapp']),
  allowFrom: z.array(z.string()),
  profiles: z.array(z.enum(FIREWALL_PROFILE_NAMES)).nullable(),
  steps: z.array(
    z.object({
      ruleId: z.string(),
      displayName: z.string().nullable(),
      group: z.string().nullable(),
      command: z.string(),
      ruleBefore: z.string(),
      expectedRule: z.string(),
    }),
  ),
});

export const PlanView = z.object({
  id: z.string(),
  createdAt: z.string(),
  target: z.union([
    z.object({ kind: z.literal('profile'), name: z.string() }),
    z.object({ kind: z.literal('edits'), settings: z.array(z.string()) }),
    z.object({ kind: z.literal('appid'), guid: z.string(), view: AppIdView, name: z.string().nullable() }),
  ]),
  backend: z.string(),
  fingerprint: z.string(),
  valueChanges: z.array(ValueChangeView),
  firewallChanges: z.array(FirewallChangeView),
  createdKeys: z.array(z.string()),
  skipped: z.array(
    z.object({
      settingId: z.string(),
      title: z.string(),
      reason: z.enum(['policy-managed', 'unreadable', 'not-supported']),
      message: z.string(),
    }),
  ),
  warnings: z.array(z.object({ settingId: z.string(), breaksCallbacks: z.boolean(), message: z.string() })),
  diff: z.array(
    z.object({
      settingId: z.string(),
      title: z.string(),
      from: z.string(),
      to: z.string(),
      lines: z.array(z.string()),
      restartRequired: z.boolean(),
    }),
  ),
  /** The diff in the admin's words: what the review, the exported plan and the CLI show. */
  changes: z.array(SettingChange),
});
export type PlanView = z.infer<typeof PlanView>;

export const TransactionOutcomeView = z.object({
  status: z.enum(OUTCOME_STATUSES),
  transactionId: z.string().nullable(),
  backupId: z.string().nullable(),
  message: z.string(),
  details: z.array(z.string()),
});

const HistoryEntryView = z.object({
  id: z.string(),
  operation: z.enum(CHANGE_OPERATIONS),
  at: z.string(),
  machine: z.string(),
  user: z.string(),
  backend: z.string(),
  target: z.string(),
  planId: z.string().nullable(),
  backupId: z.string(),
  diff: z.array(z.object({ settingId: z.string(), title: z.string(), lines: z.array(z.string()) })),
  changes: z
    .array(SettingChange)
    .nullable()
    .describe('null: journaled before SinkGuard kept it (show `diff`)'),
  outcome: z.enum(JOURNAL_OUTCOMES).nullable(),
  message: z.string().nullable(),
  details: z.array(z.string()),
  endedAt: z.string().nullable(),
});

const TransactionId = z.string().regex(/^\d{8}T\d{6}Z-[0-9a-f]{8}$/, 'not a SinkGuard id');

const Fingerprint = z.string().regex(/^[0-9a-f]{64}$/, 'not a SHA-256');

const NoticeView = z.object({ settingId: z.string().nullable(), title: z.string(), message: z.string() });

/** A restore plan as the dialog shows it: in words per setting, what changed since, and the raw operations. */
export const RestorePlanView = z.object({
  backupId: z.string(),
  change: z.string(),
  changedAt: z.string(),
  fingerprint: z.string(),
  operationCount: z.number().int().nonnegative(),
  diff: z.array(z.object({ settingId: z.string(), title: z.string(), lines: z.array(z.string()) })),
  changedSince: z.array(NoticeView),
  kept: z.array(NoticeView),
  technical: z.array(z.string()),
  changes: z.array(SettingChange),
});
export type RestorePlanView = z.infer<typeof RestorePlanView>;

export function restorePlanToJson(plan: RestorePlan): RestorePlanView {
  return {
    backupId: plan.backupId,
    change: plan.change,
    changedAt: plan.changedAt,
    fingerprint: plan.fingerprint,
    operationCount: plan.operations.length,
    diff: plan.diff.map((item) => ({ settingId: item.settingId, title: item.title, lines: [...item.lines] })),
    changedSince: plan.changedSince.map((notice) => ({ ...notice })),
    kept: plan.kept.map((notice) => ({ ...notice })),
    technical: [...plan.technical],
    changes: [...plan.changes],
  };
}

export const RecoveryStatus = z.object({
  interrupted: z.array(HistoryEntryView).describe('began and never finished, oldest first'),
  next: HistoryEntryView.nullable().describe(
    'the one whose backup:restore (recoversInterrupted) comes next: the newest first; null when none is pending',
  ),
});
export type RecoveryStatus = z.infer<typeof RecoveryStatus>;

export const changeChannels = {
  [CHANNEL.planCreate]: { request: PlanCreateRequest, response: PlanView },
  [CHANNEL.planApply]: {
    request: z.object({ planId: TransactionId }).strict(),
    response: TransactionOutcomeView,
  },
  [CHANNEL.historyList]: {
    request: z.object({}).strict(),
    response: z.object({
      entries: z.array(HistoryEntryView).describe('oldest first'),
      interrupted: z
        .array(HistoryEntryView)
        .describe('began and never finished: offer backup:restore of each'),
    }),
  },
  /**
   * Restores a backup. While a change is interrupted only the backup of `recovery:status`'s `next` may be restored
   * (plan:apply and other restores are refused with `interrupted`); `recoversInterrupted` asks for exactly that.
   */
  [CHANNEL.backupRestore]: {
    request: z
      .object({
        backupId: TransactionId,
        recoversInterrupted: z.boolean().default(false),
        fingerprint: Fingerprint.optional().describe(
          'the backup:restore-plan confirmed: refused (stale-plan) if the machine changed since',
        ),
      })
      .strict(),
    response: TransactionOutcomeView,
  },
  /**
   * What restoring a backup would do, for the confirmation dialog (reads only): for exactly what the change touched,
   * from the machine as it is now back to the backup. Refused with `untrusted-backup` when the journal does not
   * vouch for the backup file.
   */
  [CHANNEL.backupRestorePlan]: {
    request: z.object({ backupId: TransactionId }).strict(),
    response: RestorePlanView,
  },
  /** Start-up recovery: changes that began and never finished (process killed, power lost). */
  [CHANNEL.recoveryStatus]: { request: z.object({}).strict(), response: RecoveryStatus },
} as const;

export const ApplyProgress = z.object({
  transactionId: z.string().nullable(),
  planId: z.string().nullable(),
  step: z.enum(TRANSACTION_STEPS),
  status: z.enum(PROGRESS_STATUSES),
  message: z.string(),
  at: z.string(),
});

export const changeEvents = { [EVENT.applyProgress]: ApplyProgress } as const;

function targetView(target: Plan['target']): PlanView['target'] {
  switch (target.kind) {
    case 'profile':
      return { kind: 'profile', name: target.name };
    case 'edits':
      return { kind: 'edits', settings: target.edits.map((edit) => edit.settingId) };
    case 'appid':
      return { kind: 'appid', ...target.application };
  }
}

/** The plan as JSON for the renderer and `--json`: registry values in the audit report's JSON spelling. */
export function planToJson(plan: Plan): PlanView {
  return {
    id: plan.id,
    createdAt: plan.createdAt,
    target: targetView(plan.target),
    backend: plan.backend,
    fingerprint: plan.fingerprint,
    valueChanges: plan.valueChanges.map((change) => ({
      settingId: change.settingId,
      key: change.key,
      name: change.name,
      action: change.action,
      type: change.type,
      before: change.before === null ? null : toJsonValue(change.before),
      after: change.after === null ? null : toJsonValue(change.after),
    })) as PlanView['valueChanges'],
    firewallChanges: plan.firewallChanges.map((change) => ({
      settingId: change.settingId,
      target: change.target,
      allowFrom: [...change.allowFrom],
      profiles: change.profiles ? [...change.profiles] : null,
      steps: change.steps.map((step) => ({
        ruleId: step.ruleId,
        displayName: step.displayName,
        group: step.group,
        command: step.command.display,
        ruleBefore: step.ruleBefore,
        expectedRule: step.expectedRule,
      })),
    })),
    createdKeys: [...plan.createdKeys],
    skipped: plan.skipped.map((skip) => ({ ...skip })),
    // One per message, as the review shows them (a setting's general side effects give way to its own warning).
    warnings: reviewWarnings(plan.warnings).map((warning) => ({ ...warning })),
    diff: plan.diff.map((item) => ({ ...item, lines: [...item.lines] })),
    changes: planChanges(plan),
  };
}
