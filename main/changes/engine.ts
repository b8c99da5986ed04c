import {
  TransactionState,
  ancestorsOf,
  canonicalState,
  describeStateChanges,
  historyOf,
  indexSnapshots,
  interruptedTransactions,
  isEmptyPlan,
  isSameOrBelow,
  planForEdits,
  planForProfile,
  planKeys,
  sameValue,
  valueIn,
  type HistoryEntry,
  type JournalBegin,
  type Plan,
  type SettingEdit,
  type TransactionStep,
  type ValueChange,
} from '../domain/changes/index';
import { verifyFirewallChange } from '../domain/firewall/commands';
import type { FirewallCommand, FirewallCommandRunner } from '../domain/firewall/runner';
import { LOCAL_RULES_KEY } from '../domain/firewall/store';
import type { Profile } from '../domain/profiles/index';
import { parseRegFile, writeRegFile, type RegFileBlock, type RegFileEntry } from '../domain/regfile/index';
import { RegistryError } from '../registry/errors';
import type { KeySnapshot, RegistryPort } from '../registry/types';
import { UntrustedDataFolderError, dataFolderGuardFor, type DataFolderGuard } from '../platform/data-folder';
import { BackupError, BackupStore, type BackupManifest } from './backups';
import { JournalFile } from './journal-file';
import { newTransactionId, sha256Hex } from './storage';

export type ChangeRefusalCode =
  | 'not-elevated'
  | 'policy-managed'
  | 'stale-plan'
  | 'backend'
  | 'invalid-input'
  | 'not-found'
  /** A change began and never finished: its backup must be restored before anything else is changed. */
  | 'interrupted'
  /** The data folder (backups, journal) could be written by someone other than administrators. */
  | 'untrusted-data-folder';

/** A change refused before anything was written; `details` names what (the changed values, the key...). */
export class ChangeRefusedError extends Error {
  override readonly name = 'ChangeRefusedError';
  constructor(
    readonly code: ChangeRefusalCode,
    message: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

export type ProgressStatus = 'started' | 'ok' | 'failed';

export interface ProgressEvent {
  readonly transactionId: string | null;
  readonly planId: string | null;
  readonly step: TransactionStep;
  readonly status: ProgressStatus;
  readonly message: string;
  readonly at: string;
}

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
   * the process at a step boundary.
   */
  readonly onProgress?: (event: ProgressEvent) => void | Promise<void>;
}

export type PlanRequest = { readonly profile: Profile } | { readonly edits: readonly SettingEdit[] };

export interface TransactionOutcome {
  /** applied / restored: done and verified. rolled-back: failed, and the state before is back (verified). */
  readonly status: 'applied' | 'restored' | 'rolled-back' | 'rollback-failed' | 'nothing-to-do';
  readonly transactionId: string | null;
  readonly backupId: string | null;
  readonly message: string;
  readonly details: readonly string[];
}

interface StoredPlan {
  readonly plan: Plan;
  readonly request: PlanRequest;
  readonly snapshots: readonly KeySnapshot[];
}

const MAX_PLANS = 20;

/**
 * The write path: plans kept in main (a caller refers to them by id), applied as transactions with a .reg backup,
 * one batch of writes, read-back verification and rollback, all journaled. See docs in main/domain/changes.
 */
export class ChangeEngine {
  private readonly plans = new Map<string, StoredPlan>();
  private readonly backups: BackupStore;
  private readonly journal: JournalFile;
  private readonly now: () => Date;
  private readonly dataFolder: DataFolderGuard;
  /** Once the folder has passed the check in this process, only an administrator could have changed that. */
  private dataFolderTrusted = false;

  constructor(private readonly options: ChangeEngineOptions) {
    this.backups = new BackupStore(options.dataDirectory);
    this.journal = new JournalFile(options.dataDirectory);
    this.now = options.now ?? (() => new Date());
    this.dataFolder = options.dataFolder ?? dataFolderGuardFor(process.platform, process.env);
  }

  get dataDirectory(): string {
    return this.options.dataDirectory;
  }

