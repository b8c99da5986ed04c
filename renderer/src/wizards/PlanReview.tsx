import { Alert, AlertTitle, Box, List, ListItem, Stack, Typography } from '@mui/material';
import { SettingChangeCard } from '../components/ChangeView';
import type { UiPlan } from '../changes';

/**
 * The plan as the admin reads it before confirming: every change in words (principals × rights, values with their
 * meaning, rules by name; raw details behind "Technical details"), who it affects (one box per warning), what is
 * backed up.
 */
export function PlanReview({ plan }: { readonly plan: UiPlan }) {
  const backedUp = [
    ...plan.valueChanges.map((change) => `${change.key}\\${change.name}`),
    ...plan.firewallChanges.map((change) => `Firewall rules for ${change.settingId}`),
  ];
  return (
    <Stack spacing={2} sx={{ minWidth: 0 }}>
      {plan.changes.length === 0 && (
        <Alert severity="success" data-testid="plan-empty">
          Nothing to change: the machine already has these values.
        </Alert>
      )}
      {plan.changes.map((change) => (
        <SettingChangeCard key={change.settingId} change={change} testId={`diff-${change.settingId}`} />
      ))}
      {plan.warnings.map((warning, index) => (
        <Alert
          key={index}
          severity={warning.breaksCallbacks ? 'error' : 'warning'}
          data-testid="plan-warning"
        >
          {warning.breaksCallbacks && <AlertTitle>Breaks callbacks</AlertTitle>}
          {warning.message}
        </Alert>
      ))}
      {plan.skipped.map((item, index) => (
        <Alert key={`${index}-${item.title}`} severity="info">
          <AlertTitle>Left out: {item.title}</AlertTitle>
          {item.message}
        </Alert>
      ))}
      {backedUp.length > 0 && (
        <Box>
          <Typography variant="subtitle1" component="h4" sx={{ fontWeight: 600 }}>
            Backup taken before anything is written
          </Typography>
          <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
            SinkGuard saves these values as they are now; Undo (here or in History) puts them back exactly.
            {plan.createdKeys.length > 0 &&
              ` Keys it creates (${plan.createdKeys.join(', ')}) are deleted on undo.`}
          </Typography>
          <List dense disablePadding>
            {backedUp.map((item) => (
              <ListItem
                key={item}
                sx={{ fontFamily: 'monospace', fontSize: '0.85rem', overflowWrap: 'anywhere' }}
              >
                {item}
              </ListItem>
            ))}
          </List>
        </Box>
      )}
    </Stack>
  );
}
