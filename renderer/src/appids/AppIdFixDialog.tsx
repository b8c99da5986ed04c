import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  MenuItem,
  Radio,
  RadioGroup,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { describeIdentity } from '../../../main/domain/appids/identity';
import type { AppIdChange, AppIdEntry, AppIdPermission } from '../../../main/domain/appids/model';
import {
  NAMED_ACCOUNT_HELP,
  RUN_AS_CHOICES,
  runAsWords,
  RUN_AS_VALUES,
} from '../../../main/domain/appids/run-as';
import { AUTHENTICATION_LEVELS } from '../../../main/domain/catalog/constants';
import { serviceIdentityRefusal } from '../../../main/domain/changes/plan-appid';
import { matrixFromSddl, matrixToSddl, type PermissionMatrix } from '../model/permissionMatrix';
import { PermissionMatrixEditor } from '../wizards/PermissionMatrixEditor';
import { ReviewAndApply } from '../wizards/ReviewAndApply';

type PermissionChoice = 'keep' | 'default' | 'edit';
type Which = 'access' | 'launch';

/** The machine-wide default each ACL falls back to, and the editor's "Reset to Windows default" starts from. */
const MACHINE_DEFAULT = { access: 'DefaultAccessPermission', launch: 'DefaultLaunchPermission' } as const;
const TITLES: Readonly<Record<Which, string>> = { access: 'Access permission', launch: 'Launch permission' };

function startingMatrix(permission: AppIdPermission, which: Which): PermissionMatrix {
  // An application with its own ACL is edited from it; one on the machine default starts from Windows' default.
  const sddl = permission.kind === 'custom' ? permission.sddl : null;
  return sddl
    ? matrixFromSddl(sddl, MACHINE_DEFAULT[which])
    : matrixFromSddl('O:BAG:BAD:', MACHINE_DEFAULT[which]);
}

/**
 * Fixing one DCOM application: who it runs as (the sources' remedy for refused callbacks: an identity that
 * authenticates, Network Service), its launch and access permissions (its own ACL in the limits' editor, or the
 * machine default), its authentication level; then the same review, apply, verify and undo as every wizard.
 */
export function AppIdFixDialog({
  entry,
  onClose,
  onChanged,
}: {
  readonly entry: AppIdEntry;
  readonly onClose: () => void;
  readonly onChanged: () => void;
}) {
  const service = entry.hosting.kind === 'service' ? entry.hosting : null;
  const [runAs, setRunAs] = useState<AppIdChange['runAs'] | 'keep'>('keep');
  const [choice, setChoice] = useState<Record<Which, PermissionChoice>>({ access: 'keep', launch: 'keep' });
  const [matrix, setMatrix] = useState<Record<Which, PermissionMatrix>>(() => ({
    access: startingMatrix(entry.access, 'access'),
    launch: startingMatrix(entry.launch, 'launch'),
  }));
  const [level, setLevel] = useState<number | 'keep'>('keep');
  const [reviewing, setReviewing] = useState<AppIdChange | null>(null);

  const change = (): AppIdChange => {
    const permission = (which: Which) =>
      choice[which] === 'default'
        ? ('default' as const)
        : choice[which] === 'edit'
          ? { sddl: matrixToSddl(matrix[which]) }
          : undefined;
    const access = permission('access');
    const launch = permission('launch');
    return {
      ...(runAs !== 'keep' && runAs !== undefined ? { runAs } : {}),
      ...(access ? { access } : {}),
      ...(launch ? { launch } : {}),
      ...(level !== 'keep' ? { authenticationLevel: level } : {}),
    };
  };
  const asked = change();
  const titleId = `appid-fix-${entry.guid}`;

  return (
    <Dialog open onClose={onClose} maxWidth="lg" fullWidth aria-labelledby={titleId} data-testid="appid-fix">
      <DialogTitle id={titleId}>Fix {entry.name}</DialogTitle>
      <DialogContent>
        {reviewing ? (
          <ReviewAndApply subject={{ appId: { id: entry.guid, change: reviewing } }} onChanged={onChanged} />
        ) : (
          <Stack spacing={3} sx={{ pt: 1 }}>
            <FormControl disabled={service !== null}>
              <FormLabel id={`${titleId}-identity`}>
                Runs as (now: {describeIdentity(entry.identity)})
              </FormLabel>
              {service ? (
                <Alert severity="info" data-testid="appid-fix-service">
                  Its identity cannot be changed here:{' '}
                  {serviceIdentityRefusal(service.service, service.account)}
                </Alert>
              ) : (
                <RadioGroup
                  aria-labelledby={`${titleId}-identity`}
                  value={runAs}
                  onChange={(event) => setRunAs(event.target.value as typeof runAs)}
                >
                  <FormControlLabel value="keep" control={<Radio />} label="Keep as it is" />
                  {RUN_AS_CHOICES.map((candidate) => {
                    const words = runAsWords(RUN_AS_VALUES[candidate]);
                    return (
                      <FormControlLabel
                        key={candidate}
                        value={candidate}
                        control={<Radio />}
                        data-testid={`appid-run-as-${candidate}`}
                        label={
                          <span>
                            <strong>{words.name}</strong>
                            {candidate === 'network-service' && ' (recommended)'}: {words.meaning}
                          </span>
                        }
                      />
                    );
                  })}
                </RadioGroup>
              )}
              {entry.identity.kind === 'account' && (
                <Typography variant="body2" sx={{ mt: 1 }}>
                  {NAMED_ACCOUNT_HELP}
                </Typography>
              )}
            </FormControl>
            {(['launch', 'access'] as const).map((which) => (
              <FormControl key={which}>
                <FormLabel id={`${titleId}-${which}`}>{TITLES[which]}</FormLabel>
                <RadioGroup
                  row
                  aria-labelledby={`${titleId}-${which}`}
                  value={choice[which]}
                  onChange={(event) =>
                    setChoice({ ...choice, [which]: event.target.value as PermissionChoice })
                  }
                >
                  <FormControlLabel value="keep" control={<Radio />} label="Keep as it is" />
                  <FormControlLabel
                    value="default"
                    control={<Radio />}
                    label="Use the machine default"
                    data-testid={`appid-${which}-default`}
                  />
                  <FormControlLabel value="edit" control={<Radio />} label="Edit its own permission" />
                </RadioGroup>
                {choice[which] === 'edit' && (
                  <PermissionMatrixEditor
                    matrix={matrix[which]}
                    onChange={(next) => setMatrix({ ...matrix, [which]: next })}
                    readOnly={false}
                    label={`${TITLES[which]} of ${entry.name}`}
                  />
                )}
              </FormControl>
            ))}
            <TextField
              select
              label="Authentication level"
              value={level}
              onChange={(event) =>
                setLevel(event.target.value === 'keep' ? 'keep' : Number(event.target.value))
              }
              sx={{ maxWidth: 520 }}
              helperText="Packet integrity or privacy keeps a caller from being impersonated or overheard."
            >
              <MenuItem value="keep">Keep as it is</MenuItem>
              {AUTHENTICATION_LEVELS.filter((named) => named.value >= 2).map((named) => (
                <MenuItem key={named.value} value={named.value}>
                  {named.value}: {named.meaning}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {reviewing ? (
          <Button onClick={() => setReviewing(null)}>Back</Button>
        ) : (
          <Button
            variant="contained"
            disabled={Object.keys(asked).length === 0}
            onClick={() => setReviewing(asked)}
            data-testid="appid-fix-review"
          >
            Review the change
          </Button>
        )}
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
