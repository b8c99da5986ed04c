import {
  Box,
  Button,
  Chip,
  CircularProgress,
  FormControlLabel,
  Link,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import { DataGrid, type GridColDef, type GridSortModel } from '@mui/x-data-grid';
import { useMemo, useState } from 'react';
import { PageHeading } from '../components/PageHeading';
import { useChannel } from '../ipc';
import { appIdRow, filterAppIdRows, rowId, worstLabel, type AppIdRow } from '../model/appids';
import { STANDING_COLORS } from '../pages/PostureGauge';
import { IpcErrorAlert } from '../shell/IpcErrorAlert';
import { useAppState } from '../state/AppState';
import { AppIdDetail } from './AppIdDetail';
import { AppIdFixDialog } from './AppIdFixDialog';
import type { AppIdEntry } from '../../../main/domain/appids/model';

/**
 * The DCOM applications page: every AppID in a sortable, virtualised table (MUI X DataGrid), searched by name, GUID
 * or executable, narrowed to those at fault; a row opens its detail panel. The entry shown there is `selected`
 * (its row id, `guid|view`), kept here so a fix wizard can be opened for it.
 */
export function AppIdsPage({
  atFaultOnly: initialAtFault = false,
  search: initialSearch = '',
}: {
  readonly atFaultOnly?: boolean;
  /** Opened on one application (the troubleshooter's link): its AppID or name in the search box. */
  readonly search?: string;
}) {
  const { profile } = useAppState();
  const [inventory, reload] = useChannel('appids:list', { profile });
  const [search, setSearch] = useState(initialSearch);
  const [atFaultOnly, setAtFaultOnly] = useState(initialAtFault);
  const [selected, setSelected] = useState<string | null>(null);
  const [fixing, setFixing] = useState<AppIdEntry | null>(null);
  const [sortModel, setSortModel] = useState<GridSortModel>([{ field: 'worstRank', sort: 'desc' }]);

  const rows = useMemo(
    () => (inventory.status === 'ok' ? inventory.value.entries.map(appIdRow) : []),
    [inventory],
  );
  const shown = useMemo(() => filterAppIdRows(rows, { search, atFaultOnly }), [rows, search, atFaultOnly]);
  const selectedRow = rows.find((row) => row.id === selected) ?? null;

  const columns = useMemo<GridColDef<AppIdRow>[]>(
    () => [
      {
        field: 'name',
        headerName: 'Application',
        flex: 1.4,
        minWidth: 200,
        renderCell: ({ row }) => (
          <Link
            component="button"
            type="button"
            onClick={(event) => {
              event.stopPropagation();
              setSelected(row.id);
            }}
            sx={{ textAlign: 'left' }}
            data-testid="appid-open"
          >
            {row.name}
          </Link>
        ),
      },
      { field: 'guid', headerName: 'AppID', width: 320 },
      { field: 'hosting', headerName: 'Hosted by', flex: 1, minWidth: 160 },
      { field: 'identity', headerName: 'Runs as', flex: 1, minWidth: 150 },
      { field: 'authentication', headerName: 'Authentication level', width: 190 },
      {
        field: 'worstRank',
        headerName: 'Worst finding',
        width: 140,
        renderCell: ({ row }) => (
          <Chip
            size="small"
            label={worstLabel(row.worst)}
            color={row.worst === null ? 'success' : STANDING_COLORS[row.worst]}
            variant={row.atFault ? 'filled' : 'outlined'}
            data-testid="appid-worst"
          />
        ),
      },
    ],
    [],
  );

  return (
    <Stack spacing={2} data-testid="appids">
      <PageHeading title="DCOM applications" />
      <Typography variant="body2">
        Every DCOM server registered on this machine (its AppID): who it runs as, how it is started, who may
        launch and call it, and what is wrong with that, weighed against the “{profile}” profile. Open one for
        its permissions and findings in full.
      </Typography>
      {inventory.status === 'error' && <IpcErrorAlert error={inventory.error} onRetry={reload} />}
      {inventory.status === 'loading' && (
        <Box role="status" sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
          <CircularProgress size={24} aria-hidden />
          <Typography>Reading the DCOM applications…</Typography>
        </Box>
      )}
      {inventory.status === 'ok' && (
        <>
          <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <TextField
              size="small"
              type="search"
              label="Search by name, AppID or executable"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              sx={{ minWidth: 340 }}
              slotProps={{ htmlInput: { 'data-testid': 'appid-search' } }}
            />
            <FormControlLabel
              control={
                <Switch
                  checked={atFaultOnly}
                  onChange={(event) => setAtFaultOnly(event.target.checked)}
                  slotProps={{ input: { 'data-testid': 'appid-at-fault' } as never }}
                />
              }
              label="At fault only"
            />
            <Typography role="status" variant="body2" data-testid="appid-count">
              {shown.length} of {rows.length} applications shown · {rows.filter((row) => row.atFault).length}{' '}
              at fault
            </Typography>
          </Stack>
          {inventory.value.unreadable.length > 0 && (
            <Typography variant="body2" color="error" data-testid="appid-unreadable">
              {inventory.value.unreadable.length} AppID key(s) could not be read:{' '}
              {inventory.value.unreadable.map((key) => `${key.path} (${key.problem})`).join('; ')}
            </Typography>
          )}
          <Box sx={{ height: 640, width: '100%' }}>
            <DataGrid
              rows={shown}
              columns={columns}
              density="compact"
              sortModel={sortModel}
              onSortModelChange={setSortModel}
              onRowClick={({ row }) => setSelected((row as AppIdRow).id)}
              onCellKeyDown={({ row }, event) => {
                if (event.key === 'Enter') setSelected((row as AppIdRow).id);
              }}
              initialState={{ pagination: { paginationModel: { pageSize: 100 } } }}
              pageSizeOptions={[25, 50, 100]}
              disableColumnFilter
              disableRowSelectionOnClick
              aria-label="DCOM applications"
              getRowClassName={({ row }) => ((row as AppIdRow).atFault ? 'appid-at-fault' : '')}
            />
          </Box>
        </>
      )}
      <AppIdDetail
        row={selectedRow}
        onClose={() => setSelected(null)}
        actions={(entry) => (
          <Button
            variant="contained"
            onClick={() => {
              // The wizard takes the detail panel's place: one modal at a time.
              setSelected(null);
              setFixing(entry);
            }}
            data-testid="appid-fix-open"
          >
            Fix…
          </Button>
        )}
      />
      {fixing && (
        <AppIdFixDialog
          entry={fixing}
          onClose={() => {
            setFixing(null);
            setSelected(rowId(fixing));
          }}
          onChanged={reload}
        />
      )}
    </Stack>
  );
}