  get port(): RegistryPort {
    return this.options.port;
  }

  // --- planning ---------------------------------------------------------------------------------------------------

  /** Reads the machine in ONE batch and plans; the plan is kept for `apply` by its id. */
  async createPlan(request: PlanRequest, id = newTransactionId(this.now())): Promise<Plan> {
    const snapshots = await this.readOrRefuse(planKeys());
    const plan = this.planFrom(request, snapshots, id);
    if ('edits' in request) {
      const managed = plan.skipped.filter((skip) => skip.reason === 'policy-managed');
      if (managed.length > 0) {
        throw new ChangeRefusedError(
          'policy-managed',
          `${managed.map((skip) => skip.title).join(', ')}: managed by Group Policy, cannot be changed locally; change the GPO instead`,
          managed.map((skip) => skip.message),
        );
      }
    }
    this.plans.set(plan.id, { plan, request, snapshots });
    while (this.plans.size > MAX_PLANS) this.plans.delete(this.plans.keys().next().value!);
    return plan;
  }

  getPlan(id: string): Plan | undefined {
    return this.plans.get(id)?.plan;
  }

  private planFrom(request: PlanRequest, snapshots: readonly KeySnapshot[], id: string): Plan {
    const context = {
      id,
      createdAt: this.now().toISOString(),
      backend: this.options.port.description,
      snapshots,
      fingerprint: sha256Hex(canonicalState(snapshots)),
    };
    return 'profile' in request
      ? planForProfile(request.profile, context)
      : planForEdits(request.edits, context);
  }

  // --- apply ------------------------------------------------------------------------------------------------------

