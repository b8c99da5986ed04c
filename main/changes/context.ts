import type {
  ChangeOperation,
  JournalBegin,
  JournalOutcome,
  ProgressEvent,
  ProgressStatus,
  SettingChange,
  TransactionStep,
} from '../domain/changes/index';
import type { FirewallCommandRunner } from '../domain/firewall/runner';
import type { RegistryPort } from '../domain/registry-port/types';
import { dataFolderGuardFor, type DataFolderGuard } from '../platform/data-folder';
import { BackupStore } from './backups';
import { JournalFile } from './journal-file';

export interface ChangeEngineOptions {
  readonly port: RegistryPort;
  readonly firewall: FirewallCommandRunner;
  readonly dataDirectory: string;
  /** true / false, or null when it cannot be told (then the write itself decides). */
  readonly detectElevation: () => Promise<boolean | null>;
  readonly identity: { readonly machine: string; readonly user: string };
  /** Locks down and checks the data folder before it is relied on; defaults to this platform's (Windows only). */
  readonly dataFolder?: DataFolderGuard;
  readonly now?: () => Date;
  /**
   * Called at every step as it happens, and awaited: the UI's progress, the CLI's log, and the tests' hook to kill
   * the process at a step boundary. Best-effort: what it throws is ignored.
   */
  readonly onProgress?: (event: ProgressEvent) => void | Promise<void>;
}

export type ProgressFn = (step: TransactionStep, status: ProgressStatus, message: string) => Promise<void>;

/** What every part of the engine shares: the ports, the stores, the clock and what this process has checked. */
export class EngineContext {
  readonly port: RegistryPort;
  readonly firewall: FirewallCommandRunner;
  readonly backups: BackupStore;
  readonly journal: JournalFile;
  readonly now: () => Date;
  readonly dataFolder: DataFolderGuard;
  /** Once the folder has passed the check in this process, only an administrator could have changed that. */
  dataFolderTrusted = false;

  constructor(readonly options: ChangeEngineOptions) {
    this.port = options.port;
    this.firewall = options.firewall;
    this.backups = new BackupStore(options.dataDirectory);
    this.journal = new JournalFile(options.dataDirectory);
    this.now = options.now ?? (() => new Date());
    this.dataFolder = options.dataFolder ?? dataFolderGuardFor(process.platform, process.env);
  }

  progressFor(transactionId: string | null, planId: string | null): ProgressFn {
    // Best-effort: a sink that throws (a --log file on a full disk) never stops a step or a rollback.
    return async (step, status, message) => {
      try {
        await this.options.onProgress?.({
          transactionId,
          planId,
          step,
          status,
          message,
          at: this.now().toISOString(),
        });
      } catch {
        // The step goes on; the sink's owner sees its own failure.
      }
    };
  }

  beginRecord(
    id: string,
    operation: ChangeOperation,
    target: string,
    plan: {
      readonly id: string | null;
      readonly fingerprint: string | null;
      readonly diff: readonly {
        readonly settingId: string;
        readonly title: string;
        readonly lines: readonly string[];
      }[];
      /** The change in the admin's words, for History. */
      readonly changes: readonly SettingChange[];
    },
    recovers: string | null,
    /** What the transaction touches and its backup's checksum: what a restore of that backup may rely on. */
    trust: Pick<JournalBegin, 'touched' | 'backup'> = {},
  ): JournalBegin {
    return {
      v: 1,
      type: 'begin',
      id,
      operation,
      at: this.now().toISOString(),
      machine: this.options.identity.machine,
      user: this.options.identity.user,
      backend: this.port.description,
      target,
      planId: plan.id,
      fingerprint: plan.fingerprint,
      diff: plan.diff.map((item) => ({
        settingId: item.settingId,
        title: item.title,
        lines: [...item.lines],
      })),
      changes: [...plan.changes],
      recovers,
      ...trust,
    };
  }
}

export function endRecord(
  id: string,
  type: 'commit' | 'rollback',
  outcome: JournalOutcome,
  at: Date,
  message: string,
  details: readonly string[],
) {
  return { v: 1 as const, type, id, at: at.toISOString(), outcome, message, details: [...details], by: null };
}
