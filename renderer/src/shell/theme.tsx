import createCache from '@emotion/cache';
import { CacheProvider } from '@emotion/react';
import { CssBaseline, ThemeProvider, createTheme, useMediaQuery } from '@mui/material';
import { useMemo, type ReactNode } from 'react';

// The CSP allows only <style> elements carrying this load's nonce; emotion stamps it on the ones it creates.
const nonce = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content;
const emotionCache = createCache({ key: 'sg', nonce: nonce && !nonce.startsWith('__') ? nonce : undefined });

/** Light or dark, following the operating system's preference live. */
export function AppTheme({ children }: { readonly children: ReactNode }) {
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)', { noSsr: true });
  const theme = useMemo(
    () =>
      createTheme({
        // Status colours chosen for at least 4.5:1 contrast as text and as chip fills in both modes (axe checks it).
        palette: prefersDark
          ? {
              mode: 'dark',
              primary: { main: '#90caf9' },
              error: { main: '#ff8a80', contrastText: '#1a0000' },
              warning: { main: '#ffb74d', contrastText: '#1f1300' },
              success: { main: '#81c784', contrastText: '#001a02' },
              info: { main: '#81d4fa', contrastText: '#00161f' },
            }
          : {
              mode: 'light',
              primary: { main: '#1565c0' },
              error: { main: '#c62828', contrastText: '#ffffff' },
              warning: { main: '#9a4a00', contrastText: '#ffffff' },
              success: { main: '#1b5e20', contrastText: '#ffffff' },
              info: { main: '#01579b', contrastText: '#ffffff' },
            },
        shape: { borderRadius: 8 },
      }),
    [prefersDark],
  );
  return (
    <CacheProvider value={emotionCache}>
      <ThemeProvider theme={theme}>
        <CssBaseline enableColorScheme />
        {children}
      </ThemeProvider>
    </CacheProvider>
  );
}
