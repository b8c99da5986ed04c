import { FormControl, InputLabel, MenuItem, Select, type SxProps, type Theme } from '@mui/material';
import { useId } from 'react';
import { useAppState, type ProfileName } from '../state/AppState';

const LABELS: Readonly<Record<ProfileName, string>> = { recommended: 'Recommended', strict: 'Strict' };

/** The built-in profiles main lists (both, until the list has arrived), as one labelled select. */
export function ProfileSelect({
  value,
  onChange,
  testId,
  sx,
}: {
  readonly value: ProfileName;
  readonly onChange: (profile: ProfileName) => void;
  readonly testId: string;
  readonly sx?: SxProps<Theme>;
}) {
  const { profiles } = useAppState();
  const labelId = useId();
  const options: readonly ProfileName[] =
    profiles.status === 'ok' ? profiles.value.map((summary) => summary.name) : ['recommended', 'strict'];
  return (
    <FormControl size="small" sx={sx}>
      <InputLabel id={labelId}>Profile</InputLabel>
      <Select
        labelId={labelId}
        label="Profile"
        value={value}
        onChange={(event) => onChange(event.target.value as ProfileName)}
        data-testid={testId}
      >
        {options.map((name) => (
          <MenuItem key={name} value={name}>
            {LABELS[name]}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
