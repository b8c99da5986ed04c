import { Box, CircularProgress, Typography } from '@mui/material';
import { useRef, type ReactNode } from 'react';
import { IpcErrorAlert } from '../shell/IpcErrorAlert';
import { useAppState } from '../state/AppState';

/**
 * Wizards start from the audit: wait for the first one. Later refreshes (after an apply) keep the wizard mounted, so
 * its result and Undo stay on screen while the dashboard's numbers update.
 */
export function AuditGate({ children }: { readonly children: ReactNode }) {
  const { audit, refreshAudit } = useAppState();
  const loaded = useRef(false);
  if (audit.status === 'ok') loaded.current = true;
  if (loaded.current) return children;
  if (audit.status === 'error') return <IpcErrorAlert error={audit.error} onRetry={refreshAudit} />;
  return (
    <Box role="status" sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
      <CircularProgress size={24} aria-hidden />
      <Typography>Reading the machine’s settings…</Typography>
    </Box>
  );
}
