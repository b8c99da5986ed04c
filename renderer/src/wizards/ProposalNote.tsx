import { Alert, AlertTitle, List, ListItem, ListItemText } from '@mui/material';
import type { ProposedEdit } from '../../../main/domain/changes/proposal';

/**
 * The proposed changes among `settingIds`, one line each saying why: shown above a step's controls, which start on
 * the proposal and stay the admin's to adjust.
 */
export function ProposalNote({
  proposal,
  settingIds,
}: {
  readonly proposal: ReadonlyMap<string, ProposedEdit>;
  readonly settingIds: readonly string[];
}) {
  const shown = settingIds.flatMap((settingId) => {
    const proposed = proposal.get(settingId);
    return proposed ? [proposed] : [];
  });
  if (shown.length === 0) return null;
  return (
    <Alert severity="info" data-testid="proposal">
      <AlertTitle>Proposed fix, ready to review</AlertTitle>
      The controls below already hold the change the audit proposes; adjust them if this machine needs
      otherwise.
      <List dense disablePadding>
        {shown.flatMap((proposed) =>
          proposed.reasons.map((reason) => (
            <ListItem
              key={`${proposed.settingId}-${reason}`}
              disableGutters
              data-testid={`proposal-${proposed.settingId}`}
            >
              <ListItemText primary={reason} />
            </ListItem>
          )),
        )}
      </List>
    </Alert>
  );
}
