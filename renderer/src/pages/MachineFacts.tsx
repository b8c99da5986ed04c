import CheckCircleOutline from '@mui/icons-material/CheckCircleOutlined';
import ErrorOutline from '@mui/icons-material/ErrorOutlined';
import HelpOutline from '@mui/icons-material/HelpOutlined';
import { Alert, Button, List, ListItem, ListItemIcon, ListItemText, Stack, Typography } from '@mui/material';
import {
  callbackFacts,
  type CheckedDiagnosis,
  type FactStatus,
} from '../../../main/domain/troubleshoot/callback-facts';
import { fixRouteFor } from '../model/routes';
import { useAppState } from '../state/AppState';

const ICON: Readonly<Record<FactStatus, React.ReactElement>> = {
  problem: <ErrorOutline color="error" aria-label="Problem" />,
  ok: <CheckCircleOutline color="success" aria-label="OK" />,
  unknown: <HelpOutline color="disabled" aria-label="Unknown" />,
};

/**
 * What this machine's audit says about a diagnosis's cause: whether it is present here, each fact with the wizard
 * step that fixes it. The troubleshooter's answers say what fails; these say whether this machine is why.
 */
export function MachineFacts({ diagnosis }: { readonly diagnosis: CheckedDiagnosis }) {
  const { audit, navigate } = useAppState();
  if (audit.status === 'loading')
    return <Typography color="text.secondary">Reading this machine…</Typography>;
  if (audit.status !== 'ok')
    return (
      <Alert severity="warning">This machine could not be audited, so its state is not shown here.</Alert>
    );
  const facts = callbackFacts(diagnosis, audit.value);
  return (
    <Stack spacing={0.5} data-testid="machine-facts">
      <Typography variant="subtitle1" component="h4">
        On this machine
      </Typography>
      <List dense aria-label="On this machine">
        {facts.map((fact) => {
          const route = fact.fix && 'settingId' in fact.fix ? fixRouteFor(fact.fix) : null;
          const settingId = fact.fix && 'settingId' in fact.fix ? fact.fix.settingId : undefined;
          return (
            <ListItem
              key={fact.text}
              data-status={fact.status}
              secondaryAction={
                route && fact.status !== 'ok' ? (
                  <Button size="small" onClick={() => navigate({ ...route, fromFinding: settingId })}>
                    Fix…
                  </Button>
                ) : undefined
              }
            >
              <ListItemIcon>{ICON[fact.status]}</ListItemIcon>
              <ListItemText primary={fact.text} />
            </ListItem>
          );
        })}
      </List>
    </Stack>
  );
}
