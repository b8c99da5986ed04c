import { Alert, AlertTitle, Button, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { PageHeading } from '../components/PageHeading';
import { MachineFacts } from './MachineFacts';
import { stepIndex } from '../model/routes';
import { walkTroubleshooter, type WizardTarget } from '../model/troubleshooter';
import { useAppState, type Route } from '../state/AppState';

const STEP_OF: Readonly<Record<WizardTarget['step'], number>> = {
  check: stepIndex('wmi', 'Turn on the access check'),
  limits: stepIndex('dcom', 'Machine-wide limits'),
  scope: stepIndex('firewall', 'Open or scope TCP 135 and dynamic RPC'),
  callbacks: stepIndex('firewall', 'Callbacks and RPC ports'),
};

const routeFor = (target: WizardTarget): Route =>
  target.wizard === 'firewall'
    ? { page: 'firewall', step: STEP_OF[target.step], ...(target.open ? { open: target.open } : {}) }
    : { page: target.wizard, step: STEP_OF[target.step] };

/** A short guided diagnosis of failing callbacks, ending in the wizard step that fixes the cause. */
export function TroubleshooterPage() {
  const { navigate } = useAppState();
  const [answers, setAnswers] = useState<readonly number[]>([]);
  const node = walkTroubleshooter(answers);
  return (
    <Stack spacing={2} data-testid="troubleshooter">
      <PageHeading title="Callback troubleshooter" />
      <Typography>
        Asynchronous WMI and DCOM callbacks fail for two different reasons: the caller’s identity is refused,
        or the callback cannot reach the client at all. A few questions tell which.
      </Typography>
      <div aria-live="polite">
        {node.kind === 'question' ? (
          <Stack spacing={1}>
            <Typography variant="h6" component="h3" data-testid="troubleshooter-question">
              {node.prompt}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {node.help}
            </Typography>
            <Stack spacing={1} sx={{ alignItems: 'flex-start' }}>
              {node.answers.map((answer, index) => (
                <Button key={answer.label} variant="outlined" onClick={() => setAnswers([...answers, index])}>
                  {answer.label}
                </Button>
              ))}
            </Stack>
          </Stack>
        ) : (
          <Stack spacing={2} data-testid={`diagnosis-${node.id}`}>
            <Typography variant="h6" component="h3">
              {node.title}
            </Typography>
            {node.error && (
              <Typography data-testid="diagnosis-error">
                <strong>The client sees:</strong> {node.error}
              </Typography>
            )}
            <Typography>{node.cause}</Typography>
            <MachineFacts diagnosis={node.id} />
            <List dense aria-label="How to fix it">
              {node.fix.map((line) => (
                <ListItem key={line}>
                  <ListItemText primary={line} />
                </ListItem>
              ))}
            </List>
            {node.never && (
              <Alert severity="error">
                <AlertTitle>Do not</AlertTitle>
                {node.never}
              </Alert>
            )}
            <Button
              variant="contained"
              sx={{ alignSelf: 'flex-start' }}
              onClick={() => navigate(routeFor(node.target))}
            >
              {node.targetLabel}
            </Button>
          </Stack>
        )}
      </div>
      {answers.length > 0 && (
        <Stack direction="row" spacing={1}>
          <Button onClick={() => setAnswers(answers.slice(0, -1))}>Back</Button>
          <Button onClick={() => setAnswers([])}>Start over</Button>
        </Stack>
      )}
    </Stack>
  );
}
