export {
  ChangeEngine,
  ChangeRefusedError,
  type ChangeEngineOptions,
  type ChangeRefusalCode,
  type PlanRequest,
  type ProgressEvent,
  type ProgressStatus,
  type TransactionOutcome,
} from './engine';
export { composeChangeEngine } from './compose';
export { BackupError, BackupManifest, BackupStore } from './backups';
export { JournalFile } from './journal-file';
export { resolveDataDirectory } from './storage';
export { SimulatedFirewallRunner } from './simulated-firewall';
