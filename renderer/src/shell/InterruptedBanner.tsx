import { Alert, AlertTitle, Box, Button, CircularProgress } from '@mui/material';
import { useCallback, useEffect, useId, useState } from 'react';
import type { ChannelResponse, IpcError } from '../../../main/contract';
import { restoreBackup } from '../changes';
import { call } from '../ipc';
import { useAppState } from '../state/AppState';
import { IpcErrorAlert } from './IpcErrorAlert';

type RecoveryStatus = ChannelResponse<'recovery:status'>;

/**
 * Start-up recovery: a change that began and never finished (SinkGuard killed, power lost) may have left part of it
 * in the registry. Shown on every page until its backup is restored; main refuses every other change meanwhile.
 */
export function InterruptedBanner() {
  const { readOnlyReason, refreshAudit } = useAppState();
  const [status, setStatus] = useState<RecoveryStatus | null>(null);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  const [restored, setRestored] = useState<string | null>(null);
  const describedBy = useId();

  const load = useCallback(() => {
    void call('recovery:status', {}).then((result) => {
      if ('value' in result) {
        setStatus(result.value);
        setError(null);
      } else if (result.error.code !== 'not-elevated') {
        // Not elevated: the read-only banner already says what to do; anything else is shown as it is.
        setError(result.error);
      }
    });
  }, []);
  useEffect(load, [load]);

  const next = status?.next ?? null;
  const restore = async () => {
    if (!next) return;
    setBusy(true);
    const failure = await restoreBackup(next.backupId, true);
    setBusy(false);
    refreshAudit();
    setError(failure);
    if (!failure) setRestored(next.backupId);
    load();
  };

  return (
    <Box sx={{ mb: next || error || restored ? 2 : 0 }}>
      {next && status && (
        <Alert
          severity="error"
          role="alert"
          data-testid="interrupted-banner"
          action={
            <Button
              color="inherit"
              variant="outlined"
              disabled={busy || readOnlyReason !== null}
              onClick={() => void restore()}
              aria-describedby={describedBy}
              startIcon={busy ? <CircularProgress size={16} color="inherit" aria-hidden /> : undefined}
            >
              Restore the backup
            </Button>
          }
        >
          <AlertTitle>A change did not finish</AlertTitle>
          <span id={describedBy}>
            The {next.operation} of {next.target} begun {new Date(next.at).toLocaleString()} by {next.user}{' '}
            stopped before it was verified (SinkGuard was closed or the machine lost power), so the registry
            may hold part of it. Restore its backup ({next.backupId}) to put the values back as they were; no
            other change can be made until then.
            {status.interrupted.length > 1 &&
              ` ${status.interrupted.length - 1} more will be offered after it, newest first.`}
          </span>
          {readOnlyReason && <div>Restoring needs administrator rights.</div>}
        </Alert>
      )}
      <div role="status" aria-live="polite">
        {restored && !next && (
          <Alert severity="success" data-testid="interrupted-restored" onClose={() => setRestored(null)}>
            Backup {restored} restored: the registry is as it was before the interrupted change.
          </Alert>
        )}
      </div>
      {error && <IpcErrorAlert error={error} onRetry={load} />}
    </Box>
  );
}