  /**
   * Applies a kept plan. Refuses (ChangeRefusedError, nothing written) when not elevated, the backend cannot read,
   * or the machine changed since the plan was made. Otherwise returns the outcome: applied, or rolled back (and why).
   */
  async applyPlan(planId: string): Promise<TransactionOutcome> {
    const stored = this.plans.get(planId);
    if (!stored)
      throw new ChangeRefusedError(
        'not-found',
        `no plan ${planId}: plans live in this process only; plan again`,
      );
    const state = new TransactionState();
    const progress = this.progressFor(null, planId);

    state.next('read');
    await progress('read', 'started', 'checking elevation and pending changes, re-reading the machine');
    const snapshots = await orFailStep(progress, 'read', async () => {
      await this.requireElevation();
      await this.trustDataFolder('prepare');
      await this.refuseWhileInterrupted();
      return this.readOrRefuse(stored.plan.keysRead);
    });
    const fingerprint = sha256Hex(canonicalState(snapshots));
    if (fingerprint !== stored.plan.fingerprint) {
      const changed = describeStateChanges(stored.snapshots, snapshots);
      await progress('read', 'failed', 'stale plan');
      this.plans.delete(planId);
      throw new ChangeRefusedError(
        'stale-plan',
        `stale plan: the machine changed since the plan was made (${changed.length} difference${changed.length === 1 ? '' : 's'}); plan again`,
        changed,
      );
    }
    // Re-validated from the request against the state now: what runs is what main plans, never a body sent in.
    const plan = this.planFrom(stored.request, snapshots, planId);
    await progress('read', 'ok', `state unchanged (fingerprint ${fingerprint.slice(0, 12)})`);
    if (isEmptyPlan(plan)) {
      state.next('done');
      await progress('done', 'ok', 'nothing to change');
      return {
        status: 'nothing-to-do',
        transactionId: null,
        backupId: null,
        message: 'The machine already meets the target.',
        details: [],
      };
    }
    this.plans.delete(planId);

    const touched = touchedKeys(plan);
    const transactionId = newTransactionId(this.now());
    const txProgress = this.progressFor(transactionId, planId);
    state.next('backup');
    await txProgress('backup', 'started', `exporting ${touched.length} key(s)`);
    const backup = await orFailStep(txProgress, 'backup', () =>
      this.backUp(transactionId, 'apply', targetName(plan), touched, snapshots, plan.diff),
    );
    await txProgress(
      'backup',
      'ok',
      `backup ${backup.id} (${backup.regBytes} bytes, sha256 ${backup.regSha256.slice(0, 12)})`,
    );

    state.next('begin');
    await this.journal.append(this.beginRecord(transactionId, 'apply', targetName(plan), plan, null));

    const ranFirewall: FirewallCommand[] = [];
    try {
      state.next('write');
      const writes = plan.valueChanges.filter((change) => change.action === 'write').length;
      const deletes = plan.valueChanges.length - writes;
      await txProgress('write', 'started', `writing ${writes} and deleting ${deletes} value(s) in one batch`);
      // One .reg import carries the writes and the deletions (`"name"=-`): one backend process, one step.
      if (plan.valueChanges.length > 0)
        await this.options.port.importRegFile(writeRegFile({ blocks: valueChangeBlocks(plan.valueChanges) }));
      await txProgress('write', 'ok', `${writes} written, ${deletes} deleted`);

      state.next('verify');
      await txProgress('verify', 'started', 'reading back every value');
      const after = indexSnapshots(
        await this.options.port.readKeys(unique(plan.valueChanges.map((change) => change.key))),
      );
      const wrong = plan.valueChanges.filter(
        (change) => !sameValue(valueIn(after(change.key), change.name), change.after),
      );
      if (wrong.length > 0) {
        throw new VerificationError(
          wrong.map((change) => `${change.key}\\${change.name} does not read back as written`),
        );
      }
      await txProgress('verify', 'ok', `${plan.valueChanges.length} value(s) verified`);

      if (plan.firewallChanges.length > 0) {
        state.next('firewall');
        const steps = plan.firewallChanges.flatMap((change) => change.steps);
        await txProgress('firewall', 'started', `running ${steps.length} firewall command(s)`);
        for (const [index, step] of steps.entries()) {
          ranFirewall.push(step.undo);
          const result = await this.options.firewall.run(step.command);
          if (result.exitCode !== 0) {
            throw new VerificationError([
              `firewall command for ${step.ruleId} exited with ${result.exitCode}: ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`,
            ]);
          }
          // One event per command: the UI sees each rule change as it happens.
          await txProgress('firewall', 'ok', `${index + 1}/${steps.length}: ${step.ruleId} changed`);
        }
        state.next('firewall-verify');
        await txProgress('firewall-verify', 'started', 'reading the rule store back');
        const rules = await this.options.port.readKeys([LOCAL_RULES_KEY]);
        const problems = steps.flatMap((step) => {
          const verdict = verifyFirewallChange(step.expected, rules);
          return verdict.ok ? [] : verdict.problems;
        });
        if (problems.length > 0) throw new VerificationError(problems);
        await txProgress('firewall-verify', 'ok', 'rule store verified');
      }

      state.next('commit');
      const message = `Applied ${plan.valueChanges.length} value change(s) and ${plan.firewallChanges.length} firewall change(s); backup ${backup.id}.`;
      await this.journal.append(endRecord(transactionId, 'commit', 'applied', this.now(), message, []));
      state.next('done');
      await txProgress('done', 'ok', message);
      return { status: 'applied', transactionId, backupId: backup.id, message, details: [] };
    } catch (error) {
      const reason = describeFailure(error);
      await txProgress(
        state.step === 'start' ? 'write' : (state.step as TransactionStep),
        'failed',
        reason.message,
      );
      state.next('rollback');
      return this.rollBack(transactionId, backup, ranFirewall, touched, snapshots, reason, txProgress);
    }
  }

