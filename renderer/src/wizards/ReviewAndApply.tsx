import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import Undo from '@mui/icons-material/Undo';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Checkbox,
  CircularProgress,
  FormControlLabel,
  LinearProgress,
  Stack,
  Switch,
  Typography,
} from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import type { IpcError } from '../../../main/contract';
import { progressLine } from '../../../main/domain/changes/progress-words';
import { isFirewallSetting } from '../../../main/domain/profiles/profile';
import { planHtml } from '../../../main/domain/report';
import {
  applyPlan,
  createPlan,
  onApplyProgress,
  restoreBackup,
  type ApplyProgress,
  type PlanSubject,
  type TransactionOutcome,
  type UiPlan,
} from '../changes';
import { exportFileName, saveDocument } from '../export';
import { IpcErrorAlert } from '../shell/IpcErrorAlert';
import { useAppState } from '../state/AppState';
import { PlanReview } from './PlanReview';

const RESULT_TITLES: Readonly<Record<TransactionOutcome['status'], string>> = {
  applied: 'Applied and verified',
  restored: 'Restored',
  'rolled-back': 'Not applied: the change was rolled back',
  'rollback-failed': 'The change failed and could not be fully rolled back',
  'nothing-to-do': 'Nothing to do: the machine already had these values',
};
const RESULT_SEVERITY = {
  applied: 'success',
  restored: 'success',
  'rolled-back': 'warning',
  'rollback-failed': 'error',
  'nothing-to-do': 'info',
} as const;

/** How far through the transaction's steps an event is (rollback and done count as the end). */
function stepPercent(event: ApplyProgress): number {
  const order: readonly ApplyProgress['step'][] = [
    'read',
    'backup',
    'begin',
    'write',
    'verify',
    'firewall',
    'firewall-verify',
    'commit',
  ];
  const index = order.indexOf(event.step);
  return index < 0 ? 100 : Math.round((100 * (index + (event.status === 'started' ? 0 : 1))) / order.length);
}

type Phase =
  | { readonly name: 'planning' }
  | { readonly name: 'review'; readonly plan: UiPlan }
  | { readonly name: 'applying'; readonly plan: UiPlan }
  | { readonly name: 'applied'; readonly plan: UiPlan; readonly result: TransactionOutcome }
  | { readonly name: 'restoring'; readonly plan: UiPlan; readonly result: TransactionOutcome }
  | { readonly name: 'restored'; readonly plan: UiPlan; readonly result: TransactionOutcome };

/**
 * Review → confirm → apply with live progress → verified result → undo. Shared by every wizard; `onChanged` runs
 * after an apply or an undo (a page that shows what changed reads it again).
 */
