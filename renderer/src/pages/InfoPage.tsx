import {
  Card,
  CardContent,
  Chip,
  CircularProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import type { AppInfo } from '../../../main/contract';
import { useChannel } from '../ipc';
import { IpcErrorAlert } from '../shell/IpcErrorAlert';
import { BackendSetting } from './BackendSetting';

/** Domain or workgroup as read, or why it is not known; never guessed. */
const membershipLabel = (membership: AppInfo['machine']['membership']): string =>
  membership.kind === 'domain'
    ? `Domain ${membership.name} (from ${membership.from})`
    : membership.kind === 'workgroup'
      ? `Workgroup (${membership.from})`
      : `Not known: ${membership.why.replace(/^not known(: )?/i, '')}`;

const elevationLabel = (elevated: boolean | null): string =>
  elevated === null ? 'Unknown' : elevated ? 'Administrator (changes allowed)' : 'Not elevated (read-only)';

export function InfoPage() {
  const [info, reload] = useChannel('app:info', {});
  if (info.status === 'loading') return <CircularProgress aria-label="Loading" />;
  if (info.status === 'error') return <IpcErrorAlert error={info.error} onRetry={reload} />;
  const { value } = info;
  const rows: readonly [string, ReactNode][] = [
    ['Host name', value.machine.hostName ?? 'None: the simulated machine has no name'],
    ['Windows build', value.machine.osBuild],
    ['Domain or workgroup', membershipLabel(value.machine.membership)],
    ['Version', value.version],
    ['Platform', `${value.platform} (${value.arch})`],
    [
      'Runtime',
      value.runtime === 'preview'
        ? 'Browser preview (simulated machine only)'
        : `Electron ${value.electronVersion ?? ''}`,
    ],
    ['Rights', elevationLabel(value.elevated)],
    ['Registry backend', value.registry.description],
    ['Why this backend', value.registry.reason],
  ];
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Typography variant="h5" component="h2">
          About this machine
        </Typography>
        <Chip label={value.registry.kind} size="small" data-testid="registry-kind" />
      </Stack>
      <Card>
        <CardContent>
          <Table size="small" aria-label="Application and machine information">
            <TableBody>
              {rows.map(([label, content]) => (
                <TableRow key={label}>
                  <TableCell component="th" scope="row" sx={{ width: 200, fontWeight: 600 }}>
                    {label}
                  </TableCell>
                  <TableCell data-testid={`info-${label.toLowerCase().replace(/\s+/g, '-')}`}>
                    {content}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <BackendSetting setting={value.registry.setting} />
    </Stack>
  );
}
