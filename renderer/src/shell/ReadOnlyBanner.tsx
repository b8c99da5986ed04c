import { Alert, AlertTitle, Button } from '@mui/material';
import { useState } from 'react';
import { useAppState } from '../state/AppState';
import { IpcErrorAlert } from './IpcErrorAlert';
import type { IpcError } from '../../../main/contract';
import { relaunchElevated } from '../changes';

/** Shown on every page while SinkGuard is not elevated: what that means and the one way out. */
export function ReadOnlyBanner() {
  const { readOnlyReason, info } = useAppState();
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  if (readOnlyReason === null) return null;
  // The browser preview cannot relaunch anything; the Windows app can.
  const canRelaunch = info.status === 'ok' && info.value.canRelaunchElevated;
  const relaunch = async () => {
    setBusy(true);
    const result = await relaunchElevated();
    setBusy(false);
    if ('error' in result) setError(result.error);
  };
  return (
    <>
      <Alert
        severity="warning"
        role="status"
        data-testid="read-only-banner"
        sx={{ mb: 2 }}
        action={
          <Button
            color="inherit"
            variant="outlined"
            disabled={!canRelaunch || busy}
            onClick={() => void relaunch()}
          >
            Relaunch as administrator
          </Button>
        }
      >
        <AlertTitle>Read-only mode</AlertTitle>
        {readOnlyReason}
      </Alert>
      {error && <IpcErrorAlert error={error} />}
    </>
  );
}
