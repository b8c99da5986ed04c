import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import ErrorOutlined from '@mui/icons-material/ErrorOutlined';
import HelpOutlined from '@mui/icons-material/HelpOutlined';
import {
  Alert,
  Autocomplete,
  Button,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import type { AppIdEntry } from '../../../main/domain/appids/model';
import {
  callbackFacts,
  type CheckedDiagnosis,
  type FactStatus,
  type MachineFact,
} from '../../../main/domain/troubleshoot/callback-facts';
import { useChannel } from '../ipc';
import { fixRouteFor } from '../model/routes';
import { useAppState } from '../state/AppState';

const ICON: Readonly<Record<FactStatus, React.ReactElement>> = {
  problem: <ErrorOutlined color="error" aria-label="Problem" />,
  ok: <CheckCircleOutlined color="success" aria-label="OK" />,
  unknown: <HelpOutlined color="disabled" aria-label="Unknown" />,
};

/** The diagnoses whose cause lies with the server that calls back: the admin may name that server. */
const ASKS_SERVER: ReadonlySet<CheckedDiagnosis> = new Set([
  'anonymous-callback',
  'anonymous-callback-limits',
]);

/** Where a fact is fixed: its setting's wizard step, or the application on the DCOM applications page. */
function FixButton({ fact }: { readonly fact: MachineFact }) {
  const { navigate } = useAppState();
  if (fact.status === 'ok' || !fact.fix) return null;
  if ('appId' in fact.fix) {
    const search = fact.fix.appId;
    return (
      <Button size="small" onClick={() => navigate({ page: 'appids', search })}>
        Open the application…
      </Button>
    );
  }
  const settingId = fact.fix.settingId;
  const route = fixRouteFor(fact.fix);
  return route ? (
    <Button size="small" onClick={() => navigate({ ...route, fromFinding: settingId })}>
      Fix…
    </Button>
  ) : null;
}

/**
 * What this machine's audit says about a diagnosis's cause: whether it is present here, each fact with the wizard
 * step that fixes it. The troubleshooter's answers say what fails; these say whether this machine is why.
 */
export function MachineFacts({ diagnosis }: { readonly diagnosis: CheckedDiagnosis }) {
  const { audit } = useAppState();
  const [server, setServer] = useState<AppIdEntry | null>(null);
  if (audit.status === 'loading')
    return <Typography color="text.secondary">Reading this machine…</Typography>;
  if (audit.status !== 'ok')
    return (
      <Alert severity="warning">This machine could not be audited, so its state is not shown here.</Alert>
    );
  const facts = callbackFacts(diagnosis, audit.value, server);
  return (
    <Stack spacing={1} data-testid="machine-facts">
      <Typography variant="subtitle1" component="h4">
        On this machine
      </Typography>
      {ASKS_SERVER.has(diagnosis) && <ServerPicker value={server} onChange={setServer} />}
      <List dense aria-label="On this machine">
        {facts.map((fact) => (
          <ListItem key={fact.text} data-status={fact.status} secondaryAction={<FixButton fact={fact} />}>
            <ListItemIcon>{ICON[fact.status]}</ListItemIcon>
            <ListItemText primary={fact.text} />
          </ListItem>
        ))}
      </List>
    </Stack>
  );
}

/** The server that calls back, chosen from this machine's DCOM applications (read only when the question is asked). */
function ServerPicker({
  value,
  onChange,
}: {
  readonly value: AppIdEntry | null;
  readonly onChange: (entry: AppIdEntry | null) => void;
}) {
  const { profile } = useAppState();
  const [inventory] = useChannel('appids:list', { profile });
  return (
    <Autocomplete
      options={inventory.status === 'ok' ? inventory.value.entries : []}
      loading={inventory.status === 'loading'}
      value={value}
      onChange={(_, entry) => onChange(entry)}
      getOptionLabel={(entry) => `${entry.name} ${entry.guid}`}
      isOptionEqualToValue={(a, b) => a.guid === b.guid && a.view === b.view}
      sx={{ maxWidth: 560 }}
      data-testid="troubleshooter-server"
      renderInput={(params) => (
        <TextField
          {...params}
          label="The server application that calls back, if it runs on this machine"
          helperText={inventory.status === 'error' ? inventory.error.message : undefined}
        />
      )}
    />
  );
}