  /** Undoes the firewall commands that ran, imports the backup and checks the keys read as they did before. */
  private async rollBack(
    transactionId: string,
    backup: BackupManifest,
    firewallUndo: readonly FirewallCommand[],
    touched: readonly string[],
    before: readonly KeySnapshot[],
    reason: { message: string; details: readonly string[] },
    progress: ProgressFn,
  ): Promise<TransactionOutcome> {
    await progress('rollback', 'started', `restoring backup ${backup.id}`);
    const problems: string[] = [];
    for (const undo of [...firewallUndo].reverse()) {
      try {
        const result = await this.options.firewall.run(undo);
        if (result.exitCode !== 0)
          problems.push(`firewall undo exited with ${result.exitCode}: ${undo.display}`);
      } catch (error) {
        problems.push(`firewall undo failed (${describeFailure(error).message}): ${undo.display}`);
      }
    }
    try {
      const { reg } = await this.backups.load(backup.id);
      await this.importBackup(backup, reg);
      const checkKeys = [...touched, ...backup.missingKeys];
      const now = await this.options.port.readKeys(checkKeys);
      const wanted = indexSnapshots(before);
      const differences = describeStateChanges(
        checkKeys.map((key) => wanted(key) ?? { path: key, exists: false, values: new Map(), subkeys: [] }),
        now,
      );
      problems.push(...differences.map((line) => `not restored: ${line}`));
    } catch (error) {
      problems.push(`the backup could not be restored: ${describeFailure(error).message}`);
    }
    const details = [...reason.details, ...problems];
    if (problems.length === 0) {
      const message = `Rolled back: ${reason.message}. The registry is as it was before (backup ${backup.id}, verified).`;
      await this.journal.append(
        endRecord(transactionId, 'rollback', 'rolled-back', this.now(), message, details),
      );
      await progress('rollback', 'ok', message);
      await progress('done', 'failed', message);
      return { status: 'rolled-back', transactionId, backupId: backup.id, message, details };
    }
    const message =
      `The change failed (${reason.message}) and the rollback did not complete: restore backup ${backup.id} ` +
      '(sinkguard restore) once the registry backend works again.';
    // Left without an end record on purpose would re-offer recovery; record it so history says exactly what happened.
    await this.journal.append(
      endRecord(transactionId, 'rollback', 'rollback-failed', this.now(), message, details),
    );
    await progress('rollback', 'failed', message);
    await progress('done', 'failed', message);
    return { status: 'rollback-failed', transactionId, backupId: backup.id, message, details };
  }

  // --- restore ----------------------------------------------------------------------------------------------------

