import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Button,
  Chip,
  Drawer,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import ExpandMore from '@mui/icons-material/ExpandMore';
import { useId, type ReactNode } from 'react';
import { appIdKeyPath } from '../../../main/domain/appids/roots';
import type { AppIdEntry, AppIdPermission } from '../../../main/domain/appids/model';
import { worstLabel, type AppIdRow } from '../model/appids';
import { STANDING_COLORS } from '../pages/PostureGauge';

/** One permission as principal → rights, or what applies instead (the machine default, or why it is unusable). */
function PermissionView({
  title,
  permission,
  fallback,
  testId,
}: {
  readonly title: string;
  readonly permission: AppIdPermission;
  readonly fallback: string;
  readonly testId: string;
}) {
  return (
    <Box data-testid={testId}>
      <Typography variant="subtitle2" component="h4">
        {title}
      </Typography>
      {permission.kind === 'machine-default' && (
        <Typography variant="body2">Not set: the machine default applies ({fallback}).</Typography>
      )}
      {permission.kind === 'invalid' && (
        <Typography variant="body2" color="error">
          Unusable: {permission.problem}
        </Typography>
      )}
      {permission.kind === 'custom' && (
        <Table size="small" aria-label={title}>
          <TableHead>
            <TableRow>
              <TableCell>Principal</TableCell>
              <TableCell>Allowed</TableCell>
              <TableCell>Denied</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {permission.grants.map((grant) => (
              <TableRow key={grant.sid}>
                <TableCell>{grant.principal}</TableCell>
                <TableCell>{grant.allow.join(', ') || '—'}</TableCell>
                <TableCell>{grant.deny.join(', ') || '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}

/**
 * The detail panel of one application (a drawer on the right): identity, hosting, launch and access permissions,
 * findings in plain words; the registry key and SDDL only under "Technical details".
 */
export function AppIdDetail({
  row,
  onClose,
  actions,
}: {
  readonly row: AppIdRow | null;
  readonly onClose: () => void;
  /** Buttons beside Close for the entry shown (where a fix wizard is opened from). */
  readonly actions?: (entry: AppIdEntry) => ReactNode;
}) {
  const titleId = useId();
  const entry = row?.entry;
  return (
    <Drawer
      anchor="right"
      open={row !== null}
      onClose={onClose}
      // Above the app bar (which sits above the navigation drawer): the panel's heading and Close stay reachable.
      sx={{ zIndex: (theme) => theme.zIndex.modal }}
      slotProps={{ paper: { sx: { width: { xs: '100%', sm: 560 } }, 'aria-labelledby': titleId } as never }}
    >
      {row && entry && (
        <Stack spacing={2} sx={{ p: 3 }} data-testid="appid-detail">
          <Stack
            direction="row"
            spacing={1}
            sx={{ justifyContent: 'space-between', alignItems: 'flex-start' }}
          >
            <Typography variant="h6" component="h3" id={titleId}>
              {row.name}
            </Typography>
            <Stack direction="row" spacing={1}>
              {actions?.(entry)}
              <Button onClick={onClose}>Close</Button>
            </Stack>
          </Stack>
          <Box component="dl" sx={{ m: 0, '& dt': { fontWeight: 600 }, '& dd': { ml: 0, mb: 1 } }}>
            <dt>AppID</dt>
            <dd>{entry.guid}</dd>
            {entry.executables.length > 0 && (
              <>
                <dt>Executables</dt>
                <dd>{entry.executables.join(', ')}</dd>
              </>
            )}
            <dt>Runs as</dt>
            <dd data-testid="appid-identity">{row.identity}</dd>
            <dt>Hosted by</dt>
            <dd>{row.hosting}</dd>
            <dt>Authentication level</dt>
            <dd>
              {entry.authenticationLevel === null
                ? 'Not set: the machine’s LegacyAuthenticationLevel applies'
                : row.authentication}
            </dd>
          </Box>
          {entry.hosting.kind === 'service' && (
            <Typography variant="body2">
              It runs as the {entry.hosting.service} service’s logon account: change that in Services or with{' '}
              <code>sc config {entry.hosting.service} obj= …</code>, not in the application’s settings.
            </Typography>
          )}
          <PermissionView
            title="Launch and activation permission"
            permission={entry.launch}
            fallback="DefaultLaunchPermission"
            testId="appid-launch"
          />
          <PermissionView
            title="Access permission"
            permission={entry.access}
            fallback="DefaultAccessPermission"
            testId="appid-access"
          />
          <Box data-testid="appid-findings">
            <Typography variant="subtitle2" component="h4">
              Findings
            </Typography>
            {entry.findings.length === 0 ? (
              <Typography variant="body2">None: nothing here weakens DCOM.</Typography>
            ) : (
              <Stack component="ul" spacing={1} sx={{ pl: 0, listStyle: 'none', m: 0 }}>
                {entry.findings.map((finding) => (
                  <Stack
                    component="li"
                    key={finding.text}
                    direction="row"
                    spacing={1}
                    sx={{ alignItems: 'flex-start' }}
                  >
                    <Chip
                      size="small"
                      label={worstLabel(finding.severity)}
                      color={STANDING_COLORS[finding.severity]}
                      variant={finding.severity === 'low' ? 'outlined' : 'filled'}
                    />
                    <Typography variant="body2">{finding.text}</Typography>
                  </Stack>
                ))}
              </Stack>
            )}
          </Box>
          <Accordion disableGutters variant="outlined">
            <AccordionSummary expandIcon={<ExpandMore />}>
              <Typography variant="subtitle2" component="span">
                Technical details
              </Typography>
            </AccordionSummary>
            <AccordionDetails>
              <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }} data-testid="appid-technical">
                Key: <code>{appIdKeyPath(entry)}</code>
                <br />
                LaunchPermission:{' '}
                <code>
                  {entry.launch.kind === 'custom'
                    ? entry.launch.sddl
                    : entry.launch.kind === 'invalid'
                      ? 'unusable'
                      : 'absent'}
                </code>
                <br />
                AccessPermission:{' '}
                <code>
                  {entry.access.kind === 'custom'
                    ? entry.access.sddl
                    : entry.access.kind === 'invalid'
                      ? 'unusable'
                      : 'absent'}
                </code>
              </Typography>
            </AccordionDetails>
          </Accordion>
        </Stack>
      )}
    </Drawer>
  );
}
