import BuildOutlined from '@mui/icons-material/BuildOutlined';
import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import GavelOutlined from '@mui/icons-material/GavelOutlined';
import HelpOutlined from '@mui/icons-material/HelpOutlined';
import {
  Button,
  Card,
  CardActions,
  CardContent,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Link,
  Stack,
  Typography,
} from '@mui/material';
import { useId, useState } from 'react';
import type { Finding } from '../../../main/domain/audit/report';
import { STANDING_LABELS } from '../../../main/domain/report/standing';
import { LazyFleetExportDialog } from '../fleet/FleetExportButton';
import { fixRouteFor, INVENTORY_PAGE_FOR } from '../model/routes';
import { useAppState } from '../state/AppState';
import { STANDING_COLORS } from './PostureGauge';

const SOURCE_LABELS: Readonly<Record<Finding['effective']['source'], string>> = {
  local: 'set locally',
  policy: 'set by Group Policy',
  default: 'not set: Windows default',
};

/** Said when the audit has no hint of its own for a Group Policy-only setting. */
export const POLICY_ONLY_EXPLANATION =
  'Windows reads this setting from Group Policy only: SinkGuard does not write it locally, and a plan leaves it out. Set it in the GPO that manages this machine, or build a Registry.pol with `sinkguard export --format pol` and import it into that GPO; then run gpupdate /force and refresh.';

export const GPO_EXPLANATION =
  'Group Policy sets this value, and the policy value takes precedence over the local one: a local change would have no effect. Change it in the GPO that manages this machine (Group Policy Management Console), then run gpupdate /force and refresh.';