  /**
   * Restores a backup as its own transaction: the current state of the same keys is backed up first, the restore
   * is journaled, verified, and rolled back if it fails. While a change is interrupted, only its backup may be
   * restored (newest first), and doing so records the interrupted change as recovered.
   */
  async restoreBackup(backupId: string): Promise<TransactionOutcome> {
    const state = new TransactionState();
    const transactionId = newTransactionId(this.now());
    const progress = this.progressFor(transactionId, null);
    state.next('read');
    await progress('read', 'started', `checking elevation and reading the keys of backup ${backupId}`);
    const { recovers, loaded, backupFile, keys, snapshots } = await orFailStep(progress, 'read', async () => {
      await this.requireElevation();
      await this.trustDataFolder('prepare');
      const recovers = await this.recoveryClosedBy(backupId);
      const loaded = await this.loadBackupOrRefuse(backupId);
      const backupFile = parseRegFile(loaded.reg);
      const keys = unique([
        ...loaded.manifest.exportedKeys,
        ...loaded.manifest.missingKeys,
        ...backupFile.blocks.map((block) => block.path),
      ]);
      const readList = unique([...keys, ...keys.flatMap((key) => ancestorsOf(key))]);
      return { recovers, loaded, backupFile, keys, snapshots: await this.readOrRefuse(readList) };
    });
    await progress('read', 'ok', `${keys.length} key(s) read`);

    state.next('backup');
    await progress('backup', 'started', 'saving the current state of the same keys');
    const summary = [
      {
        settingId: 'restore',
        title: `Restore backup ${backupId}`,
        lines: loaded.manifest.summary.flatMap((item) => item.lines),
      },
    ];
    const ownBackup = await orFailStep(progress, 'backup', () =>
      this.backUp(
        transactionId,
        'restore',
        `backup ${backupId}`,
        unique([...loaded.manifest.exportedKeys, ...loaded.manifest.missingKeys]),
        snapshots,
        summary,
      ),
    );
    await progress('backup', 'ok', `current state saved as backup ${ownBackup.id}`);

    state.next('begin');
    await this.journal.append({
      v: 1,
      type: 'begin',
      id: transactionId,
      operation: 'restore',
      at: this.now().toISOString(),
      machine: this.options.identity.machine,
      user: this.options.identity.user,
      backend: this.options.port.description,
      target: `backup ${backupId}`,
      planId: null,
      fingerprint: sha256Hex(canonicalState(snapshots)),
      diff: summary,
      recovers: recovers[0] ?? null,
    });
    try {
      state.next('write');
      await progress('write', 'started', `importing backup ${backupId}`);
      await this.importBackup(loaded.manifest, loaded.reg);
      await progress('write', 'ok', 'imported');
      state.next('verify');
      await progress('verify', 'started', 'reading back every backed-up key');
      const problems = await this.checkRestored(loaded.manifest, backupFile.blocks);
      if (problems.length > 0) throw new VerificationError(problems);
      await progress('verify', 'ok', 'every backed-up value reads back as saved');
      state.next('commit');
      const message = `Restored backup ${backupId}; the state before the restore is backup ${transactionId}.`;
      await this.journal.append(endRecord(transactionId, 'commit', 'restored', this.now(), message, []));
      for (const id of recovers) {
        await this.journal.append({
          ...endRecord(
            id,
            'rollback',
            'recovered',
            this.now(),
            `Interrupted; undone by restore ${transactionId}.`,
            [],
          ),
          by: transactionId,
        });
      }
      state.next('done');
      await progress('done', 'ok', message);
      return { status: 'restored', transactionId, backupId: transactionId, message, details: [] };
    } catch (error) {
      const reason = describeFailure(error);
      await progress(state.step === 'verify' ? 'verify' : 'write', 'failed', reason.message);
      state.next('rollback');
      return this.rollBack(transactionId, ownBackup, [], keys, snapshots, reason, progress);
    }
  }

  /** Interrupted transactions (began, never ended), oldest first: what start-up recovery offers to undo. */
  async interrupted(): Promise<HistoryEntry[]> {
    return (await this.recoveryState()).pending;
  }

  /** The interrupted transaction whose backup is to be restored next (the newest first), or null when none is. */
  async nextRecovery(): Promise<HistoryEntry | null> {
    return (await this.recoveryState()).next;
  }

  /**
   * Undoes every interrupted transaction by restoring its backup, newest first, so the last restore leaves the
   * oldest one's state before. Stops at the first restore that does not succeed (its outcome says why).
   */
  async recoverInterrupted(): Promise<TransactionOutcome[]> {
    const outcomes: TransactionOutcome[] = [];
    for (let next = await this.nextRecovery(); next; next = await this.nextRecovery()) {
      const outcome = await this.restoreBackup(next.backupId);
      outcomes.push(outcome);
      if (outcome.status !== 'restored') break;
    }
    return outcomes;
  }

  async history(): Promise<HistoryEntry[]> {
    return historyOf(await this.readJournal());
  }

  /**
   * What is pending. An interrupted restore that was itself recovering another interrupted transaction is closed
   * along with that one: the older backup is the state to go back to.
   */
  private async recoveryState(): Promise<{
    pending: HistoryEntry[];
    next: HistoryEntry | null;
    closes: string[];
  }> {
    const records = await this.readJournal();
    const pending = interruptedTransactions(records);
    if (pending.length === 0) return { pending, next: null, closes: [] };
    const recovering = new Map<string, string>();
    for (const record of records)
      if (record.type === 'begin' && record.recovers) recovering.set(record.id, record.recovers);
    const pendingIds = new Set(pending.map((entry) => entry.id));
    const rootOf = (id: string): string => {
      const seen = new Set<string>();
      let current = id;
      while (recovering.has(current) && pendingIds.has(recovering.get(current)!) && !seen.has(current)) {
        seen.add(current);
        current = recovering.get(current)!;
      }
      return current;
    };
    const roots = pending.filter((entry) => rootOf(entry.id) === entry.id);
    const next = roots.at(-1) ?? null;
    const closes = next
      ? pending.filter((entry) => rootOf(entry.id) === next.id).map((entry) => entry.id)
      : [];
    return { pending, next, closes };
  }

