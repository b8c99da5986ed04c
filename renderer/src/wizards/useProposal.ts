import { proposedEdits, type ProposedEdit } from '../../../main/domain/changes/proposal';
import { WIZARDS, type WizardId } from '../model/routes';
import { useAppState } from '../state/AppState';
import { useFindings } from './useFindings';

const EMPTY: ReadonlyMap<string, ProposedEdit> = new Map();

/**
 * The audit's proposed fix for every setting a wizard offers, when the wizard was opened from a finding's Fix…;
 * empty when it was opened plainly (its controls then start on the machine's current values).
 */
export function useProposal(wizard: WizardId): ReadonlyMap<string, ProposedEdit> {
  const { route } = useAppState();
  const findings = useFindings();
  const fromFinding = 'fromFinding' in route ? route.fromFinding : undefined;
  if (route.page !== wizard || fromFinding === undefined) return EMPTY;
  return proposedEdits(
    findings,
    WIZARDS[wizard].flatMap((step) => step.offers),
  );
}
