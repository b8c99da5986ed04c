import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import Refresh from '@mui/icons-material/Refresh';
import { Box, Button, Card, CardContent, Chip, CircularProgress, Stack, Typography } from '@mui/material';
import { SETTING_AREAS } from '../../../main/domain/catalog/types';
import { AREA_TITLES, auditReportHtml } from '../../../main/domain/report';
import { PageHeading } from '../components/PageHeading';
import { ProfileSelect } from '../components/ProfileSelect';
import { exportFileName, saveDocument } from '../export';
import { FleetExportButton } from '../fleet/FleetExportButton';
import { IpcErrorAlert } from '../shell/IpcErrorAlert';
import { useAppState } from '../state/AppState';
import { FindingCard } from './FindingCard';
import { PolicyOnlyRpcSection } from './PolicyOnlyRpcSection';
import { PostureGauge } from './PostureGauge';

/** Version, backend and runtime in one line: which machine the audit below is about. */
function MachineStrip() {
  const { info } = useAppState();
  if (info.status !== 'ok') return null;
  const { value } = info;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
      <Typography variant="body2" color="text.secondary">
        SinkGuard <span data-testid="info-version">{value.version}</span> ·{' '}
        <span data-testid="info-registry-backend">{value.registry.description}</span> ·{' '}
        <span data-testid="info-runtime">
          {value.runtime === 'preview'
            ? 'browser preview (simulated machine only)'
            : `Electron ${value.electronVersion ?? ''}`}
        </span>
      </Typography>
      <Chip size="small" variant="outlined" label={value.registry.kind} data-testid="registry-kind" />
    </Stack>
  );
}

export function DashboardPage() {
  const { audit, refreshAudit, profile, setProfile, profiles, info } = useAppState();
  const exportReport = () => {
    if (audit.status !== 'ok') return;
    const machine = info.status === 'ok' ? info.value.registry.description : 'unknown machine';
    const now = new Date();
    const html = auditReportHtml(audit.value, {
      generatedAt: now.toISOString(),
      machine,
      appVersion: info.status === 'ok' ? info.value.version : 'unknown',
    });
    saveDocument(exportFileName(`audit-${profile}`, machine, now), html);
  };
  const description =
    profiles.status === 'ok'
      ? profiles.value.find((summary) => summary.name === profile)?.description
      : undefined;
  return (
    <Stack spacing={2}>
      <PageHeading title="Where this machine stands">
        <ProfileSelect value={profile} onChange={setProfile} testId="profile-select" sx={{ minWidth: 180 }} />
        <Button startIcon={<Refresh />} onClick={refreshAudit} disabled={audit.status === 'loading'}>
          Refresh
        </Button>
        <Button
          startIcon={<FileDownloadOutlined />}
          onClick={exportReport}
          disabled={audit.status !== 'ok'}
          data-testid="export-report"
        >
          Export report
        </Button>
        <FleetExportButton />
      </PageHeading>
      <MachineStrip />
      {description && (
        <Typography variant="body2" color="text.secondary">
          {description}
        </Typography>
      )}
      {audit.status === 'loading' && (
        <Box role="status" aria-live="polite" sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
          <CircularProgress size={24} aria-hidden />
          <Typography>Reading the machine’s settings…</Typography>
        </Box>
      )}
      {audit.status === 'error' && <IpcErrorAlert error={audit.error} onRetry={refreshAudit} />}
      {audit.status === 'ok' && (
        <>
          <Card variant="outlined">
            <CardContent>
              <Typography variant="h6" component="h3" sx={{ mb: 2 }}>
                Posture
              </Typography>
              <PostureGauge report={audit.value} />
            </CardContent>
          </Card>
          {SETTING_AREAS.map((area) => {
            const findings = audit.value.findings.filter((finding) => finding.area === area);
            if (findings.length === 0) return null;
            return (
              <Box
                component="section"
                key={area}
                aria-labelledby={`area-${area}`}
                data-testid={`area-${area}`}
              >
                <Typography variant="h6" component="h3" id={`area-${area}`} sx={{ mb: 1 }}>
                  {AREA_TITLES[area]}
                </Typography>
                <Box
                  sx={{
                    display: 'grid',
                    gap: 2,
                    gridTemplateColumns: 'repeat(auto-fill, minmax(340px, 1fr))',
                  }}
                >
                  {findings.map((finding) => (
                    <FindingCard key={finding.settingId} finding={finding} />
                  ))}
                </Box>
              </Box>
            );
          })}
          <PolicyOnlyRpcSection report={audit.value} />
        </>
      )}
    </Stack>
  );
}
