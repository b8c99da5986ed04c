import {
  Box,
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  InputLabel,
  MenuItem,
  Select,
  Stack,
  Typography,
} from '@mui/material';
import type { Finding } from '../../../main/domain/audit/report';
import { findSetting } from '../../../main/domain/catalog';
import { FindingStatus } from './FindingStatus';

/** Dword / yes-no settings, edited by their constants' names. */
export function LevelSelect({
  finding,
  value,
  onChange,
}: {
  readonly finding: Finding;
  readonly value: number | string;
  readonly onChange: (value: number | string) => void;
}) {
  const setting = findSetting(finding.settingId);
  if (!setting || (setting.kind !== 'dword' && setting.kind !== 'yes-no')) return null;
  const allowed = setting.allowed as readonly { value: number | string; name: string; meaning: string }[];
  const labelId = `level-${finding.settingId}`;
  const meaning = allowed.find((option) => option.value === value)?.meaning;
  return (
    <Stack spacing={1} data-testid={`control-${finding.settingId}`}>
      <FindingStatus finding={finding} />
      <FormControl size="small" disabled={!finding.changeableLocally} sx={{ maxWidth: 520 }}>
        <InputLabel id={labelId}>{finding.title}</InputLabel>
        <Select
          labelId={labelId}
          label={finding.title}
          value={allowed.some((option) => option.value === value) ? value : ''}
          onChange={(event) => onChange(event.target.value)}
        >
          {allowed.map((option) => (
            <MenuItem key={String(option.value)} value={option.value}>
              {option.name}
            </MenuItem>
          ))}
        </Select>
        {meaning && <FormHelperText>{meaning}</FormHelperText>}
      </FormControl>
    </Stack>
  );
}

/** A flags DWORD (DCOMSCMRemoteCallFlags): one checkbox per documented bit, each with what it changes. */
export function FlagsControl({
  finding,
  value,
  onChange,
}: {
  readonly finding: Finding;
  readonly value: number;
  readonly onChange: (value: number) => void;
}) {
  const setting = findSetting(finding.settingId);
  if (setting?.kind !== 'flags') return null;
  return (
    <Stack spacing={1} data-testid={`control-${finding.settingId}`}>
      <FindingStatus finding={finding} />
      <FormControl component="fieldset" disabled={!finding.changeableLocally}>
        <FormLabel component="legend">{finding.title}</FormLabel>
        <FormGroup>
          {setting.flags.map((flag) => (
            <FormControlLabel
              key={flag.value}
              control={
                <Checkbox
                  checked={(value & flag.value) !== 0}
                  onChange={(event) =>
                    onChange(event.target.checked ? value | flag.value : value & ~flag.value)
                  }
                />
              }
              label={
                <Typography variant="body2">
                  <Box component="span" sx={{ fontFamily: 'monospace' }}>
                    {flag.name}
                  </Box>
                  : {flag.meaning}
                </Typography>
              }
            />
          ))}
        </FormGroup>
      </FormControl>
    </Stack>
  );
}
