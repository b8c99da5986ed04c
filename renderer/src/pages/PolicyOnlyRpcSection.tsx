import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import { Box, Button, Card, CardActions, CardContent, Chip, Stack, Typography } from '@mui/material';
import { useId, useState } from 'react';
import type { AuditReport } from '../../../main/domain/audit/report';
import type { DwordSetting, NamedValue } from '../../../main/domain/catalog';
import { STANDING_LABELS } from '../../../main/domain/report/standing';
import { LazyFleetExportDialog } from '../fleet/FleetExportButton';
import { POLICY_ONLY_RPC_SETTINGS, policyOnlyReading } from '../../../main/domain/report/policy-only';
import { STANDING_COLORS } from './PostureGauge';

/** A value's short name: the words before its meaning's colon (`Authenticated`), else its constant's name. */
const label = (value: NamedValue<number>): string =>
  value.meaning.includes(':') ? value.meaning.slice(0, value.meaning.indexOf(':')) : value.name;

/** One Group Policy-only setting: what it holds, what that means, who it affects, and where it is set. */
function PolicyOnlyCard({
  report,
  setting,
}: {
  readonly report: AuditReport;
  readonly setting: DwordSetting;
}) {
  const titleId = useId();
  const [polExport, setPolExport] = useState(false);
  const reading = policyOnlyReading(report, setting);
  return (
    <Card
      variant="outlined"
      component="article"
      aria-labelledby={titleId}
      data-testid={`policy-only-${setting.id}`}
    >
      <CardContent sx={{ pb: 1 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', justifyContent: 'space-between' }}>
          <Typography variant="subtitle1" component="h4" id={titleId} sx={{ fontWeight: 600 }}>
            {setting.title}
          </Typography>
          {reading?.assessed ? (
            <Chip
              size="small"
              label={STANDING_LABELS[reading.assessed.standing]}
              color={STANDING_COLORS[reading.assessed.standing]}
            />
          ) : (
            <Chip size="small" variant="outlined" label="Not assessed by this profile" />
          )}
        </Stack>
        <Typography variant="body2" sx={{ mt: 1 }} data-testid="policy-only-value">
          Now:{' '}
          <Typography component="code" variant="body2" sx={{ fontFamily: 'monospace' }}>
            {reading?.display ?? 'not read'}
          </Typography>{' '}
          ({reading?.configured ? 'set by Group Policy' : 'not configured in Group Policy'})
        </Typography>
        {reading && (
          <>
            <Typography variant="body2" sx={{ mt: 1 }} data-testid="policy-only-meaning">
              <strong>What it means:</strong> {reading.meaning}
            </Typography>
            {reading.affects && (
              <Typography variant="body2" sx={{ mt: 1 }} data-testid="policy-only-affects">
                <strong>Who is affected:</strong> {reading.affects}
              </Typography>
            )}
          </>
        )}
        <Typography variant="subtitle2" component="h5" sx={{ mt: 1.5 }}>
          What each value does
        </Typography>
        <Box component="ul" sx={{ mt: 0.5, mb: 0, pl: 2 }}>
          {setting.allowed.map((value) => (
            <li key={value.value}>
              <Typography variant="body2">
                <strong>
                  {label(value)} ({value.value})
                </strong>
                {': '}
                {value.affects ?? value.meaning}
              </Typography>
            </li>
          ))}
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="policy-only-where">
          Set only by Group Policy{setting.groupPolicy ? ` (${setting.groupPolicy})` : ''}. SinkGuard never
          writes under HKLM\SOFTWARE\Policies on this machine; it can export a Registry.pol for the GPO that
          manages it.
          {setting.restartRequired && ' A change takes effect after a restart.'}
        </Typography>
      </CardContent>
      <CardActions>
        <Button size="small" startIcon={<FileDownloadOutlined />} onClick={() => setPolExport(true)}>
          Export a Registry.pol…
        </Button>
      </CardActions>
      <LazyFleetExportDialog open={polExport} onClose={() => setPolExport(false)} initialFormat="pol" />
    </Card>
  );
}

/** The RPC settings only a GPO sets, shown whether or not the profile assesses them. */
export function PolicyOnlyRpcSection({ report }: { readonly report: AuditReport }) {
  return (
    <Box component="section" aria-labelledby="area-policy-only-rpc" data-testid="area-policy-only-rpc">
      <Typography variant="h6" component="h3" id="area-policy-only-rpc" sx={{ mb: 1 }}>
        RPC settings only Group Policy sets
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))' }}>
        {POLICY_ONLY_RPC_SETTINGS.map((setting) => (
          <PolicyOnlyCard key={setting.id} report={report} setting={setting} />
        ))}
      </Box>
    </Box>
  );
}
