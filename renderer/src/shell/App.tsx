import InfoOutlined from '@mui/icons-material/InfoOutlined';
import ShieldOutlined from '@mui/icons-material/ShieldOutlined';
import {
  AppBar,
  Box,
  Drawer,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  Toolbar,
  Typography,
} from '@mui/material';
import { useState, type ComponentType } from 'react';
import { AppTheme } from './theme';
import { ErrorBoundary } from './ErrorBoundary';
import { InfoPage } from '../pages/InfoPage';

interface Page {
  readonly id: string;
  readonly label: string;
  readonly icon: ComponentType;
  readonly view: ComponentType;
}

/** The navigation, in order. Each later feature adds its page here. */
const pages: readonly Page[] = [
  { id: 'info', label: 'About this machine', icon: InfoOutlined, view: InfoPage },
];

const drawerWidth = 240;

export function App() {
  const [currentId, setCurrentId] = useState(pages[0]!.id);
  const current = pages.find((page) => page.id === currentId) ?? pages[0]!;
  const View = current.view;
  return (
    <AppTheme>
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
            <List>
              {pages.map((page) => (
                <ListItemButton
                  key={page.id}
                  selected={page.id === current.id}
                  aria-current={page.id === current.id ? 'page' : undefined}
                  onClick={() => setCurrentId(page.id)}
                >
                  <ListItemIcon>
                    <page.icon />
                  </ListItemIcon>
                  <ListItemText primary={page.label} />
                </ListItemButton>
              ))}
            </List>
          </nav>
        </Drawer>
        <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
          <Toolbar />
          <ErrorBoundary key={current.id}>
            <View />
          </ErrorBoundary>
        </Box>
      </Box>
    </AppTheme>
  );
}
