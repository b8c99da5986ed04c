import { Alert, AlertTitle, Button } from '@mui/material';
import type { IpcError, IpcErrorCode } from '../../../main/contract';

/** What the admin can do about each kind of failure. */
const wayForward: Readonly<Record<IpcErrorCode, string>> = {
  'invalid-request': 'This is a SinkGuard bug: please report it with the message above.',
  'unknown-channel': 'This is a SinkGuard bug: please report it with the message above.',
  'forbidden-sender': 'Only the SinkGuard window may ask for this. Restart SinkGuard.',
  'not-elevated':
    'SinkGuard is read-only without administrator rights. Relaunch it as administrator to change this.',
  'policy-managed': 'Group Policy sets this value. Change it in the GPO that manages this machine.',
  'stale-plan': 'The machine changed since the plan was made. Review the new plan and apply again.',
  backend: 'The registry could not be reached. Check the backend shown under "About this machine" and retry.',
  'invalid-input': 'Correct the input and try again.',
  'not-found': 'It may have been removed. Refresh and try again.',
  interrupted:
    'A change began and never finished. Restore its backup first (the banner at the top), then apply again.',
  'untrusted-data-folder':
    'Nothing was changed. Check what the data folder holds, then delete or lock it down as the message says.',
  'cannot-run-here':
    'Nothing was changed. A step of this change cannot run on this machine (see above): plan without that part (the firewall switch on the review step) or make it runnable, then apply again.',
  'untrusted-backup':
    'Nothing was changed. The backup file is not the one SinkGuard recorded, or holds keys SinkGuard does not manage: check who changed the data folder.',
  internal: 'Nothing was changed. Retry, and report it if it happens again.',
};

export function IpcErrorAlert({
  error,
  onRetry,
}: {
  readonly error: IpcError;
  readonly onRetry?: () => void;
}) {
  return (
    <Alert
      severity="error"
      role="alert"
      action={
        onRetry ? (
          <Button color="inherit" onClick={onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>{error.message}</AlertTitle>
      {error.details?.map((detail) => (
        <div key={detail}>{detail}</div>
      ))}
      <div>{wayForward[error.code]}</div>
    </Alert>
  );
}
