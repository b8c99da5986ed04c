import { Box, Chip, CircularProgress, Stack, Typography } from '@mui/material';
import type { AuditReport } from '../../../main/domain/audit/report';
import { STANDING_LABELS, standingCounts, type Standing } from '../../../main/domain/report/standing';

export const STANDING_COLORS: Readonly<
  Record<Standing, 'success' | 'warning' | 'error' | 'info' | 'default'>
> = {
  critical: 'error',
  high: 'warning',
  medium: 'warning',
  low: 'warning',
  managed: 'info',
  unreadable: 'default',
  ok: 'success',
};

/** The posture at a glance: the severity-weighted score (the audit's), and the count per standing. */
export function PostureGauge({ report }: { readonly report: AuditReport }) {
  const { summary } = report;
  const counts = standingCounts(report.findings);
  const total = report.findings.length;
  const ok = counts.ok;
  const percent = summary.score;
  const color = counts.critical > 0 ? 'error' : ok < total - counts.managed ? 'warning' : 'success';
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
          aria-label={`Posture score ${percent} of 100, weighted by severity; ${ok} of ${total} settings meet the profile`}
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
            : `${total - ok} of ${total} settings need attention or are outside your control.`}{' '}
          {counts.critical > 0 &&
            `A critical finding holds the score at ${percent} or below until it is fixed.`}
        </Typography>
        <Stack
          direction="row"
          spacing={1}
          useFlexGap
          sx={{ flexWrap: 'wrap' }}
          aria-label="Settings by standing"
        >
          {(['critical', 'high', 'medium', 'low', 'managed', 'ok', 'unreadable'] as const)
            .filter((standing) => counts[standing] > 0 || ['critical', 'high', 'ok'].includes(standing))
            .map((standing) => (
              <Chip
                key={standing}
                label={`${STANDING_LABELS[standing]}: ${counts[standing]}`}
                color={STANDING_COLORS[standing]}
                variant={counts[standing] > 0 ? 'filled' : 'outlined'}
                data-testid={`count-${standing}`}
              />
            ))}
        </Stack>
      </Stack>
    </Stack>
  );
}
