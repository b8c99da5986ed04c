import Undo from '@mui/icons-material/Undo';
import {
  Alert,
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  Chip,
  CircularProgress,
  Stack,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import type { IpcError } from '../../../main/contract';
import { PageHeading } from '../components/PageHeading';
import { listHistory, restoreBackup, type HistoryEntry } from '../changes';
import { IpcErrorAlert } from '../shell/IpcErrorAlert';
import { RestoreDialog } from './RestoreDialog';
import { SettingChangeCard, TechnicalDetails } from '../components/ChangeView';
import { useAppState } from '../state/AppState';

const OUTCOME_LABELS: Readonly<Record<NonNullable<HistoryEntry['outcome']>, string>> = {
  applied: 'Applied',
  restored: 'Restored',
  'rolled-back': 'Rolled back',
  'rollback-failed': 'Rollback failed',
  recovered: 'Recovered at start-up',
};

/** Past changes, newest first, each with its diff and a restore of the backup taken before it (shown, then confirmed). */
export function HistoryPage() {
  const { readOnlyReason, refreshAudit } = useAppState();
  const [entries, setEntries] = useState<readonly HistoryEntry[] | null>(null);
  const [interrupted, setInterrupted] = useState<readonly HistoryEntry[]>([]);
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [restored, setRestored] = useState<string | null>(null);
  const load = useCallback(() => {
    setError(null);
    void listHistory().then((outcome) => {
      if ('error' in outcome) setError(outcome.error);
      else {
        setEntries([...outcome.value.entries].reverse());
        setInterrupted(outcome.value.interrupted);
      }
    });
  }, []);
  useEffect(load, [load]);
  const [confirming, setConfirming] = useState<string | null>(null);
  const restore = async (entry: { backupId: string }, recoversInterrupted = false, fingerprint?: string) => {
    setBusy(entry.backupId);
    const failure = await restoreBackup(entry.backupId, recoversInterrupted, fingerprint);
    setBusy(null);
    refreshAudit();
    if (failure) setError(failure);
    else {
      setRestored(entry.backupId);
      load();
    }
  };
  return (
    <Stack spacing={2} data-testid="history">
      <PageHeading title="History">
        <Button onClick={load}>Refresh</Button>
      </PageHeading>
      {error && <IpcErrorAlert error={error} onRetry={load} />}
      <div role="status" aria-live="polite">
        {restored && <Alert severity="success">Backup {restored} restored.</Alert>}
      </div>
      {interrupted.map((entry) => (
        <Alert
          key={entry.id}
          severity="error"
          action={
            <Button
              color="inherit"
              disabled={readOnlyReason !== null || busy !== null}
              onClick={() => void restore(entry, true)}
            >
              Restore
            </Button>
          }
        >
          A change begun {new Date(entry.at).toLocaleString()} ({entry.target}) never finished: the registry
          may hold part of it. Restore its backup ({entry.backupId}) to put the values back as they were.
        </Alert>
      ))}
      {confirming && (
        <RestoreDialog
          backupId={confirming}
          onCancel={() => setConfirming(null)}
          onConfirm={(plan) => {
            setConfirming(null);
            // What runs is the plan shown: a machine that changed since is refused (stale-plan), never restored blind.
            void restore({ backupId: plan.backupId }, false, plan.fingerprint);
          }}
        />
      )}
      {entries === null && !error && <CircularProgress aria-label="Loading history" />}
      {entries?.length === 0 && (
        <Typography>No change has been made with SinkGuard on this machine.</Typography>
      )}
      {entries?.map((entry) => (
        <Card
          key={entry.id}
          variant="outlined"
          component="article"
          data-testid={`history-${entry.id}`}
          sx={{ minWidth: 0, overflowWrap: 'anywhere' }}
        >
          <CardContent>
            <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
              <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
                {entry.operation === 'apply' ? `Applied ${entry.target}` : `Restored ${entry.target}`}
              </Typography>
              <Chip
                size="small"
                label={entry.outcome ? OUTCOME_LABELS[entry.outcome] : 'Interrupted'}
                color={entry.outcome === 'applied' || entry.outcome === 'restored' ? 'success' : 'warning'}
              />
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {new Date(entry.at).toLocaleString()} · {entry.user} on {entry.machine} · backup{' '}
              {entry.backupId}
            </Typography>
            {entry.message && <Typography variant="body2">{entry.message}</Typography>}
            <Stack spacing={1} sx={{ mt: 1, minWidth: 0 }}>
              {entry.changes
                ? entry.changes.map((change) => <SettingChangeCard key={change.settingId} change={change} />)
                : entry.diff.map((change) => (
                    // Journaled before SinkGuard kept the change in words: its recorded lines, as technical details.
                    <Box key={change.settingId}>
                      <Typography variant="body2" sx={{ fontWeight: 600 }}>
                        {change.title}
                      </Typography>
                      <TechnicalDetails lines={change.lines} />
                    </Box>
                  ))}
            </Stack>
          </CardContent>
          {entry.operation === 'apply' && entry.outcome === 'applied' && (
            <CardActions>
              <Button
                startIcon={<Undo />}
                disabled={readOnlyReason !== null || busy !== null}
                onClick={() => setConfirming(entry.backupId)}
                aria-label={`Restore the backup taken before this change (${entry.backupId})`}
              >
                Restore
              </Button>
              {readOnlyReason && (
                <Typography variant="body2" color="error.main">
                  Restore needs administrator rights.
                </Typography>
              )}
            </CardActions>
          )}
        </Card>
      ))}
    </Stack>
  );
}
