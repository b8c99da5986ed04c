import {
  Alert,
  Button,
  Card,
  CardContent,
  FormControl,
  FormControlLabel,
  FormLabel,
  Radio,
  RadioGroup,
  Stack,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import type { AppInfo, IpcError, RegistryBackendSetting } from '../../../main/contract';
import { call } from '../ipc';
import { IpcErrorAlert } from '../shell/IpcErrorAlert';

/** Each backend in an admin's words: what it is, and what choosing it trades. */
const CHOICES: readonly { value: RegistryBackendSetting; label: string; tradeOff: string }[] = [
  {
    value: 'reg-exe',
    label: 'Windows registry tool (reg.exe) — recommended',
    tradeOff:
      'Started from C:\\Windows\\System32. Reads every value exactly as stored. An audit starts a few short ' +
      'processes, so it can take a few seconds longer.',
  },
  {
    value: 'regedit',
    label: 'Windows Script Host (cscript)',
    tradeOff:
      'Reads many keys in one process, so audits can be faster. Needs Windows Script Host, which security ' +
      'baselines often turn off; values it cannot carry exactly, backups and restores still use reg.exe.',
  },
];

/** The registry backend the app uses from its next start, chosen by the admin (saved in SinkGuard's data folder). */
export function BackendSetting({ setting }: { readonly setting: AppInfo['registry']['setting'] }) {
  const [choice, setChoice] = useState<RegistryBackendSetting>(setting.nextStart);
  const [saved, setSaved] = useState<RegistryBackendSetting>(setting.nextStart);
  const [error, setError] = useState<IpcError | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setError(null);
    const result = await call('settings:registry-backend', { backend: choice });
    setSaving(false);
    if ('error' in result) setError(result.error);
    else setSaved(result.value.nextStart);
  };
  return (
    <Card>
      <CardContent>
        <Stack spacing={2}>
          {/* Only the radios are disabled: a greyed question fails contrast and is no less a question. */}
          <FormControl>
            <FormLabel id="backend-setting-label" sx={{ color: 'text.primary' }}>
              How SinkGuard reads the registry, from its next start
            </FormLabel>
            <RadioGroup
              aria-labelledby="backend-setting-label"
              value={choice}
              onChange={(event) => setChoice(event.target.value as RegistryBackendSetting)}
            >
              {CHOICES.map((option) => (
                <FormControlLabel
                  key={option.value}
                  value={option.value}
                  control={<Radio />}
                  disabled={setting.locked !== null || saving}
                  label={
                    <span>
                      {option.label}
                      <Typography
                        variant="body2"
                        color="text.secondary"
                        component="span"
                        sx={{ display: 'block' }}
                      >
                        {option.tradeOff}
                      </Typography>
                    </span>
                  }
                />
              ))}
            </RadioGroup>
          </FormControl>
          {setting.locked !== null ? (
            <Alert severity="info" data-testid="backend-setting-locked">
              {setting.locked}
            </Alert>
          ) : (
            <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
              <Button variant="contained" onClick={() => void save()} disabled={saving || choice === saved}>
                Save for next start
              </Button>
              <Typography variant="body2" data-testid="backend-setting-saved">
                Next start: {CHOICES.find((option) => option.value === saved)?.label}. The sinkguard command
                takes --registry instead.
              </Typography>
            </Stack>
          )}
          {error && <IpcErrorAlert error={error} />}
        </Stack>
      </CardContent>
    </Card>
  );
}
