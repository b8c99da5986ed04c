import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import RestartAlt from '@mui/icons-material/RestartAlt';
import {
  Alert,
  Autocomplete,
  Box,
  Button,
  Checkbox,
  IconButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { sidDisplayName, WELL_KNOWN_PRINCIPALS } from '../../../main/domain/descriptors';
import {
  addPrincipal,
  defaultMatrix,
  matrixColumns,
  remoteGrantWarnings,
  removePrincipal,
  setPermission,
  type PermissionMatrix,
} from '../model/permissionMatrix';

const PRINCIPAL_NAMES = WELL_KNOWN_PRINCIPALS.filter((principal) => principal.sid).map(
  (principal) => principal.name,
);

/**
 * dcomcnfg's permission dialog as one table: a row per principal, Allow and Deny per permission. Read-only when Group
 * Policy manages the value.
 */
export function PermissionMatrixEditor({
  matrix,
  onChange,
  readOnly,
  label,
}: {
  readonly matrix: PermissionMatrix;
  readonly onChange: (matrix: PermissionMatrix) => void;
  readonly readOnly: boolean;
  readonly label: string;
}) {
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const columns = matrixColumns(matrix.kind);
  const warnings = remoteGrantWarnings(matrix);
  const add = () => {
    const result = addPrincipal(matrix, typed);
    if (!result.ok) return setProblem(result.problem);
    setProblem(null);
    setTyped('');
    onChange(result.matrix);
  };
  return (
    <Stack spacing={2} data-testid={`matrix-${matrix.name}`}>
      {warnings.map((warning) => (
        <Alert
          key={`${warning.sid}-${warning.permission}`}
          severity={warning.beyondDefault ? 'error' : 'info'}
          data-testid={warning.beyondDefault ? 'remote-grant-warning' : 'remote-grant-note'}
        >
          {warning.message}
        </Alert>
      ))}
      <TableContainer>
        <Table size="small" aria-label={label}>
          <TableHead>
            <TableRow>
              <TableCell rowSpan={2}>Principal</TableCell>
              {columns.map((column) => (
                <TableCell key={column.permission} colSpan={2} align="center">
                  {column.label}
                </TableCell>
              ))}
              <TableCell rowSpan={2}>
                <Box
                  component="span"
                  // Visually hidden, read by screen readers. Pixels spelled out: in sx, `width: 1` means 100%.
                  sx={{
                    position: 'absolute',
                    width: '1px',
                    height: '1px',
                    overflow: 'hidden',
                    whiteSpace: 'nowrap',
                    clip: 'rect(0 0 0 0)',
                  }}
                >
                  Remove
                </Box>
              </TableCell>
            </TableRow>
            <TableRow>
              {columns.flatMap((column) => [
                <TableCell key={`${column.permission}-allow`} align="center">
                  Allow
                </TableCell>,
                <TableCell key={`${column.permission}-deny`} align="center">
                  Deny
                </TableCell>,
              ])}
            </TableRow>
          </TableHead>
          <TableBody>
            {matrix.rows.map((row) => {
              const name = sidDisplayName(row.sid);
              return (
                <TableRow key={row.sid} data-testid={`row-${row.sid}`}>
                  <TableCell component="th" scope="row">
                    {name}
                    {name !== row.sid && (
                      <Typography variant="caption" component="div" color="text.secondary">
                        {row.sid}
                      </Typography>
                    )}
                  </TableCell>
                  {columns.flatMap((column) =>
                    (['allow', 'deny'] as const).map((effect) => (
                      <TableCell key={`${column.permission}-${effect}`} align="center" padding="checkbox">
                        <Checkbox
                          size="small"
                          disabled={readOnly}
                          checked={(effect === 'allow' ? row.allow : row.deny).includes(column.permission)}
                          onChange={(event) =>
                            onChange(
                              setPermission(matrix, row.sid, column.permission, effect, event.target.checked),
                            )
                          }
                          slotProps={{ input: { 'aria-label': `${name}: ${column.label}, ${effect}` } }}
                        />
                      </TableCell>
                    )),
                  )}
                  <TableCell padding="checkbox">
                    <IconButton
                      aria-label={`Remove ${name}`}
                      disabled={readOnly}
                      onClick={() => onChange(removePrincipal(matrix, row.sid))}
                      size="small"
                    >
                      <DeleteOutlined fontSize="small" />
                    </IconButton>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      {!readOnly && (
        <Stack direction="row" spacing={2} useFlexGap sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }}>
          <Autocomplete
            freeSolo
            options={PRINCIPAL_NAMES}
            inputValue={typed}
            onInputChange={(_, value) => {
              setTyped(value);
              setProblem(null);
            }}
            sx={{ minWidth: 320 }}
            renderInput={(params) => (
              <TextField
                {...params}
                size="small"
                label={`Add a principal to ${label}`}
                error={problem !== null}
                helperText={
                  problem ?? 'A well-known name such as Distributed COM Users, or a SID (S-1-5-21-…).'
                }
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && !event.defaultPrevented) add();
                }}
              />
            )}
          />
          <Button variant="outlined" onClick={add} aria-label={`Add to ${label}`}>
            Add
          </Button>
          <Button
            startIcon={<RestartAlt />}
            onClick={() => onChange(defaultMatrix(matrix.name))}
            aria-label={`Reset to Windows default: ${label}`}
          >
            Reset to Windows default
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
