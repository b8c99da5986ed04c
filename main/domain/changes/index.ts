export * from './model';
export { planForEdits, planForProfile, planKeys, createdKeysFor, type PlanContext } from './plan';
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
  historyOf,
  interruptedTransactions,
  parseJournal,
} from './journal';
export * from './vocabulary';
export {
  TRANSACTION_STEPS,
  TransactionState,
  TransactionStateError,
  type TransactionStep,
} from './transaction';
export { ancestorsOf, indexSnapshots, isSameOrBelow, sameValue, showValue, valueIn } from './values';
export { renderHistoryText, renderPlanText } from './render';
export { recoveryStateOf, type RecoveryState } from './recovery';
export { backupScope, uniqueKeys } from './backup-scope';
export { verdictOf, registersUndo, undoOrder, type ReadBackItem, type RunVerdict } from './outcome';
