import { Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/** The page's one h2: focusable (tabIndex -1) so navigation can move focus to it. */
export function PageHeading({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      sx={{ alignItems: 'center', flexWrap: 'wrap', justifyContent: 'space-between', mb: 2 }}
    >
      <Typography variant="h5" component="h2" tabIndex={-1} sx={{ '&:focus': { outline: 'none' } }}>
        {title}
      </Typography>
      {children && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
          {children}
        </Stack>
      )}
    </Stack>
  );
}
