export * from './model';
export { planForEdits, planForProfile, planKeys, createdKeysFor, type PlanContext } from './plan';
export {
  applicationLabel,
  appIdPart,
  appIdPlanKeys,
  planForAppId,
  serviceIdentityRefusal,
  unreadableAppIdRefusal,
} from './plan-appid';
export { planFirewallSteps, undoCommand, type FirewallNeed } from './firewall';
export { warningsFor, principalsLosingRemote } from './warnings';
export { canonicalState, describeStateChanges } from './state';
export {
  RelaunchArgumentError,
  elevatedRelaunchCommand,
  quotePowerShellLiteral,
  quoteWindowsArgument,
  type ElevatedRelaunch,
} from './elevation';
export {
  JournalBegin,
  JournalEnd,
  JournalFormatError,
  JournalRecord,
  StoredValue,
  TouchedRecord,
  BackupRecord,
  historyOf,
  interruptedTransactions,
  parseJournal,
} from './journal';
export * from './vocabulary';
export { PROGRESS_STEP_LABELS, countOf, progressLine } from './progress-words';
export {
  TRANSACTION_STEPS,
  TransactionState,
  TransactionStateError,
  type TransactionStep,
} from './transaction';
export { ancestorsOf, indexSnapshots, isSameOrBelow, sameValue, showValue, valueIn } from './values';
export { renderHistoryText, renderPlanText } from './render';
export * from './change-view';
export { changeLines, rightsTable } from './change-text';
export { planChanges, restoreChanges, reviewWarnings } from './changes-of';
export { descriptorItem, ruleItem, settingValueItem, valueItem } from './change-items';
export { storeValue, loadValue, touchedByPlan } from './touched';
export {
  RestoreTrustError,
  isManagedKey,
  trustBackup,
  type RestoreRefusalReason,
  type TrustedRecord,
} from './restore-trust';
export {
  isEmptyRestore,
  planRestore,
  restoreReadKeys,
  touchedByRestore,
  type RestoreNotice,
  type RestoreOperation,
  type RestorePlan,
} from './restore-plan';
export { renderRestorePlanText } from './restore-view';
export { recoveryStateOf, type RecoveryState } from './recovery';
export { backupScope, uniqueKeys } from './backup-scope';
export { verdictOf, registersUndo, undoOrder, type ReadBackItem, type RunVerdict } from './outcome';
