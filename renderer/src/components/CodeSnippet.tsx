import ContentCopy from '@mui/icons-material/ContentCopy';
import { Box, IconButton, Paper, Stack, Tooltip, Typography } from '@mui/material';
import { useState } from 'react';

/** A client-side snippet with a copy button (Clipboard API); the result is announced politely. */
export function CodeSnippet({ title, code }: { readonly title: string; readonly code: string }) {
  const [status, setStatus] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setStatus(`${title} copied to the clipboard.`);
    } catch {
      setStatus('The clipboard is not available here: select the text and copy it.');
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }}>
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography variant="subtitle2" component="h4">
          {title}
        </Typography>
        <Tooltip title="Copy">
          <IconButton aria-label={`Copy ${title}`} onClick={() => void copy()} size="small">
            <ContentCopy fontSize="small" />
          </IconButton>
        </Tooltip>
      </Stack>
      <Box
        component="pre"
        tabIndex={0}
        aria-label={title}
        sx={{
          m: 0,
          mt: 1,
          fontFamily: 'monospace',
          fontSize: '0.8rem',
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
        }}
      >
        {code}
      </Box>
      <Typography variant="caption" role="status" aria-live="polite" color="text.secondary">
        {status}
      </Typography>
    </Paper>
  );
}
