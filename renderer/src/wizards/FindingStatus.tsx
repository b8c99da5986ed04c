import { Alert, AlertTitle, Typography } from '@mui/material';
import type { Finding } from '../../../main/domain/audit/report';
import { STANDING_LABELS } from '../../../main/domain/report/standing';
import { GPO_EXPLANATION } from '../pages/FindingCard';

const SEVERITY = {
  ok: 'success',
  weak: 'warning',
  critical: 'error',
  managed: 'info',
  unreadable: 'info',
} as const;

/** Where one setting stands now, as a compact alert inside a wizard step; policy-managed ones say what to do. */
export function FindingStatus({ finding }: { readonly finding: Finding | undefined }) {
  if (!finding) return null;
  return (
    <Alert severity={SEVERITY[finding.verdict]} data-testid={`status-${finding.settingId}`}>
      <AlertTitle>
        {finding.title}: {STANDING_LABELS[finding.standing]}
      </AlertTitle>
      <Typography variant="body2">{finding.explanation}</Typography>
      {finding.managedByPolicy && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          {GPO_EXPLANATION}
        </Typography>
      )}
    </Alert>
  );
}
