import AppsOutlined from '@mui/icons-material/AppsOutlined';
import BuildOutlined from '@mui/icons-material/BuildOutlined';
import DashboardOutlined from '@mui/icons-material/DashboardOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import HubOutlined from '@mui/icons-material/HubOutlined';
import InfoOutlined from '@mui/icons-material/InfoOutlined';
import LockOutlined from '@mui/icons-material/LockOutlined';
import ShieldOutlined from '@mui/icons-material/ShieldOutlined';
import WifiTetheringOutlined from '@mui/icons-material/WifiTetheringOutlined';
import {
  AppBar,
  Box,
  CircularProgress,
  Drawer,
  List,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  ListSubheader,
  Toolbar,
  Typography,
} from '@mui/material';
import { lazy, Suspense, type ComponentType } from 'react';
import { AppTheme } from './theme';
import { ErrorBoundary } from './ErrorBoundary';
import { ReadOnlyBanner } from './ReadOnlyBanner';
import { InterruptedBanner } from './InterruptedBanner';
import { DashboardPage } from '../pages/DashboardPage';
import { AuditGate } from '../components/AuditGate';
import { AppStateProvider, useAppState, type PageId } from '../state/AppState';

interface Page {
  readonly id: PageId;
  readonly label: string;
  readonly icon: ComponentType;
  readonly group: 'overview' | 'fix' | 'more';
}

/** The navigation, in order. */
const pages: readonly Page[] = [
  { id: 'dashboard', label: 'Dashboard', icon: DashboardOutlined, group: 'overview' },
  { id: 'wmi', label: 'WMI callbacks', icon: WifiTetheringOutlined, group: 'fix' },
  { id: 'dcom', label: 'DCOM limits', icon: LockOutlined, group: 'fix' },
  { id: 'appids', label: 'DCOM applications', icon: AppsOutlined, group: 'fix' },
  { id: 'firewall', label: 'Firewall', icon: HubOutlined, group: 'fix' },
  { id: 'troubleshooter', label: 'Callback troubleshooter', icon: BuildOutlined, group: 'fix' },
  { id: 'history', label: 'History', icon: HistoryOutlined, group: 'more' },
  { id: 'info', label: 'About this machine', icon: InfoOutlined, group: 'more' },
];

// The dashboard is the first screen and ships in the initial bundle; every other page is its own chunk, loaded when
// it is first opened (from the app's own origin, as the CSP's script-src 'self' allows).
const InfoPage = lazy(async () => ({ default: (await import('../pages/InfoPage')).InfoPage }));
const HistoryPage = lazy(async () => ({ default: (await import('../pages/HistoryPage')).HistoryPage }));
const TroubleshooterPage = lazy(async () => ({
  default: (await import('../pages/TroubleshooterPage')).TroubleshooterPage,
}));
// The DCOM applications page carries the data grid: the largest chunk, loaded only when the page opens.
const AppIdsPage = lazy(async () => ({ default: (await import('../appids/AppIdsPage')).AppIdsPage }));
const WmiWizard = lazy(async () => ({ default: (await import('../wizards/WmiWizard')).WmiWizard }));
const DcomWizard = lazy(async () => ({ default: (await import('../wizards/DcomWizard')).DcomWizard }));
const FirewallWizard = lazy(async () => ({
  default: (await import('../wizards/FirewallWizard')).FirewallWizard,
}));

/** Shown while a page's chunk loads: announced politely, like the audit's own loading state. */
function PageLoading() {
  return (
    <Box role="status" sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
      <CircularProgress size={24} aria-hidden />
      <Typography>Opening the page…</Typography>
    </Box>
  );
}

const groupTitles = { overview: null, fix: 'Guided fixes', more: 'Records' } as const;

const drawerWidth = 240;

function CurrentPage() {
  const { route } = useAppState();
  switch (route.page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'wmi':
      return (
        <AuditGate>
          <WmiWizard initialStep={route.step} />
        </AuditGate>
      );
    case 'dcom':
      return (
        <AuditGate>
          <DcomWizard initialStep={route.step} />
        </AuditGate>
      );
    case 'firewall':
      return (
        <AuditGate>
          <FirewallWizard initialStep={route.step} open={route.open} />
        </AuditGate>
      );
    case 'appids':
      return <AppIdsPage atFaultOnly={route.atFaultOnly} search={route.search} />;
    case 'troubleshooter':
      return <TroubleshooterPage />;
    case 'history':
      return <HistoryPage />;
    case 'info':
      return <InfoPage />;
  }
}

function Shell() {
  const { route, navigate, refreshAudit } = useAppState();
  // A fresh key per navigation: a wizard opened again (e.g. from a finding) starts at the step asked for.
  const viewKey = JSON.stringify(route);
  return (
    <Box sx={{ display: 'flex', minHeight: '100vh' }}>
      <AppBar position="fixed" sx={{ zIndex: (theme) => theme.zIndex.drawer + 1 }}>
        <Toolbar>
          <ShieldOutlined sx={{ mr: 1 }} aria-hidden />
          <Typography variant="h6" component="h1" noWrap>
            SinkGuard
          </Typography>
        </Toolbar>
      </AppBar>
      <Drawer
        variant="permanent"
        sx={{ width: drawerWidth, flexShrink: 0, '& .MuiDrawer-paper': { width: drawerWidth } }}
      >
        <Toolbar />
        <nav aria-label="Main">
          {(['overview', 'fix', 'more'] as const).map((group) => (
            <List
              key={group}
              dense
              aria-label={groupTitles[group] ?? 'Overview'}
              subheader={
                groupTitles[group] ? (
                  <ListSubheader disableSticky>{groupTitles[group]}</ListSubheader>
                ) : undefined
              }
            >
              {pages
                .filter((page) => page.group === group)
                .map((page) => (
                  <ListItem key={page.id} disablePadding>
                    <ListItemButton
                      selected={page.id === route.page}
                      aria-current={page.id === route.page ? 'page' : undefined}
                      data-testid={`nav-${page.id}`}
                      onClick={() => navigate({ page: page.id })}
                    >
                      <ListItemIcon>
                        <page.icon />
                      </ListItemIcon>
                      <ListItemText primary={page.label} />
                    </ListItemButton>
                  </ListItem>
                ))}
            </List>
          ))}
        </nav>
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar />
        <ReadOnlyBanner />
        <InterruptedBanner />
        <ErrorBoundary key={viewKey} onRetry={refreshAudit}>
          <Suspense fallback={<PageLoading />}>
            <CurrentPage />
          </Suspense>
        </ErrorBoundary>
      </Box>
    </Box>
  );
}

export function App() {
  return (
    <AppTheme>
      <AppStateProvider>
        <Shell />
      </AppStateProvider>
    </AppTheme>
  );
}
