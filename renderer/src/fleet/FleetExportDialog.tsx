import FileDownloadOutlined from '@mui/icons-material/FileDownloadOutlined';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormLabel,
  List,
  ListItem,
  ListItemText,
  Radio,
  RadioGroup,
  Stack,
  Typography,
} from '@mui/material';
import { useEffect, useId, useState } from 'react';
import type { ChannelResponse, IpcError } from '../../../main/contract';
import { EXPORT_FORMATS, EXPORT_FORMAT_INFO, type ExportFormat } from '../../../main/domain/fleet/formats';
import { ProfileSelect } from '../components/ProfileSelect';
import { saveDocument } from '../export';
import { call } from '../ipc';
import { IpcErrorAlert } from '../shell/IpcErrorAlert';
import { useAppState, type ProfileName } from '../state/AppState';

export type { ExportFormat };

type Exported = ChannelResponse<'fleet:export'>;

type Loaded =
  | { readonly status: 'loading' }
  | { readonly status: 'ok'; readonly value: Exported }
  | { readonly status: 'error'; readonly error: IpcError };

export interface FleetExportDialogProps {
  readonly open: boolean;
  readonly onClose: () => void;
  /** The format picked when the dialog opens: `pol` for a setting only Group Policy sets. */
  readonly initialFormat?: ExportFormat;
  /** The profile to compile; the dashboard's chosen profile when left out. */
  readonly profile?: ProfileName;
}

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
}

/**
 * Compiles a built-in profile into a fleet format (main does it: fleet:export) and saves the file as a download.
 * Before saving, it shows what the chosen format cannot carry, as the CLI prints it on stderr.
 */
export function FleetExportDialog({ open, onClose, initialFormat = 'ps1', profile }: FleetExportDialogProps) {
  const app = useAppState();
  const [format, setFormat] = useState<ExportFormat>(initialFormat);
  const [chosenProfile, setChosenProfile] = useState<ProfileName>(profile ?? app.profile);
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const titleId = useId();
  const formatLabelId = useId();

  // Each opening starts from what the caller asked for.
  useEffect(() => {
    if (!open) return;
    setFormat(initialFormat);
    setChosenProfile(profile ?? app.profile);
  }, [open, initialFormat, profile, app.profile]);

  useEffect(() => {
    if (!open) return;
    let current = true;
    setLoaded({ status: 'loading' });
    void call('fleet:export', { profile: chosenProfile, format }).then((result) => {
      if (!current) return;
      setLoaded(
        'value' in result ? { status: 'ok', value: result.value } : { status: 'error', error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [open, chosenProfile, format, generation]);

  const save = () => {
    if (loaded.status !== 'ok') return;
    const { fileName, content, mediaType } = loaded.value;
    saveDocument(fileName, content.encoding === 'text' ? content.text : bytesOf(content.base64), mediaType);
  };

  return (
    <Dialog open={open} onClose={onClose} aria-labelledby={titleId} maxWidth="md" fullWidth>
      <DialogTitle id={titleId}>Export for a fleet</DialogTitle>
      <DialogContent data-testid="fleet-export-dialog">
        <Typography variant="body2" sx={{ mb: 2 }}>
          The profile compiled for the engines that apply it across machines. The file depends on the profile
          alone, never on this machine.
        </Typography>
        <Stack spacing={2}>
          <ProfileSelect
            value={chosenProfile}
            onChange={setChosenProfile}
            testId="fleet-export-profile"
            sx={{ maxWidth: 240 }}
          />
          <FormControl>
            <FormLabel id={formatLabelId}>Format</FormLabel>
            <RadioGroup
              aria-labelledby={formatLabelId}
              value={format}
              onChange={(event) => setFormat(event.target.value as ExportFormat)}
            >
              {EXPORT_FORMATS.map((candidate) => (
                <FormControlLabel
                  key={candidate}
                  value={candidate}
                  control={<Radio size="small" />}
                  data-testid={`fleet-format-${candidate}`}
                  label={
                    <span>
                      <strong>{EXPORT_FORMAT_INFO[candidate].label}</strong>
                      {`: ${EXPORT_FORMAT_INFO[candidate].use}`}
                    </span>
                  }
                />
              ))}
            </RadioGroup>
          </FormControl>
          <Box
            aria-live="polite"
            data-testid="fleet-export-result"
            data-format={format}
            data-status={loaded.status}
          >
            {loaded.status === 'loading' && (
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} role="status">
                <CircularProgress size={20} aria-hidden />
                <Typography variant="body2">Compiling…</Typography>
              </Stack>
            )}
            {loaded.status === 'error' && (
              <IpcErrorAlert error={loaded.error} onRetry={() => setGeneration((n) => n + 1)} />
            )}
            {loaded.status === 'ok' && <ExportSummary exported={loaded.value} />}
          </Box>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
        <Button
          variant="contained"
          startIcon={<FileDownloadOutlined />}
          onClick={save}
          disabled={loaded.status !== 'ok'}
          data-testid="fleet-export-save"
        >
          Save {loaded.status === 'ok' ? loaded.value.fileName : 'file'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ExportSummary({ exported }: { readonly exported: Exported }) {
  return (
    <Stack spacing={1}>
      <Typography variant="body2">
        File: <code data-testid="fleet-export-file-name">{exported.fileName}</code>
      </Typography>
      {exported.notCarried.length === 0 ? (
        <Alert severity="success" data-testid="fleet-not-carried-none">
          This file carries every setting the profile changes.
        </Alert>
      ) : (
        <Alert severity="warning" data-testid="fleet-not-carried">
          <Typography variant="subtitle2" component="h3">
            What this file cannot carry (apply it another way)
          </Typography>
          <List dense disablePadding>
            {exported.notCarried.map((item, index) => (
              // A setting can be left out for more than one reason: keyed by position.
              <ListItem
                key={index}
                disableGutters
                data-testid="fleet-not-carried-item"
                data-setting={item.settingId}
              >
                <ListItemText primary={item.title} secondary={item.reason} />
              </ListItem>
            ))}
          </List>
        </Alert>
      )}
      {exported.leftAlone.length > 0 && (
        <Typography variant="body2" color="text.secondary" data-testid="fleet-left-alone">
          Left as they are (every value meets the profile):{' '}
          {exported.leftAlone.map((item) => item.title).join('; ')}.
        </Typography>
      )}
    </Stack>
  );
}
