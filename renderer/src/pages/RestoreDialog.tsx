import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import type { IpcError } from '../../../main/contract';
import { planRestore, type RestorePlan } from '../changes';
import { IpcErrorAlert } from '../shell/IpcErrorAlert';
import { SettingChangeCard } from '../components/ChangeView';

/**
 * The restore of one backup, shown before anything runs: what it changes (per setting, now → after), what changed
 * since the change, and the registry operations behind "Technical details". Only Confirm restores; closing does nothing.
 */
export function RestoreDialog({
  backupId,
  onCancel,
  onConfirm,
}: {
  readonly backupId: string;
  readonly onCancel: () => void;
  readonly onConfirm: (plan: RestorePlan) => void;
}) {
  const [plan, setPlan] = useState<RestorePlan | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  useEffect(() => {
    let current = true;
    void planRestore(backupId).then((outcome) => {
      if (!current) return;
      if ('error' in outcome) setError(outcome.error);
      else setPlan(outcome.value);
    });
    return () => {
      current = false;
    };
  }, [backupId]);
  const empty = plan !== null && plan.operationCount === 0;
  return (
    <Dialog open onClose={onCancel} maxWidth="md" fullWidth aria-labelledby="restore-dialog-title">
      <DialogTitle id="restore-dialog-title">Restore backup {backupId}</DialogTitle>
      <DialogContent data-testid="restore-plan">
        {error && <IpcErrorAlert error={error} />}
        {!plan && !error && <CircularProgress aria-label="Planning the restore" />}
        {plan && (
          <>
            <Typography variant="body2" sx={{ mb: 1 }}>
              Undo {plan.change} of {new Date(plan.changedAt).toLocaleString()}, for exactly the values and
              firewall rules it changed. Values and rules it did not touch are left as they are now.
            </Typography>
            {empty && (
              <Alert severity="info">
                Nothing to restore: everything the change touched already holds the backup’s values.
              </Alert>
            )}
            {plan.changedSince.length > 0 && (
              <Alert severity="warning" data-testid="restore-changed-since" sx={{ mb: 1 }}>
                Changed by someone else since the change; the restore puts the backup’s value back:
                <Box component="ul" sx={{ m: 0, pl: 2 }}>
                  {plan.changedSince.map((notice, index) => (
                    <li key={index}>
                      {notice.title}: {notice.message}
                    </li>
                  ))}
                </Box>
              </Alert>
            )}
            {plan.kept.map((notice, index) => (
              <Alert key={index} severity="info" sx={{ mb: 1 }}>
                {notice.message}
              </Alert>
            ))}
            <Stack spacing={1} sx={{ mt: 1 }}>
              {plan.changes.map((change) => (
                <SettingChangeCard key={change.settingId} change={change} />
              ))}
            </Stack>
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          variant="contained"
          disabled={!plan || empty}
          onClick={() => plan && onConfirm(plan)}
          data-testid="restore-confirm"
        >
          Confirm restore
        </Button>
      </DialogActions>
    </Dialog>
  );
}
