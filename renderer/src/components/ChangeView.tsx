import ExpandMore from '@mui/icons-material/ExpandMore';
import {
  Box,
  Button,
  Card,
  CardContent,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useId, useState } from 'react';
import {
  descriptorSidesWords,
  PRINCIPAL_STATUS_WORDS,
  RULE_CHANGE_WORDS,
  cellWords,
  ruleContext,
  type ChangeItem,
  type DescriptorItem,
  type SettingChange,
} from '../../../main/domain/changes/change-view';

/** Long values (SIDs, addresses, paths) wrap instead of widening the card. */
const WRAP = { overflowWrap: 'anywhere', wordBreak: 'break-word' } as const;

/** A button that shows and hides raw details (registry values, SDDL, rule strings, commands); keyboard reachable. */
export function TechnicalDetails({ lines }: { readonly lines: readonly string[] }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  if (lines.length === 0) return null;
  return (
    <Box sx={{ mt: 1 }}>
      <Button
        size="small"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        endIcon={<ExpandMore sx={{ transform: open ? 'rotate(180deg)' : 'none' }} />}
      >
        Technical details
      </Button>
      <Box
        id={id}
        hidden={!open}
        component="ul"
        data-testid="technical-details"
        sx={{ m: 0, pl: 2, fontFamily: 'monospace', fontSize: '0.8rem', ...WRAP }}
      >
        {lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </Box>
    </Box>
  );
}

/** A descriptor's change: principals × rights, before → after, changed cells marked. */
function RightsTable({ item }: { readonly item: DescriptorItem }) {
  const sides = descriptorSidesWords(item);
  return (
    <>
      <Table size="small" data-testid="rights-table" sx={{ mt: 1, '& td, & th': { px: 1, ...WRAP } }}>
        <caption style={{ captionSide: 'top', textAlign: 'left', padding: 0 }}>
          {item.value}
          {sides}
        </caption>
        <TableHead>
          <TableRow>
            <TableCell component="th" scope="col">
              Principal
            </TableCell>
            {item.columns.map((column) => (
              <TableCell key={column} component="th" scope="col">
                {column}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {item.rows.map((row) => (
            <TableRow key={row.sid} data-status={row.status}>
              <TableCell component="th" scope="row">
                {row.name}
                {row.status !== 'unchanged' && (
                  <Box component="span" sx={{ fontWeight: 600 }}>
                    {' '}
                    ({PRINCIPAL_STATUS_WORDS[row.status]})
                  </Box>
                )}
              </TableCell>
              {row.cells.map((cell, index) => {
                const changed = cell.before !== cell.after;
                return (
                  <TableCell
                    key={index}
                    data-changed={changed || undefined}
                    sx={changed ? { fontWeight: 700, bgcolor: 'action.selected' } : undefined}
                  >
                    {changed && '* '}
                    {cellWords(cell)}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {item.notes.length > 0 && <Typography variant="body2">{item.notes.join('; ')}</Typography>}
    </>
  );
}

function Item({ item }: { readonly item: ChangeItem }) {
  switch (item.kind) {
    case 'descriptor':
      return <RightsTable item={item} />;
    case 'value':
      return (
        <Box sx={{ mt: 1, ...WRAP }}>
          <Typography variant="body2" data-testid="change-line" sx={{ fontWeight: 600 }}>
            {item.value}: {item.before.shown} → {item.after.shown}
          </Typography>
          {item.before.meaning && <Typography variant="body2">Before: {item.before.meaning}</Typography>}
          {item.after.meaning && <Typography variant="body2">After: {item.after.meaning}</Typography>}
        </Box>
      );
    case 'rule':
      return (
        <Box sx={{ mt: 1, ...WRAP }}>
          <Typography variant="body2" sx={{ fontWeight: 600 }}>
            Firewall rule “{item.name}”: {RULE_CHANGE_WORDS[item.change]}
          </Typography>
          {ruleContext(item) && (
            <Typography variant="body2" color="text.secondary">
              {ruleContext(item)}
            </Typography>
          )}
          <Box component="ul" sx={{ m: 0, pl: 2 }}>
            {item.fields.map((field) => (
              <Typography component="li" variant="body2" key={field.field} data-testid="change-line">
                {field.field}: {field.before} → {field.after}
              </Typography>
            ))}
          </Box>
        </Box>
      );
    case 'note':
      return (
        <Typography variant="body2" sx={{ mt: 1, ...WRAP }}>
          {item.text}
        </Typography>
      );
  }
}

/** One setting's change in the admin's words, raw details behind "Technical details". */
export function SettingChangeCard({
  change,
  testId,
}: {
  readonly change: SettingChange;
  readonly testId?: string;
}) {
  return (
    <Card variant="outlined" component="section" data-testid={testId} sx={{ minWidth: 0 }}>
      <CardContent>
        <Typography variant="subtitle1" component="h4" sx={{ fontWeight: 600, ...WRAP }}>
          {change.title}
        </Typography>
        {change.summary && (
          <Typography variant="body2" data-testid="change-line" sx={WRAP}>
            {change.summary}
          </Typography>
        )}
        {change.items.map((item, index) => (
          <Item key={index} item={item} />
        ))}
        {change.restartRequired && (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            Takes effect after a restart.
          </Typography>
        )}
        <TechnicalDetails lines={change.technical} />
      </CardContent>
    </Card>
  );
}