  /** The interrupted transactions a restore of `backupId` closes; refuses while another must be restored first. */
  private async recoveryClosedBy(backupId: string): Promise<string[]> {
    const { pending, next, closes } = await this.recoveryState();
    if (next === null) return [];
    if (next.backupId === backupId) return closes;
    throw interruptedRefusal(next, pending);
  }

  private async refuseWhileInterrupted(): Promise<void> {
    const { pending, next } = await this.recoveryState();
    if (next) throw interruptedRefusal(next, pending);
  }

  private async readJournal() {
    await this.trustDataFolder('verify');
    try {
      return await this.journal.read();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM')
        throw new ChangeRefusedError(
          'not-elevated',
          `the change journal ${this.journal.path} is readable by administrators only: relaunch SinkGuard elevated`,
        );
      throw error;
    }
  }

  /** Checks the data folder before relying on it (`prepare` also creates it, locked down). */
  private async trustDataFolder(mode: 'prepare' | 'verify'): Promise<void> {
    if (this.dataFolderTrusted) return;
    try {
      if (mode === 'prepare') await this.dataFolder.prepare(this.options.dataDirectory);
      else if ((await this.dataFolder.verify(this.options.dataDirectory)) === 'missing') return;
    } catch (error) {
      if (error instanceof UntrustedDataFolderError)
        throw new ChangeRefusedError(
          // Administrators only may read the folder: not an unsafe folder, a process without the rights to see.
          error.accessDenied ? 'not-elevated' : 'untrusted-data-folder',
          error.message,
          [...error.problems],
        );
      throw error;
    }
    this.dataFolderTrusted = true;
  }

  // --- helpers ----------------------------------------------------------------------------------------------------

  private async requireElevation(): Promise<void> {
    const elevated = await this.options.detectElevation();
    if (elevated === false) {
      throw new ChangeRefusedError(
        'not-elevated',
        'read-only: not elevated. Writing HKLM needs an elevated (administrator) SinkGuard; relaunch it elevated.',
      );
    }
  }

  private async readOrRefuse(keys: readonly string[]): Promise<KeySnapshot[]> {
    try {
      return await this.options.port.readKeys(keys);
    } catch (error) {
      if (error instanceof RegistryError) {
        throw new ChangeRefusedError('backend', `the registry backend is not healthy: ${error.message}`, [
          this.options.port.description,
        ]);
      }
      throw error;
    }
  }

  private async loadBackupOrRefuse(id: string): Promise<{ manifest: BackupManifest; reg: Uint8Array }> {
    try {
      return await this.backups.load(id);
    } catch (error) {
      if (error instanceof BackupError)
        throw new ChangeRefusedError(
          error.code === 'not-found' ? 'not-found' : 'invalid-input',
          error.message,
        );
      throw error;
    }
  }

  /** Exports the existing keys among `keys` (missing ones are listed instead) and stores the backup durably. */
  private async backUp(
    id: string,
    operation: 'apply' | 'restore',
    target: string,
    keys: readonly string[],
    snapshots: readonly KeySnapshot[],
    summary: readonly {
      readonly settingId: string;
      readonly title: string;
      readonly lines: readonly string[];
    }[],
  ): Promise<BackupManifest> {
    const find = indexSnapshots(snapshots);
    const existing = keys.filter((key) => find(key)?.exists);
    const roots = existing.filter(
      (key) =>
        !existing.some(
          (other) => other !== key && isSameOrBelow(key, other) && other.toUpperCase() !== key.toUpperCase(),
        ),
    );
    const missing = topmostMissing(
      keys.filter((key) => !find(key)?.exists),
      find,
    );
    let reg: Uint8Array;
    try {
      reg = roots.length > 0 ? await this.options.port.exportKeys(roots) : writeRegFile({ blocks: [] });
    } catch (error) {
      if (error instanceof RegistryError)
        throw new ChangeRefusedError(
          'backend',
          `the backup export failed, nothing was changed: ${error.message}`,
        );
      throw error;
    }
    return this.backups.save(
      {
        id,
        createdAt: this.now().toISOString(),
        machine: this.options.identity.machine,
        user: this.options.identity.user,
        backend: this.options.port.description,
        operation,
        target,
        exportedKeys: roots,
        missingKeys: missing,
        summary: summary.map((item) => ({
          settingId: item.settingId,
          title: item.title,
          lines: [...item.lines],
        })),
      },
      reg,
    );
  }

