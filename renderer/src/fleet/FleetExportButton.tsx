import HubOutlined from '@mui/icons-material/HubOutlined';
import { Button } from '@mui/material';
import { lazy, Suspense, useState } from 'react';
import type { ExportFormat, FleetExportDialogProps } from './FleetExportDialog';

/** The fleet export dialog as its own chunk: loaded when first opened, not with the dashboard. */
const FleetExportDialog = lazy(async () => ({
  default: (await import('./FleetExportDialog')).FleetExportDialog,
}));

/** The dialog from the first time it is opened (then kept, so closing animates); nothing, not even its chunk, before. */
export function LazyFleetExportDialog(props: FleetExportDialogProps) {
  const [asked, setAsked] = useState(props.open);
  if (props.open && !asked) setAsked(true);
  return <Suspense fallback={null}>{asked && <FleetExportDialog {...props} />}</Suspense>;
}

/** The dashboard's button: opens the dialog on the chosen profile. */
export function FleetExportButton({ initialFormat }: { readonly initialFormat?: ExportFormat }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button startIcon={<HubOutlined />} onClick={() => setOpen(true)} data-testid="fleet-export-open">
        Export for a fleet…
      </Button>
      <LazyFleetExportDialog
        open={open}
        onClose={() => setOpen(false)}
        {...(initialFormat ? { initialFormat } : {})}
      />
    </>
  );
}
