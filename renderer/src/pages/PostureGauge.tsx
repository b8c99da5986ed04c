import { Box, Chip, CircularProgress, Stack, Typography } from '@mui/material';
import type { AuditReport, Verdict } from '../../../main/domain/audit/report';
import { VERDICT_LABELS } from '../../../main/domain/report';

export const VERDICT_COLORS: Readonly<Record<Verdict, 'success' | 'warning' | 'error' | 'info' | 'default'>> =
  {
    ok: 'success',
    weak: 'warning',
    critical: 'error',
    managed: 'info',
    unreadable: 'default',
  };

/** The posture at a glance: share of settings meeting the profile, and the count per verdict. */
export function PostureGauge({ summary }: { readonly summary: AuditReport['summary'] }) {
  const total = Object.values(summary.counts).reduce((sum, count) => sum + count, 0);
  const ok = summary.counts.ok;
  const percent = total === 0 ? 0 : Math.round((ok / total) * 100);
  const color = summary.counts.critical > 0 ? 'error' : summary.counts.weak > 0 ? 'warning' : 'success';
  return (
    <Stack direction="row" spacing={3} sx={{ alignItems: 'center' }} data-testid="posture">
      <Box sx={{ position: 'relative', display: 'inline-flex' }}>
        <CircularProgress
          variant="determinate"
          value={100}
          size={96}
          thickness={5}
          sx={{ color: 'action.disabledBackground', position: 'absolute' }}
          aria-hidden
        />
        <CircularProgress
          variant="determinate"
          value={percent}
          size={96}
          thickness={5}
          color={color}
          aria-label={`${ok} of ${total} settings meet the profile`}
        />
        <Box
          sx={{
            inset: 0,
            position: 'absolute',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
          }}
          aria-hidden
        >
          <Typography variant="h6" component="span">
            {percent}%
          </Typography>
        </Box>
      </Box>
      <Stack spacing={1}>
        <Typography variant="body1">
          {summary.meetsProfile
            ? 'This machine meets the profile.'
            : `${total - ok} of ${total} settings need attention or are outside your control.`}
        </Typography>
        <Stack
          direction="row"
          spacing={1}
          useFlexGap
          sx={{ flexWrap: 'wrap' }}
          aria-label="Settings by verdict"
        >
          {(['critical', 'weak', 'managed', 'ok', 'unreadable'] as const)
            .filter((verdict) => summary.counts[verdict] > 0 || verdict !== 'unreadable')
            .map((verdict) => (
              <Chip
                key={verdict}
                label={`${VERDICT_LABELS[verdict]}: ${summary.counts[verdict]}`}
                color={VERDICT_COLORS[verdict]}
                variant={summary.counts[verdict] > 0 ? 'filled' : 'outlined'}
                data-testid={`count-${verdict}`}
              />
            ))}
        </Stack>
      </Stack>
    </Stack>
  );
}