/** One finding: plain words, the effective value and where it comes from, and the one action that fits. */
export function FindingCard({ finding }: { readonly finding: Finding }) {
  const { navigate } = useAppState();
  const [dialog, setDialog] = useState<'explain' | 'policy' | 'policy-only' | 'manual' | null>(null);
  const [polExport, setPolExport] = useState(false);
  const titleId = useId();
  const needsFix = finding.verdict === 'weak' || finding.verdict === 'critical';
  const route = finding.remedy === 'local' ? fixRouteFor(finding) : null;
  const inventory = INVENTORY_PAGE_FOR[finding.settingId];
  // Where Group Policy wins, the local value still matters: it comes back when the policy is removed.
  const overridden = finding.effective.source === 'policy' ? finding.local : null;
  return (
    <Card
      variant="outlined"
      component="article"
      aria-labelledby={titleId}
      data-testid={`finding-${finding.settingId}`}
    >
      <CardContent sx={{ pb: 1 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', justifyContent: 'space-between' }}>
          <Typography variant="subtitle1" component="h4" id={titleId} sx={{ fontWeight: 600 }}>
            {finding.title}
          </Typography>
          <Chip
            size="small"
            label={STANDING_LABELS[finding.standing]}
            color={STANDING_COLORS[finding.standing]}
            data-testid="verdict"
            data-verdict={finding.verdict}
          />
        </Stack>
        <Typography variant="body2" sx={{ mt: 1 }}>
          {finding.explanation}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1, overflowWrap: 'anywhere' }}>
          Effective value ({SOURCE_LABELS[finding.effective.source]}):{' '}
          <Typography component="code" variant="body2" sx={{ fontFamily: 'monospace' }}>
            {finding.effective.display}
          </Typography>
        </Typography>
        {overridden && (
          <Typography
            variant="body2"
            color="text.secondary"
            sx={{ mt: 0.5, overflowWrap: 'anywhere' }}
            data-testid="local-overridden"
          >
            Local value (overridden by policy):{' '}
            <Typography component="code" variant="body2" sx={{ fontFamily: 'monospace' }}>
              {overridden.display}
            </Typography>
          </Typography>
        )}
      </CardContent>
      <CardActions>
        {finding.managedByPolicy ? (
          <Button size="small" startIcon={<GavelOutlined />} onClick={() => setDialog('policy')}>
            Managed by Group Policy
          </Button>
        ) : !needsFix ? null : finding.remedy === 'group-policy' ? (
          <Button size="small" startIcon={<GavelOutlined />} onClick={() => setDialog('policy-only')}>
            Set by Group Policy…
          </Button>
        ) : finding.remedy === 'manual' ? (
          <Button size="small" startIcon={<BuildOutlined />} onClick={() => setDialog('manual')}>
            How to fix…
          </Button>
        ) : (
          route && (
            <Button
              size="small"
              variant="contained"
              onClick={() => navigate({ ...route, fromFinding: finding.settingId })}
            >
              Fix…
            </Button>
          )
        )}
        {inventory && (
          <Button
            size="small"
            data-testid="open-inventory"
            onClick={() => navigate({ page: inventory.page, atFaultOnly: finding.meetsProfile === false })}
          >
            {inventory.label}
          </Button>
        )}
        <Button size="small" startIcon={<HelpOutlined />} onClick={() => setDialog('explain')}>
          Explain
        </Button>
      </CardActions>
      <Dialog
        open={dialog !== null}
        onClose={() => setDialog(null)}
        aria-labelledby={`${titleId}-dialog`}
        maxWidth="md"
      >
        <DialogTitle id={`${titleId}-dialog`}>{finding.title}</DialogTitle>
        <DialogContent>
          {dialog === 'policy' && (
            <Typography variant="body1" sx={{ mb: 2 }} data-testid="gpo-explanation">
              {GPO_EXPLANATION}
            </Typography>
          )}
          {dialog === 'policy-only' && (
            <Typography variant="body1" sx={{ mb: 2 }} data-testid="policy-only-explanation">
              {finding.remedyHint ?? POLICY_ONLY_EXPLANATION}
            </Typography>
          )}
          {dialog === 'manual' && (
            <Typography variant="body1" sx={{ mb: 2 }} data-testid="manual-fix">
              SinkGuard reports this and changes nothing. {finding.remedyHint}
            </Typography>
          )}
          <Typography variant="subtitle2" component="h3">
            Why it matters
          </Typography>
          <Typography variant="body2" sx={{ mb: 2 }}>
            {finding.rationale}
          </Typography>
          <Typography variant="subtitle2" component="h3">
            What changing it affects
          </Typography>
          <Typography variant="body2" sx={{ mb: 2 }}>
            {finding.sideEffects}
            {finding.restartRequired && ' A restart is needed for a change to take effect.'}
          </Typography>
          {finding.details.length > 0 && (
            <>
              <Typography variant="subtitle2" component="h3">
                Details
              </Typography>
              <ul>
                {finding.details.map((detail) => (
                  <li key={detail}>
                    <Typography variant="body2">{detail}</Typography>
                  </li>
                ))}
              </ul>
            </>
          )}
          <Typography variant="subtitle2" component="h3">
            References
          </Typography>
          <ul>
            {finding.references.map((reference) => (
              <li key={reference.id}>
                <Link href={reference.url} target="_blank" rel="noreferrer" variant="body2">
                  {reference.title}
                </Link>
              </li>
            ))}
          </ul>
        </DialogContent>
        <DialogActions>
          {dialog === 'policy-only' && (
            <Button
              startIcon={<FileDownloadOutlined />}
              onClick={() => {
                setDialog(null);
                setPolExport(true);
              }}
            >
              Export a Registry.pol…
            </Button>
          )}
          <Button onClick={() => setDialog(null)} autoFocus>
            Close
          </Button>
        </DialogActions>
      </Dialog>
      {/* The fleet export, opened on Registry.pol: the file a GPO (or LGPO.exe /m) takes. */}
      {polExport && <LazyFleetExportDialog open onClose={() => setPolExport(false)} initialFormat="pol" />}
    </Card>
  );
}