  /**
   * Imports the backup in ONE .reg import that makes the keys exact: the saved values set, values added since
   * deleted (`"name"=-`), and keys that did not exist deleted (`[-key]`).
   */
  private async importBackup(manifest: BackupManifest, reg: Uint8Array): Promise<void> {
    const blocks = parseRegFile(reg).blocks;
    const keyBlocks = blocks.filter(
      (block): block is Extract<RegFileBlock, { kind: 'key' }> => block.kind === 'key',
    );
    const now = indexSnapshots(
      await this.options.port.readKeys(
        unique([...keyBlocks.map((block) => block.path), ...manifest.missingKeys]),
      ),
    );
    const restore: RegFileBlock[] = keyBlocks.map((block) => {
      const saved = new Set(block.entries.map((entry) => entry.name.toUpperCase()));
      const current = now(block.path);
      const extra = current?.exists
        ? [...current.values.keys()].filter((name) => !saved.has(name.toUpperCase()))
        : [];
      return {
        kind: 'key',
        path: block.path,
        entries: [...block.entries, ...extra.map((name) => ({ kind: 'delete' as const, name }))],
      };
    });
    for (const key of manifest.missingKeys)
      if (now(key)?.exists) restore.push({ kind: 'delete-key', path: key });
    await this.options.port.importRegFile(writeRegFile({ blocks: restore }));
  }

  private async checkRestored(manifest: BackupManifest, blocks: readonly RegFileBlock[]): Promise<string[]> {
    const keyBlocks = blocks.filter(
      (block): block is Extract<RegFileBlock, { kind: 'key' }> => block.kind === 'key',
    );
    const now = indexSnapshots(
      await this.options.port.readKeys(
        unique([...keyBlocks.map((block) => block.path), ...manifest.missingKeys]),
      ),
    );
    const problems: string[] = [];
    for (const block of keyBlocks) {
      const current = now(block.path);
      if (!current?.exists) {
        problems.push(`${block.path} is missing`);
        continue;
      }
      const saved = new Map(
        block.entries.flatMap((entry) =>
          entry.kind === 'set' ? [[entry.name.toUpperCase(), entry.value] as const] : [],
        ),
      );
      for (const [name, value] of saved)
        if (!sameValue(valueIn(current, name), value))
          problems.push(`${block.path}\\${name} differs from the backup`);
      for (const name of current.values.keys())
        if (!saved.has(name.toUpperCase())) problems.push(`${block.path}\\${name} is not in the backup`);
    }
    for (const key of manifest.missingKeys) if (now(key)?.exists) problems.push(`${key} should not exist`);
    return problems;
  }

  private beginRecord(
    id: string,
    operation: 'apply' | 'restore',
    target: string,
    plan: Plan,
    recovers: string | null,
  ): JournalBegin {
    return {
      v: 1,
      type: 'begin',
      id,
      operation,
      at: this.now().toISOString(),
      machine: this.options.identity.machine,
      user: this.options.identity.user,
      backend: this.options.port.description,
      target,
      planId: plan.id,
      fingerprint: plan.fingerprint,
      diff: plan.diff.map((item) => ({
        settingId: item.settingId,
        title: item.title,
        lines: [...item.lines],
      })),
      recovers,
    };
  }

