import { AppBar, Box, Button, Card, CardContent, CssBaseline, Toolbar, Typography } from '@mui/material';
import { createRoot } from 'react-dom/client';

// The renderer bench's baseline (test/bench/renderer.ts): a bare React + MUI page built like the app, whose card
// stands where the dashboard's posture appears (data-testid="posture").
createRoot(document.getElementById('root')!).render(
  <>
    <CssBaseline />
    <AppBar position="static">
      <Toolbar>
        <Typography variant="h6" component="h1">
          Baseline
        </Typography>
      </Toolbar>
    </AppBar>
    <Box sx={{ p: 3 }}>
      <Card data-testid="posture">
        <CardContent>
          <Typography variant="h5" component="h2">
            A few MUI components
          </Typography>
          <Button variant="contained">A button</Button>
        </CardContent>
      </Card>
    </Box>
  </>,
);