export function ReviewAndApply({
  subject,
  onChanged,
}: {
  readonly subject: PlanSubject;
  readonly onChanged?: () => void;
}) {
  const { readOnlyReason, refreshAudit, info } = useAppState();
  const [phase, setPhase] = useState<Phase>({ name: 'planning' });
  const [error, setError] = useState<IpcError | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [progress, setProgress] = useState<readonly ApplyProgress[]>([]);
  // The edits as they were when the admin reached this step: refreshing the audit after an apply must not re-plan
  // (and lose the Undo); going back to edit remounts this step with the new edits.
  const [subjectKey] = useState(() => JSON.stringify(subject));
  const edits = 'edits' in subject ? subject.edits : null;
  // Off: the plan leaves the firewall part out (a firewall managed elsewhere, or one SinkGuard cannot change here).
  const [changeFirewall, setChangeFirewall] = useState(true);
  const hasFirewall = edits?.some((edit) => isFirewallSetting(edit.settingId)) ?? false;
  const generation = useRef(0);
  // Progress is listened to for as long as this step is on screen, not only while plan:apply runs: the preview's
  // event stream connects on the first subscription and may deliver a step after the call has returned, and
  // neither may lose a step. Events of the plan being applied are shown; others' (planId null) only during it.
  const showing = useRef<string | null>(null);
  const inFlight = useRef(false);
  useEffect(
    () =>
      onApplyProgress((event) => {
        const id = showing.current;
        if (id !== null && (event.planId === id || (event.planId === null && inFlight.current)))
          setProgress((seen) => [...seen, event]);
      }),
    [],
  );

  // Why the plan on screen is a new one (the old one went stale before it was applied), or null.
  const [replannedBecause, setReplannedBecause] = useState<IpcError | null>(null);

  const plan = (because: IpcError | null = null) => {
    const mine = ++generation.current;
    setPhase({ name: 'planning' });
    setError(null);
    setReplannedBecause(because);
    // A new plan needs a new review: the confirmation was for the old one.
    setConfirmed(false);
    void createPlan(JSON.parse(subjectKey) as PlanSubject, !changeFirewall).then((outcome) => {
      if (mine !== generation.current) return;
      if ('error' in outcome) setError(outcome.error);
      else setPhase({ name: 'review', plan: outcome.value });
    });
  };
  // Planning again whenever the edits change (and only then): a plan is always for what the admin now sees.
  useEffect(() => plan(), [subjectKey, changeFirewall]);

  const apply = async (current: UiPlan) => {
    setPhase({ name: 'applying', plan: current });
    setProgress([]);
    setError(null);
    showing.current = current.id;
    inFlight.current = true;
    const outcome = await applyPlan(current);
    inFlight.current = false;
    refreshAudit();
    onChanged?.();
    if ('error' in outcome) {
      // A stale plan can never be applied again: plan afresh from the machine as it is now, to be reviewed anew.
      if (outcome.error.code === 'stale-plan') return plan(outcome.error);
      setError(outcome.error);
      setPhase({ name: 'review', plan: current });
      return;
    }
    setReplannedBecause(null);
    setPhase({ name: 'applied', plan: current, result: outcome.value });
  };

  const undo = async (current: UiPlan, result: TransactionOutcome) => {
    if (result.backupId === null) return;
    setPhase({ name: 'restoring', plan: current, result });
    setError(null);
    const failure = await restoreBackup(result.backupId);
    refreshAudit();
    onChanged?.();
    setError(failure);
    setPhase(
      failure ? { name: 'applied', plan: current, result } : { name: 'restored', plan: current, result },
    );
  };

  const exportPlan = (current: UiPlan) => {
    const machine = info.status === 'ok' ? info.value.registry.description : current.backend;
    const now = new Date();
    saveDocument(
      exportFileName('plan', machine, now),
      planHtml(current, {
        generatedAt: now.toISOString(),
        machine,
        appVersion: info.status === 'ok' ? info.value.version : 'unknown',
      }),
    );
  };

  const last = progress.at(-1);
  if (edits?.length === 0 && phase.name === 'planning')
    return (
      <Alert severity="info" data-testid="review-apply">
        Nothing is chosen to change yet: go back and pick a change.
      </Alert>
    );
  return (
    <Stack spacing={2} data-testid="review-apply">
      <Typography variant="h6" component="h3">
        Review and apply
      </Typography>
      {replannedBecause && (
        <Box data-testid="replanned">
          <IpcErrorAlert error={replannedBecause} />
          <Typography variant="body2" sx={{ mt: 1 }}>
            Nothing was applied. The plan below is new, made from the machine as it is now: review it and
            confirm again.
          </Typography>
        </Box>
      )}
      {error && (
        <IpcErrorAlert error={error} onRetry={phase.name === 'planning' ? () => plan() : undefined} />
      )}
      {phase.name === 'planning' && !error && (
        <Box role="status" sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
          <CircularProgress size={24} aria-hidden />
          <Typography>Reading the machine and planning the exact change…</Typography>
        </Box>
      )}
      {hasFirewall && (phase.name === 'planning' || phase.name === 'review') && (
        <FormControlLabel
          control={
            <Switch
              checked={changeFirewall}
              onChange={(event) => setChangeFirewall(event.target.checked)}
              data-testid="change-firewall"
            />
          }
          label="Change the firewall (off: plan without the firewall part, for a firewall managed elsewhere)"
        />
      )}
      {phase.name !== 'planning' && <PlanReview plan={phase.plan} />}
      {phase.name === 'review' && phase.plan.changes.length > 0 && (
        <Stack spacing={1}>
          <FormControlLabel
            control={
              <Checkbox
                checked={confirmed}
                onChange={(event) => setConfirmed(event.target.checked)}
                data-testid="confirm-plan"
              />
            }
            label="I have reviewed the change and who it affects"
          />
          <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Button
              variant="contained"
              disabled={!confirmed || readOnlyReason !== null}
              onClick={() => void apply(phase.plan)}
              data-testid="apply-plan"
              aria-describedby={readOnlyReason ? 'apply-disabled-reason' : undefined}
            >
              Apply
            </Button>
            <Button startIcon={<FileDownloadOutlined />} onClick={() => exportPlan(phase.plan)}>
              Export plan
            </Button>
            {readOnlyReason && (
              <Typography
                id="apply-disabled-reason"
                variant="body2"
                color="error.main"
                data-testid="apply-disabled-reason"
              >
                Apply is disabled: {readOnlyReason}
              </Typography>
            )}
          </Stack>
        </Stack>
      )}
      <Box role="log" aria-live="polite" aria-label="Apply progress" data-testid="apply-progress">
        {(phase.name === 'applying' || progress.length > 0) && (
          <Stack spacing={1}>
            <LinearProgress
              variant={last ? 'determinate' : 'indeterminate'}
              value={last ? stepPercent(last) : undefined}
              aria-label="Applying the change"
            />
            {progress.map((event, index) => (
              <Typography
                key={index}
                variant="body2"
                color={event.status === 'failed' ? 'error.main' : undefined}
              >
                {progressLine(event)}
              </Typography>
            ))}
          </Stack>
        )}
      </Box>
      {(phase.name === 'applied' || phase.name === 'restoring') && (
        <Alert
          severity={RESULT_SEVERITY[phase.result.status]}
          data-testid="apply-result"
          data-status={phase.result.status}
          action={
            phase.result.status === 'applied' && phase.result.backupId !== null ? (
              <Button
                color="inherit"
                startIcon={<Undo />}
                disabled={phase.name === 'restoring' || readOnlyReason !== null}
                onClick={() => void undo(phase.plan, phase.result)}
                data-testid="undo"
              >
                Undo
              </Button>
            ) : undefined
          }
        >
          <AlertTitle>{RESULT_TITLES[phase.result.status]}</AlertTitle>
          {phase.result.message}
          {phase.result.details.map((detail) => (
            <div key={detail}>{detail}</div>
          ))}
          {phase.result.backupId && <div>Backup: {phase.result.backupId}</div>}
        </Alert>
      )}
      {phase.name === 'restored' && (
        <Alert severity="info" data-testid="restore-result">
          <AlertTitle>Undone</AlertTitle>
          The values from backup {phase.result.backupId} are back. The dashboard shows the machine as it is
          now.
        </Alert>
      )}
    </Stack>
  );
}