  private progressFor(transactionId: string | null, planId: string | null): ProgressFn {
    return async (step, status, message) => {
      await this.options.onProgress?.({
        transactionId,
        planId,
        step,
        status,
        message,
        at: this.now().toISOString(),
      });
    };
  }
}

type ProgressFn = (step: TransactionStep, status: ProgressStatus, message: string) => Promise<void>;

/**
 * Runs the work of one step before anything is written; a refusal or failure ends the step as 'failed' (the UI and
 * the log never show a step that started and stopped silently), then goes on to the caller.
 */
async function orFailStep<T>(
  progress: ProgressFn,
  step: TransactionStep,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    await progress(step, 'failed', describeFailure(error).message);
    throw error;
  }
}

class VerificationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `verification failed: ${problems[0] ?? ''}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`,
    );
  }
}

function describeFailure(error: unknown): { message: string; details: readonly string[] } {
  if (error instanceof VerificationError) return { message: error.message, details: error.problems };
  if (error instanceof RegistryError) {
    const where = [error.where?.key, error.where?.value].filter(Boolean).join(' ');
    return { message: `registry ${error.code}: ${error.message}`, details: where ? [where] : [] };
  }
  return { message: error instanceof Error ? error.message : String(error), details: [] };
}

function endRecord(
  id: string,
  type: 'commit' | 'rollback',
  outcome: 'applied' | 'restored' | 'rolled-back' | 'rollback-failed' | 'recovered',
  at: Date,
  message: string,
  details: readonly string[],
) {
  return { v: 1 as const, type, id, at: at.toISOString(), outcome, message, details: [...details], by: null };
}

function unique(keys: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const key of keys) if (!seen.has(key.toUpperCase())) seen.set(key.toUpperCase(), key);
  return [...seen.values()];
}

/** Every key a plan writes to (and the firewall rule store when it has firewall changes). */
function touchedKeys(plan: Plan): string[] {
  return unique([
    ...plan.valueChanges.map((change) => change.key),
    ...(plan.firewallChanges.length > 0 ? [LOCAL_RULES_KEY] : []),
  ]);
}

/** The plan's value changes as .reg blocks, one per key: `"name"=value` for a write, `"name"=-` for a delete. */
function valueChangeBlocks(changes: readonly ValueChange[]): RegFileBlock[] {
  const byKey = new Map<string, { path: string; entries: RegFileEntry[] }>();
  for (const change of changes) {
    const folded = change.key.toUpperCase();
    const block = byKey.get(folded) ?? { path: change.key, entries: [] };
    byKey.set(folded, block);
    block.entries.push(
      change.action === 'write'
        ? { kind: 'set', name: change.name, value: change.after! }
        : { kind: 'delete', name: change.name },
    );
  }
  return [...byKey.values()].map((block) => ({ kind: 'key', ...block }));
}

function interruptedRefusal(next: HistoryEntry, pending: readonly HistoryEntry[]): ChangeRefusedError {
  return new ChangeRefusedError(
    'interrupted',
    `a change that began ${next.at} (${next.operation} ${next.target}, ${next.id}) never finished: the registry ` +
      'may hold part of it. Restore its backup first (the banner in the app, or `sinkguard restore --interrupted ' +
      '--yes`); nothing was changed.',
    pending.map(
      (entry) => `${entry.id}: ${entry.operation} ${entry.target}, began ${entry.at} by ${entry.user}`,
    ),
  );
}

function targetName(plan: Plan): string {
  return plan.target.kind === 'profile' ? plan.target.name : 'edits';
}

function topmostMissing(keys: readonly string[], find: (path: string) => KeySnapshot | undefined): string[] {
  const result = new Map<string, string>();
  for (const key of keys) {
    let topmost = key;
    for (const ancestor of ancestorsOf(key)) {
      const snapshot = find(ancestor);
      if (!snapshot || snapshot.exists) break;
      topmost = ancestor;
    }
    result.set(topmost.toUpperCase(), topmost);
  }
  return [...result.values()];
}
